"""stripe-python's exceptions to our ``PaymentError`` classes (``payments/errors.py``).

Why a module of its own: SDK exceptions must never leave the adapter, and Stripe's text must
never reach staff, the outbox or the log unmasked. Every Stripe call runs inside
:func:`translate`, which logs one line per failure (operation, error class, Stripe's code, HTTP
status, request id: never the key, a client secret or Stripe's raw error body, which can echo
parameters) and re-raises one of ours, with Stripe's sentences passed through ``redact``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import stripe

from owl_desktop.payments.errors import (
    AuthenticationRequired,
    CardDeclined,
    IdempotencyConflict,
    InvalidApiKey,
    PaymentError,
    PermissionMissing,
    RateLimited,
    StripeRequestError,
    StripeUnavailable,
)
from owl_desktop.payments.stripe.mapping import get_field, object_id
from owl_desktop.redaction import redact

log = logging.getLogger(__name__)

_PERMISSION = re.compile(r"'(rak_[a-z0-9_]+)'")


@contextmanager
def translate(operation: str) -> Iterator[None]:
    """Run a Stripe call; re-raise any SDK error as one of ours, logged without secrets."""
    try:
        yield
    except stripe.StripeError as error:
        ours = translate_error(error)
        log.warning("stripe %s failed: %s code=%s http_status=%s request_id=%s",
                    operation, type(ours).__name__, ours.stripe_code, ours.http_status,
                    ours.request_id,
                    extra={"stripe_operation": operation, "stripe_code": ours.stripe_code,
                           "http_status": ours.http_status, "request_id": ours.request_id})
        if isinstance(error, stripe.APIConnectionError):
            # No HTTP answer: what the network said (refused, reset, timed out) is the only
            # clue. Redacted like every message; it never holds the key (a header).
            log.warning("stripe %s network error: %s", operation,
                        redact(str(error)))
        raise ours from None


def _retry_after(headers: Mapping[str, str] | None) -> float | None:
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            try:
                return max(0.0, float(value))
            except ValueError:
                return None
    return None


def translate_error(error: stripe.StripeError) -> PaymentError:
    """Map stripe-python's exception classes to ours (see errors.py for what each means)."""
    body = error.error
    # Stripe's sentences become PaymentError.message, which is shown to staff, stored in
    # outbox.last_error and logged: a Stripe-compatible server (or Stripe itself, e.g. "Invalid
    # API Key provided: sk_live_…") may echo a key, a client secret or a number, so mask them here.
    user_message = _redacted(get_field(body, "user_message") if body is not None else None)
    message = _redacted(get_field(body, "message") if body is not None else None)
    stripe_code = error.code or (get_field(body, "code") if body is not None else None)
    ctx: dict[str, Any] = {
        "stripe_code": stripe_code, "http_status": error.http_status,
        "request_id": error.request_id,
        "detail": f"code={stripe_code} http_status={error.http_status} "
                  f"request_id={error.request_id}",
    }
    if isinstance(error, stripe.CardError):
        decline = get_field(body, "decline_code") if body is not None else None
        pi = get_field(body, "payment_intent") if body is not None else None
        pi_id = object_id(pi) if pi is not None else None
        text = user_message or message or "The card was declined."
        if stripe_code == "authentication_required" or decline == "authentication_required":
            return AuthenticationRequired(
                user_message or "The bank asks the cardholder to confirm this payment.",
                decline_code=decline, payment_intent_id=pi_id,
                hint="Ask the client to confirm the payment or use another method.", **ctx)
        return CardDeclined(text, decline_code=decline, payment_intent_id=pi_id,
                            hint="Ask the client for another payment method.", **ctx)
    if isinstance(error, stripe.RateLimitError):
        return RateLimited("Stripe is receiving too many requests right now.",
                           retry_after=_retry_after(error.headers),
                           hint="The app will try again shortly.", **ctx)
    if isinstance(error, stripe.APIConnectionError):
        return StripeUnavailable("Stripe can't be reached.",
                                 hint="Check the internet connection; the app will try again.",
                                 **ctx)
    if isinstance(error, stripe.AuthenticationError):
        return InvalidApiKey("Stripe refused the secret key: it is wrong, expired or revoked.",
                             hint="An administrator should reconnect Stripe in Settings.",
                             **ctx)
    if isinstance(error, stripe.PermissionError):
        permission = _PERMISSION.search(message or "")
        name = permission.group(1) if permission else None
        text = ("The Stripe key is missing a permission this action needs"
                + (f" ({name})." if name else "."))
        return PermissionMissing(text, permission=name,
                                 hint="An administrator should grant it to the restricted key.",
                                 **ctx)
    if isinstance(error, stripe.IdempotencyError):
        return IdempotencyConflict("Stripe refused a repeated request with different details.",
                                   param=None, **ctx)
    if isinstance(error, stripe.InvalidRequestError):
        return StripeRequestError(user_message or message or "Stripe refused the request.",
                                  param=error.param, **ctx)
    status = error.http_status or 0
    if isinstance(error, stripe.APIError) and (status >= 500 or status in (0, 409)):
        return StripeUnavailable("Stripe is having trouble right now.",
                                 hint="The app will try again shortly.", **ctx)
    return StripeRequestError(user_message or message or "Stripe refused the request.", **ctx)


def _redacted(text: object) -> str | None:
    """Stripe's error text with secrets and numbers masked; None when Stripe gave none."""
    return redact(str(text)) if text else None


def stripe_message(error: stripe.StripeError) -> str:
    """Stripe's own sentence for ``error``, masked ("" when it gave none)."""
    body = error.error
    return redact(str((get_field(body, "message") if body is not None else None) or ""))


def logged_error(operation: str, error: stripe.StripeError) -> PaymentError:
    """``translate_error`` with the same log line as ``translate``, for callers that must look
    at some SDK errors themselves before translating the rest."""
    ours = translate_error(error)
    log.warning("stripe %s failed: %s code=%s http_status=%s request_id=%s", operation,
                type(ours).__name__, ours.stripe_code, ours.http_status, ours.request_id)
    return ours
