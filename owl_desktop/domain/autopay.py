"""Autopay's vocabulary and rules, without I/O: how the clinic processes payments, each
client's choice, and whether a client is enrolled."""

from __future__ import annotations

from typing import Final, Literal

# How the clinic processes payments (Settings → Payments), a clinic setting.
PROCESSING_KEY = "payments.processing"
MANUAL: Final = "manual"
AUTOMATIC: Final = "automatic"
Processing = Literal["manual", "automatic"]
PROCESSINGS: tuple[Processing, ...] = (MANUAL, AUTOMATIC)

# The hour (0-23, clinic time) of the nightly run, a clinic setting.
NIGHTLY_HOUR_KEY = "autopay.nightly_hour"
DEFAULT_NIGHTLY_HOUR = 2

# A client's choice: follow the clinic, or always / never autopay.
CLINIC_DEFAULT: Final = "default"
ALWAYS: Final = "on"
NEVER: Final = "off"
AutopayMode = Literal["default", "on", "off"]
MODES: tuple[AutopayMode, ...] = (CLINIC_DEFAULT, ALWAYS, NEVER)


def processing_from(value: str | None) -> Processing:
    """The stored setting, or *manual* (the default) when unset or unknown."""
    return AUTOMATIC if value == AUTOMATIC else MANUAL


def mode_from(value: str | None) -> AutopayMode:
    if value == ALWAYS:
        return ALWAYS
    if value == NEVER:
        return NEVER
    return CLINIC_DEFAULT


def is_enrolled(mode: AutopayMode, processing: Processing) -> bool:
    """A client's own choice wins; *clinic default* follows the clinic."""
    if mode == CLINIC_DEFAULT:
        return processing == AUTOMATIC
    return mode == ALWAYS


def nightly_hour_from(value: str | None) -> int:
    try:
        hour = int(value or "")
    except ValueError:
        return DEFAULT_NIGHTLY_HOUR
    return hour if 0 <= hour <= 23 else DEFAULT_NIGHTLY_HOUR
