"""confirmCardPayment, handleNextAction and retrievePaymentIntent of the Stripe.js double, for a
PaymentIntent, against the real sandbox API (in real QtWebEngine): Stripe's "bring the customer
back on-session" flow. The server side (stripe-python) saves a card whose bank asks for 3-D
Secure on every payment and charges it off-session: Stripe declines it
``authentication_required`` and leaves the PaymentIntent ``requires_payment_method``; the page
confirms it with the same card and the customer answers the bank's challenge."""

from __future__ import annotations

import json
from typing import Any

import pytest
import stripe

from tests.gui.sandbox_js.conftest import JsHost
from tests.integration.sandbox.http import call


@pytest.fixture
def host(js_host: JsHost) -> JsHost:
    js_host.load(locale="en")
    return js_host


def resolved(result: dict[str, Any]) -> dict[str, Any]:
    assert "rejected" not in result, result
    value: dict[str, Any] = result["resolved"]
    assert set(value) in ({"paymentIntent"}, {"error"}), value
    return value


def declined_for_authentication(stripe_api: Any, js_sandbox: Any) -> tuple[str, str, str]:
    """(PaymentIntent id, its client secret, the card) of an off-session charge the bank
    wants the customer to authenticate."""
    customer = stripe_api.v1.customers.create(params={"name": "Ada Lovelace"})
    seti = stripe_api.v1.setup_intents.create(params={
        "customer": customer.id, "allowed_payment_method_types": ["card"],
        "usage": "off_session"})
    stripe_api.v1.setup_intents.confirm(
        seti.id, params={"payment_method": "pm_card_authenticationRequired"})
    done = call(js_sandbox.url, "POST", f"/_sandbox/3ds/{seti.id}/complete",
                {"client_secret": seti.client_secret})
    assert done.status == 200, done.body
    card = stripe_api.v1.setup_intents.retrieve(seti.id).payment_method
    with pytest.raises(stripe.CardError) as declined:
        stripe_api.v1.payment_intents.create(params={
            "amount": 8500, "currency": "cad", "customer": customer.id, "payment_method": card,
            "allowed_payment_method_types": ["card"], "off_session": True, "confirm": True})
    assert declined.value.code == "authentication_required"
    intent = declined.value.error.payment_intent  # type: ignore[union-attr]
    assert intent is not None
    assert intent.status == "requires_payment_method"
    secret = stripe_api.v1.payment_intents.retrieve(intent.id).client_secret
    return intent.id, secret, card


def test_confirm_card_payment_with_the_saved_card_and_the_challenge(
        host: JsHost, stripe_api: Any, js_sandbox: Any) -> None:
    intent, secret, card = declined_for_authentication(stripe_api, js_sandbox)
    host.run("pay", f"return stripe.confirmCardPayment({json.dumps(secret)}, "
                    f"{{payment_method: {json.dumps(card)}}});")
    assert host.wait_js("window.__stripeSandbox.modal() === 'threeDS'")
    assert host.eval("window.results.pay === undefined")  # waiting for the customer
    assert host.eval_json("window.__stripeSandbox.threeDS('complete') && true")
    paid = resolved(host.result("pay"))["paymentIntent"]
    assert paid["id"] == intent
    assert paid["object"] == "payment_intent"
    assert paid["status"] == "succeeded"
    assert "customer" not in paid  # a publishable key sees the public fields only
    assert stripe_api.v1.payment_intents.retrieve(intent).status == "succeeded"

    host.run("read", f"return stripe.retrievePaymentIntent({json.dumps(secret)});")
    assert resolved(host.result("read"))["paymentIntent"]["status"] == "succeeded"


def test_a_failed_challenge_resolves_stripes_authentication_error(
        host: JsHost, stripe_api: Any, js_sandbox: Any) -> None:
    intent, secret, card = declined_for_authentication(stripe_api, js_sandbox)
    host.run("pay", f"return stripe.confirmCardPayment({json.dumps(secret)}, "
                    f"{{payment_method: {json.dumps(card)}}});")
    assert host.eval_json("window.__stripeSandbox.threeDS('fail') && true")
    error = resolved(host.result("pay"))["error"]
    assert error["code"] == "payment_intent_authentication_failure"
    assert error["type"] == "invalid_request_error"
    assert error["payment_intent"]["id"] == intent
    assert error["payment_intent"]["status"] == "requires_payment_method"
    assert host.eval("window.__stripeSandbox.modal()") in (None, "")
    # The same PaymentIntent can be confirmed again.
    host.run("again", f"return stripe.confirmCardPayment({json.dumps(secret)}, "
                      f"{{payment_method: {json.dumps(card)}}}, {{handleActions: false}});")
    waiting = resolved(host.result("again"))["paymentIntent"]
    assert waiting["status"] == "requires_action"
    assert waiting["next_action"]["type"] == "use_stripe_sdk"
    host.run("next", f"return stripe.handleNextAction({{clientSecret: {json.dumps(secret)}}});")
    assert host.eval_json("window.__stripeSandbox.threeDS('complete') && true")
    assert resolved(host.result("next"))["paymentIntent"]["status"] == "succeeded"


def test_a_setup_intent_secret_is_refused(host: JsHost, stripe_api: Any) -> None:
    seti = stripe_api.v1.setup_intents.create(params={"allowed_payment_method_types": ["card"]})
    thrown = host.eval_json(f"""(function () {{
        try {{ stripe.confirmCardPayment({json.dumps(seti.client_secret)}); return null; }}
        catch (e) {{ return e.name + ': ' + e.message; }} }})()""")
    assert thrown.startswith("IntegrationError: Invalid value for confirmCardPayment")
