"""Nothing is charged twice when the clinic charges again while a charge waits for the client's
3-D Secure (issue 17, item 3), over a real database and the Stripe sandbox over HTTP: the
waiting PaymentIntent is cancelled at Stripe before the new charge, so a client who opened the
*Confirm payment* page can't pay it too; a client who confirmed first makes the new charge
refuse; an older link leads to the charge that waits now."""

from __future__ import annotations

import pytest

from owl_desktop.core.charging import AlreadyChargedError, MethodNotUsableError, settle_unfinished
from owl_desktop.domain.audit import ELSEWHERE
from owl_desktop.domain.billing import InvoiceStatus, PaymentMethodKind, PaymentStatus
from owl_desktop.payments.errors import PaymentError
from tests.integration.portal.billing_fixtures import ledger_fixture  # noqa: F401
from tests.integration.portal.confirm_fixtures import Waiting, waiting_fixture  # noqa: F401
from tests.integration.portal.conftest import csrf_of


def _start(waiting: Waiting, payment_id: int) -> tuple[object, str, dict[str, str]]:
    browser = waiting.ledger.portal.signed_in()
    csrf = csrf_of(browser, "/billing")
    answer = browser.post(f"/billing/payments/{payment_id}/confirm/start", data={"csrf": csrf})
    assert answer.status_code == 200, answer.text
    return browser, csrf, answer.json()


def _statuses(waiting: Waiting, customer_id: str) -> list[str]:
    page = waiting.ledger.stripe_client.v1.payment_intents.list(
        params={"customer": customer_id})
    return sorted(pi.status for pi in page.data)


def test_a_new_charge_withdraws_the_waiting_one_so_the_client_cant_pay_twice(
        waiting: Waiting) -> None:
    ledger = waiting.ledger
    portal = ledger.portal
    waiting.card_3ds(portal.noor)
    invoice, payment = waiting.autopay_needing_confirmation(portal.noor, 85_00)
    browser, csrf, started = _start(waiting, payment.id)  # the client's page is open...

    visa = ledger.portal.methods  # ...while the desk charges another card
    setup = visa.start_setup(portal.noor, "card")
    ledger.stripe_client.v1.setup_intents.confirm(setup.id,
                                                   params={"payment_method": "pm_card_visa"})
    card = visa.complete_setup(portal.noor, setup.id)
    outcome = ledger.billing.charge_now(invoice.id, card.id)
    assert outcome.status is PaymentStatus.SUCCEEDED

    late = waiting.stripe_js_confirm(started["client_secret"], started["payment_method"])
    assert late.status == 400
    assert late.error["code"] == "payment_intent_unexpected_state"
    assert _statuses(waiting, payment.customer_id) == ["canceled", "succeeded"]

    done = browser.post(f"/billing/payments/{payment.id}/confirm/finish",  # type: ignore[attr-defined]
                        data={"csrf": csrf}).json()
    assert done["ok"] is True
    assert done["message"] == "This invoice is paid: there is nothing to confirm."
    with portal.uow() as u:
        assert u.payments.get(payment.id).status is PaymentStatus.FAILED
        assert u.invoices.get(invoice.id).status is InvoiceStatus.PAID
        assert u.invoices.get(invoice.id).paid_cents == 85_00


def test_the_client_confirmed_first_so_the_desk_charges_nothing(waiting: Waiting) -> None:
    ledger = waiting.ledger
    portal = ledger.portal
    card = waiting.card_3ds(portal.noor)
    invoice, payment = waiting.autopay_needing_confirmation(portal.noor, 85_00)
    _browser, _csrf, started = _start(waiting, payment.id)
    waiting.stripe_js_confirm(started["client_secret"], started["payment_method"])
    waiting.challenge(started["client_secret"], "complete")  # page closed before it said so

    with pytest.raises(AlreadyChargedError):
        ledger.billing.charge_now(invoice.id, card.id)
    assert _statuses(waiting, payment.customer_id) == ["succeeded"]
    with portal.uow() as u:
        assert u.payments.get(payment.id).status is PaymentStatus.SUCCEEDED
        assert u.invoices.get(invoice.id).status is InvoiceStatus.PAID
        assert len(u.payments.for_invoice(invoice.id)) == 1


def test_an_older_link_leads_to_the_charge_waiting_now(waiting: Waiting) -> None:
    ledger = waiting.ledger
    portal = ledger.portal
    card = waiting.card_3ds(portal.noor)
    invoice, first = waiting.autopay_needing_confirmation(portal.noor, 85_00)
    again = ledger.billing.charge_now(invoice.id, card.id)  # the desk's Retry: the bank again
    assert again.status is PaymentStatus.REQUIRES_ACTION
    assert again.payment.id != first.id
    assert _statuses(waiting, first.customer_id) == ["canceled", "requires_payment_method"]

    browser = portal.signed_in()
    old = browser.get(f"/billing/payments/{first.id}/confirm")
    assert old.status_code == 303
    assert old.headers["location"] == f"/billing/payments/{again.payment.id}/confirm"
    csrf = csrf_of(browser, "/billing")
    refused = browser.post(f"/billing/payments/{first.id}/confirm/start", data={"csrf": csrf})
    assert refused.status_code == 409
    assert refused.json()["redirect"] == f"/billing/payments/{again.payment.id}/confirm"
    assert browser.get("/billing").text.count('class="awaiting-payment"') == 1


def test_paid_in_cash_at_the_desk_while_the_page_is_open(waiting: Waiting) -> None:
    ledger = waiting.ledger
    portal = ledger.portal
    waiting.card_3ds(portal.noor)
    invoice, payment = waiting.autopay_needing_confirmation(portal.noor, 85_00)
    browser, csrf, started = _start(waiting, payment.id)
    ledger.billing.record_payment(invoice.id, PaymentMethodKind.CASH, 85_00)

    late = waiting.stripe_js_confirm(started["client_secret"], started["payment_method"])
    assert late.status == 400  # cancelled before the cash was recorded: nothing charged
    assert _statuses(waiting, payment.customer_id) == ["canceled"]
    done = browser.post(f"/billing/payments/{payment.id}/confirm/finish",  # type: ignore[attr-defined]
                        data={"csrf": csrf}).json()
    assert done["message"] == "This invoice is paid: there is nothing to confirm."
    with portal.uow() as u:
        assert u.invoices.get(invoice.id).status is InvoiceStatus.PAID
        assert u.invoices.get(invoice.id).paid_cents == 85_00


def test_voided_while_waiting_the_charge_is_withdrawn(waiting: Waiting) -> None:
    ledger = waiting.ledger
    portal = ledger.portal
    waiting.card_3ds(portal.noor)
    invoice, payment = waiting.autopay_needing_confirmation(portal.noor, 85_00)
    ledger.billing.void(invoice.id, "Booked by mistake")
    assert _statuses(waiting, payment.customer_id) == ["canceled"]
    browser = portal.signed_in()
    assert 'data-state="not_awaiting"' in browser.get(
        f"/billing/payments/{payment.id}/confirm").text


def test_confirmed_but_the_page_closed_a_reconcile_records_it(waiting: Waiting) -> None:
    """The client completed the challenge and closed the page before it told the server (and
    the events were missed): a full reconcile asks Stripe about waiting charges too."""
    ledger = waiting.ledger
    portal = ledger.portal
    waiting.card_3ds(portal.noor)
    invoice, payment = waiting.autopay_needing_confirmation(portal.noor, 85_00)
    _browser, _csrf, started = _start(waiting, payment.id)
    waiting.stripe_js_confirm(started["client_secret"], started["payment_method"])
    waiting.challenge(started["client_secret"], "complete")
    assert settle_unfinished(portal.uow, ledger.billing_gateway, who=ELSEWHERE,
                             now=portal.clock) == {portal.noor}
    with portal.uow() as u:
        assert u.payments.get(payment.id).status is PaymentStatus.SUCCEEDED
        assert u.invoices.get(invoice.id).status is InvoiceStatus.PAID


def test_a_charge_refused_anyway_leaves_the_waiting_one_alone(waiting: Waiting) -> None:
    ledger = waiting.ledger
    portal = ledger.portal
    waiting.card_3ds(portal.noor)
    sami_card = waiting.card_3ds(portal.sami)  # not Noor's: refused before anything is sent
    invoice, payment = waiting.autopay_needing_confirmation(portal.noor, 85_00)
    with pytest.raises(MethodNotUsableError):
        ledger.billing.charge_now(invoice.id, sami_card.id)
    assert _statuses(waiting, payment.customer_id) == ["requires_payment_method"]
    with portal.uow() as u:
        assert u.payments.get(payment.id).status is PaymentStatus.REQUIRES_ACTION


def test_stripe_unreachable_while_withdrawing_nothing_new_is_charged(waiting: Waiting) -> None:
    ledger = waiting.ledger
    portal = ledger.portal
    card = waiting.card_3ds(portal.noor)
    invoice, payment = waiting.autopay_needing_confirmation(portal.noor, 85_00)
    waiting.sandbox.faults.set(error_500_rate=1.0)
    try:
        with pytest.raises(PaymentError):
            ledger.billing.charge_now(invoice.id, card.id)
    finally:
        waiting.sandbox.faults.clear()
    assert _statuses(waiting, payment.customer_id) == ["requires_payment_method"]
    with portal.uow() as u:
        assert [p.id for p in u.payments.for_invoice(invoice.id)] == [payment.id]
        assert u.payments.get(payment.id).status is PaymentStatus.REQUIRES_ACTION
