"""Draining the outbox: queued local changes go to Stripe in order, per client.

Ordering: entries are drained in id order *per client*; a client's later entries wait for its
earlier ones, and a permanently failed entry waits for staff to retry or discard it (it is
never dropped silently), with the changes that depend on it; the client's unrelated changes
carry on (``OutboxRepository.heads``). Sending one entry, exactly once, is the core's
``OutboxSender`` (the add flow uses it too, for a customer creation it needs at once).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from owl_desktop.core.failures import Failure, backoff_delay
from owl_desktop.core.outbox_sender import OutboxSender
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)


@dataclass
class DrainResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    offline: bool = False
    rate_limited: bool = False
    errors: list[str] = field(default_factory=list)
    # Clients whose local data or pending state changed (sent, retried or failed entries).
    clients: set[int] = field(default_factory=set)


class OutboxDrainer:
    def __init__(self, uow: UnitOfWorkFactory, sender: OutboxSender, *,
                 clock: Callable[[], datetime], rng: random.Random | None = None) -> None:
        self._uow = uow
        self._sender = sender
        self._clock = clock
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not crypto
        # After a 429, Stripe's Retry-After holds for every request, not just the one refused.
        self.paused_until: datetime | None = None

    def pause(self, seconds: float) -> None:
        until = self._clock() + timedelta(seconds=seconds)
        if self.paused_until is None or until > self.paused_until:
            self.paused_until = until

    def pause_remaining(self) -> float:
        if self.paused_until is None:
            return 0.0
        return max(0.0, (self.paused_until - self._clock()).total_seconds())

    def drain(self, *, should_stop: Callable[[], bool] = lambda: False,
              on_sent: Callable[[int], None] | None = None) -> DrainResult:
        """Send every entry that may go now. Stops early when offline or rate limited."""
        result = DrainResult()
        tried: set[int] = set()
        while not should_stop():
            with self._uow() as uow:
                heads = [e for e in uow.outbox.heads(self._clock()) if e.id not in tried]
            if not heads:
                break
            for head in heads:
                if should_stop():
                    break
                tried.add(head.id)
                outcome = self._sender.send(head.id)
                if outcome is None:
                    continue  # another desk or thread has it
                if head.client_id is not None:
                    result.clients.add(head.client_id)
                if not isinstance(outcome, Failure):
                    result.sent += 1
                    if on_sent is not None:
                        on_sent(result.sent)
                    continue
                failure = outcome
                result.errors.append(failure.message)
                if failure.transient:
                    result.retried += 1
                else:
                    result.failed += 1
                if failure.rate_limited:
                    self.pause(failure.retry_after or backoff_delay(1, None, self._rng))
                if failure.offline or failure.rate_limited:
                    result.offline = failure.offline
                    result.rate_limited = failure.rate_limited
                    return result
        return result
