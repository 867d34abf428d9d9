"""Invoices and payments as the clinic keeps them, and the rules staff rely on.

Money is integer cents with a currency (never floats). An invoice is *open* until payments
cover it (*paid*) or staff void it with a reason (*void*). A payment is one attempt to settle
an invoice: a charge through Stripe (card or PAD debit, with its idempotency key and attempt
number) or a payment recorded by hand (cash, cheque, e-transfer). Only succeeded payments
count toward the balance; a PAD debit stays *processing* for days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class InvoiceKind(StrEnum):
    SERVICE = "service"  # a session attended (the service's fee)
    NO_SHOW = "no_show"  # the clinic's no-show fee
    LATE_CANCELLATION = "late_cancellation"  # the clinic's late-cancellation fee
    MANUAL = "manual"  # made by hand at the desk


class InvoiceStatus(StrEnum):
    OPEN = "open"
    PAID = "paid"
    VOID = "void"


class PaymentMethodKind(StrEnum):
    CARD = "card"
    PAD = "acss_debit"
    CASH = "cash"
    CHEQUE = "cheque"
    E_TRANSFER = "e_transfer"


RECORDED_KINDS = (PaymentMethodKind.CASH, PaymentMethodKind.CHEQUE,
                  PaymentMethodKind.E_TRANSFER)


class PaymentStatus(StrEnum):
    # The attempt's key is stored and Stripe's answer isn't recorded (being sent, or the app
    # stopped): charging again re-sends the same key, so Stripe answers with the same charge.
    PENDING = "pending"
    PROCESSING = "processing"  # a PAD debit, settled or failed days later (sync)
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    # Off-session, the bank wants the cardholder to authenticate: ask the client to confirm.
    REQUIRES_ACTION = "requires_action"


class FailureMail(StrEnum):
    """The client's email about a charge that failed *later* (a PAD debit returned days after
    it was sent); charges that fail at once are mailed by the charge's caller instead."""

    NONE = ""  # none owed (every other payment)
    DUE = "due"  # owed: the debit failed; no process has taken it yet
    SENDING = "sending"  # one process took it (a conditional update): nobody else sends it
    SENT = "sent"
    # Couldn't leave (no address, the server refused), or not confirmed (taken by a process
    # that stopped before recording the outcome): staff may send it.
    UNSENT = "unsent"


# Statuses that block another charge of the same invoice.
IN_FLIGHT = frozenset({PaymentStatus.PENDING, PaymentStatus.PROCESSING,
                       PaymentStatus.SUCCEEDED})
MAX_AMOUNT_CENTS = 999_999_99
MAX_DESCRIPTION = 200
MAX_VOID_REASON = 300
MAX_REFERENCE = 100


@dataclass(frozen=True)
class Invoice:
    id: int
    uuid: str  # unique across every database sharing the Stripe account
    client_id: int
    kind: InvoiceKind
    description: str
    amount_cents: int
    currency: str
    service_date: date
    status: InvoiceStatus
    created_at: datetime
    appointment_id: int | None = None
    service_id: int | None = None
    practitioner_id: int | None = None
    void_reason: str = ""
    voided_at: datetime | None = None
    paid_cents: int = 0  # succeeded payments (filled by the repository)

    @property
    def due_cents(self) -> int:
        if self.status is InvoiceStatus.VOID:
            return 0
        return max(self.amount_cents - self.paid_cents, 0)

    @property
    def number(self) -> str:
        """What staff and receipts call it (the local id is enough within one clinic)."""
        return f"{self.id:06d}"


@dataclass(frozen=True)
class Payment:
    id: int
    uuid: str
    invoice_id: int
    client_id: int
    method: PaymentMethodKind
    amount_cents: int
    currency: str
    status: PaymentStatus
    created_at: datetime
    attempt: int | None = None
    idempotency_key: str = ""
    payment_intent_id: str = ""
    payment_method_id: int | None = None  # the stored method charged (local id)
    stripe_payment_method_id: str = ""
    customer_id: str = ""
    mandate_id: str = ""
    brand: str = ""  # card brand or bank name
    last4: str = ""
    reference: str = ""  # cheque number, e-transfer reference
    failure_code: str = ""
    failure_message: str = ""  # Stripe's text: for the log and support, not shown to staff
    settled_at: datetime | None = None
    actor: str = ""
    desk: str = ""
    failure_mail: FailureMail = FailureMail.NONE
    failure_mail_at: datetime | None = None  # when failure_mail last changed

    @property
    def is_charge(self) -> bool:
        return self.method in (PaymentMethodKind.CARD, PaymentMethodKind.PAD)


@dataclass(frozen=True)
class InvoiceDraft:
    """An invoice made by hand: a service (its name and fee proposed) or a free description."""

    client_id: int
    description: str
    amount_cents: int
    service_date: date
    currency: str = "CAD"
    service_id: int | None = None
    practitioner_id: int | None = None

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.description.strip():
            errors["description"] = "required"
        elif len(self.description) > MAX_DESCRIPTION:
            errors["description"] = "too_long"
        if not 0 < self.amount_cents <= MAX_AMOUNT_CENTS:
            errors["amount_cents"] = "out_of_range"
        return errors


class BillingAuditAction:
    """Audit trail codes for billing (with ``domain.payment_methods.AuditAction``'s)."""

    CHARGE_SUCCEEDED = "charge_succeeded"
    CHARGE_PROCESSING = "charge_processing"  # a PAD debit sent
    CHARGE_FAILED = "charge_failed"
    CHARGE_REQUIRES_ACTION = "charge_requires_action"
    DEBIT_SETTLED = "debit_settled"
    DEBIT_FAILED = "debit_failed"
    PAYMENT_RECORDED = "payment_recorded"
    INVOICE_VOIDED = "invoice_voided"


def charge_key(invoice_uuid: str, attempt: int) -> str:
    """The idempotency key of one charge attempt: the invoice's uuid, never a local id, so two
    databases sharing one Stripe account never send the same key for different invoices."""
    return f"charge:{invoice_uuid}:{attempt}"


def balance_cents(invoices: Iterable[Invoice]) -> int:
    """What the client owes: every invoice not void, less what has been paid on it."""
    return sum(i.amount_cents - i.paid_cents for i in invoices if i.status is not
               InvoiceStatus.VOID)
