"""PaymentIntents off-session: card outcomes per test card, PAD processing then settlement."""

from __future__ import annotations

import pytest
import stripe

from owl_desktop.sandbox import testdata
from owl_desktop.sandbox.server import SandboxServer
from tests.integration.sandbox.conftest import Browser, acss_setup_intent


def charge(client: stripe.StripeClient, customer_id: str, pm_id: str,
           amount: int = 2500, currency: str = "cad") -> stripe.PaymentIntent:
    return client.v1.payment_intents.create(params={
        "amount": amount, "currency": currency, "customer": customer_id,
        "payment_method": pm_id, "off_session": True, "confirm": True})


def saved_card(client: stripe.StripeClient, customer_id: str, token: str) -> str:
    return client.v1.payment_methods.attach(token, params={"customer": customer_id}).id


def test_card_charge_succeeds(stripe_client: stripe.StripeClient,
                              customer: stripe.Customer) -> None:
    pm = saved_card(stripe_client, customer.id, "pm_card_visa")
    pi = charge(stripe_client, customer.id, pm)
    assert pi.status == "succeeded"
    assert pi.amount == 2500
    assert pi.amount_received == 2500
    assert pi.currency == "cad"
    assert pi.customer == customer.id
    assert pi.payment_method == pm
    assert pi.latest_charge is not None
    assert stripe_client.v1.payment_intents.retrieve(pi.id).status == "succeeded"
    listed = stripe_client.v1.payment_intents.list(params={"customer": customer.id})
    assert [p.id for p in listed.data] == [pi.id]


@pytest.mark.parametrize(("token", "code", "decline_code"), [
    ("pm_card_chargeCustomerFail", "card_declined", "generic_decline"),
    ("pm_card_authenticationRequiredChargeDeclinedInsufficientFunds", "card_declined",
     "insufficient_funds"),
    ("pm_card_authenticationRequired", "authentication_required", "authentication_required"),
])
def test_card_charge_declines(stripe_client: stripe.StripeClient, customer: stripe.Customer,
                              token: str, code: str, decline_code: str) -> None:
    pm = saved_card(stripe_client, customer.id, token)
    with pytest.raises(stripe.CardError) as info:
        charge(stripe_client, customer.id, pm)
    err = info.value
    assert err.http_status == 402
    assert err.code == code
    assert err.json_body is not None
    body = err.json_body["error"]
    assert body["decline_code"] == decline_code
    assert body["type"] == "card_error"
    assert body["payment_intent"]["status"] == "requires_payment_method"
    assert body["payment_method"]["id"] == pm
    pi = stripe_client.v1.payment_intents.retrieve(body["payment_intent"]["id"])
    assert pi.status == "requires_payment_method"
    assert pi.last_payment_error is not None
    assert pi.last_payment_error.code == code


def test_amount_must_reach_the_minimum(stripe_client: stripe.StripeClient,
                                       customer: stripe.Customer) -> None:
    pm = saved_card(stripe_client, customer.id, "pm_card_visa")
    with pytest.raises(stripe.InvalidRequestError) as info:
        charge(stripe_client, customer.id, pm, amount=10)
    assert info.value.code == "amount_too_small"
    assert info.value.param == "amount"


def test_missing_amount(stripe_client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as info:
        stripe_client.v1.payment_intents.create(
            params={"currency": "cad"})  # type: ignore[typeddict-item]
    assert info.value.code == "parameter_missing"
    assert info.value.param == "amount"


def test_detached_method_cannot_be_charged(stripe_client: stripe.StripeClient,
                                           customer: stripe.Customer) -> None:
    pm = saved_card(stripe_client, customer.id, "pm_card_visa")
    stripe_client.v1.payment_methods.detach(pm)
    with pytest.raises(stripe.InvalidRequestError):
        charge(stripe_client, customer.id, pm)


def saved_bank(client: stripe.StripeClient, browser: Browser, customer_id: str,
               account: str) -> str:
    si = acss_setup_intent(client, customer_id)
    pm = browser.acss_pm(account).body
    assert browser.post(f"/v1/setup_intents/{si.id}/confirm", {
        "client_secret": si.client_secret, "payment_method": pm["id"],
        "mandate_data": {"customer_acceptance": {"type": "online"}}}).status == 200
    assert browser.post(f"/v1/setup_intents/{si.id}/verify_microdeposits", {
        "client_secret": si.client_secret, "amounts": [32, 45]}).status == 200
    return str(pm["id"])


def test_pad_debit_is_processing(stripe_client: stripe.StripeClient, browser: Browser,
                                 customer: stripe.Customer) -> None:
    pm = saved_bank(stripe_client, browser, customer.id, "000123456789")
    pi = charge(stripe_client, customer.id, pm, amount=12000)
    assert pi.status == "processing"
    assert pi.payment_method == pm


@pytest.mark.parametrize(("account", "status", "failure"), [
    ("000123456789", "succeeded", None),
    ("000222222227", "requires_payment_method", "insufficient_funds"),
    ("000777777771", "requires_payment_method", "charge_exceeds_source_limit"),
    ("000888888881", "requires_payment_method", "charge_exceeds_transaction_limit"),
])
def test_pad_settles_after_the_delay(sandbox: SandboxServer,
                                     stripe_client: stripe.StripeClient, browser: Browser,
                                     customer: stripe.Customer, account: str, status: str,
                                     failure: str | None) -> None:
    pm = saved_bank(stripe_client, browser, customer.id, account)
    pi = charge(stripe_client, customer.id, pm, amount=12000)
    assert pi.status == "processing"
    sandbox.advance(testdata.PAD_SETTLE_SECONDS - 60)
    assert stripe_client.v1.payment_intents.retrieve(pi.id).status == "processing"
    sandbox.advance(120)
    settled = stripe_client.v1.payment_intents.retrieve(pi.id)
    assert settled.status == status
    if failure is None:
        assert settled.amount_received == 12000
        assert settled.last_payment_error is None
    else:
        assert settled.last_payment_error is not None
        assert settled.last_payment_error.code == failure
    events = stripe_client.v1.events.list(params={"type": "payment_intent.*"})
    types = [e.type for e in events.data if e.data.object["id"] == pi.id]
    expected_last = "payment_intent.succeeded" if failure is None else \
        "payment_intent.payment_failed"
    assert types == [expected_last, "payment_intent.processing", "payment_intent.created"]


def test_slow_pad_account_takes_three_more_minutes(sandbox: SandboxServer,
                                                   stripe_client: stripe.StripeClient,
                                                   browser: Browser,
                                                   customer: stripe.Customer) -> None:
    pm = saved_bank(stripe_client, browser, customer.id, "900123456789")
    pi = charge(stripe_client, customer.id, pm)
    sandbox.advance(testdata.PAD_SETTLE_SECONDS + 60)
    assert stripe_client.v1.payment_intents.retrieve(pi.id).status == "processing"
    sandbox.advance(testdata.PAD_SLOW_EXTRA_SECONDS)
    assert stripe_client.v1.payment_intents.retrieve(pi.id).status == "succeeded"


def test_pad_test_token_debit_not_authorized(sandbox: SandboxServer,
                                             stripe_client: stripe.StripeClient,
                                             customer: stripe.Customer) -> None:
    from tests.integration.sandbox.conftest import acss_setup_intent as setup

    si = setup(stripe_client, customer.id)
    done = stripe_client.v1.setup_intents.confirm(si.id, params={
        "payment_method": "pm_acssDebit_debitNotAuthorized",
        "mandate_data": {"customer_acceptance": {"type": "offline"}}})
    assert done.status == "succeeded"  # test tokens are already verified
    assert isinstance(done.payment_method, str)
    assert isinstance(done.mandate, str)
    pi = charge(stripe_client, customer.id, done.payment_method)
    assert pi.status == "processing"
    sandbox.advance(testdata.PAD_SETTLE_SECONDS)
    failed = stripe_client.v1.payment_intents.retrieve(pi.id)
    assert failed.last_payment_error is not None
    assert failed.last_payment_error.code == "debit_not_authorized"
    assert stripe_client.v1.mandates.retrieve(done.mandate).status == "inactive"
    with pytest.raises(stripe.InvalidRequestError):
        charge(stripe_client, customer.id, done.payment_method)  # no active mandate left


def test_microdeposits_that_cannot_be_sent(sandbox: SandboxServer,
                                           stripe_client: stripe.StripeClient,
                                           browser: Browser, customer: stripe.Customer) -> None:
    si = acss_setup_intent(stripe_client, customer.id)
    pm = browser.acss_pm("000666666661").body
    confirmed = browser.post(f"/v1/setup_intents/{si.id}/confirm", {
        "client_secret": si.client_secret, "payment_method": pm["id"],
        "mandate_data": {"customer_acceptance": {"type": "online"}}})
    assert confirmed.body["status"] == "requires_action"
    sandbox.advance(testdata.MICRODEPOSIT_SEND_FAIL_SECONDS)
    failed = stripe_client.v1.setup_intents.retrieve(si.id)
    assert failed.status == "requires_payment_method"
    assert failed.last_setup_error is not None
    assert failed.last_setup_error.code == "payment_method_microdeposit_failed"
    assert isinstance(failed.mandate, str)
    assert stripe_client.v1.mandates.retrieve(failed.mandate).status == "inactive"


def test_pad_clock_over_http(sandbox: SandboxServer, stripe_client: stripe.StripeClient,
                             browser: Browser, customer: stripe.Customer) -> None:
    from tests.integration.sandbox.http import call

    pm = saved_bank(stripe_client, browser, customer.id, "000123456789")
    pi = charge(stripe_client, customer.id, pm, amount=5000)
    reply = call(sandbox.control_url, "POST", "/_sandbox/advance",
                 json_body={"seconds": testdata.PAD_SETTLE_SECONDS})
    assert reply.status == 200
    assert stripe_client.v1.payment_intents.retrieve(pi.id).status == "succeeded"


def test_cancel_payment_intent(stripe_client: stripe.StripeClient,
                               customer: stripe.Customer) -> None:
    pi = stripe_client.v1.payment_intents.create(params={
        "amount": 1000, "currency": "cad", "customer": customer.id,
        "allowed_payment_method_types": ["card"]})
    assert pi.status == "requires_payment_method"
    canceled = stripe_client.v1.payment_intents.cancel(pi.id)
    assert canceled.status == "canceled"
    assert canceled.canceled_at is not None


def test_on_session_3ds_payment(sandbox: SandboxServer, stripe_client: stripe.StripeClient,
                                customer: stripe.Customer) -> None:
    from tests.integration.sandbox.http import call

    pm = saved_card(stripe_client, customer.id, "pm_card_authenticationRequired")
    pi = stripe_client.v1.payment_intents.create(params={
        "amount": 3000, "currency": "cad", "customer": customer.id, "payment_method": pm,
        "confirm": True})
    assert pi.status == "requires_action"
    assert pi.next_action is not None
    assert pi.next_action.type == "use_stripe_sdk"
    done = call(sandbox.url, "POST", f"/_sandbox/3ds/{pi.id}/complete",
                {"client_secret": pi.client_secret})
    assert done.status == 200, done.body
    assert stripe_client.v1.payment_intents.retrieve(pi.id).status == "succeeded"

    again = stripe_client.v1.payment_intents.create(params={
        "amount": 3000, "currency": "cad", "customer": customer.id, "payment_method": pm,
        "confirm": True})
    failed = call(sandbox.url, "POST", f"/_sandbox/3ds/{again.id}/fail",
                  {"client_secret": again.client_secret})
    assert failed.status == 200
    after = stripe_client.v1.payment_intents.retrieve(again.id)
    assert after.status == "requires_payment_method"
    assert after.last_payment_error is not None
    assert after.last_payment_error.code == "payment_intent_authentication_failure"


def test_card_expires_on_the_sandbox_clock(sandbox: SandboxServer, browser: Browser,
                                           stripe_client: stripe.StripeClient,
                                           customer: stripe.Customer) -> None:
    import datetime as dt

    year = dt.datetime.now(dt.UTC).year + 1
    pm = browser.card_pm(exp_month=1, exp_year=year).body["id"]
    stripe_client.v1.payment_methods.attach(pm, params={"customer": customer.id})
    assert charge(stripe_client, customer.id, pm).status == "succeeded"
    sandbox.set_clock(dt.datetime(year, 2, 1, tzinfo=dt.UTC).timestamp())
    with pytest.raises(stripe.CardError) as info:
        charge(stripe_client, customer.id, pm)
    assert info.value.code == "expired_card"
