"""stripe-python's exceptions, built as its requestor builds them, mapped to ours."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
import stripe

from owl_desktop.errors import UserFacingError
from owl_desktop.payments import errors as pe
from owl_desktop.payments.stripe.errors import translate, translate_error

HEADERS = {"request-id": "req_123"}


def body(**error: Any) -> dict[str, Any]:
    return {"error": error}


def card_error(**error: Any) -> stripe.CardError:
    js = body(type="card_error", **error)
    return stripe.CardError(error.get("message"), error.get("param"), error.get("code"),
                            json.dumps(js), 402, js, HEADERS)


def test_card_declined_carries_stripes_sentence_and_decline_code() -> None:
    err = translate_error(card_error(code="card_declined", decline_code="insufficient_funds",
                                     message="Your card has insufficient funds.",
                                     payment_intent={"id": "pi_1", "object": "payment_intent"}))
    assert type(err) is pe.CardDeclined
    assert isinstance(err, UserFacingError)
    assert err.message == "Your card has insufficient funds."
    assert (err.decline_code, err.payment_intent_id, err.request_id) == (
        "insufficient_funds", "pi_1", "req_123")
    assert (err.code, err.retryable, err.http_status) == ("card_declined", False, 402)


def test_user_message_wins_over_message() -> None:
    err = translate_error(card_error(code="card_declined", message="raw",
                                     user_message="Please use another card."))
    assert err.message == "Please use another card."


def test_authentication_required() -> None:
    err = translate_error(card_error(code="authentication_required",
                                     decline_code="authentication_required",
                                     message="Your card requires authentication."))
    assert isinstance(err, pe.AuthenticationRequired)
    assert err.code == "authentication_required"


def test_rate_limited_reads_retry_after() -> None:
    js = body(type="invalid_request_error", code="rate_limit", message="Too many requests")
    error = stripe.RateLimitError("Too many requests", json.dumps(js), 429, js,
                                  {"request-id": "req_9", "Retry-After": "3"})
    err = translate_error(error)
    assert isinstance(err, pe.RateLimited)
    assert err.retryable
    assert (err.retry_after, err.request_id) == (3.0, "req_9")


def test_rate_limited_without_header() -> None:
    err = translate_error(stripe.RateLimitError("slow down", None, 429, None, {}))
    assert isinstance(err, pe.RateLimited)
    assert err.retry_after is None


def test_connection_error_and_5xx_are_unavailable_and_retryable() -> None:
    conn = translate_error(stripe.APIConnectionError("Network error", should_retry=True))
    assert isinstance(conn, pe.StripeUnavailable)
    assert conn.retryable
    js = body(type="api_error", message="boom")
    server = translate_error(stripe.APIError("boom", json.dumps(js), 500, js, HEADERS))
    assert isinstance(server, pe.StripeUnavailable)
    assert server.http_status == 500
    lock = translate_error(stripe.APIError("lock", None, 409, body(type="invalid_request_error",
                                                                  code="lock_timeout"), {}))
    assert isinstance(lock, pe.StripeUnavailable)


def test_bad_key() -> None:
    msg = "Invalid API Key provided: sk_test_********1234"
    err = translate_error(stripe.AuthenticationError(msg, None, 401,
                                                     body(type="invalid_request_error",
                                                          message=msg), HEADERS))
    assert isinstance(err, pe.InvalidApiKey)
    assert not err.retryable
    assert "sk_test" not in err.message
    assert "sk_test" not in err.detail


def test_permission_missing_names_the_permission() -> None:
    msg = ("The provided key 'rk_test_***abcd' does not have the required permissions for this "
           "endpoint on account 'acct_1'. Having the 'rak_customer_write' permission would allow "
           "this request to continue.")
    err = translate_error(stripe.PermissionError(msg, None, 403,
                                                 body(type="invalid_request_error",
                                                      message=msg), HEADERS))
    assert isinstance(err, pe.PermissionMissing)
    assert err.permission == "rak_customer_write"
    assert "rak_customer_write" in err.message
    assert "rk_test" not in err.message


def test_invalid_request_keeps_code_and_param() -> None:
    js = body(type="invalid_request_error", code="resource_missing", param="id",
              message="No such customer: 'cus_x'")
    err = translate_error(stripe.InvalidRequestError(js["error"]["message"], "id",
                                                     "resource_missing", json.dumps(js), 404,
                                                     js, HEADERS))
    assert isinstance(err, pe.StripeRequestError)
    assert err.is_missing
    assert (err.param, err.stripe_code, err.retryable) == ("id", "resource_missing", False)


def test_idempotency_error() -> None:
    js = body(type="idempotency_error", message="Keys for idempotent requests ...")
    err = translate_error(stripe.IdempotencyError(js["error"]["message"], None, 400, js, {}))
    assert isinstance(err, pe.IdempotencyConflict)
    assert not err.retryable


def test_every_class_has_a_distinct_stable_code() -> None:
    classes = [pe.PaymentError, pe.CardDeclined, pe.AuthenticationRequired, pe.RateLimited,
               pe.StripeUnavailable, pe.InvalidApiKey, pe.PermissionMissing,
               pe.StripeRequestError, pe.IdempotencyConflict, pe.EventCursorExpired]
    assert len({c.code for c in classes}) == len(classes)


def test_translate_logs_ids_not_secrets(caplog: pytest.LogCaptureFixture) -> None:
    msg = "Invalid API Key provided: sk_test_abcdefgh12345678"
    with (caplog.at_level(logging.WARNING), pytest.raises(pe.InvalidApiKey),
          translate("create_customer")):
        raise stripe.AuthenticationError(msg, None, 401, body(message=msg), HEADERS)
    record = caplog.records[-1]
    assert "req_123" in record.getMessage()
    assert "create_customer" in record.getMessage()
    assert "sk_test" not in caplog.text
    assert record.__dict__["request_id"] == "req_123"


def test_stripes_error_text_is_redacted_before_it_becomes_our_message() -> None:
    """PaymentError.message goes to staff, outbox.last_error and the log: never a secret."""
    key = "sk_live_51PlantedKeyInAnErrorBody0099"
    client_secret = "seti_1Planted_secret_PlantedClientSecret42"
    card = "4000 0566 5566 5556"
    raw = f"No such setupintent: '{client_secret}' (key {key}) card {card}"
    js = body(type="invalid_request_error", message=raw, user_message=f"Again: {key}")
    request = translate_error(stripe.InvalidRequestError(raw, "x", "resource_missing",
                                                         json.dumps(js), 400, js, HEADERS))
    js_raw = body(type="invalid_request_error", message=raw)
    plain = translate_error(stripe.InvalidRequestError(raw, None, None, json.dumps(js_raw), 400,
                                                       js_raw, HEADERS))
    declined = translate_error(card_error(code="card_declined", message=raw))
    for err in (request, plain, declined):
        text = f"{err.message} {err.hint} {err.detail} {err}"
        for planted in (key, client_secret, card, "PlantedClientSecret42"):
            assert planted not in text
    assert "No such setupintent: 'seti_1Planted_secret_" in plain.message
    assert request.message.startswith("Again: sk_live_")
