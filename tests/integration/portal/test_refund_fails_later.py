"""A refund the card's bank refuses after Stripe accepted it (Stripe's test card
``4000000000005126``, ``pm_card_refundFail``), on SQLite and PostgreSQL over the Stripe double:
made at the desk it is *succeeded*; the sync learns from ``refund.failed`` that it failed and
records why; the amount is refundable again, and the client's Billing tab says, in English and
French, that the refund didn't go through, why in plain words, and whom to ask."""

from __future__ import annotations

import html
import re

import pytest

from owl_desktop.domain.billing import Payment, PaymentStatus
from owl_desktop.domain.refunds import FAILED, REFUND_FAILED_AUDIT, SUCCEEDED
from owl_desktop.portal.i18n import LANG_COOKIE
from owl_desktop.sandbox import testdata
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.services.refunds import REFUND_AUDIT
from owl_desktop.sync.engine import SyncEngine
from tests.integration.payments.conftest import confirm_card
from tests.integration.portal.billing_fixtures import (  # noqa: F401 - fixture
    PASSPHRASE,
    Ledger,
    at_desk,
    ledger_fixture,
)
from tests.stripe_env import account_of

EN = ("The refund of $30.00 on {date} didn't go through. The card has expired or was "
      "canceled. Please contact the clinic to be refunded another way.")
FR = ("Le remboursement de 30,00\u00a0$ du {date} n’a pas abouti. La carte est expirée ou a "
      "été annulée. Veuillez communiquer avec la clinique pour être remboursé autrement.")


def paid_with(ledger: Ledger, client_id: int, token: str, amount_cents: int) -> Payment:
    setup = ledger.portal.methods.start_setup(client_id, "card")
    confirm_card(ledger.stripe_client, setup.id, token)
    card = ledger.portal.methods.complete_setup(client_id, setup.id)
    invoice = ledger.invoice(client_id, amount_cents)
    outcome = ledger.billing.charge_now(invoice.id, card.id)
    assert outcome.status is PaymentStatus.SUCCEEDED, outcome
    return outcome.payment


def payment_row(page: str, payment: Payment) -> str:
    found = re.search(rf'<tr class="payment" data-payment-id="{payment.id}".*?</tr>', page,
                      re.S)
    assert found, page
    return html.unescape(found.group(0))


@pytest.mark.parametrize("full", [False, True], ids=["from-its-event", "full-reconcile"])
def test_a_refund_that_fails_later_is_shown_failed_and_refundable_again(
        full: bool, ledger: Ledger, sandbox: SandboxServer) -> None:
    portal = ledger.portal
    engine = SyncEngine(portal.uow, ledger.billing_gateway, account_of(ledger.billing_gateway),
                        clock=portal.clock, here=at_desk(None))  # type: ignore[arg-type]
    payment = paid_with(ledger, portal.noor, "pm_card_refundFail", 80_00)
    engine.run_once()  # the pull's cursor
    refund = ledger.refunds.refund_payment(payment, 30_00, "requested_by_customer", "",
                                           PASSPHRASE)
    assert refund.status == SUCCEEDED  # Stripe accepted it...
    assert ledger.refunds.left_to_refund(payment.payment_intent_id, 80_00) == 50_00
    engine.run_once()
    noor = portal.signed_in()
    assert "Refunded $30.00" in payment_row(noor.get("/billing").text, payment)

    sandbox.advance(testdata.REFUND_FAIL_SECONDS + 1)  # ...then the card's bank refused it
    # Read from refund.failed, or (a desk back after weeks, a re-sync) by a full reconcile,
    # which reads objects, not the events in between.
    summary = engine.run_once(force_full=full)
    assert summary.error == ""
    assert summary.pull is not None
    assert summary.pull.full is full
    assert portal.noor in summary.changed_clients or not full
    [failed] = ledger.refunds.for_payment(payment.payment_intent_id)
    assert (failed.id, failed.status, failed.failure_reason, failed.amount) == (
        refund.id, FAILED, "expired_or_canceled_card", 30_00)
    # The amount refunded goes back: all of it can be refunded (another way, or again).
    assert ledger.refunds.left_to_refund(payment.payment_intent_id, 80_00) == 80_00
    [refundable] = [r for r in ledger.refunds.refundable_payments()
                    if r.payment.id == payment.id]
    assert refundable.left_cents == 80_00
    overview = ledger.billing.overview(portal.noor)
    assert [(r.status, r.failure_reason) for r in overview.refunds_of(payment)] == [
        (FAILED, "expired_or_canceled_card")]
    engine.run_once(force_full=True)  # seen again: nothing changes
    assert [r.status for r in ledger.refunds.for_payment(payment.payment_intent_id)] == [FAILED]
    with portal.uow() as uow:  # the client's history says so, once, as noticed by sync
        entries = [(e.action, e.actor, e.desk) for e in uow.audit.list_for_client(portal.noor)
                   if e.action.startswith("refund")]
    assert entries == [(REFUND_FAILED_AUDIT, "Stripe", "elsewhere"), (REFUND_AUDIT, "reception1",
                                                                      "desk-A")]

    row = payment_row(noor.get("/billing").text, payment)
    date = re.search(r"<td>([A-Z][a-z]+ \d{1,2}, \d{4})</td>", row)
    assert date, row
    assert EN.format(date=date.group(1)) in row
    assert "Refunded $30.00" not in row
    assert "under way" not in row
    noor.cookies.set(LANG_COOKIE, "fr")
    french = payment_row(noor.get("/billing").text, payment)
    date = re.search(r"<td>(\d{1,2} [a-zéû]+ \d{4})</td>", french)
    assert date, french
    assert FR.format(date=date.group(1)) in french
    assert "Remboursé 30,00" not in french


def test_a_refund_of_another_card_stays_done(ledger: Ledger, sandbox: SandboxServer) -> None:
    portal = ledger.portal
    engine = SyncEngine(portal.uow, ledger.billing_gateway, account_of(ledger.billing_gateway),
                        clock=portal.clock, here=at_desk(None))  # type: ignore[arg-type]
    engine.run_once()
    payment = paid_with(ledger, portal.noor, "pm_card_visa", 80_00)
    ledger.refunds.refund_payment(payment, 30_00, "requested_by_customer", "", PASSPHRASE)
    sandbox.advance(testdata.REFUND_FAIL_SECONDS + 1)
    engine.run_once()
    assert [r.status for r in ledger.refunds.for_payment(payment.payment_intent_id)] == [
        SUCCEEDED]
    assert "Refunded $30.00" in payment_row(portal.signed_in().get("/billing").text, payment)
