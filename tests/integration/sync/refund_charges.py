"""A charge made through the app at a sync test's desk, and refunds made in Stripe "elsewhere"
(the Dashboard or the API, with the secret key, never through the code under test)."""

from __future__ import annotations

from datetime import date

import stripe

from owl_desktop.domain.audit import NOTICED_BY_SYNC, Workstation
from owl_desktop.domain.billing import InvoiceDraft, Payment, PaymentStatus
from owl_desktop.domain.refunds import REFUND_AUDIT, Refund
from owl_desktop.services.billing import BillingService
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory
from tests.integration.payments.conftest import confirm_card
from tests.integration.sync.desk import Desk, add_client

RECEPTION = Workstation(actor="reception1", desk="desk-A")
# A refund made elsewhere, in the client's history: "Refunded", by Stripe, elsewhere.
NOTICED = (REFUND_AUDIT, "Stripe", "elsewhere", NOTICED_BY_SYNC)


def at_desk(_uow: UnitOfWork) -> Workstation:
    return RECEPTION


def charged(desk: Desk, sc: stripe.StripeClient, amount_cents: int = 80_00,
            client_id: int | None = None) -> Payment:
    """A card saved for a client (a new one unless given) and an invoice charged to it, as
    the desk's Billing tab does (the charge through the plain gateway: no sync call counted)."""
    if client_id is None:
        client_id = add_client(desk, "Rémi", email="remi@example.com")
    setup = desk.methods.start_setup(client_id, "card")
    confirm_card(sc, setup.id, "pm_card_visa")
    card = desk.methods.complete_setup(client_id, setup.id)
    billing = BillingService(desk.uow, desk.clock, workstation=at_desk,
                             gateway=lambda: desk.gateway)
    invoice = billing.make_invoice(InvoiceDraft(client_id, "Massage 60", amount_cents,
                                                date(2030, 1, 7)))
    outcome = billing.charge_now(invoice.id, card.id)
    assert outcome.status is PaymentStatus.SUCCEEDED, outcome
    assert outcome.payment.payment_intent_id
    return outcome.payment


def refund_elsewhere(sc: stripe.StripeClient, payment: Payment, amount: int | None = None,
                     reason: str = "requested_by_customer") -> stripe.Refund:
    params: dict[str, object] = {"payment_intent": payment.payment_intent_id,
                                 "reason": reason}
    if amount is not None:
        params["amount"] = amount
    return sc.v1.refunds.create(params=params)  # type: ignore[arg-type]


def refunds_of(uow_factory: UnitOfWorkFactory, payment: Payment) -> list[Refund]:
    with uow_factory() as uow:
        return uow.refunds.for_payment(payment.payment_intent_id)


def refund_history(uow_factory: UnitOfWorkFactory, client_id: int
                   ) -> list[tuple[str, str, str, str]]:
    """The client's history of refunds, newest first: (action, who, desk, detail)."""
    with uow_factory() as uow:
        return [(e.action, e.actor, e.desk, e.detail)
                for e in uow.audit.list_for_client(client_id)
                if e.action.startswith(REFUND_AUDIT)]
