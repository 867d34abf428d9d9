"""Fault injection: latency, 500s (before or after the request took effect), 429s with
Retry-After, refused or dropped connections, and customer search lagging behind writes.

Faults are global, or scoped to requests carrying ``X-Owl-Desk: <desk>`` so two app instances can
be cut off independently. A global ``refuse_connections`` closes the listening socket (clients get
"connection refused"); a scoped one can't know the desk before reading the request, so it drops the
connection without an answer instead.

Reproducible from a seed: with ``seed`` set (``Faults(seed=...)``, ``set(seed=...)``, the control
socket's ``{"seed": N}``, or ``--fault-seed``), every random decision comes from dice seeded by
the seed and the desk (one sequence per ``X-Owl-Desk`` name, one for requests without), so the
same requests from a desk meet the same faults on every run, whatever other desks do at the same
time. Setting the seed again restarts the sequences; ``clear()`` goes back to the seed the
sandbox started with.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

DESK_HEADER = "X-Owl-Desk"
MAX_SEARCH_LAG_S = 3600.0
Seed = int | str


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
    #: Probability that a request takes effect (and its result is saved for its idempotency
    #: key) but its answer is a 500, as when Stripe's answer is lost after it executed.
    executed_500_rate: float = 0.0
    #: Customer search sees customers as they were this many seconds ago (sandbox clock), as
    #: Stripe's search index lags behind writes ("under 1 minute" normally, more in outages);
    #: retrieve and list stay current. At most :data:`MAX_SEARCH_LAG_S`.
    search_lag_s: float = 0.0

    def any(self) -> bool:
        return self != FaultSettings()


_FIELDS = {f for f in FaultSettings.__dataclass_fields__}


class Faults:
    """Thread-safe fault settings; ``on_refuse_change`` lets the server close/reopen its socket."""

    def __init__(self, on_refuse_change: Callable[[bool], None] | None = None,
                 seed: Seed | None = None) -> None:
        self._lock = threading.Lock()
        self._global = FaultSettings()
        self._scoped: dict[str, FaultSettings] = {}
        self._on_refuse_change = on_refuse_change
        self._initial_seed = seed
        self._seed = seed
        self._dice: dict[str, random.Random] = {}  # per desk ("" for requests without one)
        self._buckets: dict[str, tuple[float, float]] = {}  # scope -> (tokens, last time)

    def set(self, *, desk: str | None = None, seed: Seed | None = None,
            **settings: Any) -> None:
        """Change some settings (others keep their value). ``desk`` scopes them to one desk;
        ``seed`` makes every random decision from now on reproducible (see the module)."""
        unknown = set(settings) - _FIELDS
        if unknown:
            raise ValueError(f"unknown fault settings: {sorted(unknown)}")
        coerced = _coerce(settings)
        if (seed is not None and not isinstance(seed, int | str)) or isinstance(seed, bool):
            raise ValueError("seed must be an integer or a string")
        with self._lock:
            if seed is not None:
                self._seed = seed
                self._dice.clear()
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
            self._seed = self._initial_seed
            self._dice.clear()
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
                    "desks": {k: asdict(v) for k, v in self._scoped.items()},
                    "seed": self._seed}

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

    def roll(self, rate: float, desk: str | None = None) -> bool:
        """True with probability ``rate``, from ``desk``'s dice."""
        if rate <= 0:
            return False
        with self._lock:
            scope = desk or ""
            dice = self._dice.get(scope)
            if dice is None:
                # Seeded from text (sha512 inside ``random``): the same on every run and machine.
                dice = random.Random(f"{self._seed}|{scope}") if self._seed is not None \
                    else random.Random()  # noqa: S311 - fault dice, not crypto
                self._dice[scope] = dice
            return dice.random() < rate


def _coerce(settings: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in settings.items():
        if name == "refuse_connections":
            out[name] = value in (True, "true", "1", 1, "yes", "on")
        elif name in ("latency_ms", "retry_after_s"):
            out[name] = int(value)
        elif name == "rate_limit_rps":
            out[name] = max(0.0, float(value))
        elif name == "search_lag_s":
            lag = float(value)
            if not 0.0 <= lag <= MAX_SEARCH_LAG_S:
                raise ValueError(f"search_lag_s must be between 0 and {MAX_SEARCH_LAG_S:g}")
            out[name] = lag
        else:
            rate = float(value)
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
            out[name] = rate
    return out
