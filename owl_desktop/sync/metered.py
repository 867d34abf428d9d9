"""A gateway wrapper: counts calls, keeps under Stripe's rate limit, reports outcomes.

Why a wrapper: every Stripe call anywhere in the app is evidence of being online or not, and the
benchmarks need exact call counts. Throttling here (a token bucket shared by all threads) keeps a
full reconcile of a thousand customers under Stripe's test-mode limit of 25 requests per second
with headroom, instead of running into 429s and backing off.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any, cast

from owl_desktop.payments.errors import PaymentError
from owl_desktop.payments.gateway import PaymentGateway
from owl_desktop.sync.online import OnlineTracker

# Stripe's test mode allows 25 requests/s; live mode 100. Keep a margin for other desks.
DEFAULT_RATE_PER_S = 20.0


class RateLimiter:
    """Token bucket: ``rate`` calls per second on average, bursts up to ``burst``."""

    def __init__(self, rate: float, burst: float | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.rate = rate
        self.burst = burst if burst is not None else max(1.0, rate / 10)
        self._clock = clock
        self._sleep = sleep
        self._tokens = self.burst
        self._last = clock()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        while True:
            with self._lock:
                now = self._clock()
                self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
                self._last = now
                if self._tokens >= 1:
                    self._tokens -= 1
                    return
                wait = (1 - self._tokens) / self.rate
            self._sleep(wait)


class MeteredGateway:
    """Looks like the gateway it wraps (use :meth:`as_gateway` for the typed view)."""

    def __init__(self, inner: PaymentGateway, *, tracker: OnlineTracker | None = None,
                 rate_per_s: float | None = DEFAULT_RATE_PER_S,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.inner = inner
        self.tracker = tracker or OnlineTracker()
        self.limiter = RateLimiter(rate_per_s, sleep=sleep) if rate_per_s else None
        self._lock = threading.Lock()
        self.calls: Counter[str] = Counter()

    def as_gateway(self) -> PaymentGateway:
        return cast(PaymentGateway, self)

    @property
    def total_calls(self) -> int:
        with self._lock:
            return sum(self.calls.values())

    def reset_counts(self) -> None:
        with self._lock:
            self.calls.clear()

    def __getattr__(self, name: str) -> Any:
        target = getattr(self.inner, name)
        if not callable(target) or name.startswith("_"):
            return target

        @functools.wraps(target)
        def call(*args: Any, **kwargs: Any) -> Any:
            if self.limiter is not None:
                self.limiter.acquire()
            with self._lock:
                self.calls[name] += 1
            try:
                result = target(*args, **kwargs)
            except PaymentError as error:
                self.tracker.record_failure(error)
                raise
            self.tracker.record_success()
            return result

        return call
