"""*Charge now* over real HTTP against the Stripe double (or Stripe test mode): a card that
succeeds, declines (generic, insufficient funds), needs authentication off-session; an
expired card and an unverified bank account refused before any call; PAD debits that settle
or fail days later through sync; one charge per invoice."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
import stripe

from owl_desktop.core.charging import AlreadyChargedError, MethodNotUsableError
from owl_desktop.domain.billing import (
    BillingAuditAction,
    Invoice,
    InvoiceStatus,
    PaymentMethodKind,
    PaymentStatus,
)
from owl_desktop.domain.stripe_records import StripeAccount
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.services.billing import BillingService
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.sync.engine import SyncEngine
from tests.integration.billing.conftest import DESK, Saver
from tests.integration.payments.conftest import Clock
from tests.stripe_env import account_of


def intents_for(stripe_client: stripe.StripeClient, uow_factory: UnitOfWorkFactory,
                invoice: Invoice) -> list[stripe.PaymentIntent]:
    """The invoice's PaymentIntents at Stripe (by the customer, then the metadata)."""
    with uow_factory() as uow:
        customer = uow.customer_links.customer_of(invoice.client_id)
    assert customer
    listed = stripe_client.v1.payment_intents.list(params={"customer": customer,
                                                           "limit": 100})
    return [pi for pi in listed.data
            if pi.metadata is not None and pi.metadata.to_dict().get("owl_invoice")
            == invoice.uuid]


def test_card_charge_succeeds_once_with_the_invoice_in_its_metadata(
        billing: BillingService, saver: Saver, make_client: Callable[..., int],
        invoice_for: Callable[..., Invoice], stripe_client: stripe.StripeClient,
        uow_factory: UnitOfWorkFactory) -> None:
    client_id = make_client()
    card = saver.card(client_id)
    invoice = invoice_for(client_id, 45_00)
    choices = billing.charge_choices(client_id)
    assert [m.id for m in choices.methods] == [card.id]
    assert choices.preselected_id == card.id
    outcome = billing.charge_now(invoice.id, card.id)
    assert outcome.status is PaymentStatus.SUCCEEDED
    assert outcome.invoice.status is InvoiceStatus.PAID
    payment = outcome.payment
    assert (payment.method, payment.amount_cents, payment.currency, payment.brand,
            payment.last4, payment.attempt) == (PaymentMethodKind.CARD, 45_00, "CAD", "Visa",
                                                "4242", 1)
    assert payment.idempotency_key == f"charge:{invoice.uuid}:1"
    pi = stripe_client.v1.payment_intents.retrieve(payment.payment_intent_id)
    assert (pi.amount, pi.currency, pi.status) == (45_00, "cad", "succeeded")
    assert pi.metadata["owl_invoice"] == invoice.uuid
    assert pi.metadata["owl_attempt"] == "1"
    assert pi.payment_method_types == ["card"]
    with pytest.raises(AlreadyChargedError):
        billing.charge_now(invoice.id, card.id)
    assert len(intents_for(stripe_client, uow_factory, invoice)) == 1
    assert billing.overview(client_id).balance_cents == 0
    with uow_factory() as uow:
        entry = uow.audit.list_for_client(client_id)[0]
    assert (entry.action, entry.actor, entry.desk, entry.method_label, entry.last4) == (
        BillingAuditAction.CHARGE_SUCCEEDED, "reception1", "desk-A", "Visa", "4242")
    assert json.loads(entry.detail) == {"invoice": invoice.number, "amount_cents": 45_00,
                                        "currency": "CAD"}


def test_a_declined_card_fails_with_its_code_and_may_be_charged_again(
        billing: BillingService, saver: Saver, make_client: Callable[..., int],
        invoice_for: Callable[..., Invoice], uow_factory: UnitOfWorkFactory) -> None:
    code = "generic_decline"
    client_id = make_client()
    declining = saver.card(client_id, "pm_card_chargeCustomerFail")  # attaches, then declines
    invoice = invoice_for(client_id)
    outcome = billing.charge_now(invoice.id, declining.id)
    assert outcome.status is PaymentStatus.FAILED
    assert outcome.decline_code == code
    assert outcome.payment.payment_intent_id.startswith("pi_")
    assert outcome.invoice.status is InvoiceStatus.OPEN
    with uow_factory() as uow:
        entry = uow.audit.list_for_client(client_id)[0]
    assert entry.action == BillingAuditAction.CHARGE_FAILED
    assert json.loads(entry.detail)["code"] == code
    good = saver.card(client_id)
    again = billing.charge_now(invoice.id, good.id)
    assert (again.status, again.payment.attempt) == (PaymentStatus.SUCCEEDED, 2)
    assert again.payment.idempotency_key == f"charge:{invoice.uuid}:2"


def test_insufficient_funds(billing: BillingService, saver: Saver, sandbox: SandboxServer,
                            make_client: Callable[..., int],
                            invoice_for: Callable[..., Invoice]) -> None:
    """Stripe's card that saves (after 3-D Secure) and then lacks the funds."""
    client_id = make_client()
    card = saver.card_after_3ds(client_id, "pm_card_authenticationRequiredChargeDeclined"
                                "InsufficientFunds", sandbox)
    outcome = billing.charge_now(invoice_for(client_id).id, card.id)
    assert (outcome.status, outcome.decline_code) == (PaymentStatus.FAILED,
                                                       "insufficient_funds")
    assert outcome.invoice.status is InvoiceStatus.OPEN


def test_authentication_required_off_session_asks_the_client_to_confirm(
        billing: BillingService, saver: Saver, make_client: Callable[..., int],
        invoice_for: Callable[..., Invoice], sandbox: SandboxServer) -> None:
    """Saved after 3-D Secure, the card's bank asks again for each payment: off-session it
    declines with authentication_required."""
    client_id = make_client()
    card = saver.card_after_3ds(client_id, "pm_card_authenticationRequired", sandbox)
    outcome = billing.charge_now(invoice_for(client_id).id, card.id)
    assert outcome.status is PaymentStatus.REQUIRES_ACTION
    assert outcome.decline_code == "authentication_required"
    assert outcome.invoice.status is InvoiceStatus.OPEN


def test_an_expired_card_is_not_offered_nor_charged(
        billing: BillingService, saver: Saver, make_client: Callable[..., int],
        invoice_for: Callable[..., Invoice], clock: Clock,
        stripe_client: stripe.StripeClient, uow_factory: UnitOfWorkFactory) -> None:
    client_id = make_client()
    card = saver.card(client_id)
    invoice = invoice_for(client_id)
    assert card.exp_year is not None
    clock.now = clock.now.replace(year=card.exp_year + 1)  # the card has expired by then
    assert billing.charge_choices(client_id).methods == ()
    assert billing.charge_choices(client_id).preselected_id is None
    with pytest.raises(MethodNotUsableError):
        billing.charge_now(invoice.id, card.id)
    assert billing.overview(client_id).payments == ()
    assert intents_for(stripe_client, uow_factory, invoice) == []


def test_an_unverified_bank_account_is_not_offered_nor_charged(
        billing: BillingService, saver: Saver, make_client: Callable[..., int],
        invoice_for: Callable[..., Invoice], stripe_client: stripe.StripeClient,
        uow_factory: UnitOfWorkFactory) -> None:
    client_id = make_client()
    pending = saver.bank(client_id, verify=False)
    card = saver.card(client_id)
    invoice = invoice_for(client_id)
    choices = billing.charge_choices(client_id)
    assert [m.id for m in choices.methods] == [card.id]
    with pytest.raises(MethodNotUsableError):
        billing.charge_now(invoice.id, pending.id)
    assert intents_for(stripe_client, uow_factory, invoice) == []


def _sync(uow_factory: UnitOfWorkFactory, gateway: StripeGateway, clock: Clock
          ) -> SyncEngine:
    account: StripeAccount = account_of(gateway)
    return SyncEngine(uow_factory, gateway, account, clock=clock, here=DESK)


@pytest.mark.parametrize(("account", "settled", "code"), [
    ("000123456789", PaymentStatus.SUCCEEDED, ""),
    ("000222222227", PaymentStatus.FAILED, "insufficient_funds"),
])
def test_pad_debit_processes_then_settles_or_fails_through_sync(
        account: str, settled: PaymentStatus, code: str, billing: BillingService,
        saver: Saver, make_client: Callable[..., int], invoice_for: Callable[..., Invoice],
        stripe_client: stripe.StripeClient, sandbox: SandboxServer,
        uow_factory: UnitOfWorkFactory, gateway: StripeGateway, clock: Clock) -> None:
    engine = _sync(uow_factory, gateway, clock)
    engine.run_once()  # the pull's cursor, before the debit
    client_id = make_client()
    bank = saver.bank(client_id, account)
    invoice = invoice_for(client_id, 80_00)
    outcome = billing.charge_now(invoice.id, bank.id)
    assert outcome.status is PaymentStatus.PROCESSING
    assert outcome.invoice.status is InvoiceStatus.OPEN
    pi = stripe_client.v1.payment_intents.retrieve(outcome.payment.payment_intent_id)
    assert pi.payment_method_types == ["acss_debit"]
    assert pi.metadata["owl_invoice"] == invoice.uuid
    with pytest.raises(AlreadyChargedError, match="processing"):
        billing.charge_now(invoice.id, bank.id)
    engine.run_once()
    assert billing.overview(client_id).payments[0].status is PaymentStatus.PROCESSING
    assert sandbox.settle_bank_debits() == 1  # "Fast-forward bank debits"
    summary = engine.run_once()
    assert client_id in summary.changed_clients
    payment = billing.overview(client_id).payments[0]
    assert (payment.status, payment.failure_code) == (settled, code)
    expected = InvoiceStatus.PAID if settled is PaymentStatus.SUCCEEDED else InvoiceStatus.OPEN
    assert billing.invoice(invoice.id).status is expected
    with uow_factory() as uow:
        entry = uow.audit.list_for_client(client_id)[0]
    assert entry.action == (BillingAuditAction.DEBIT_SETTLED if settled is
                            PaymentStatus.SUCCEEDED else BillingAuditAction.DEBIT_FAILED)
    assert (entry.actor, entry.desk) == ("Stripe", "elsewhere")


def test_the_control_socket_fast_forwards_bank_debits(
        billing: BillingService, saver: Saver, make_client: Callable[..., int],
        invoice_for: Callable[..., Invoice], sandbox: SandboxServer,
        stripe_client: stripe.StripeClient) -> None:
    import urllib.request

    client_id = make_client()
    bank = saver.bank(client_id)
    outcome = billing.charge_now(invoice_for(client_id).id, bank.id)
    request = urllib.request.Request(f"{sandbox.control_url}/_sandbox/settle_bank_debits",
                                     data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert json.loads(answer.read()) == {"settled": 1}
    pi = stripe_client.v1.payment_intents.retrieve(outcome.payment.payment_intent_id)
    assert pi.status == "succeeded"
    # The refresh asks Stripe about what is still processing (no event needed).
    assert billing.refresh_processing() == {client_id}
    assert billing.overview(client_id).payments[0].status is PaymentStatus.SUCCEEDED




def test_no_payment_is_recorded_by_hand_while_a_bank_debit_settles(
        billing: BillingService, saver: Saver, make_client: Callable[..., int],
        invoice_for: Callable[..., Invoice], sandbox: SandboxServer) -> None:
    """Cash (or Mark as paid another way) on an invoice whose debit is processing: once the
    debit settles the client would have paid twice."""
    client_id = make_client()
    bank = saver.bank(client_id)
    invoice = invoice_for(client_id, 80_00)
    assert billing.charge_now(invoice.id, bank.id).status is PaymentStatus.PROCESSING
    with pytest.raises(AlreadyChargedError, match="already processing"):
        billing.record_payment(invoice.id, PaymentMethodKind.CASH, 80_00)
    assert [p.status for p in billing.overview(client_id).payments] == [
        PaymentStatus.PROCESSING]
