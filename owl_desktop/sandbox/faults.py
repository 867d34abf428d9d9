"""Fault injection: latency, 500s, 429s with Retry-After, refused or dropped connections.

Faults are global, or scoped to requests carrying ``X-Owl-Desk: <desk>`` so two app instances can
be cut off independently. A global ``refuse_connections`` closes the listening socket (clients get
"connection refused"); a scoped one can't know the desk before reading the request, so it drops the
connection without an answer instead.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

DESK_HEADER = "X-Owl-Desk"


@dataclass(frozen=True)
class FaultSettings:
    """One set of faults; rates are probabilities in [0, 1]."""

    latency_ms: int = 0
    error_500_rate: float = 0.0
    rate_limit_429_rate: float = 0.0
    retry_after_s: int = 1
    refuse_connections: bool = False
    drop_connections_rate: float = 0.0
    #: Requests per second allowed before answering 429, like Stripe's rate limiter (its test
    #: mode allows about 25 per second); 0 means no limit.
    rate_limit_rps: float = 0.0

    def any(self) -> bool:
        return self != FaultSettings()


_FIELDS = {f for f in FaultSettings.__dataclass_fields__}


class Faults:
    """Thread-safe fault settings; ``on_refuse_change`` lets the server close/reopen its socket."""

    def __init__(self, on_refuse_change: Callable[[bool], None] | None = None,
                 rng: random.Random | None = None) -> None:
        self._lock = threading.Lock()
        self._global = FaultSettings()
        self._scoped: dict[str, FaultSettings] = {}
        self._on_refuse_change = on_refuse_change
        self._rng = rng or random.Random()  # noqa: S311 - fault dice, not crypto
        self._buckets: dict[str, tuple[float, float]] = {}  # scope -> (tokens, last time)

    def set(self, *, desk: str | None = None, **settings: Any) -> None:
        """Change some settings (others keep their value). ``desk`` scopes them to one desk."""
        unknown = set(settings) - _FIELDS
        if unknown:
            raise ValueError(f"unknown fault settings: {sorted(unknown)}")
        coerced = _coerce(settings)
        with self._lock:
            if desk:
                self._scoped[desk] = replace(self._scoped.get(desk, FaultSettings()), **coerced)
                return
            before = self._global.refuse_connections
            self._global = replace(self._global, **coerced)
            after = self._global.refuse_connections
        if before != after and self._on_refuse_change is not None:
            self._on_refuse_change(after)

    def clear(self, desk: str | None = None) -> None:
        """Remove faults: one desk's, or (no desk) every fault."""
        with self._lock:
            if desk:
                self._scoped.pop(desk, None)
                return
            before = self._global.refuse_connections
            self._global = FaultSettings()
            self._scoped.clear()
            self._buckets.clear()
        if before and self._on_refuse_change is not None:
            self._on_refuse_change(False)

    def for_request(self, desk: str | None) -> FaultSettings:
        with self._lock:
            if desk and desk in self._scoped:
                return self._scoped[desk]
            return self._global

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {"global": asdict(self._global),
                    "desks": {k: asdict(v) for k, v in self._scoped.items()}}

    def over_rate_limit(self, desk: str | None, rps: float) -> bool:
        """Token bucket: True when this request exceeds ``rps``. A desk with its own faults has
        its own bucket; everyone else shares the account-wide one, as Stripe counts."""
        if rps <= 0:
            return False
        now = time.monotonic()
        with self._lock:
            key = desk if desk and desk in self._scoped else ""
            tokens, last = self._buckets.get(key, (rps, now))
            tokens = min(rps, tokens + (now - last) * rps)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                return True
            self._buckets[key] = (tokens - 1, now)
            return False

    def roll(self, rate: float) -> bool:
        if rate <= 0:
            return False
        with self._lock:
            return self._rng.random() < rate


def _coerce(settings: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in settings.items():
        if name == "refuse_connections":
            out[name] = value in (True, "true", "1", 1, "yes", "on")
        elif name in ("latency_ms", "retry_after_s"):
            out[name] = int(value)
        elif name == "rate_limit_rps":
            out[name] = max(0.0, float(value))
        else:
            rate = float(value)
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
            out[name] = rate
    return out
