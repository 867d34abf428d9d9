# ruff: noqa: N818 - names read as what happened (CardDeclined), like the UI's codes
"""Stripe failures as errors staff can read, and the sync worker can act on.

Every class has a stable ``code`` the UI maps to a translated sentence (the English ``message``
is the fallback and Stripe's own ``user_message`` when it gave one), and a ``retryable`` flag:
true means "the same request, with the same idempotency key, may succeed later" (network,
5xx, 429); false means retrying would fail the same way and a person must act.

Nothing here holds a key or a client secret: ``detail`` carries only the request id, HTTP
status and Stripe's error code, for the log.
"""

from __future__ import annotations

from typing import TypedDict

from typing_extensions import Unpack

from owl_desktop.errors import UserFacingError


class ErrorContext(TypedDict, total=False):
    """What every payment error may carry besides its message (all of it log-safe)."""

    hint: str
    detail: str
    stripe_code: str | None
    http_status: int | None
    request_id: str | None


class PaymentError(UserFacingError):
    """Base of every error the gateway raises."""

    code = "payment_error"
    retryable = False

    def __init__(self, message: str, **context: Unpack[ErrorContext]) -> None:
        super().__init__(message, hint=context.get("hint", ""),
                         detail=context.get("detail", ""))
        self.stripe_code = context.get("stripe_code")
        self.http_status = context.get("http_status")
        self.request_id = context.get("request_id")


class CardDeclined(PaymentError):
    """The bank said no. ``message`` is Stripe's sentence (e.g. "Your card was declined.")."""

    code = "card_declined"

    def __init__(self, message: str, *, decline_code: str | None = None,
                 payment_intent_id: str | None = None, **kw: Unpack[ErrorContext]) -> None:
        super().__init__(message, **kw)
        self.decline_code = decline_code
        self.payment_intent_id = payment_intent_id


class AuthenticationRequired(CardDeclined):
    """The bank wants the cardholder to authenticate (3-D Secure): not possible off-session."""

    code = "authentication_required"


class RateLimited(PaymentError):
    """Too many requests; ``retry_after`` is Stripe's ``Retry-After`` in seconds, if sent."""

    code = "rate_limited"
    retryable = True

    def __init__(self, message: str, *, retry_after: float | None = None,
                 **kw: Unpack[ErrorContext]) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class StripeUnavailable(PaymentError):
    """No answer, a timeout, or a server error (5xx, 409 lock conflicts): try again later."""

    code = "stripe_unavailable"
    retryable = True

    @property
    def offline(self) -> bool:
        """No HTTP answer at all (refused, dropped, timed out): the desk looks offline."""
        return self.http_status is None


class InvalidApiKey(PaymentError):
    """The secret key is wrong, expired or revoked."""

    code = "invalid_api_key"


class PermissionMissing(PaymentError):
    """A restricted key lacks a permission; ``permission`` names it when Stripe says which."""

    code = "permission_missing"

    def __init__(self, message: str, *, permission: str | None = None,
                 **kw: Unpack[ErrorContext]) -> None:
        super().__init__(message, **kw)
        self.permission = permission


class StripeRequestError(PaymentError):
    """Stripe refused the request as such (400/404): a bug, or an object gone elsewhere.

    ``stripe_code`` (e.g. ``resource_missing``) and ``param`` say what Stripe objected to.
    """

    code = "stripe_request_error"

    def __init__(self, message: str, *, param: str | None = None,
                 **kw: Unpack[ErrorContext]) -> None:
        super().__init__(message, **kw)
        self.param = param

    @property
    def is_missing(self) -> bool:
        """The object named doesn't exist (deleted or detached elsewhere)."""
        return self.stripe_code == "resource_missing"


class IdempotencyConflict(StripeRequestError):
    """An idempotency key was reused with different parameters: a bug on our side."""

    code = "idempotency_conflict"


class EventCursorExpired(StripeRequestError):
    """The event the sync cursor points at is gone (older than Stripe's 30 days)."""

    code = "event_cursor_expired"
