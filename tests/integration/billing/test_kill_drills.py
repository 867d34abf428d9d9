"""Kill drills: a real child process charging an invoice is SIGKILLed at each step of the
charge path, then the invoice is charged again (or sync runs): Stripe holds exactly one
PaymentIntent for the invoice, and the local record ends up matching it."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import stripe

from owl_desktop.domain.billing import Invoice, InvoiceStatus, PaymentStatus
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.services.billing import BillingService
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.sync.engine import SyncEngine
from tests.integration.billing.conftest import DESK, Saver
from tests.integration.payments.conftest import Clock
from tests.stripe_env import StripeEnv, account_of

ROOT = Path(__file__).resolve().parents[3]


def _killed_while_charging(uow_factory: UnitOfWorkFactory, env: StripeEnv, invoice_id: int,
                           method_id: int, kill_at: str) -> None:
    url = uow_factory.engine.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [sys.executable, "-m", "tests.integration.billing.charge_driver", url, env.api_base,
         env.secret_key, str(invoice_id), str(method_id), kill_at],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]


def _intents(stripe_client: stripe.StripeClient, uow_factory: UnitOfWorkFactory,
             invoice: Invoice) -> list[stripe.PaymentIntent]:
    with uow_factory() as uow:
        customer = uow.customer_links.customer_of(invoice.client_id)
    listed = stripe_client.v1.payment_intents.list(params={"customer": customer,
                                                           "limit": 100})
    return [pi for pi in listed.data if pi.metadata is not None
            and pi.metadata.to_dict().get("owl_invoice") == invoice.uuid]


@pytest.mark.parametrize(("kill_at", "stored"), [
    ("storing", False),  # before the key is committed: nothing was stored, nothing sent
    ("stored", True),  # key committed, Stripe never called
    ("answered", True),  # Stripe charged, the answer never recorded
])
def test_killed_at_each_step_then_charged_again_charges_once(
        kill_at: str, stored: bool, billing: BillingService, saver: Saver,
        make_client: Callable[..., int], invoice_for: Callable[..., Invoice],
        stripe_env: StripeEnv, stripe_client: stripe.StripeClient,
        uow_factory: UnitOfWorkFactory) -> None:
    client_id = make_client()
    card = saver.card(client_id)
    invoice = invoice_for(client_id, 60_00)
    _killed_while_charging(uow_factory, stripe_env, invoice.id, card.id, kill_at)
    after_crash = billing.overview(client_id).payments
    assert [p.status for p in after_crash] == ([PaymentStatus.PENDING] if stored else [])
    assert len(_intents(stripe_client, uow_factory, invoice)) == (
        1 if kill_at == "answered" else 0)

    outcome = billing.charge_now(invoice.id, card.id)
    assert outcome.status is PaymentStatus.SUCCEEDED
    assert outcome.resumed is stored
    assert outcome.payment.idempotency_key == f"charge:{invoice.uuid}:1"
    intents = _intents(stripe_client, uow_factory, invoice)
    assert [pi.id for pi in intents] == [outcome.payment.payment_intent_id]
    assert billing.invoice(invoice.id).status is InvoiceStatus.PAID
    assert len(billing.overview(client_id).payments) == 1
    # And once more: refused, still one PaymentIntent.
    with pytest.raises(Exception, match="already been charged"):
        billing.charge_now(invoice.id, card.id)
    assert len(_intents(stripe_client, uow_factory, invoice)) == 1


def test_killed_after_stripe_answered_then_sync_records_the_charge(
        billing: BillingService, saver: Saver, make_client: Callable[..., int],
        invoice_for: Callable[..., Invoice], stripe_env: StripeEnv,
        stripe_client: stripe.StripeClient, uow_factory: UnitOfWorkFactory,
        gateway: StripeGateway, clock: Clock) -> None:
    """Nobody charges again: the next sync's payment_intent event names the charge, found by
    its metadata (invoice uuid and attempt), and records it on the pending attempt."""
    engine = SyncEngine(uow_factory, gateway, account_of(gateway), clock=clock, here=DESK)
    client_id = make_client()
    card = saver.card(client_id)
    invoice = invoice_for(client_id, 60_00)
    engine.run_once()  # the event cursor, before the charge
    _killed_while_charging(uow_factory, stripe_env, invoice.id, card.id, "answered")
    summary = engine.run_once()
    assert client_id in summary.changed_clients
    payment = billing.overview(client_id).payments[0]
    (pi,) = _intents(stripe_client, uow_factory, invoice)
    assert (payment.status, payment.payment_intent_id) == (PaymentStatus.SUCCEEDED, pi.id)
    assert billing.invoice(invoice.id).status is InvoiceStatus.PAID


def test_a_stale_pending_attempt_is_looked_up_not_resent(
        billing: BillingService, saver: Saver, make_client: Callable[..., int],
        invoice_for: Callable[..., Invoice], stripe_env: StripeEnv,
        stripe_client: stripe.StripeClient, uow_factory: UnitOfWorkFactory,
        clock: Clock) -> None:
    """Without events (a full reconcile, a headless refresh), attempts pending for minutes are
    looked up at Stripe by their metadata; one pending for seconds (maybe being sent) is not."""
    client_id = make_client()
    card = saver.card(client_id)
    invoice = invoice_for(client_id, 60_00)
    _killed_while_charging(uow_factory, stripe_env, invoice.id, card.id, "answered")
    assert billing.refresh_processing() == set()  # too recent to be given up on
    clock.advance(minutes=3)
    assert billing.refresh_processing() == {client_id}
    (pi,) = _intents(stripe_client, uow_factory, invoice)
    assert billing.overview(client_id).payments[0].payment_intent_id == pi.id
    assert billing.invoice(invoice.id).status is InvoiceStatus.PAID


def test_a_day_later_stripe_forgot_the_key_and_the_charge_is_looked_up_first(
        billing: BillingService, saver: Saver, make_client: Callable[..., int],
        invoice_for: Callable[..., Invoice], stripe_env: StripeEnv, sandbox: SandboxServer,
        stripe_client: stripe.StripeClient, uow_factory: UnitOfWorkFactory,
        clock: Clock) -> None:
    """Stripe keeps idempotency keys 24 hours: a pending attempt older than that is looked up
    by its metadata before its key would be sent again (which would charge a second time)."""
    client_id = make_client()
    card = saver.card(client_id)
    invoice = invoice_for(client_id, 60_00)
    _killed_while_charging(uow_factory, stripe_env, invoice.id, card.id, "answered")
    sandbox.advance(25 * 3600)  # the double forgets the key, as Stripe does
    clock.advance(hours=25)
    outcome = billing.charge_now(invoice.id, card.id)
    assert outcome.resumed
    (pi,) = _intents(stripe_client, uow_factory, invoice)
    assert (outcome.status, outcome.payment.payment_intent_id) == (PaymentStatus.SUCCEEDED,
                                                                  pi.id)


def test_two_desks_charging_the_same_invoice_at_once_charge_once(
        billing: BillingService, saver: Saver, make_client: Callable[..., int],
        invoice_for: Callable[..., Invoice], stripe_client: stripe.StripeClient,
        uow_factory: UnitOfWorkFactory, gateway: StripeGateway, clock: Clock) -> None:
    """Two desks on one database press *Charge now* together: the invoice's row lock lets one
    store attempt 1; the other finds it pending and re-sends the same key (or is told the
    invoice is charged). One PaymentIntent, one payment."""
    import threading

    from owl_desktop.errors import UserFacingError

    client_id = make_client()
    card = saver.card(client_id)
    invoice = invoice_for(client_id, 70_00)
    other = BillingService(uow_factory, clock, workstation=billing._workstation,
                           gateway=lambda: gateway)
    start = threading.Barrier(2)
    results: list[object] = []

    def charge(service: BillingService) -> None:
        start.wait()
        try:
            results.append(service.charge_now(invoice.id, card.id).status)
        except UserFacingError as error:  # "already charged", or Stripe's 409 for the key
            results.append(type(error).__name__)

    threads = [threading.Thread(target=charge, args=(s,)) for s in (billing, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert PaymentStatus.SUCCEEDED in results, results
    assert len(_intents(stripe_client, uow_factory, invoice)) == 1
    payments = billing.overview(client_id).payments
    assert [p.status for p in payments] == [PaymentStatus.SUCCEEDED]
    assert billing.invoice(invoice.id).status is InvoiceStatus.PAID


def test_a_key_replayed_with_other_details_is_looked_up_not_failed(
        billing: BillingService, saver: Saver, make_client: Callable[..., int],
        invoice_for: Callable[..., Invoice], stripe_env: StripeEnv,
        stripe_client: stripe.StripeClient, uow_factory: UnitOfWorkFactory) -> None:
    """Stripe refuses a key sent again with different details (say the app was updated after
    the crash): that is no decline, so the attempt isn't marked failed (which would let a
    second charge through); the charge the key made is found and recorded."""
    from owl_desktop.store.billing_models import PaymentRow

    client_id = make_client()
    card = saver.card(client_id)
    invoice = invoice_for(client_id, 60_00)
    _killed_while_charging(uow_factory, stripe_env, invoice.id, card.id, "answered")
    with uow_factory() as uow:  # the stored attempt no longer matches what was sent
        uow.session.query(PaymentRow).update({PaymentRow.amount_cents: 59_00})
        uow.commit()
    outcome = billing.charge_now(invoice.id, card.id)
    (pi,) = _intents(stripe_client, uow_factory, invoice)
    assert (outcome.status, outcome.payment.payment_intent_id) == (PaymentStatus.SUCCEEDED,
                                                                  pi.id)
