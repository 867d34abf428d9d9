"""The portal's *Confirm payment* routes (issue 17, item 3) over a real database and the Stripe
sandbox over HTTP: an autopay charge on a card whose bank wants 3-D Secure waits for the
client; the client's page gets the PaymentIntent's client secret (theirs only: another
client's payment id is a 404, as an id that doesn't exist), Stripe.js's calls are made as it
makes them (publishable key), and the server records what Stripe says: paid once confirmed,
still waiting after a failed challenge, nothing for a payment that no longer waits."""

from __future__ import annotations

import re

from owl_desktop.core.charging import apply_payment_intent
from owl_desktop.domain.audit import ELSEWHERE
from owl_desktop.domain.billing import InvoiceStatus, PaymentMethodKind, PaymentStatus
from tests.integration.portal.billing_fixtures import ledger_fixture  # noqa: F401
from tests.integration.portal.confirm_fixtures import Waiting, waiting_fixture  # noqa: F401
from tests.integration.portal.conftest import SAMI_PASSWORD, csrf_of
from tests.integration.portal.helpers import GOOD_PASSWORD


def _paths(payment_id: int) -> tuple[str, str, str]:
    base = f"/billing/payments/{payment_id}/confirm"
    return base, f"{base}/start", f"{base}/finish"


def test_the_client_confirms_their_payment_and_the_invoice_is_paid(waiting: Waiting) -> None:
    portal = waiting.ledger.portal
    waiting.card_3ds(portal.noor)
    invoice, payment = waiting.autopay_needing_confirmation(portal.noor, 85_00, "Massage 60")
    page, start, finish = _paths(payment.id)
    browser = portal.signed_in()

    billing = browser.get("/billing")
    assert 'class="awaiting-payment"' in billing.text
    assert f'href="{page}"' in billing.text
    shown = browser.get(page)
    assert shown.status_code == 200
    assert "$85.00" in shown.text
    assert invoice.number in shown.text
    assert "Visa card ending in 3184" in shown.text
    csrf = csrf_of(browser, page)

    assert browser.post(start, data={"csrf": "wrong"}).status_code == 403
    answer = browser.post(start, data={"csrf": csrf})
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    body = answer.json()
    assert body["ok"] is True
    assert body["client_secret"].startswith(payment.payment_intent_id + "_secret_")
    assert body["payment_method"] == payment.stripe_payment_method_id

    confirmed = waiting.stripe_js_confirm(body["client_secret"], body["payment_method"])
    assert confirmed.status == 200, confirmed.body
    assert confirmed.body["status"] == "requires_action"
    assert confirmed.body["id"] == payment.payment_intent_id  # the same charge, not a new one
    waiting.challenge(body["client_secret"], "complete")

    done = browser.post(finish, data={"csrf": csrf})
    assert done.status_code == 200
    assert done.json() == {"ok": True, "state": "paid", "message":
                           "Thank you: the payment is confirmed and the invoice is paid."}
    with portal.uow() as u:
        assert u.payments.get(payment.id).status is PaymentStatus.SUCCEEDED
        assert u.invoices.get(invoice.id).status is InvoiceStatus.PAID
        assert len(u.payments.for_invoice(invoice.id)) == 1  # one attempt, charged once
    intents = waiting.ledger.stripe_client.v1.payment_intents.list(
        params={"customer": payment.customer_id})
    assert [pi.status for pi in intents.data] == ["succeeded"]

    # Told again (a second tab, sync first): nothing changes; the page says it's paid.
    assert browser.post(finish, data={"csrf": csrf}).json()["state"] == "paid"
    again = browser.post(start, data={"csrf": csrf})
    assert again.status_code == 409
    assert again.json()["state"] == "confirm_already_paid"
    assert 'data-state="paid"' in browser.get(page).text
    assert 'class="awaiting-payment"' not in browser.get("/billing").text


def test_another_clients_payment_is_not_found(waiting: Waiting) -> None:
    portal = waiting.ledger.portal
    waiting.card_3ds(portal.noor)
    _invoice, payment = waiting.autopay_needing_confirmation(portal.noor)
    sami = portal.signed_in("sami@example.com", SAMI_PASSWORD)
    csrf = csrf_of(sami, "/billing")
    for payment_id in (payment.id, 999_999):
        page, start, finish = _paths(payment_id)
        assert sami.get(page).status_code == 404
        for path in (start, finish):
            answer = sami.post(path, data={"csrf": csrf})
            assert answer.status_code == 404
            assert "client_secret" not in answer.text
    assert sami.get("/billing/payments/abc/confirm").status_code == 404
    assert 'class="awaiting-payment"' not in sami.get("/billing").text
    with portal.uow() as u:  # nothing was recorded for Noor's payment
        assert u.payments.get(payment.id).status is PaymentStatus.REQUIRES_ACTION


def test_a_failed_challenge_leaves_the_payment_waiting_and_the_client_tries_again(
        waiting: Waiting) -> None:
    portal = waiting.ledger.portal
    waiting.card_3ds(portal.noor)
    invoice, payment = waiting.autopay_needing_confirmation(portal.noor)
    _page, start, finish = _paths(payment.id)
    browser = portal.signed_in()
    csrf = csrf_of(browser, "/billing")

    body = browser.post(start, data={"csrf": csrf}).json()
    waiting.stripe_js_confirm(body["client_secret"], body["payment_method"])
    waiting.challenge(body["client_secret"], "fail")
    failed = browser.post(finish, data={"csrf": csrf}).json()
    assert failed["ok"] is False
    assert failed["retry"] is True
    assert failed["state"] == "confirm_not_confirmed"
    assert "try again, or add another card" in failed["message"]
    with portal.uow() as u:
        assert u.payments.get(payment.id).status is PaymentStatus.REQUIRES_ACTION
        assert u.invoices.get(invoice.id).status is InvoiceStatus.OPEN

    body = browser.post(start, data={"csrf": csrf}).json()  # again, the same PaymentIntent
    assert body["client_secret"].startswith(payment.payment_intent_id)
    waiting.stripe_js_confirm(body["client_secret"], body["payment_method"])
    waiting.challenge(body["client_secret"], "complete")
    assert browser.post(finish, data={"csrf": csrf}).json()["state"] == "paid"
    with portal.uow() as u:
        assert u.invoices.get(invoice.id).status is InvoiceStatus.PAID


def test_in_french(waiting: Waiting) -> None:
    portal = waiting.ledger.portal
    waiting.card_3ds(portal.noor)
    _invoice, payment = waiting.autopay_needing_confirmation(portal.noor, 85_00)
    browser = portal.signed_in(**{"accept-language": "fr-CA"})
    page = browser.get(_paths(payment.id)[0]).text
    assert "Votre banque vous demande de confirmer ce paiement" in page
    assert "85,00\u00a0$" in page
    assert "Confirmer le paiement" in browser.get("/billing").text


def test_a_payment_that_no_longer_waits_is_not_confirmed(waiting: Waiting) -> None:
    portal = waiting.ledger.portal
    waiting.card_3ds(portal.noor)
    invoice, payment = waiting.autopay_needing_confirmation(portal.noor, 50_00)
    methods = portal.methods
    setup = methods.start_setup(portal.noor, "card")
    waiting.ledger.stripe_client.v1.setup_intents.confirm(
        setup.id, params={"payment_method": "pm_card_chargeCustomerFail"})
    failing = methods.complete_setup(portal.noor, setup.id)
    declined_invoice = waiting.ledger.invoice(portal.noor, 10_00, "Physio 30")
    declined = waiting.ledger.billing.charge_now(declined_invoice.id, failing.id).payment
    assert declined.status is PaymentStatus.FAILED
    browser = portal.signed_in()
    csrf = csrf_of(browser, "/billing")

    # A payment the bank declined outright: nothing to confirm (add another card instead).
    page, start, _finish = _paths(declined.id)
    assert 'data-state="not_awaiting"' in browser.get(page).text
    refused = browser.post(start, data={"csrf": csrf})
    assert refused.status_code == 409
    assert "client_secret" not in refused.text
    assert refused.json()["state"] == "confirm_not_awaiting"

    # Paid at the desk in cash meanwhile: the waiting payment no longer is.
    waiting.ledger.billing.record_payment(invoice.id, PaymentMethodKind.CASH, 50_00)
    page, start, _finish = _paths(payment.id)
    assert 'data-state="paid"' in browser.get(page).text
    answer = browser.post(start, data={"csrf": csrf})
    assert answer.status_code == 409
    assert answer.json()["state"] == "confirm_already_paid"


def test_the_link_in_an_email_signs_in_then_comes_back(waiting: Waiting) -> None:
    portal = waiting.ledger.portal
    waiting.card_3ds(portal.noor)
    _invoice, payment = waiting.autopay_needing_confirmation(portal.noor)
    page = _paths(payment.id)[0]
    browser = portal.client()
    first = browser.get(page)
    assert first.status_code == 303
    assert first.headers["location"] == f"/sign-in?next={page}"
    form = browser.get(first.headers["location"]).text
    assert f'name="next" value="{page}"' in form
    csrf = re.search(r'name="csrf" value="([^"]+)"', form)
    assert csrf is not None
    signed = browser.post("/sign-in", data={"csrf": csrf.group(1), "email": "noor@example.com",
                                            "password": GOOD_PASSWORD, "next": page})
    assert signed.status_code == 303
    assert signed.headers["location"] == page
    assert browser.get(page).status_code == 200
    # Never off the site.
    other = portal.client()
    form = other.get("/sign-in?next=//evil.example/x").text
    assert "evil.example" not in form


def test_sync_keeps_a_charge_waiting_for_the_client_waiting(waiting: Waiting) -> None:
    """Stripe leaves the declined PaymentIntent ``requires_payment_method`` with
    ``authentication_required``: reading it again (the event pull) must not call it failed."""
    portal = waiting.ledger.portal
    waiting.card_3ds(portal.noor)
    _invoice, payment = waiting.autopay_needing_confirmation(portal.noor)
    info = waiting.ledger.billing_gateway.retrieve_payment_intent(payment.payment_intent_id)
    assert info.status == "requires_payment_method"
    assert apply_payment_intent(portal.uow, info, who=ELSEWHERE, now=portal.clock) is None
    with portal.uow() as u:
        assert u.payments.get(payment.id).status is PaymentStatus.REQUIRES_ACTION
