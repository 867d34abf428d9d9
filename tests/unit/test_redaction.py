"""The logging filter masks every kind of Stripe secret wherever it sits in a record."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from owl_desktop import redaction
from owl_desktop.logs import setup_logging
from owl_desktop.redaction import MASK, RedactingFilter, contains_secret, redact

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
