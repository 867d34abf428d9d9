"""The app's own sentences for Stripe's decline and error codes (issue 11, item 13)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from owl_desktop.domain import decline_texts
from owl_desktop.domain.decline_texts import (
    DECLINE_TEXTS,
    ERROR_TEXTS,
    GENERIC_DECLINE,
    GENERIC_FAILURE,
    failure_text,
)

# Every decline code of https://docs.stripe.com/declines/codes (card decline codes).
DOCUMENTED_DECLINE_CODES = {
    "authentication_required", "authentication_not_handled", "approve_with_id", "call_issuer",
    "card_not_supported", "card_velocity_exceeded", "currency_not_supported", "do_not_honor",
    "do_not_try_again", "duplicate_transaction", "expired_card", "fraudulent",
    "generic_decline", "incorrect_address", "incorrect_cvc", "incorrect_number",
    "incorrect_pin", "incorrect_zip", "insufficient_funds", "invalid_account",
    "invalid_amount", "invalid_cvc", "invalid_expiry_month", "invalid_expiry_year",
    "invalid_number", "invalid_pin", "issuer_not_available", "lost_card", "merchant_blacklist",
    "new_account_information_available", "no_action_taken", "not_permitted",
    "offline_pin_required", "online_or_offline_pin_required", "pickup_card",
    "pin_try_exceeded", "processing_error", "reenter_transaction", "restricted_card",
    "revocation_of_all_authorizations", "revocation_of_authorization", "security_violation",
    "service_not_allowed", "stolen_card", "stop_payment_order", "testmode_decline",
    "transaction_not_allowed", "try_again_later", "withdrawal_count_limit_exceeded",
    "mobile_device_authentication_required",
}
# Error codes the add and charge flows meet (Stripe's API, Stripe.js, 3-D Secure).
FLOW_ERROR_CODES = {
    "card_declined", "authentication_required", "setup_intent_authentication_failure",
    "payment_intent_authentication_failure", "expired_card", "incorrect_cvc",
    "incorrect_number", "incorrect_zip", "invalid_cvc", "invalid_expiry_month",
    "invalid_expiry_year", "invalid_number", "processing_error", "incomplete_number",
    "incomplete_expiry", "incomplete_cvc", "invalid_expiry_year_past",
    "incomplete_payment_details", "setup_intent_unexpected_state",
}


def test_every_documented_decline_code_has_a_sentence_and_a_hint() -> None:
    assert set(DECLINE_TEXTS) >= DOCUMENTED_DECLINE_CODES
    for code in DOCUMENTED_DECLINE_CODES:
        text = failure_text("card_declined", code, "card_error")
        assert text is DECLINE_TEXTS[code]
        assert text.message
        assert text.hint


def test_every_flow_error_code_has_its_sentence() -> None:
    assert set(ERROR_TEXTS) >= FLOW_ERROR_CODES
    assert failure_text("setup_intent_authentication_failure",
                        error_type="invalid_request_error") is ERROR_TEXTS[
        "setup_intent_authentication_failure"]


@pytest.mark.parametrize(("code", "decline", "error_type", "expected"), [
    ("card_declined", "some_new_code", "card_error", GENERIC_DECLINE),
    ("card_declined", "", "card_error", GENERIC_DECLINE),
    ("", "", "card_error", GENERIC_DECLINE),
    ("something_new", "", "invalid_request_error", GENERIC_FAILURE),
    ("", "", "", GENERIC_FAILURE),
    ("", "", "rate_limit_error", ERROR_TEXTS["rate_limit"]),
    ("", "", "api_connection_error", ERROR_TEXTS["api_connection_error"]),
])
def test_unknown_codes_get_the_generic_sentence_of_their_kind(
        code: str, decline: str, error_type: str, expected: object) -> None:
    assert failure_text(code, decline, error_type) is expected


@pytest.mark.parametrize("code", ["fraudulent", "lost_card", "stolen_card",
                                  "merchant_blacklist"])
def test_suspected_fraud_is_not_said(code: str) -> None:
    """Stripe's advice: present these as a generic decline (the portal shows the cardholder)."""
    assert DECLINE_TEXTS[code] is GENERIC_DECLINE


def test_the_table_is_qt_free_and_every_sentence_is_marked_for_translation() -> None:
    source = Path(decline_texts.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom)}
    assert not any(name.startswith("PySide6") for name in imported)
    marked = {node.args[1].value for node in ast.walk(tree)
              if isinstance(node, ast.Call) and getattr(node.func, "id", "") ==
              "QT_TRANSLATE_NOOP" and isinstance(node.args[1], ast.Constant)}
    contexts = {node.args[0].value for node in ast.walk(tree)
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") ==
                "QT_TRANSLATE_NOOP" and isinstance(node.args[0], ast.Constant)}
    assert contexts == {decline_texts.CONTEXT}
    assert decline_texts.all_sentences() <= marked
