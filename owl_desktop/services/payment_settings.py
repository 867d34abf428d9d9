"""The clinic's payment settings (Settings → Payments at the desk).

Stored in the database (the ``settings`` key-value namespace, keys ``payments.*``), so every
desk, the portal and a headless autopay run read the same values. Qt-free and web-free.

Extending it: add a field to ``PaymentSettings`` (with its default), one ``_Field`` line in
``FIELDS`` (its key and how it is written as text), a check in ``problems`` if it needs one,
and a row on the page (``ui/settings/payments.py``). Fields not in ``FIELDS`` are never stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

from owl_desktop.errors import ValidationFailed
from owl_desktop.store.uow import UnitOfWorkFactory

# PAD mandates are in Canadian dollars: the app bills in CAD only for now.
SUPPORTED_CURRENCIES = ("CAD",)
MAX_FEE_CENTS = 10_000_00
MAX_ADDRESS = 500
MAX_TAX_NUMBER = 40
# A CRA business number with its GST/HST program account: 123456789 RT 0001 (spaces optional).
_TAX_NUMBER = re.compile(r"^\d{9}\s*RT\s*\d{4}$", re.IGNORECASE)


@dataclass(frozen=True)
class PaymentSettings:
    """``None`` fee: the clinic charges nothing for a no-show or a late cancellation."""

    currency: str = "CAD"
    no_show_fee_cents: int | None = None
    late_cancellation_fee_cents: int | None = None
    # Printed on receipts (what insurers ask for).
    clinic_address: str = ""
    tax_number: str = ""  # GST/HST registration number, "" when the clinic has none
    # Autopay (issue 17): how the clinic processes payments, and the nightly run's hour
    # (0-23, the clinic's time zone). Saved with the administrator's passphrase
    # (services/autopay_settings.py).
    processing: str = "manual"  # "manual" | "automatic" (domain/autopay.py)
    autopay_hour: int = 2


@dataclass(frozen=True)
class _Field:
    key: str
    dump: Callable[[Any], str]  # "" means "not set": the key is deleted
    load: Callable[[str], Any]


def _dump_cents(value: int | None) -> str:
    return "" if value is None else str(int(value))


def _load_cents(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _load_hour(text: str) -> int:
    hour = _load_cents(text)
    return hour if hour is not None and 0 <= hour <= 23 else 2


FIELDS: dict[str, _Field] = {
    "currency": _Field("payments.currency", str, str),
    "no_show_fee_cents": _Field("payments.no_show_fee_cents", _dump_cents, _load_cents),
    "late_cancellation_fee_cents": _Field("payments.late_cancellation_fee_cents", _dump_cents,
                                          _load_cents),
    "clinic_address": _Field("payments.clinic_address", str, str),
    "tax_number": _Field("payments.tax_number", str, str),
    "processing": _Field("payments.processing", str, str),
    "autopay_hour": _Field("payments.autopay_hour", str, _load_hour),
}


def normalized(settings: PaymentSettings) -> PaymentSettings:
    tax = " ".join(settings.tax_number.upper().split())
    if _TAX_NUMBER.match(tax):
        digits = re.sub(r"\s|RT", "", tax)
        tax = f"{digits[:9]} RT {digits[9:]}"
    return replace(settings, currency=settings.currency.strip().upper() or "CAD",
                   clinic_address="\n".join(line.strip() for line in
                                            settings.clinic_address.strip().splitlines()
                                            if line.strip()),
                   tax_number=tax,
                   no_show_fee_cents=settings.no_show_fee_cents or None,
                   late_cancellation_fee_cents=settings.late_cancellation_fee_cents or None)


def problems(settings: PaymentSettings) -> dict[str, str]:
    """Field codes: ``unsupported``, ``out_of_range``, ``too_long``, ``invalid``."""
    found: dict[str, str] = {}
    if settings.currency not in SUPPORTED_CURRENCIES:
        found["currency"] = "unsupported"
    for name in ("no_show_fee_cents", "late_cancellation_fee_cents"):
        value = getattr(settings, name)
        if value is not None and not 0 < value <= MAX_FEE_CENTS:
            found[name] = "out_of_range"
    if settings.processing not in ("manual", "automatic"):
        found["processing"] = "invalid"
    if not 0 <= settings.autopay_hour <= 23:
        found["autopay_hour"] = "out_of_range"
    if len(settings.clinic_address) > MAX_ADDRESS:
        found["clinic_address"] = "too_long"
    if len(settings.tax_number) > MAX_TAX_NUMBER:
        found["tax_number"] = "too_long"
    elif settings.tax_number and not _TAX_NUMBER.match(settings.tax_number):
        found["tax_number"] = "invalid"
    return found


def read_payment_settings(get: Callable[[str], str | None]) -> PaymentSettings:
    """The settings from a key-value reader (``uow.settings.get``): for code that already
    holds a unit of work (invoicing an attendance in the same transaction)."""
    values: dict[str, Any] = {}
    for name, spec in FIELDS.items():
        raw = get(spec.key)
        if raw is not None and raw != "":
            values[name] = spec.load(raw)
    return PaymentSettings(**values)


class PaymentSettingsService:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def load(self) -> PaymentSettings:
        with self._uow() as uow:
            return read_payment_settings(uow.settings.get)

    def save(self, settings: PaymentSettings) -> PaymentSettings:
        """Check and store every field; raises ``ValidationFailed`` (codes from ``problems``)."""
        settings = normalized(settings)
        found = problems(settings)
        if found:
            raise ValidationFailed(found)
        with self._uow(write=True) as uow:
            for f in fields(settings):
                spec = FIELDS.get(f.name)
                if spec is None:
                    continue
                text = spec.dump(getattr(settings, f.name))
                if text:
                    uow.settings.set(spec.key, text)
                else:
                    uow.settings.delete(spec.key)
            uow.commit()
        return settings
