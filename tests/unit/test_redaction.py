"""The logging filter masks every kind of Stripe secret wherever it sits in a record."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from owl_desktop import redaction
from owl_desktop.logs import setup_logging
from owl_desktop.redaction import (
    ACCOUNT_MASK,
    CARD_MASK,
    MASK,
    RedactingFilter,
    contains_secret,
    redact,
)

SECRETS = {
    "secret_test": "sk_test_51CanaryAbcDEF0123456789xyz",
    "secret_live": "sk_live_51CanaryLiveKey9876543210",
    "restricted_test": "rk_test_51CanaryRestricted000111222",
    "restricted_live": "rk_live_51CanaryRestrictedLive333",
    "setup_intent_secret": "seti_1CanarySI_secret_CanaryClientSecretABC",
    "payment_intent_secret": "pi_3CanaryPI_secret_CanaryPaymentSecretXYZ",
    "webhook": "whsec_CanaryWebhookSigningSecret42",
}


@pytest.mark.parametrize("name", sorted(SECRETS))
def test_each_kind_is_masked_keeping_its_prefix(name: str) -> None:
    value = SECRETS[name]
    out = redact(f"before {value} after")
    assert value not in out
    assert MASK in out
    assert out.startswith("before ")
    assert out.endswith(" after")


def test_client_secret_keeps_the_intent_id_for_diagnosis() -> None:
    assert redact("seti_1CanarySI_secret_abc123") == f"seti_1CanarySI_secret_{MASK}"


def test_authorization_headers_are_masked() -> None:
    bearer = redact("Authorization: Bearer sometokenvalue123")
    basic = redact("authorization: basic c2tfdGVzdF9hYmM6cGFzc3dvcmQ=")
    assert "sometokenvalue123" not in bearer
    assert MASK in bearer
    assert "c2tfdGVzdF9hYmM6cGFzc3dvcmQ" not in basic
    assert MASK in basic


def test_publishable_keys_and_stripe_masked_keys_are_left_alone() -> None:
    text = ("pk_test_51PublicKeyIsFine and Invalid API Key provided: "
            "rk_test_*********************************qs8Kgd")
    assert redact(text) == text
    assert not contains_secret(text)


def _record(msg: str, args: tuple[object, ...] = (), exc: BaseException | None = None,
            stack: str | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    rec = logging.LogRecord("t", logging.ERROR, __file__, 1, msg, args, exc_info)
    rec.stack_info = stack
    return rec


def _formatted(rec: logging.LogRecord) -> str:
    RedactingFilter().filter(rec)
    return logging.Formatter("%(message)s").format(rec)


def test_message_args_exception_and_stack_are_all_masked() -> None:
    key = SECRETS["restricted_test"]
    client_secret = SECRETS["setup_intent_secret"]
    try:
        raise RuntimeError(f'{{"error": {{"message": "Invalid API Key provided: {key}"}}}}')
    except RuntimeError as exc:
        rec = _record("calling with %s and %r", (key, {"cs": client_secret}), exc,
                      stack=f"Stack (most recent call last):\n  secret={key}")
    text = _formatted(rec)
    assert key not in text
    assert client_secret not in text
    assert "RuntimeError" in text  # the traceback itself is kept
    assert text.count(MASK) >= 4
    assert rec.args == ()
    assert rec.exc_info is None


def test_already_rendered_exc_text_is_masked() -> None:
    rec = _record("failed")
    rec.exc_text = f"Traceback ...\nStripeError: key {SECRETS['secret_live']}"
    assert SECRETS["secret_live"] not in _formatted(rec)


def test_unformattable_record_does_not_leak_its_args() -> None:
    rec = _record("two placeholders %s %s", (SECRETS["secret_test"],))
    text = _formatted(rec)
    assert SECRETS["secret_test"] not in text
    assert "unformattable" in text


def test_install_is_idempotent() -> None:
    handler = logging.NullHandler()
    redaction.install(handler)
    redaction.install(handler)
    assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1


def test_setup_logging_masks_secrets_in_the_log_file(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    try:
        path = setup_logging(tmp_path / "logs")
        log = logging.getLogger("owl_desktop.test")
        log.warning("key %s", SECRETS["secret_test"])
        try:
            raise ValueError(SECRETS["payment_intent_secret"])
        except ValueError:
            log.exception("charge failed with %s", SECRETS["restricted_live"])
        for handler in root.handlers:
            handler.flush()
        written = path.read_text(encoding="utf-8")
    finally:
        for handler in list(root.handlers):
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
    assert "ValueError" in written
    for value in SECRETS.values():
        assert value not in written


# --- glued keys, Checkout secrets, card and bank account numbers ---

@pytest.mark.parametrize(("text", "planted"), [
    ("api_key_sk_live_51GluedToUnderscore", "51GluedToUnderscore"),
    ("2sk_live_51GluedToDigit", "51GluedToDigit"),
    ("Xrk_test_51GluedToLetter", "51GluedToLetter"),
    ("secretwhsec_GluedWebhookSecret", "GluedWebhookSecret"),
    ("cs_live_a1B2c3D4e5_secret_CheckoutSecretLive", "CheckoutSecretLive"),
    ("cs_test_a1B2c3D4e5_secret_CheckoutSecretTest", "CheckoutSecretTest"),
    ("url?secret=foo_bar_9Baz_secret_AnyPrefixSecret", "AnyPrefixSecret"),
    ("2seti_1Abc_secret_GluedClientSecret", "GluedClientSecret"),
    ("seti_NoDigitsButLongEnoughId_secret_LongIdSecret", "LongIdSecret"),
])
def test_secrets_glued_to_other_text_are_masked(text: str, planted: str) -> None:
    out = redact(text)
    assert planted not in out
    assert MASK in out


@pytest.mark.parametrize("number", [
    "4242424242424242", "4242 4242 4242 4242", "4000-0566-5566-5556", "378282246310005",
    "5555 5555 5555 4444", "6011111111111117", "3056930009020004", "4222222222222",
    "6200000000000005", "2223003122003222", "4000002500001001000",
])
def test_card_numbers_that_pass_luhn_are_masked(number: str) -> None:
    for text in (f"console: number {number} typed", f'{{"number":"{number}"}}',
                 f"card {number}.", number):
        out = redact(text)
        assert number not in out
        assert CARD_MASK in out


@pytest.mark.parametrize("text", [
    "4242424242424241 fails Luhn",
    "req_4242424242424242 pm_1N4242424242424242 cus_NffrFeUfNV2Hib seti_4242424242424242x",
    "created=1763804782 at 1763804782123 ms, ref 12:1763804782123456, ns 1763804782123456789",
    "amount=4242424242 cad on 2026-11-22 09:26:22,123 (2026-11-22T09:26:22Z)",
    "took 0.4242424242424242 s", "phone +1 514-555-0123, postal H2X 1Y4",
    "customer_create:12:1763804782123456:0 and setup:7:9f1c2e3d4b5a69788796a5b4c3d2e1f0",
    "account acct_1Nv0FGQ9RKHgCVdK has 12 clients; account number missing",
    "client_secret_missing", "pk_test_51PublicKeyIsFine", "test_no_secret_reaches_the_log",
    "def get_webhook_secret_value", "owl_client_secret_flag",
])
def test_ids_timestamps_amounts_and_dates_are_left_alone(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(("text", "planted"), [
    ("account_number=000123456789", "000123456789"),
    ('{"account_number": "00012345678", "institution_number": "000"}', "00012345678"),
    ("Account number: 1234567", "1234567"),
    ("acct no. 123-4567-89 refused", "123-4567-89"),
    ("cheque 12345-001-1234567 entered", "12345-001-1234567"),
    ("IBAN GB82 WEST 1234 5698 7654 32 given", "5698 7654"),
    ("iban=DE89370400440532013000", "DE89370400440532013000"),
])
def test_bank_account_numbers_in_recognisable_shapes_are_masked(text: str, planted: str) -> None:
    out = redact(text)
    assert planted not in out
    assert ACCOUNT_MASK in out


def test_an_iban_shape_with_a_wrong_check_is_left_alone() -> None:
    text = "code GB00WEST12345698765432"
    assert redact(text) == text


def test_a_console_message_logged_with_a_card_number_is_masked(tmp_path: Path) -> None:
    """What ui/web/page.py does with a frame's console message, through the real log setup."""
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    try:
        path = setup_logging(tmp_path / "logs")
        logging.getLogger("owl_desktop.ui.web.page").warning(
            "js console (%s:%d): %s", "https://js.stripe.com/v3/elements-inner-card.html", 1,
            "input value 4242 4242 4242 4242 exp 12/34 account_number=000123456789"[:500])
        for handler in root.handlers:
            handler.flush()
        written = path.read_text(encoding="utf-8")
    finally:
        for handler in list(root.handlers):
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
    assert "js console" in written
    assert "4242 4242 4242 4242" not in written
    assert "000123456789" not in written
