"""One holder at a time for an exclusive job, across every process and machine sharing the
database (``store/leases_repo.py``). The holder renews its lease from a heartbeat thread while
it works; a holder that dies stops renewing, and its lease expires after ``ttl``, so a
crashed run can't block the next one for longer than that.

    with Lease.take(uow_factory, "autopay", clock) as lease:   # None: someone else has it
        ...
        if lease.lost: stop
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from datetime import timedelta
from types import TracebackType

from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.store.leases_repo import Lease
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

DEFAULT_TTL = timedelta(seconds=60)


def holder_name() -> str:
    """Which process holds a lease: host, process id, and a random part (pids are reused)."""
    return f"{socket.gethostname()[:100]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class HeldLease:
    """A lease this process holds until ``release`` (or the end of its ``with``)."""

    def __init__(self, uow: UnitOfWorkFactory, name: str, holder: str, clock: Clock,
                 ttl: timedelta) -> None:
        self._uow = uow
        self.name = name
        self.holder = holder
        self._clock = clock
        self._ttl = ttl
        self._stop = threading.Event()
        self._lost = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"lease-{name}", daemon=True)
        self._thread.start()

    @property
    def lost(self) -> bool:
        """True once a renewal found the lease expired and taken: stop working."""
        return self._lost.is_set()

    def renew(self) -> bool:
        try:
            with self._uow(write=True) as uow:
                kept = uow.leases.renew(self.name, self.holder, self._clock(), self._ttl)
                uow.commit()
        except Exception:  # a database hiccup: the next beat tries again
            log.warning("lease %s: renewal failed", self.name, exc_info=True)
            return True
        if not kept:
            log.warning("lease %s: lost (expired and taken by another process)", self.name)
            self._lost.set()
        return kept

    def _beat(self) -> None:
        period = max(0.05, self._ttl.total_seconds() / 4)
        while not self._stop.wait(period):
            if not self.renew():
                return

    def release(self) -> None:
        self._stop.set()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        with self._uow(write=True) as uow:
            uow.leases.release(self.name, self.holder)
            uow.commit()

    def __enter__(self) -> HeldLease:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


def take(uow: UnitOfWorkFactory, name: str, clock: Clock = utc_now,
         ttl: timedelta = DEFAULT_TTL, holder: str | None = None) -> HeldLease | None:
    """The lease if it is free (or expired): held and renewed until released; else None."""
    holder = holder or holder_name()
    with uow(write=True) as work:
        taken = work.leases.acquire(name, holder, clock(), ttl)
        work.commit()
    if not taken:
        return None
    log.info("lease %s taken by %s", name, holder)
    return HeldLease(uow, name, holder, clock, ttl)


def current(uow: UnitOfWorkFactory, name: str) -> Lease | None:
    with uow() as work:
        return work.leases.get(name)
