"""The one way the UI runs work off the main thread.

``TaskRunner.run(fn, on_success=..., on_failure=..., key=...)`` calls ``fn()`` on a thread pool
and delivers its result (or exception) back on the main thread, where widgets may be touched.
Pass plain data into ``fn`` (a closure over a service and a few strings), never widgets.

A task started with a ``key`` replaces any earlier task with the same key: when the earlier one
finishes later, its result is dropped. That is how search-as-you-type shows only the answer to
the latest query, however the threads finish (the idea of Anki's ``QueryOp`` and Picard's
``run_task``, in one place).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")

SuccessCallback = Callable[[Any], None]
FailureCallback = Callable[[BaseException], None]


@dataclass
class _Pending:
    on_success: SuccessCallback
    on_failure: FailureCallback | None
    key: str | None


class _Job(QRunnable):
    """Runs on a pool thread; reports through the runner's queued signal, nothing else."""

    def __init__(self, runner: TaskRunner, task_id: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._runner = runner
        self._task_id = task_id
        self._fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as error:  # delivered to on_failure on the main thread
            self._runner.finished_on_worker.emit(self._task_id, False, error)
        else:
            self._runner.finished_on_worker.emit(self._task_id, True, result)


class TaskRunner(QObject):
    """Runs callables on its own thread pool and calls back on the main thread.

    Signals:
        finished_on_worker(int, bool, object): internal; emitted from a pool thread, received
            on the runner's (main) thread through a queued connection.
        idle(): no task is running or waiting to be delivered any more (tests and the smoke
            test wait on it).
    """

    finished_on_worker = Signal(int, bool, object)
    idle = Signal()

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2,
                 on_unhandled_failure: FailureCallback | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._next_id = 0
        self._pending: dict[int, _Pending] = {}
        self._latest_by_key: dict[str, int] = {}
        self._on_unhandled_failure = on_unhandled_failure
        self.finished_on_worker.connect(self._on_worker_finished,
                                        Qt.ConnectionType.QueuedConnection)

    def set_failure_handler(self, handler: FailureCallback) -> None:
        """Where failures go when a task has no ``on_failure`` (normally the error presenter)."""
        self._on_unhandled_failure = handler

    def run(self, fn: Callable[[], T], *, on_success: Callable[[T], None],
            on_failure: FailureCallback | None = None, key: str | None = None) -> int:
        """Start ``fn`` in the background; returns the task id.

        With a ``key``, any unfinished task of the same key becomes stale: its result is
        dropped when it arrives, and neither of its callbacks runs.
        """
        self._next_id += 1
        task_id = self._next_id
        self._pending[task_id] = _Pending(on_success, on_failure, key)
        if key is not None:
            self._latest_by_key[key] = task_id
        self._pool.start(_Job(self, task_id, fn))
        return task_id

    def cancel(self, key: str) -> None:
        """Drop the result of the running task with this key, if any (it still runs to the end)."""
        self._latest_by_key.pop(key, None)

    def is_busy(self, key: str | None = None) -> bool:
        if key is None:
            return bool(self._pending)
        return any(p.key == key for p in self._pending.values())

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until the pool threads finish (on shutdown, so no worker outlives the runner)."""
        return self._pool.waitForDone(msecs)

    @Slot(int, bool, object)
    def _on_worker_finished(self, task_id: int, ok: bool, payload: object) -> None:
        pending = self._pending.pop(task_id, None)
        if pending is None:
            return
        stale = pending.key is not None and self._latest_by_key.get(pending.key) != task_id
        if not stale and pending.key is not None:
            del self._latest_by_key[pending.key]
        try:
            if stale:
                log.debug("dropping stale result of task %s (%s)", task_id, pending.key)
            elif ok:
                pending.on_success(payload)
            else:
                assert isinstance(payload, BaseException)
                self._deliver_failure(pending, payload)
        finally:
            if not self._pending:
                self.idle.emit()

    def _deliver_failure(self, pending: _Pending, error: BaseException) -> None:
        if pending.on_failure is not None:
            pending.on_failure(error)
        elif self._on_unhandled_failure is not None:
            self._on_unhandled_failure(error)
        else:
            log.error("background task failed", exc_info=error)
