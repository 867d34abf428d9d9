"""SetupIntents: cards (success, decline, 3-D Secure), PAD with micro-deposits, options
validation, the browser's client-secret rules, cancel, expand."""

from __future__ import annotations

from typing import Any

import pytest
import stripe

from owl_desktop.sandbox.server import SandboxServer
from tests.integration.sandbox.conftest import Browser, acss_setup_intent
from tests.integration.sandbox.http import call


def card_setup_intent(client: stripe.StripeClient, customer_id: str) -> stripe.SetupIntent:
    return client.v1.setup_intents.create(params={
        "customer": customer_id, "allowed_payment_method_types": ["card"], "usage": "off_session"})


def test_card_setup_succeeds_and_attaches(stripe_client: stripe.StripeClient,
                                          customer: stripe.Customer) -> None:
    si = card_setup_intent(stripe_client, customer.id)
    assert si.status == "requires_payment_method"
    assert si.client_secret is not None
    assert si.client_secret.startswith(si.id + "_secret_")
    assert si.usage == "off_session"
    confirmed = stripe_client.v1.setup_intents.confirm(si.id,
                                                       params={"payment_method": "pm_card_visa"})
    assert confirmed.status == "succeeded"
    assert isinstance(confirmed.payment_method, str)
    pm = stripe_client.v1.payment_methods.retrieve(confirmed.payment_method)
    assert pm.customer == customer.id
    full = stripe_client.v1.setup_intents.retrieve(si.id, params={
        "expand": ["payment_method", "customer"]})
    assert isinstance(full.payment_method, stripe.PaymentMethod)
    assert full.payment_method.card is not None
    assert full.payment_method.card.last4 == "4242"
    assert isinstance(full.customer, stripe.Customer)
    with pytest.raises(stripe.InvalidRequestError) as info:
        stripe_client.v1.setup_intents.confirm(si.id, params={"payment_method": "pm_card_visa"})
    assert info.value.code == "setup_intent_unexpected_state"


def test_card_setup_decline(stripe_client: stripe.StripeClient,
                            customer: stripe.Customer) -> None:
    si = card_setup_intent(stripe_client, customer.id)
    with pytest.raises(stripe.CardError) as info:
        stripe_client.v1.setup_intents.confirm(si.id, params={
            "payment_method": "pm_card_chargeDeclined"})
    assert info.value.http_status == 402
    assert info.value.code == "card_declined"
    body = info.value.json_body
    assert body is not None
    assert body["error"]["decline_code"] == "generic_decline"
    assert body["error"]["setup_intent"]["status"] == "requires_payment_method"
    after = stripe_client.v1.setup_intents.retrieve(si.id)
    assert after.status == "requires_payment_method"
    assert after.last_setup_error is not None
    assert after.last_setup_error.code == "card_declined"
    assert stripe_client.v1.customers.payment_methods.list(customer.id).data == []


def test_browser_confirm_needs_the_client_secret(stripe_client: stripe.StripeClient,
                                                 browser: Browser,
                                                 customer: stripe.Customer) -> None:
    si = card_setup_intent(stripe_client, customer.id)
    path = f"/v1/setup_intents/{si.id}"
    missing = browser.get(path)
    assert missing.status == 400
    wrong = browser.get(path, {"client_secret": si.id + "_secret_wrong"})
    assert wrong.status == 400
    assert wrong.error["param"] == "client_secret"
    seen = browser.get(path, {"client_secret": si.client_secret})
    assert seen.status == 200
    assert seen.body["status"] == "requires_payment_method"
    assert "customer" not in seen.body  # Stripe shows the browser a subset only
    assert "metadata" not in seen.body

    pm = browser.card_pm().body
    confirmed = browser.post(f"{path}/confirm", {"client_secret": si.client_secret,
                                                 "payment_method": pm["id"]})
    assert confirmed.status == 200, confirmed.body
    assert confirmed.body["status"] == "succeeded"
    assert confirmed.body["payment_method"] == pm["id"]
    assert stripe_client.v1.payment_methods.retrieve(pm["id"]).customer == customer.id


def test_browser_confirm_with_payment_method_data(stripe_client: stripe.StripeClient,
                                                  browser: Browser,
                                                  customer: stripe.Customer) -> None:
    si = card_setup_intent(stripe_client, customer.id)
    reply = browser.post(f"/v1/setup_intents/{si.id}/confirm", {
        "client_secret": si.client_secret,
        "payment_method_data": {"type": "card", "card": {
            "number": "5555555555554444", "exp_month": 1, "exp_year": 2031, "cvc": "999"},
            "billing_details": {"name": "Ada"}}})
    assert reply.status == 200, reply.body
    assert reply.body["status"] == "succeeded"


def test_3ds_card_requires_action(stripe_client: stripe.StripeClient,
                                  customer: stripe.Customer) -> None:
    si = card_setup_intent(stripe_client, customer.id)
    confirmed = stripe_client.v1.setup_intents.confirm(si.id, params={
        "payment_method": "pm_card_authenticationRequired"})
    assert confirmed.status == "requires_action"
    assert confirmed.next_action is not None
    assert confirmed.next_action.type == "use_stripe_sdk"
    assert stripe_client.v1.customers.payment_methods.list(customer.id).data == []


def _3ds(sandbox: SandboxServer, si: stripe.SetupIntent, action: str,
         secret: str | None = None) -> Any:
    return call(sandbox.url, "POST", f"/_sandbox/3ds/{si.id}/{action}",
                {"client_secret": secret if secret is not None else si.client_secret})


def test_3ds_complete_attaches(sandbox: SandboxServer, stripe_client: stripe.StripeClient,
                               customer: stripe.Customer) -> None:
    si = card_setup_intent(stripe_client, customer.id)
    stripe_client.v1.setup_intents.confirm(si.id, params={
        "payment_method": "pm_card_authenticationRequiredOnSetup"})
    assert _3ds(sandbox, si, "complete", "seti_wrong_secret_x").status == 400
    done = _3ds(sandbox, si, "complete")
    assert done.status == 200, done.body
    assert done.body["status"] == "succeeded"
    after = stripe_client.v1.setup_intents.retrieve(si.id)
    assert after.status == "succeeded"
    assert isinstance(after.payment_method, str)
    assert stripe_client.v1.payment_methods.retrieve(after.payment_method).customer == \
        customer.id
    assert _3ds(sandbox, si, "complete").status == 400  # nothing left to authenticate


def test_3ds_fail_leaves_requires_payment_method(sandbox: SandboxServer,
                                                 stripe_client: stripe.StripeClient,
                                                 customer: stripe.Customer) -> None:
    si = card_setup_intent(stripe_client, customer.id)
    stripe_client.v1.setup_intents.confirm(si.id, params={
        "payment_method": "pm_card_threeDSecure2Required"})
    failed = _3ds(sandbox, si, "fail")
    assert failed.status == 200
    after = stripe_client.v1.setup_intents.retrieve(si.id)
    assert after.status == "requires_payment_method"
    assert after.last_setup_error is not None
    assert after.last_setup_error.code == "setup_intent_authentication_failure"
    assert after.payment_method is None
    assert stripe_client.v1.customers.payment_methods.list(customer.id).data == []


@pytest.mark.parametrize(("options", "param"), [
    ({"currency": "eur"}, "payment_method_options[acss_debit][currency]"),
    ({"verification_method": "sometimes"},
     "payment_method_options[acss_debit][verification_method]"),
    ({"mandate_options": {"payment_schedule": "weekly", "transaction_type": "personal"}},
     "payment_method_options[acss_debit][mandate_options][payment_schedule]"),
    ({"mandate_options": {"payment_schedule": "sporadic", "transaction_type": "family"}},
     "payment_method_options[acss_debit][mandate_options][transaction_type]"),
    ({"mandate_options": {"payment_schedule": "interval", "transaction_type": "personal"}},
     "payment_method_options[acss_debit][mandate_options][interval_description]"),
])
def test_acss_options_are_validated(stripe_client: stripe.StripeClient,
                                    customer: stripe.Customer, options: dict[str, Any],
                                    param: str) -> None:
    with pytest.raises(stripe.InvalidRequestError) as info:
        acss_setup_intent(stripe_client, customer.id, **options)
    assert info.value.http_status == 400
    assert info.value.param == param


def test_acss_interval_schedule_with_description(stripe_client: stripe.StripeClient,
                                                 customer: stripe.Customer) -> None:
    si = acss_setup_intent(stripe_client, customer.id, mandate_options={
        "payment_schedule": "interval", "transaction_type": "business",
        "interval_description": "On the 1st of every month"})
    assert si.payment_method_options is not None
    acss = si.payment_method_options.acss_debit
    assert acss is not None
    assert acss.currency == "cad"
    assert acss.mandate_options is not None
    assert acss.mandate_options.payment_schedule == "interval"
    assert acss.verification_method == "microdeposits"


def test_usage_is_validated(stripe_client: stripe.StripeClient,
                            customer: stripe.Customer) -> None:
    with pytest.raises(stripe.InvalidRequestError) as info:
        stripe_client.v1.setup_intents.create(params={
            "customer": customer.id, "usage": "sometimes"})  # type: ignore[typeddict-item]
    assert info.value.param == "usage"


def test_pad_with_microdeposits(stripe_client: stripe.StripeClient, browser: Browser,
                                customer: stripe.Customer) -> None:
    si = acss_setup_intent(stripe_client, customer.id)
    pm = browser.acss_pm("000123456789").body
    confirmed = browser.post(f"/v1/setup_intents/{si.id}/confirm", {
        "client_secret": si.client_secret, "payment_method": pm["id"],
        "mandate_data": {"customer_acceptance": {"type": "online"}}})
    assert confirmed.status == 200, confirmed.body
    assert confirmed.body["status"] == "requires_action"
    action = confirmed.body["next_action"]
    assert action["type"] == "verify_with_microdeposits"
    assert action["verify_with_microdeposits"]["microdeposit_type"] in ("amounts",
                                                                        "descriptor_code")
    verified = browser.post(f"/v1/setup_intents/{si.id}/verify_microdeposits", {
        "client_secret": si.client_secret, "amounts": [32, 45]})
    assert verified.status == 200, verified.body
    assert verified.body["status"] == "succeeded"
    full = stripe_client.v1.setup_intents.retrieve(si.id, params={"expand": ["mandate"]})
    mandate = full.mandate
    assert isinstance(mandate, stripe.Mandate)
    assert mandate.status == "active"
    assert mandate.payment_method == pm["id"]
    assert mandate.customer_acceptance.type == "online"
    again = stripe_client.v1.mandates.retrieve(mandate.id)
    assert again.payment_method_details.type == "acss_debit"
    assert stripe_client.v1.payment_methods.retrieve(pm["id"]).customer == customer.id


def test_pad_server_confirm_needs_mandate_data(stripe_client: stripe.StripeClient,
                                               browser: Browser,
                                               customer: stripe.Customer) -> None:
    si = acss_setup_intent(stripe_client, customer.id)
    pm = browser.acss_pm().body
    with pytest.raises(stripe.InvalidRequestError) as info:
        stripe_client.v1.setup_intents.confirm(si.id, params={"payment_method": pm["id"]})
    assert info.value.param is not None
    assert info.value.param.startswith("mandate_data")
    confirmed = stripe_client.v1.setup_intents.confirm(si.id, params={
        "payment_method": pm["id"], "mandate_data": {"customer_acceptance": {
            "type": "online", "online": {"ip_address": "203.0.113.9",
                                         "user_agent": "Owl Desktop"}}}})
    assert confirmed.status == "requires_action"
    verified = stripe_client.v1.setup_intents.verify_microdeposits(si.id, params={
        "descriptor_code": "SM11AA"})
    assert verified.status == "succeeded"


def test_cancel(stripe_client: stripe.StripeClient, customer: stripe.Customer) -> None:
    si = acss_setup_intent(stripe_client, customer.id)
    canceled = stripe_client.v1.setup_intents.cancel(si.id, params={
        "cancellation_reason": "abandoned"})
    assert canceled.status == "canceled"
    assert canceled.cancellation_reason == "abandoned"
    with pytest.raises(stripe.InvalidRequestError) as info:
        stripe_client.v1.setup_intents.cancel(si.id)
    assert info.value.code == "setup_intent_unexpected_state"


def test_missing_setup_intent(stripe_client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as info:
        stripe_client.v1.setup_intents.retrieve("seti_missing00000000000000")
    assert info.value.http_status == 404
    assert info.value.code == "resource_missing"


def test_detached_method_cannot_be_set_up_again(stripe_client: stripe.StripeClient,
                                                customer: stripe.Customer) -> None:
    first = card_setup_intent(stripe_client, customer.id)
    done = stripe_client.v1.setup_intents.confirm(first.id,
                                                  params={"payment_method": "pm_card_visa"})
    assert isinstance(done.payment_method, str)
    stripe_client.v1.payment_methods.detach(done.payment_method)
    second = card_setup_intent(stripe_client, customer.id)
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.setup_intents.confirm(second.id,
                                               params={"payment_method": done.payment_method})



def test_payment_method_types_is_refused_on_this_api_version(
        stripe_client: stripe.StripeClient, customer: stripe.Customer) -> None:
    """Since 2026-09-30.endive Stripe refuses the old parameter; the allowed list replaces it."""
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.setup_intents.create(params={  # type: ignore[typeddict-unknown-key]
            "customer": customer.id, "payment_method_types": ["card"]})
    assert caught.value.code == "payment_method_types_no_longer_supported"
    si = stripe_client.v1.setup_intents.create(params={
        "customer": customer.id, "allowed_payment_method_types": ["card", "klarna"]})
    assert si.payment_method_types == ["card"]
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.setup_intents.create(params={
            "customer": customer.id, "allowed_payment_method_types": ["card"],
            "excluded_payment_method_types": ["acss_debit"]})


def test_microdeposit_mismatch_and_attempts(sandbox: SandboxServer,
                                            stripe_client: stripe.StripeClient,
                                            browser: Browser, customer: stripe.Customer) -> None:
    def pending() -> stripe.SetupIntent:
        si = acss_setup_intent(stripe_client, customer.id)
        pm = browser.acss_pm().body
        assert browser.post(f"/v1/setup_intents/{si.id}/confirm", {
            "client_secret": si.client_secret, "payment_method": pm["id"],
            "mandate_data": {"customer_acceptance": {"type": "online"}}}).status == 200
        return si

    si = pending()
    path = f"/v1/setup_intents/{si.id}/verify_microdeposits"
    first = browser.post(path, {"client_secret": si.client_secret, "amounts": [1, 2]})
    assert first.status == 400
    assert first.error["code"] == "payment_method_microdeposit_verification_amounts_mismatch"
    assert browser.post(path, {"client_secret": si.client_secret,
                               "amounts": [32, 45]}).body["status"] == "succeeded"

    exceeded = pending()
    reply = browser.post(f"/v1/setup_intents/{exceeded.id}/verify_microdeposits",
                         {"client_secret": exceeded.client_secret, "amounts": [10, 11]})
    assert reply.error["code"] == \
        "payment_method_microdeposit_verification_attempts_exceeded"
    after = stripe_client.v1.setup_intents.retrieve(exceeded.id)
    assert after.status == "requires_payment_method"
    assert isinstance(after.mandate, str)
    assert stripe_client.v1.mandates.retrieve(after.mandate).status == "inactive"
