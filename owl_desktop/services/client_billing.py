"""What a client sees of their own billing in the portal (issue 17): their invoices with a
status (open, paid, void, or processing while a bank debit settles), their payments with any
refunds (one that failed too, with why), their balance, and the receipt of each payment that
went through.

Every call takes the client from the portal's session: a payment id that isn't that client's
(or has no receipt) is "not found", the same answer as an id that doesn't exist, so the
portal says nothing about other clients' payments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from owl_desktop.domain.billing import Invoice, InvoiceStatus, Payment, PaymentStatus
from owl_desktop.domain.refunds import FAILED, PENDING, SUCCEEDED, Refund
from owl_desktop.domain.scheduling import DEFAULT_TIME_ZONE, clinic_zone
from owl_desktop.errors import NotFoundError
from owl_desktop.services.billing import BillingService
from owl_desktop.services.scheduling import TIME_ZONE_KEY
from owl_desktop.store.uow import UnitOfWorkFactory

PROCESSING = "processing"


@dataclass(frozen=True)
class ClientInvoice:
    invoice: Invoice
    status: str  # "open", "paid", "void" or "processing"


@dataclass(frozen=True)
class ClientPayment:
    payment: Payment
    invoice_number: str
    paid_on: date  # in the clinic's time zone (settled, else made)
    refunds: tuple[Refund, ...]  # refunds done, under way or failed, oldest first

    @property
    def refunded_cents(self) -> int:
        return sum(r.amount for r in self.refunds if r.status == SUCCEEDED)

    @property
    def has_receipt(self) -> bool:
        return self.payment.status is PaymentStatus.SUCCEEDED


@dataclass(frozen=True)
class ClientStatement:
    invoices: tuple[ClientInvoice, ...]  # newest first
    payments: tuple[ClientPayment, ...]  # newest first
    balance_cents: int
    currency: str
    zone: ZoneInfo  # the clinic's, for dates shown


def invoice_status(invoice: Invoice, payments: tuple[Payment, ...]) -> str:
    if invoice.status is InvoiceStatus.OPEN and any(
            p.invoice_id == invoice.id and p.status is PaymentStatus.PROCESSING
            for p in payments):
        return PROCESSING
    return invoice.status.value


# Payments the client is shown: attempts that never reached the bank are the desk's business.
SHOWN = (PaymentStatus.SUCCEEDED, PaymentStatus.PROCESSING, PaymentStatus.FAILED)
# Refunds the client is shown: done, under way, or failed (the card's bank refused it after
# Stripe had accepted it: the client is told, and the clinic refunds them another way).
SHOWN_REFUNDS = (PENDING, SUCCEEDED, FAILED)


class ClientBillingService:
    def __init__(self, uow: UnitOfWorkFactory, billing: BillingService) -> None:
        self._uow = uow
        self._billing = billing

    def statement(self, client_id: int) -> ClientStatement:
        overview = self._billing.overview(client_id)
        numbers = {i.id: i.number for i in overview.invoices}
        with self._uow() as uow:
            zone = clinic_zone(uow.settings.get(TIME_ZONE_KEY) or DEFAULT_TIME_ZONE)
            payments = tuple(
                ClientPayment(p, numbers.get(p.invoice_id, ""),
                              (p.settled_at or p.created_at).astimezone(zone).date(),
                              tuple(r for r in overview.refunds_of(p)
                                    if r.status in SHOWN_REFUNDS))
                for p in overview.payments if p.status in SHOWN)
        invoices = tuple(ClientInvoice(i, invoice_status(i, overview.payments))
                         for i in overview.invoices)
        return ClientStatement(invoices, payments, overview.balance_cents, overview.currency,
                               zone)

    def receipt_pdf(self, client_id: int, payment_id: int, language: str) -> tuple[str, bytes]:
        """(file name, PDF) of the client's own succeeded payment; ``NotFoundError`` for any
        other id (another client's, a failed one, none)."""
        with self._uow() as uow:
            try:
                payment = uow.payments.get(payment_id)
            except NotFoundError:
                payment = None
        if payment is None or payment.client_id != client_id or \
                payment.status is not PaymentStatus.SUCCEEDED:
            raise NotFoundError("This receipt doesn't exist.")
        return self._billing.receipt_pdf(payment_id, language)
