"""Search-as-you-type latency at 100,000 clients, and start-up time to the first window.

    python -m benchmarks.search_latency [--clients 100000] [--database-url URL]

Seeds a fresh database (SQLite in a temp dir unless a URL is given — PostgreSQL works the same:
pass an empty database's URL), then types names, emails and phone fragments one key at a time,
timing each query plus the client list model update, the way the main window does it. Prints
p50/p95/max in milliseconds. Target: p95 under 30 ms at 100,000 clients.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.seed import drafts
from owl_desktop.core.clock import utc_now
from owl_desktop.services.clients import ClientService
from owl_desktop.store.db import create_db_engine, describe, migrate
from owl_desktop.store.uow import UnitOfWorkFactory

QUERIES = ["elise", "Élise Trem", "tremblay", "gag", "côté", "jean-fr", "smith 51",
           "olivia.brown", "514", "9876", "x", "mac", "o'b", "zoé l", "thériault"]


def seed(uow_factory: UnitOfWorkFactory, count: int) -> float:
    started = time.perf_counter()
    batch = 5000
    rows = drafts(count)
    for i in range(0, count, batch):
        with uow_factory() as uow:
            uow.clients.add_many([d.normalized() for d in rows[i:i + batch]], utc_now())
            uow.commit()
    return time.perf_counter() - started


def keystrokes(queries: list[str]) -> list[str]:
    """Every prefix of every query, as typed."""
    return [q[:n] for q in queries for n in range(1, len(q) + 1)]


def model_updater() -> tuple[object, object] | None:
    """The real client list model, if the UI is importable (it needs Qt)."""
    try:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QCoreApplication

        from owl_desktop.ui.clients.list_model import ClientListModel
    except ImportError:
        return None
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    return app, ClientListModel()


def measure(service: ClientService, rounds: int) -> list[float]:
    updater = model_updater()
    timings = []
    for _ in range(rounds):
        for text in keystrokes(QUERIES):
            started = time.perf_counter()
            rows = service.search(text)
            if updater is not None:
                updater[1].set_rows(rows)  # type: ignore[attr-defined]
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def startup_seconds(database_url: str, data_dir: Path) -> float | None:
    """Time for ``--smoke-test`` to show the main window against this database and exit."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OWL_DATABASE_URL=database_url,
               OWL_DATA_DIR=str(data_dir))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "owl_desktop", "--smoke-test"], env=env,
                          capture_output=True, check=False, timeout=300)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        print("smoke test failed:", done.stderr.decode(errors="replace")[-2000:])
        return None
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--database-url", help="an empty database (default: SQLite in a temp dir)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up timing")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        engine = create_db_engine(url)
        migrate(engine)
        uow_factory = UnitOfWorkFactory(engine)
        service = ClientService(uow_factory)
        print(f"database: {describe(url)}")
        print(f"seeded {args.clients} clients in {seed(uow_factory, args.clients):.1f} s")
        service.search("warm up")
        timings = measure(service, args.rounds)
        p50 = statistics.median(timings)
        p95 = statistics.quantiles(timings, n=20)[18]
        print(f"search as you type ({len(timings)} keystrokes, query + model update): "
              f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(timings):.1f} ms")
        if not args.no_startup:
            seconds = startup_seconds(url, Path(tmp) / "data")
            if seconds is not None:
                print(f"start-up to first window and exit (--smoke-test): {seconds:.2f} s")
        engine.dispose()


if __name__ == "__main__":
    main()
