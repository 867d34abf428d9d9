"""What a failed send means for the outbox: retry later, wait for the network, or stop and ask
staff — and the sentence they will read.

Staff read these in their language: every sentence here has a stable code (``Failure.code``
for what failed, ``Failure.hint_code`` for what to do) that the UI maps to a translated
sentence (``ui/stripe_texts.py``). The English sentences are kept next to the codes in
``outbox.last_error`` (see :func:`encode` / :func:`decode`) for the log and as a fallback.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

from owl_desktop.errors import DatabaseError, UserFacingError
from owl_desktop.payments.errors import (
    CardDeclined,
    PaymentError,
    RateLimited,
    StripeUnavailable,
)

# Backoff for transient failures: 2 s, 4 s, 8 s ... capped at 5 minutes, with jitter so desks
# that went offline together don't come back in lockstep.
BACKOFF_BASE_S = 2.0
BACKOFF_CAP_S = 300.0

# What to do next, by code (the UI translates by these codes; English kept for the log).
HINT_WHEN_ONLINE = "when_online"
HINT_RETRY_SOON = "retry_soon"
HINT_CHECK_KEY = "check_key"
HINT_CHECK_CLIENT = "check_client"
HINT_CONTACT_SUPPORT = "contact_support"
HINTS: dict[str, str] = {
    HINT_WHEN_ONLINE: "It will be sent when the connection comes back.",
    HINT_RETRY_SOON: "It will be tried again shortly.",
    HINT_CHECK_KEY: "Check the Stripe key in Settings, then choose Retry.",
    HINT_CHECK_CLIENT: "Open the client to check their payment methods, then choose Retry, or "
                       "Discard to keep what Stripe has.",
    HINT_CONTACT_SUPPORT: "Try again. If it fails again, discard it and contact support "
                          "(the details are in the log).",
}
# What failed, for failures that aren't a PaymentError (those use PaymentError.code).
CODE_UNEXPECTED = "unexpected"
CODE_OFFLINE = "offline"  # a StripeUnavailable with no HTTP answer at all
UNEXPECTED_MESSAGE = "Owl Desktop hit an unexpected error while sending this change."


@dataclass(frozen=True)
class Failure:
    transient: bool
    offline: bool
    rate_limited: bool
    retry_after: float | None
    message: str
    hint: str
    code: str
    # What to do next as a code of HINTS; "" when ``hint`` is the error's own sentence.
    hint_code: str = ""
    # A decline's reason as Stripe codes it (``insufficient_funds``...): the UI says it in
    # the app's own words (``domain/decline_texts.py``), never Stripe's sentence.
    decline_code: str = ""

    def as_text(self) -> str:
        """What goes into ``outbox.last_error``: codes and sentences (:func:`encode`)."""
        return encode(self.code, self.message, self.hint_code, self.hint,
                      decline_code=self.decline_code)


def encode(code: str, message: str, hint_code: str, hint: str, *,
           decline_code: str = "") -> str:
    data = {"code": code, "message": message, "hint_code": hint_code, "hint": hint}
    if decline_code:
        data["decline_code"] = decline_code
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def decline_code_of(text: str) -> str:
    """The decline code kept in ``outbox.last_error`` by :func:`encode` ("" if none)."""
    if not text.startswith("{"):
        return ""
    try:
        data = json.loads(text)
    except ValueError:
        return ""
    return str(data.get("decline_code") or "") if isinstance(data, dict) else ""


def decode(text: str) -> tuple[str, str, str, str]:
    """(code, message, hint_code, hint) from ``outbox.last_error``; rows written before codes
    were stored ("message\nhint") come back with empty codes."""
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if isinstance(data, dict):
            return (str(data.get("code", "")), str(data.get("message", "")),
                    str(data.get("hint_code", "")), str(data.get("hint", "")))
    message, _, hint = text.partition("\n")
    return "", message, "", hint


def is_connection_failure(error: BaseException) -> bool:
    """No answer from Stripe at all (refused, dropped, timed out): the desk is offline."""
    return isinstance(error, StripeUnavailable) and error.offline


def classify(error: BaseException) -> Failure:
    if isinstance(error, PaymentError):
        retry_after = error.retry_after if isinstance(error, RateLimited) else None
        offline = is_connection_failure(error)
        hint_code = "" if error.hint else _default_hint(error, offline)
        return Failure(transient=error.retryable, offline=offline,
                       rate_limited=isinstance(error, RateLimited), retry_after=retry_after,
                       message=error.message, hint=error.hint or HINTS[hint_code],
                       code=CODE_OFFLINE if offline else error.code, hint_code=hint_code,
                       decline_code=(error.decline_code or "")
                       if isinstance(error, CardDeclined) else "")
    if isinstance(error, DatabaseError):
        return Failure(transient=True, offline=False, rate_limited=False, retry_after=None,
                       message=error.message, hint=error.hint, code="database")
    if isinstance(error, UserFacingError):
        return Failure(transient=False, offline=False, rate_limited=False, retry_after=None,
                       message=error.message, hint=error.hint, code="error")
    return Failure(transient=False, offline=False, rate_limited=False, retry_after=None,
                   message=UNEXPECTED_MESSAGE, hint=HINTS[HINT_CONTACT_SUPPORT],
                   code=CODE_UNEXPECTED, hint_code=HINT_CONTACT_SUPPORT)


def _default_hint(error: PaymentError, offline: bool) -> str:
    if offline:
        return HINT_WHEN_ONLINE
    if error.retryable:
        return HINT_RETRY_SOON
    if error.code in ("invalid_api_key", "permission_missing"):
        return HINT_CHECK_KEY
    return HINT_CHECK_CLIENT


def backoff_delay(attempts: int, retry_after: float | None = None,
                  rng: random.Random | None = None) -> float:
    """Seconds to wait before attempt ``attempts + 1``; never sooner than ``Retry-After``."""
    rng = rng or random.Random()  # noqa: S311 - jitter, not crypto
    exp = min(BACKOFF_CAP_S, BACKOFF_BASE_S * float(2 ** min(max(0, attempts - 1), 20)))
    delay = exp * rng.uniform(0.5, 1.0)
    if retry_after is not None:
        delay = max(delay, float(retry_after))
    return delay
