"""Progress reports from a sync run, for a status bar or a benchmark."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SENDING = "sending"  # draining the outbox
EVENTS = "events"  # reading Stripe's events and applying them
FULL = "full"  # reconciling every linked client


@dataclass(frozen=True)
class SyncProgress:
    phase: str
    done: int
    total: int | None = None  # None: not known (events still being read)


ProgressCallback = Callable[[SyncProgress], None]


def no_progress(_: SyncProgress) -> None:
    return None
