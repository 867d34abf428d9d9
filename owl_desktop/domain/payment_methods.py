"""Saved payment methods as the desk knows them, and the rules staff rely on.

A ``StoredPaymentMethod`` is the local copy of a Stripe PaymentMethod: never more than the last
4 digits (plus, for a bank account, the institution and transit numbers, which name a branch,
not an account). The rules here decide what the list shows (expired, expires soon, pending) and
what autopay and the booking rule may use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

MethodType = Literal["card", "acss_debit"]
MethodStatus = Literal["active", "pending_verification", "removed"]

ACTIVE: MethodStatus = "active"
PENDING_VERIFICATION: MethodStatus = "pending_verification"
REMOVED: MethodStatus = "removed"

# Card brands as Stripe names them -> how staff know them.
BRAND_NAMES: dict[str, str] = {
    "visa": "Visa", "mastercard": "Mastercard", "amex": "American Express",
    "discover": "Discover", "diners": "Diners Club", "jcb": "JCB", "unionpay": "UnionPay",
    "interac": "Interac", "cartes_bancaires": "Cartes Bancaires", "eftpos_au": "eftpos",
}


@dataclass(frozen=True)
class MethodAddress:
    line1: str = ""
    line2: str = ""
    city: str = ""
    province: str = ""
    postal_code: str = ""
    country: str = ""

    def one_line(self) -> str:
        parts = [self.line1, self.line2, self.city, self.province, self.postal_code, self.country]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class StoredPaymentMethod:
    id: int
    client_id: int
    stripe_id: str
    type: MethodType
    last4: str
    status: MethodStatus
    is_default: bool = False
    # True while an outbox entry about this method (set default, remove) is not yet done.
    pending_sync: bool = False
    brand: str = ""
    exp_month: int | None = None
    exp_year: int | None = None
    bank_name: str = ""
    institution_number: str = ""
    transit_number: str = ""
    holder_name: str = ""
    holder_email: str = ""
    billing_address: MethodAddress = MethodAddress()
    mandate_id: str = ""
    # Stripe's mandate status for a bank account: "active", "pending" or "inactive".
    mandate_status: str = ""
    setup_intent_id: str = ""
    livemode: bool = False
    fingerprint: str = ""
    created_at: datetime | None = None
    # Stripe's ``created`` (Unix seconds; 0 when unknown): orders the list on every desk.
    stripe_created: int = 0

    @property
    def is_card(self) -> bool:
        return self.type == "card"

    @property
    def is_bank_account(self) -> bool:
        return self.type == "acss_debit"

    @property
    def brand_name(self) -> str:
        """"Visa", "Mastercard"...: a brand name is not translated."""
        return BRAND_NAMES.get(self.brand, self.brand.replace("_", " ").title())

    @property
    def label(self) -> str:
        """Brand or bank, no digits: for the audit trail and menus ("Visa", "TD Canada Trust")."""
        if self.is_card:
            return self.brand_name or "Card"
        return self.bank_name or "Bank account"

    @property
    def masked(self) -> str:
        return f"•••• {self.last4}"

    def is_expired(self, today: date) -> bool:
        """A card is good through the last day of its expiry month."""
        if not self.is_card or self.exp_month is None or self.exp_year is None:
            return False
        return (self.exp_year, self.exp_month) < (today.year, today.month)

    def expires_soon(self, today: date) -> bool:
        """Expires this month or next (and hasn't yet)."""
        if not self.is_card or self.exp_month is None or self.exp_year is None:
            return False
        if self.is_expired(today):
            return False
        months_left = (self.exp_year - today.year) * 12 + (self.exp_month - today.month)
        return months_left <= 1

    def is_usable(self, today: date) -> bool:
        """May be charged (autopay) or satisfy the booking rule.

        Active, not expired, and for a bank account an active PAD mandate: an account awaiting
        micro-deposits, or whose mandate was revoked, can't be debited.
        """
        if self.status != ACTIVE or self.is_expired(today):
            return False
        return not (self.is_bank_account and self.mandate_status != "active")


def visible(methods: Iterable[StoredPaymentMethod]) -> list[StoredPaymentMethod]:
    """What the list shows: removed methods disappear at once, even before Stripe hears."""
    return [m for m in methods if m.status != REMOVED]


def should_become_default(new: StoredPaymentMethod, others: Iterable[StoredPaymentMethod],
                          has_default: bool, today: date) -> bool:
    """A client's first usable method becomes the default.

    Only the *first*: if the client already has a default, or another usable method that staff
    chose not to make default (e.g. after removing the default, autopay stays paused until
    they choose), adding a method doesn't silently pick one for them.
    """
    if has_default or not new.is_usable(today):
        return False
    return not any(o.id != new.id and o.is_usable(today) for o in visible(others))


def same_payment_method(a: StoredPaymentMethod, b: StoredPaymentMethod) -> bool:
    """The same card or bank account saved twice: Stripe's fingerprint names the card number
    or the account (the same within a Stripe account); a card also needs the same expiry, since
    a renewed card keeps its number and is worth keeping beside the old one."""
    if a.type != b.type or not a.fingerprint or a.fingerprint != b.fingerprint:
        return False
    return not a.is_card or (a.exp_month, a.exp_year) == (b.exp_month, b.exp_year)


def duplicate_on_file(new: StoredPaymentMethod, methods: Iterable[StoredPaymentMethod],
                      today: date) -> StoredPaymentMethod | None:
    """The method already on file that ``new`` repeats, or None.

    Only a usable one counts (active, unexpired, an active mandate): staff are offered to keep
    it and drop ``new``, which must not trade a working method for one awaiting verification
    or with a revoked mandate. The default first if it is one of them, then the oldest.
    """
    same = [m for m in visible(methods)
            if m.id != new.id and m.is_usable(today) and same_payment_method(m, new)]
    same.sort(key=lambda m: (not m.is_default, m.stripe_created, m.id))
    return same[0] if same else None


def choose_default(methods: Iterable[StoredPaymentMethod], today: date
                   ) -> StoredPaymentMethod | None:
    """The method autopay charges: the default, if it is usable; otherwise none (paused)."""
    for method in visible(methods):
        if method.is_default:
            return method if method.is_usable(today) else None
    return None


def has_usable_method(methods: Iterable[StoredPaymentMethod], today: date) -> bool:
    """The portal's booking rule: at least one method that could be charged."""
    return any(m.is_usable(today) for m in methods)


@dataclass(frozen=True)
class AuditEntry:
    """One add / remove / default change: who, when, from which desk, which method."""

    id: int
    client_id: int
    at: datetime
    actor: str
    desk: str
    action: str  # see AuditAction
    method_type: str
    method_label: str
    last4: str
    detail: str = ""


class AuditAction:
    """Codes stored in the audit trail; the UI maps each to a translated sentence."""

    ADDED = "added"
    ADDED_PENDING = "added_pending_verification"
    VERIFIED = "verified"  # a pending bank account's micro-deposits were verified
    REMOVED = "removed"
    SET_DEFAULT = "set_default"
    DEFAULT_CLEARED = "default_cleared"
    AUTOPAY_ON = "autopay_enabled"
    AUTOPAY_OFF = "autopay_disabled"
    AUTOPAY_CLINIC_DEFAULT = "autopay_clinic_default"  # the client follows the clinic again


def display_order(methods: Iterable[StoredPaymentMethod]) -> list[StoredPaymentMethod]:
    """How every desk and the portal list a client's methods: the default first, then the
    newest by Stripe's ``created``; Stripe's id breaks ties, so desks with their own
    databases (whose local ids differ) agree."""
    by_id = sorted(methods, key=lambda m: m.stripe_id)
    return sorted(by_id, key=lambda m: (not m.is_default, -m.stripe_created))
