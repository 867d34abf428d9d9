"""Online or offline, judged from the outcomes of real calls rather than a separate ping.

Why: a desk's network can drop at any moment; the freshest evidence is the last call we made.
A connection failure (no HTTP answer at all) means offline; any HTTP answer, even an error,
means Stripe is reachable. While offline the engine sends one cheap probe per run.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable

from owl_desktop.core.failures import is_connection_failure


class OnlineState(enum.Enum):
    UNKNOWN = "unknown"
    ONLINE = "online"
    OFFLINE = "offline"


Listener = Callable[[OnlineState, OnlineState], None]


class OnlineTracker:
    """Thread-safe; listeners get ``(old, new)`` on every change, on the reporting thread."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._state = OnlineState.UNKNOWN
        self._since = clock()
        self._last_error = ""
        self._listeners: list[Listener] = []

    @property
    def state(self) -> OnlineState:
        with self._lock:
            return self._state

    @property
    def is_offline(self) -> bool:
        return self.state is OnlineState.OFFLINE

    @property
    def last_error(self) -> str:
        with self._lock:
            return self._last_error

    def seconds_in_state(self) -> float:
        with self._lock:
            return self._clock() - self._since

    def subscribe(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def record_success(self) -> None:
        self._move(OnlineState.ONLINE, "")

    def record_failure(self, error: BaseException) -> None:
        """Only a connection failure changes the state; an HTTP error proves we're online."""
        if is_connection_failure(error):
            self._move(OnlineState.OFFLINE, str(error))
        else:
            self._move(OnlineState.ONLINE, "")

    def _move(self, new: OnlineState, error: str) -> None:
        with self._lock:
            old = self._state
            self._last_error = error
            if old is new:
                return
            self._state = new
            self._since = self._clock()
            listeners = list(self._listeners)
        for listener in listeners:
            listener(old, new)
