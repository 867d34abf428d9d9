"""What a failed send means for the outbox: retry later, wait for the network, or stop and ask
staff — and the sentence they will read."""

from __future__ import annotations

import random
from dataclasses import dataclass

from owl_desktop.errors import DatabaseError, UserFacingError
from owl_desktop.payments.errors import PaymentError, RateLimited
from owl_desktop.sync.online import is_connection_failure

# Backoff for transient failures: 2 s, 4 s, 8 s ... capped at 5 minutes, with jitter so desks
# that went offline together don't come back in lockstep.
BACKOFF_BASE_S = 2.0
BACKOFF_CAP_S = 300.0


@dataclass(frozen=True)
class Failure:
    transient: bool
    offline: bool
    rate_limited: bool
    retry_after: float | None
    message: str
    hint: str
    code: str

    def as_text(self) -> str:
        """What goes into ``outbox.last_error``: the sentence, then what to do, on two lines."""
        return f"{self.message}\n{self.hint}" if self.hint else self.message


def classify(error: BaseException) -> Failure:
    if isinstance(error, PaymentError):
        retry_after = error.retry_after if isinstance(error, RateLimited) else None
        offline = is_connection_failure(error)
        hint = error.hint or _default_hint(error, offline)
        return Failure(transient=error.retryable, offline=offline,
                       rate_limited=isinstance(error, RateLimited), retry_after=retry_after,
                       message=error.message, hint=hint, code=error.code)
    if isinstance(error, DatabaseError):
        return Failure(transient=True, offline=False, rate_limited=False, retry_after=None,
                       message=error.message, hint=error.hint, code="database")
    if isinstance(error, UserFacingError):
        return Failure(transient=False, offline=False, rate_limited=False, retry_after=None,
                       message=error.message, hint=error.hint, code="error")
    return Failure(transient=False, offline=False, rate_limited=False, retry_after=None,
                   message="Owl Desktop hit an unexpected error while sending this change.",
                   hint="Try again. If it fails again, discard it and contact support "
                        "(the details are in the log).",
                   code="unexpected")


def _default_hint(error: PaymentError, offline: bool) -> str:
    if offline:
        return "It will be sent when the connection comes back."
    if error.retryable:
        return "It will be tried again shortly."
    if error.code in ("invalid_api_key", "permission_missing"):
        return "Check the Stripe key in Settings, then choose Retry."
    return ("Open the client to check their payment methods, then choose Retry, or Discard to "
            "keep what Stripe has.")


def backoff_delay(attempts: int, retry_after: float | None = None,
                  rng: random.Random | None = None) -> float:
    """Seconds to wait before attempt ``attempts + 1``; never sooner than ``Retry-After``."""
    rng = rng or random.Random()  # noqa: S311 - jitter, not crypto
    exp = min(BACKOFF_CAP_S, BACKOFF_BASE_S * float(2 ** min(max(0, attempts - 1), 20)))
    delay = exp * rng.uniform(0.5, 1.0)
    if retry_after is not None:
        delay = max(delay, float(retry_after))
    return delay
