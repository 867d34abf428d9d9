"""Protocol rules: idempotency keys, Request-Id, CORS, unknown URLs, error shapes."""

from __future__ import annotations

import uuid

import pytest
import stripe

from tests.integration.sandbox.http import call
from tests.stripe_env import StripeEnv


def test_idempotent_replay(stripe_env: StripeEnv) -> None:
    key = f"create-customer-{uuid.uuid4()}"
    params = {"name": "Ada", "email": "ada@example.com"}
    first = call(stripe_env.api_base, "POST", "/v1/customers", params,
                 key=stripe_env.secret_key, headers={"Idempotency-Key": key})
    second = call(stripe_env.api_base, "POST", "/v1/customers", params,
                  key=stripe_env.secret_key, headers={"Idempotency-Key": key})
    assert first.status == second.status == 200
    assert first.body == second.body
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert second.headers.get("Idempotency-Key") == key
    assert first.headers.get("Idempotent-Replayed") in (None, "false")
    other = call(stripe_env.api_base, "POST", "/v1/customers", {"name": "Someone else"},
                 key=stripe_env.secret_key, headers={"Idempotency-Key": key})
    assert other.status == 400
    assert other.error["type"] == "idempotency_error"


def test_idempotency_with_stripe_client(stripe_client: stripe.StripeClient) -> None:
    key = f"detach-{uuid.uuid4()}"
    first = stripe_client.v1.customers.create(params={"name": "Grace"},
                                              options={"idempotency_key": key})
    again = stripe_client.v1.customers.create(params={"name": "Grace"},
                                              options={"idempotency_key": key})
    assert again.id == first.id
    with pytest.raises(stripe.IdempotencyError):
        stripe_client.v1.customers.create(params={"name": "Hopper"},
                                          options={"idempotency_key": key})


def test_declines_are_replayed_too(stripe_client: stripe.StripeClient,
                                   customer: stripe.Customer) -> None:
    pm = stripe_client.v1.payment_methods.attach("pm_card_chargeCustomerFail",
                                                 params={"customer": customer.id})
    key = f"charge-{uuid.uuid4()}"
    params: stripe.PaymentIntentCreateParams = {
        "amount": 1500, "currency": "cad", "customer": customer.id, "payment_method": pm.id,
        "off_session": True, "confirm": True}
    with pytest.raises(stripe.CardError) as first:
        stripe_client.v1.payment_intents.create(params=params, options={"idempotency_key": key})
    with pytest.raises(stripe.CardError) as second:
        stripe_client.v1.payment_intents.create(params=params, options={"idempotency_key": key})
    assert first.value.json_body == second.value.json_body
    listed = stripe_client.v1.payment_intents.list(params={"customer": customer.id})
    assert len(listed.data) == 1  # charged once


def test_validation_errors_are_not_saved(stripe_env: StripeEnv) -> None:
    key = f"retry-{uuid.uuid4()}"
    bad = call(stripe_env.api_base, "POST", "/v1/customers", {"bogus": "1"},
               key=stripe_env.secret_key, headers={"Idempotency-Key": key})
    assert bad.status == 400
    good = call(stripe_env.api_base, "POST", "/v1/customers", {"name": "Ok"},
                key=stripe_env.secret_key, headers={"Idempotency-Key": key})
    assert good.status == 200


def test_request_id_on_every_answer(stripe_env: StripeEnv) -> None:
    ok = call(stripe_env.api_base, "GET", "/v1/customers", key=stripe_env.secret_key)
    err = call(stripe_env.api_base, "GET", "/v1/customers/cus_nope0000",
               key=stripe_env.secret_key)
    unauth = call(stripe_env.api_base, "GET", "/v1/customers")
    ids = [r.headers.get("Request-Id") for r in (ok, err, unauth)]
    assert all(i and i.startswith("req_") for i in ids)
    assert len(set(ids)) == 3


def test_cors_preflight_and_headers(stripe_env: StripeEnv) -> None:
    pre = call(stripe_env.api_base, "OPTIONS", "/v1/payment_methods", headers={
        "Origin": "https://owl.invalid", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type"})
    assert pre.status in (200, 204)
    assert pre.headers.get("Access-Control-Allow-Origin") == "*"
    allowed = (pre.headers.get("Access-Control-Allow-Headers") or "").lower()
    for header in ("authorization", "content-type", "idempotency-key", "stripe-version"):
        assert header in allowed
    normal = call(stripe_env.api_base, "GET", "/v1/customers", key=stripe_env.secret_key,
                  headers={"Origin": "https://owl.invalid"})
    assert normal.headers.get("Access-Control-Allow-Origin") == "*"


def test_unknown_url(stripe_env: StripeEnv) -> None:
    reply = call(stripe_env.api_base, "GET", "/v1/no_such_thing", key=stripe_env.secret_key)
    assert reply.status == 404
    assert reply.error["type"] == "invalid_request_error"
    assert "Unrecognized request URL" in reply.error["message"]


def test_error_shape(stripe_env: StripeEnv) -> None:
    reply = call(stripe_env.api_base, "POST", "/v1/setup_intents",
                 {"allowed_payment_method_types": ["card"], "usage": "never"},
                 key=stripe_env.secret_key)
    assert reply.status == 400
    err = reply.error
    assert err["type"] == "invalid_request_error"
    assert err["param"] == "usage"
    assert isinstance(err["message"], str)
    assert "request_log_url" in err


def test_missing_param(stripe_client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as info:
        stripe_client.v1.payment_methods.attach("pm_card_visa",
                                                params={})  # type: ignore[typeddict-item]
    assert info.value.code == "parameter_missing"
    assert info.value.param == "customer"
