"""The online-booking rule: may a client book in the portal, and if not, why not.

"Valid" means usable on the appointment's date: a card that hasn't expired by then, or a bank
account whose verification is complete (an active PAD mandate). Pure: the booking service and
the desk's profile line both ask here, with the appointment's date or today.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from owl_desktop.domain.payment_methods import ACTIVE, StoredPaymentMethod, visible

# Why a client may or may not book (codes: the portal and the desk word them).
RULE_OFF = "rule_off"              # allowed: the clinic doesn't require a method
VALID_METHOD = "valid_method"      # allowed: a method usable on that day is on file
NO_METHOD = "no_method"            # refused: nothing on file
EXPIRED = "expired"                # refused: the card(s) on file expire before that day
PENDING = "pending_verification"   # refused: the bank account awaits micro-deposits
NOT_USABLE = "not_usable"          # refused: e.g. a bank account whose mandate was revoked
# The hold's length in minutes: a client who must add a method first keeps the slot so long.
HOLD_MINUTES = 10


@dataclass(frozen=True)
class BookingCheck:
    allowed: bool
    reason: str
    # The method that satisfies the rule, when there is one (for the desk's sentence).
    method: StoredPaymentMethod | None = None


def valid_on(method: StoredPaymentMethod, day: date) -> bool:
    """Usable on ``day``: a card good through its expiry month, a verified bank account."""
    return method.is_usable(day)


def booking_check(required: bool, methods: Iterable[StoredPaymentMethod], day: date
                  ) -> BookingCheck:
    """Whether a client with ``methods`` may book an appointment on ``day`` (a local date)."""
    shown = visible(methods)
    valid = [m for m in shown if valid_on(m, day)]
    if not required:
        return BookingCheck(True, RULE_OFF, valid[0] if valid else None)
    if valid:
        valid.sort(key=lambda m: not m.is_default)
        return BookingCheck(True, VALID_METHOD, valid[0])
    if not shown:
        return BookingCheck(False, NO_METHOD)
    if any(m.status != ACTIVE and m.is_bank_account for m in shown):
        return BookingCheck(False, PENDING)
    if any(m.is_card and m.is_expired(day) for m in shown):
        return BookingCheck(False, EXPIRED)
    return BookingCheck(False, NOT_USABLE)
