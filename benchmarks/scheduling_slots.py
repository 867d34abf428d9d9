"""Free-slot search for a month, for 20 practitioners, over a busy clinic's history.

    python -m benchmarks.scheduling_slots [--clients 100000] [--appointments 500000]
        [--practitioners 20] [--runs 60] [--database-url URL]

Seeds a fresh database (SQLite in a temp dir unless a URL is given: pass an empty PostgreSQL
database's URL), not timed: the clients, the practitioners (Mon–Fri 9:00–17:00 in Toronto),
three services and the appointments, back to back on weekdays with about a third of the hours
left free, from years back to two months ahead. Then times ``SchedulingService.
free_slots_many`` — every practitioner, a whole month — from a random day of the next weeks
and a random service, the way the desk and the portal ask. Prints p50/p95/max in ms.
Target: p95 under 50 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.search_latency import seed as seed_clients
from owl_desktop.domain.scheduling import (
    Availability,
    PractitionerDraft,
    ServiceDraft,
    WeeklyWindow,
)
from owl_desktop.services.scheduling import SchedulingService
from owl_desktop.store.db import create_db_engine, describe, migrate
from owl_desktop.store.uow import UnitOfWorkFactory

ZONE = ZoneInfo("America/Toronto")
BATCH = 20_000


def seed_schedule(uow_factory: UnitOfWorkFactory, service: SchedulingService, *,
                  clients: int, appointments: int, practitioners: int, today: date
                  ) -> tuple[list[int], list[int]]:
    rng = random.Random(14)
    services = [service.save_service(None, ServiceDraft(f"Session {m}", f"Séance {m}", m, m * 150))
                for m in (30, 60, 90)]
    service_ids = [s.id for s in services]
    ids = []
    for n in range(practitioners):
        p = service.save_practitioner(None, PractitionerDraft(f"Practitioner {n + 1}", True,
                                                              frozenset(service_ids)))
        service.save_availability(Availability(p.id, tuple(
            WeeklyWindow(d, 9 * 60, 17 * 60) for d in range(5))))
        ids.append(p.id)
    per = appointments // practitioners
    weeks = int(per / (40 * 0.66)) + 1  # 8 hours x 5 days, about two thirds booked
    first = today + timedelta(days=60) - timedelta(weeks=weeks)
    first -= timedelta(days=first.weekday())
    now = datetime.now(UTC)
    rows: list[dict[str, object]] = []
    for pid in ids:
        made, day = 0, first
        while made < per:
            if day.weekday() < 5:
                for hour in range(9, 17):
                    if made < per and rng.random() < 0.66:
                        start = datetime(day.year, day.month, day.day, hour, tzinfo=ZONE)
                        rows.append({
                            "practitioner_id": pid, "client_id": rng.randint(1, clients),
                            "service_id": service_ids[1], "starts_at": start.astimezone(UTC),
                            "ends_at": (start + timedelta(hours=1)).astimezone(UTC),
                            "status": "attended" if day < today else "booked",
                            "booked_online": False, "created_at": now, "updated_at": now})
                        made += 1
            day += timedelta(days=1)
            if len(rows) >= BATCH:
                _flush(uow_factory, rows)
    _flush(uow_factory, rows)
    return ids, service_ids


def _flush(uow_factory: UnitOfWorkFactory, rows: list[dict[str, object]]) -> None:
    if rows:
        with uow_factory() as uow:
            uow.appointments.add_many(rows)
            uow.commit()
        rows.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--appointments", type=int, default=500_000)
    parser.add_argument("--practitioners", type=int, default=20)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'slots.sqlite3'}"
    engine = create_db_engine(url)
    migrate(engine)
    uow_factory = UnitOfWorkFactory(engine)
    service = SchedulingService(uow_factory)
    today = datetime.now(ZONE).date()
    started = time.perf_counter()
    seed_clients(uow_factory, args.clients)
    ids, service_ids = seed_schedule(uow_factory, service, clients=args.clients,
                                     appointments=args.appointments,
                                     practitioners=args.practitioners, today=today)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    print(f"{describe(url)}: seeded {args.clients} clients, {args.appointments} appointments "
          f"in {time.perf_counter() - started:.0f} s")
    rng = random.Random(3)
    service.free_slots_many(ids, service_ids[0], today, today + timedelta(days=30))  # warm
    timings, found = [], 0
    for _ in range(args.runs):
        first = today + timedelta(days=rng.randint(0, 40))
        t0 = time.perf_counter()
        slots = service.free_slots_many(ids, rng.choice(service_ids), first,
                                        first + timedelta(days=30))
        timings.append((time.perf_counter() - t0) * 1000)
        found += sum(len(v) for v in slots.values())
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"free slots, {len(ids)} practitioners x 1 month ({found // args.runs} slots per "
          f"search): p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
          f"max {timings[-1]:.1f} ms (target p95 < 50 ms)")
    engine.dispose()


if __name__ == "__main__":
    main()
