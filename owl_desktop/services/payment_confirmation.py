"""A client confirms, in the portal, a card payment their bank wouldn't take without them
(issue 17, item 3): an off-session charge (autopay or *Charge now*) that ended
``requires_action`` — Stripe declined it with ``authentication_required`` and left its
PaymentIntent waiting for the cardholder.

The flow is Stripe's "bring the customer back on-session" one: the server reads the declined
PaymentIntent (with the secret key) and hands its client secret to that client's own page
only; Stripe.js confirms it with the same card (``confirmCardPayment(client_secret,
{payment_method})``) and shows the bank's 3-D Secure challenge; the page then tells the server,
which reads the PaymentIntent again and records what Stripe says through the charge path's one
settling function (``core/charging.apply_payment_intent``, the one sync uses too, so whichever
comes first records it and the other changes nothing). The same PaymentIntent is confirmed, never
a new one: one charge per invoice.

A payment is *awaiting the client* while it is the invoice's latest attempt, by card, still
``requires_action`` here, and the invoice is open with something due. Every call takes the
client from the portal's session: another client's payment id is "not found", the same answer as
an id that doesn't exist.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from owl_desktop.core.charging import apply_payment_intent
from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.domain.billing import (
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentMethodKind,
    PaymentStatus,
)
from owl_desktop.errors import NotFoundError, UserFacingError
from owl_desktop.payments.errors import StripeUnavailable
from owl_desktop.payments.gateway import PaymentGateway, PaymentIntentInfo
from owl_desktop.services.audit import WorkstationProvider, this_workstation
from owl_desktop.services.customers import NeedsInternet, not_connected
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

GatewaySource = Callable[[], "PaymentGateway | None"]


@dataclass(frozen=True)
class AwaitingPayment:
    """A payment waiting for its client's confirmation, with its invoice."""

    payment: Payment
    invoice: Invoice


@dataclass(frozen=True)
class ConfirmationStart:
    """What the client's page gives Stripe.js: the PaymentIntent's client secret and the
    card (a Stripe PaymentMethod id) the bank wants confirmed."""

    payment_intent_id: str
    client_secret: str = field(repr=False)
    payment_method_id: str


class NotAwaitingConfirmation(UserFacingError):  # noqa: N818 - reads as a sentence
    """The payment no longer waits for the client: paid (``paid``), or failed, replaced by
    another attempt, or its invoice settled another way."""

    code = "not_awaiting"

    def __init__(self, *, paid: bool, newer: int | None = None) -> None:
        super().__init__("This payment doesn't need the client's confirmation any more.")
        self.paid = paid
        # A later attempt on the same invoice that waits for the client in its place (the
        # desk tried again): an older link leads there.
        self.newer = newer


@dataclass(frozen=True)
class ConfirmationResult:
    """After the client's page is done: the payment's status and whether its invoice is
    paid (by this payment, or another way meanwhile)."""

    status: PaymentStatus
    invoice_paid: bool
    newer: int | None = None  # a later attempt waiting for the client in its place


def is_awaiting(uow: UnitOfWork, payment: Payment) -> bool:
    if payment.status is not PaymentStatus.REQUIRES_ACTION or not payment.payment_intent_id \
            or payment.method is not PaymentMethodKind.CARD:
        return False
    latest = uow.payments.latest_attempt(payment.invoice_id)
    if latest is None or latest.id != payment.id:
        return False
    invoice = uow.invoices.get(payment.invoice_id)
    return invoice.status is InvoiceStatus.OPEN and invoice.due_cents > 0


def _newer_waiting(uow: UnitOfWork, payment: Payment) -> int | None:
    latest = uow.payments.latest_attempt(payment.invoice_id)
    if latest is None or latest.id == payment.id or not is_awaiting(uow, latest):
        return None
    return latest.id


class PaymentConfirmationService:
    def __init__(self, uow: UnitOfWorkFactory, gateway: GatewaySource, clock: Clock = utc_now,
                 workstation: WorkstationProvider = this_workstation) -> None:
        self._uow = uow
        self._gateway = gateway
        self._clock = clock
        self._workstation = workstation

    def awaiting(self, client_id: int) -> tuple[AwaitingPayment, ...]:
        """The client's payments waiting for their confirmation, newest first."""
        out: list[AwaitingPayment] = []
        with self._uow() as uow:
            for payment in uow.payments.list_for_client(client_id):
                if is_awaiting(uow, payment):
                    out.append(AwaitingPayment(payment, uow.invoices.get(payment.invoice_id)))
        out.sort(key=lambda a: a.payment.created_at, reverse=True)
        return tuple(out)

    def find(self, client_id: int, payment_id: int) -> AwaitingPayment:
        """The client's own payment waiting for them. ``NotFoundError`` for any id that isn't
        one of the client's card charges; ``NotAwaitingConfirmation`` when it no longer
        waits (``paid`` when its invoice is paid)."""
        with self._uow() as uow:
            payment = self._own(uow, client_id, payment_id)
            invoice = uow.invoices.get(payment.invoice_id)
            if not is_awaiting(uow, payment):
                raise NotAwaitingConfirmation(paid=invoice.status is InvoiceStatus.PAID,
                                              newer=_newer_waiting(uow, payment))
        return AwaitingPayment(payment, invoice)

    def start(self, client_id: int, payment_id: int) -> ConfirmationStart:
        """Read the waiting PaymentIntent from Stripe for the client's page. When Stripe says
        it no longer waits (paid meanwhile, cancelled), that is recorded and
        ``NotAwaitingConfirmation`` raised."""
        awaiting = self.find(client_id, payment_id)
        payment = awaiting.payment
        info = self._retrieve(payment)
        if info.status not in ("requires_payment_method", "requires_action",
                               "requires_confirmation") or not info.client_secret:
            self._record(info)
            raise NotAwaitingConfirmation(paid=info.status == "succeeded")
        method = payment.stripe_payment_method_id or info.payment_method_id or ""
        log.info("client %s confirming payment %s (%s)", client_id, payment.id, info.id)
        return ConfirmationStart(info.id, info.client_secret, method)

    def finish(self, client_id: int, payment_id: int) -> ConfirmationResult:
        """After the client's page says Stripe.js is done (confirmed, failed or cancelled):
        Stripe's answer recorded; the payment's status now (succeeded: the invoice is paid
        when covered; requires_action: still waiting, the client may try again; failed: the
        bank declined the card, or the desk withdrew it for another charge)."""
        with self._uow() as uow:
            payment = self._own(uow, client_id, payment_id)
        if not payment.payment_intent_id:
            raise NotFoundError("This payment doesn't exist.")
        self._record(self._retrieve(payment))
        with self._uow() as uow:
            status = uow.payments.get(payment.id).status
            paid = uow.invoices.get(payment.invoice_id).status is InvoiceStatus.PAID
            newer = _newer_waiting(uow, payment)
        return ConfirmationResult(status, paid, newer)

    # -- helpers ----------------------------------------------------------------------------
    @staticmethod
    def _own(uow: UnitOfWork, client_id: int, payment_id: int) -> Payment:
        try:
            payment = uow.payments.get(payment_id)
        except NotFoundError:
            payment = None
        if payment is None or payment.client_id != client_id or \
                payment.method is not PaymentMethodKind.CARD:
            raise NotFoundError("This payment doesn't exist.")
        return payment

    def _retrieve(self, payment: Payment) -> PaymentIntentInfo:
        gateway = self._gateway()
        if gateway is None:
            raise not_connected()
        try:
            info = gateway.retrieve_payment_intent(payment.payment_intent_id)
        except StripeUnavailable as error:
            raise NeedsInternet("Stripe can't be reached right now.",
                                hint="Check the internet connection and try again.",
                                detail=error.detail) from error
        if info.customer_id != payment.customer_id:  # never another customer's secret
            log.warning("payment %s: PaymentIntent %s names another customer", payment.id,
                        info.id)
            raise NotFoundError("This payment doesn't exist.")
        return info

    def _record(self, info: PaymentIntentInfo) -> None:
        with self._uow() as uow:
            who = self._workstation(uow)
        apply_payment_intent(self._uow, info, who=who, now=self._clock)
