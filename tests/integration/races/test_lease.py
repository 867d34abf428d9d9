"""The lease that keeps one autopay run at a time (core/lease.py): real processes asking for
it at the same instant on one database (SQLite and PostgreSQL) — exactly one wins; a holder
killed while holding keeps it only until it expires; a holder that outlives its lease learns
it lost it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from owl_desktop.core import lease
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.races.conftest import ROOT
from tests.integration.races.start_line import NO_LINE, StartLine

PROCESSES = 4


def _worker(database_url: str, name: str, start_line: str, hold_s: float,
            ttl_s: float) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.races.lease_worker", database_url, name,
         start_line, str(hold_s), str(ttl_s)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_processes_asking_at_the_same_instant_one_wins(database_url: str,
                                                       shared_uow: UnitOfWorkFactory) -> None:
    for round_ in range(2):  # a second round: the released lease is free again
        # Every process is up and connected before any asks (a start line, not a wall-clock
        # instant: a slow start under load can't make one ask after the winner released).
        # The winner holds it long after every other process has asked.
        with StartLine() as line:
            workers = [_worker(database_url, "autopay", line.address, 10.0, 30)
                       for _ in range(PROCESSES)]
            line.go(workers)
        answers = []
        for worker in workers:
            out, err = worker.communicate(timeout=90)
            assert worker.returncode == 0, err
            answers.append([json.loads(line) for line in out.splitlines()])
        winners = [a for a in answers if a[0]["taken"]]
        assert len(winners) == 1, (round_, answers)
        assert winners[0][1] == {"lost": False}
        held = lease.current(shared_uow, "autopay")
        assert held is not None
        assert held.holder is None  # released by the winner


def test_a_killed_holder_keeps_the_lease_only_until_it_expires(
        database_url: str, shared_uow: UnitOfWorkFactory) -> None:
    ttl = 6.0
    worker = _worker(database_url, "autopay", NO_LINE, 600, ttl)
    assert worker.stdout is not None
    first = json.loads(worker.stdout.readline())
    assert first["taken"], worker.stderr.read() if worker.stderr else ""
    os.kill(worker.pid, signal.SIGKILL)
    worker.communicate(timeout=30)  # reaped, its pipes closed
    held = lease.current(shared_uow, "autopay")
    assert held is not None
    assert held.holder == first["holder"]
    assert held.expires_at is not None
    if datetime.now(UTC) < held.expires_at - timedelta(seconds=1):
        assert lease.take(shared_uow, "autopay") is None  # still the dead holder's
    while datetime.now(UTC) <= held.expires_at:
        time.sleep(0.2)
    taken = lease.take(shared_uow, "autopay", ttl=timedelta(seconds=30))
    assert taken is not None
    taken.release()


def test_a_holder_past_its_expiry_loses_the_lease(shared_uow: UnitOfWorkFactory) -> None:
    now = [datetime(2026, 12, 3, 2, 0, tzinfo=UTC)]
    first = lease.take(shared_uow, "autopay", lambda: now[0], ttl=timedelta(hours=1),
                       holder="desk-a")
    assert first is not None
    first._stop.set()  # a frozen process: it stops renewing
    assert lease.take(shared_uow, "autopay", lambda: now[0], holder="desk-b") is None
    now[0] += timedelta(minutes=61)
    second = lease.take(shared_uow, "autopay", lambda: now[0], ttl=timedelta(hours=1),
                        holder="desk-b")
    assert second is not None
    assert not first.renew()  # the frozen one wakes up: its renewal is refused
    assert first.lost
    first.release()  # releasing what it no longer holds leaves desk-b's lease alone
    held = lease.current(shared_uow, "autopay")
    assert held is not None
    assert held.holder == "desk-b"
    second.release()
