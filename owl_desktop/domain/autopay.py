"""Autopay's vocabulary and rules, without I/O: how the clinic processes payments, each
client's choice, and whether a client is enrolled."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Final, Literal
from zoneinfo import ZoneInfo

# How the clinic processes payments (Settings → Payments), a clinic setting.
PROCESSING_KEY = "payments.processing"
MANUAL: Final = "manual"
AUTOMATIC: Final = "automatic"
Processing = Literal["manual", "automatic"]
PROCESSINGS: tuple[Processing, ...] = (MANUAL, AUTOMATIC)

# The hour (0-23, clinic time) of the nightly run, a clinic setting.
NIGHTLY_HOUR_KEY = "payments.autopay_hour"
# The last night whose run went to its end (ISO date, clinic time).
LAST_NIGHT_KEY = "autopay.last_night"
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


def night_due(now: datetime, hour: int, zone: ZoneInfo, last_night: date | None
              ) -> date | None:
    """The night (its local date) whose run is due at ``now``, or None.

    The run of a night is due from ``hour`` o'clock (clinic time) that day; a night missed
    while every desk was off is due at the next start, once: only the latest night counts,
    never each one missed. ``last_night`` None (never run, e.g. just switched to automatic):
    nothing is due before the next hour comes.
    """
    local = now.astimezone(zone)
    scheduled = local.date() if local.hour >= hour else local.date() - timedelta(days=1)
    if last_night is None or last_night >= scheduled:
        return None
    return scheduled


def baseline_night(now: datetime, hour: int, zone: ZoneInfo) -> date:
    """The night counted as done when automatic processing starts (the first run is the
    next ``hour`` to come, not one already past)."""
    local = now.astimezone(zone)
    return local.date() if local.hour >= hour else local.date() - timedelta(days=1)
