"""Changes other processes commit to the shared database, within seconds.

Several processes write one database: desks, the client portal, a nightly autopay run. Each
commit journals which clients it changed (``store/change_journal_repo.py``); a ``ChangeWatcher``
polls that journal on its own thread (one cheap indexed query every ``interval_s``) and calls
``on_change`` with the clients changed elsewhere. The desk puts that on its change bus (the Qt
side marshals it onto the UI thread). Works the same on SQLite and PostgreSQL.

PostgreSQL hands out ids before commit, so a row with a lower id can become visible after a
higher one: the watcher re-reads a margin below the newest id it saw and skips rows it has
already seen, so no change is lost.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from owl_desktop.errors import UserFacingError
from owl_desktop.store.change_journal_repo import ORIGIN
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

POLL_INTERVAL_S = 2.0
# Ids below the newest seen that are read again (commits finishing out of id order).
REREAD_MARGIN = 200
KEEP_FOR = timedelta(days=1)


@dataclass(frozen=True)
class Changes:
    """What other processes changed since the last poll."""

    clients: frozenset[int]
    everything: bool  # a change not about one client (settings, a bulk import...)

    def __bool__(self) -> bool:
        return bool(self.clients) or self.everything


Listener = Callable[[Changes], None]


class ChangeWatcher:
    def __init__(self, uow: UnitOfWorkFactory, *, interval_s: float = POLL_INTERVAL_S,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._uow = uow
        self._interval_s = interval_s
        self._clock = clock
        self._listeners: list[Listener] = []
        self._newest: int | None = None
        self._seen: set[int] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_prune: datetime | None = None
        # Commits from this moment on are news (set again by ``start``).
        self._since = clock()

    def subscribe(self, listener: Listener) -> None:
        """``listener`` is called on the watcher's thread."""
        self._listeners.append(listener)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._since = self._clock()
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="owl-change-watch",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=5)

    def poll(self) -> Changes:
        """Read what other processes journaled since the last poll (the first poll only
        notes where the journal stands). Blocking: one short query."""
        with self._uow() as uow:
            first = self._newest is None
            if self._newest is None:
                self._newest = uow.change_journal.latest_id()
            rows = uow.change_journal.after(max(0, self._newest - REREAD_MARGIN))
        if first:  # what was journaled before we started is not news
            self._seen.update(row.id for row in rows if row.at < self._since)
        clients: set[int] = set()
        everything = False
        for row in rows:
            if row.id in self._seen:
                continue
            self._seen.add(row.id)
            if row.origin == ORIGIN:
                continue  # ours: announced to our views when it happened
            if row.client_id is None:
                everything = True
            else:
                clients.add(row.client_id)
        if rows:
            self._newest = max(self._newest, rows[-1].id)
        floor = self._newest - REREAD_MARGIN
        self._seen = {i for i in self._seen if i > floor}
        return Changes(frozenset(clients), everything)

    def _loop(self) -> None:
        wait = 0.0  # the first poll at once: it notes where the journal stands
        while not self._stop.wait(wait):
            wait = self._interval_s
            try:
                changes = self.poll()
                self._maybe_prune()
            except UserFacingError as error:  # the database is away for a moment
                log.info("change watch: %s", type(error).__name__)
                continue
            except Exception:
                log.exception("change watch failed")
                continue
            if changes:
                for listener in list(self._listeners):
                    listener(changes)

    def _maybe_prune(self) -> None:
        now = self._clock()
        if self._last_prune is not None and now - self._last_prune < timedelta(hours=1):
            return
        self._last_prune = now
        with self._uow() as uow:
            uow.change_journal.prune(now - KEEP_FOR)
            uow.commit()
