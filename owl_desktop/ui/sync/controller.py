"""Runs the sync engine in the background and tells the main thread what happened.

Why a controller: the engine blocks on the network; the UI must never wait on it. Every engine
call (a run, the status counts, a retry or discard) goes to a one-thread pool of its own, so a
long full reconcile never holds up the UI's other background tasks, and at most one sync runs
at a time. Results come back as signals on the main thread.

When it runs: at start, then on a timer (sooner while changes wait on a backoff, a cheap probe
every ``offline_interval_s`` while offline), on *Sync now*, and at once when calls start
succeeding again after being offline (the outbox then drains by itself).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from owl_desktop.sync.engine import SyncEngine, SyncStatus, SyncSummary
from owl_desktop.sync.online import OnlineState
from owl_desktop.sync.progress import SyncProgress
from owl_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 60.0
DEFAULT_OFFLINE_INTERVAL_S = 10.0
_RUN_KEY = "sync-run"


class SyncController(QObject):
    """Signals (all delivered on the main thread):

    - ``status_changed(SyncStatus)``: online state and counts changed (after every run and
      every retry/discard, and when the online state flips).
    - ``run_started()`` / ``run_finished(SyncSummary)``: a sync run began / ended.
    - ``progress(SyncProgress)``: during a run.
    - ``problems_loaded(list[SyncProblem])``: answer to :meth:`load_problems`.
    - ``action_failed(BaseException)``: a retry/discard/problem load failed (database).
    - ``data_changed(list[int])``: a run changed local data (changes sent, failed, or pulled
      from elsewhere); the list names the client ids when known, empty means "any client".
      Views showing a client's data reload on it (added for the Payment Methods section).
    """

    status_changed = Signal(object)
    run_started = Signal()
    run_finished = Signal(object)
    progress = Signal(object)
    problems_loaded = Signal(list)
    action_failed = Signal(object)
    data_changed = Signal(list)
    _online_flipped = Signal(object, object)  # from any thread; handled on ours

    def __init__(self, engine: SyncEngine, *, interval_s: float = DEFAULT_INTERVAL_S,
                 offline_interval_s: float = DEFAULT_OFFLINE_INTERVAL_S,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.interval_s = interval_s
        self.offline_interval_s = offline_interval_s
        self._tasks = TaskRunner(self, max_threads=1)
        self._stop = threading.Event()
        self._running = False
        self._again = False
        self._again_full = False
        self.last_status: SyncStatus | None = None
        self.last_summary: SyncSummary | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer)
        self._online_flipped.connect(self._on_online_flipped,
                                     Qt.ConnectionType.QueuedConnection)
        self._listener = self._online_flipped.emit
        engine.tracker.subscribe(self._listener)

    # Public API ---------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        """First status read and first run; then the timer takes over."""
        if self._stop.is_set():  # restarted after stop(): a dropped run never reported back
            self._running = False
            self.engine.tracker.unsubscribe(self._listener)
            self.engine.tracker.subscribe(self._listener)
        self._stop.clear()
        self.refresh_status()
        self.sync_now()

    def stop(self, wait_ms: int = 10_000) -> None:
        """Stop the timer, ask a running sync to stop at its next step, wait for it."""
        self._timer.stop()
        self._stop.set()
        self.engine.tracker.unsubscribe(self._listener)
        self._tasks.cancel(_RUN_KEY)
        self._tasks.wait_for_done(wait_ms)

    def set_engine(self, engine: SyncEngine, *, start: bool = True) -> None:
        """Sync with another engine from now on (Stripe was connected to other keys): stop
        the current one (waiting for a run under way), forget its state, start the new one."""
        self.stop()
        self.engine = engine
        self._running = False  # a run stopped above may never report back (result dropped)
        self._again = self._again_full = False
        self.last_status = None
        self.last_summary = None
        self._listener = self._online_flipped.emit
        engine.tracker.subscribe(self._listener)
        if start:
            self.start()

    def sync_now(self, *, full: bool = False) -> None:
        """Run a sync at once (or right after the one under way)."""
        if self._stop.is_set():
            return
        if self._running:
            self._again = True
            self._again_full = self._again_full or full
            return
        self._timer.stop()
        self._running = True
        self.run_started.emit()

        def work() -> SyncSummary:
            return self.engine.run_once(self._report_progress, force_full=full,
                                        should_stop=self._stop.is_set)

        self._tasks.run(work, on_success=self._on_run_done, on_failure=self._on_run_failed,
                        key=_RUN_KEY)

    def refresh_status(self) -> None:
        self._tasks.run(self.engine.status, on_success=self._on_status,
                        on_failure=self.action_failed.emit)

    def load_problems(self) -> None:
        self._tasks.run(self.engine.problems, on_success=self.problems_loaded.emit,
                        on_failure=self.action_failed.emit)

    def retry_problem(self, entry_id: int) -> None:
        """Put a failed change back in the queue, then sync."""
        def work() -> None:
            self.engine.retry_problem(entry_id)

        self._tasks.run(work, on_success=self._after_problem_action,
                        on_failure=self.action_failed.emit)

    def discard_problem(self, entry_id: int) -> None:
        """Give up on a failed change, then sync (the client is re-read from Stripe)."""
        def work() -> None:
            self.engine.discard_problem(entry_id)

        self._tasks.run(work, on_success=self._after_problem_action,
                        on_failure=self.action_failed.emit)

    # Internals ----------------------------------------------------------------------------

    def _report_progress(self, progress: SyncProgress) -> None:
        self.progress.emit(progress)  # queued to the main thread's receivers

    def _after_problem_action(self, _: Any) -> None:
        self.data_changed.emit([])
        self.load_problems()
        self.refresh_status()
        self.sync_now()

    @Slot(object)
    def _on_status(self, status: SyncStatus) -> None:
        self.last_status = status
        self.status_changed.emit(status)

    def _on_run_done(self, summary: SyncSummary) -> None:
        self._running = False
        self.last_summary = summary
        self.run_finished.emit(summary)
        if summary.changed_clients:
            self.data_changed.emit(list(summary.changed_clients))
        elif summary.sent or summary.failed or (summary.pull is not None
                                                and summary.pull.changes):
            self.data_changed.emit([])  # changed, but not known for whom: anyone reloads
        self.refresh_status()
        if self._again:
            full, self._again, self._again_full = self._again_full, False, False
            self.sync_now(full=full)
            return
        self._schedule(summary)

    def _on_run_failed(self, error: BaseException) -> None:
        # run_once doesn't raise for Stripe or the database; this is a bug: log and go on.
        log.error("sync run failed", exc_info=error)
        self._running = False
        self.action_failed.emit(error)
        self._schedule(None)

    def _schedule(self, summary: SyncSummary | None) -> None:
        if self._stop.is_set():
            return
        delay = self.interval_s
        if summary is not None and not summary.online:
            delay = self.offline_interval_s
        elif summary is not None and summary.next_attempt_in_s is not None:
            delay = min(delay, summary.next_attempt_in_s + 0.5)
        self._timer.start(max(200, int(delay * 1000)))

    @Slot()
    def _on_timer(self) -> None:
        self.sync_now()

    @Slot(object, object)
    def _on_online_flipped(self, old: OnlineState, new: OnlineState) -> None:
        self.refresh_status()
        if old is OnlineState.OFFLINE and new is OnlineState.ONLINE:
            # Back online: send what waited without waiting for the timer.
            self.sync_now()
