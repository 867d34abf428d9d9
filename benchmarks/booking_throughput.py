"""Online booking throughput: 20 clients booking at once, as the portal does it.

    python -m benchmarks.booking_throughput [--clients 20] [--seconds 15]
        [--practitioners 5] [--database-url URL]

Seeds a fresh database (SQLite in a temp dir unless a URL is given: pass an empty PostgreSQL
database's URL), not timed: practitioners working every day 9:00–17:00 in Toronto, one
60-minute service, the clients each with a valid card on file, and the clinic's rule
"Require a valid payment method to book via the client portal" on (so every booking also
checks the client's methods for the appointment's date). Then ``--clients`` processes, forked
from a warmed parent and released together behind a barrier, each loop for ``--seconds``:
read the free times of a random day in the next three weeks for "anyone"
(``BookingService.slots``), pick one of the first few (so clients collide), book it
(``BookingService.book``); a client who loses a race takes the next free time offered, as
the portal's page does. Prints bookings per second, p50/p95/max of one booking (search +
book) in ms, races lost and errors, and checks no practitioner is double-booked.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.domain.scheduling import (
    Availability,
    BookingRules,
    PractitionerDraft,
    ServiceDraft,
    WeeklyWindow,
)
from owl_desktop.errors import SlotTakenError, UserFacingError
from owl_desktop.payments.gateway import PaymentMethodInfo
from owl_desktop.services.booking import BookingService
from owl_desktop.services.booking_settings import BookingRule
from owl_desktop.services.scheduling import SchedulingService
from owl_desktop.store.db import create_db_engine, describe, migrate
from owl_desktop.store.uow import UnitOfWorkFactory

ZONE = ZoneInfo("America/Toronto")


def seed(uow: UnitOfWorkFactory, clients: int, practitioners: int) -> tuple[int, list[int]]:
    scheduling = SchedulingService(uow)
    scheduling.save_rules(BookingRules(min_notice_minutes=60, horizon_days=60))
    service = scheduling.save_service(None, ServiceDraft("Massage", "Massothérapie", 60, 95_00))
    for n in range(practitioners):
        p = scheduling.save_practitioner(None, PractitionerDraft(
            f"Practitioner {n + 1}", True, frozenset({service.id})))
        scheduling.save_availability(Availability(p.id, tuple(
            WeeklyWindow(d, 9 * 60, 17 * 60) for d in range(7))))
    ids = []
    now = datetime.now(UTC)
    with uow() as unit:
        for n in range(clients):
            client = unit.clients.add(ClientDraft(f"Client{n}", "Bench",
                                                  f"client{n}@example.com", "", Address()), now)
            unit.payment_methods.upsert(PaymentMethodInfo(
                id=f"pm_bench_{uuid.uuid4().hex[:16]}", type="card", customer_id=None,
                livemode=False, last4="4242", brand="visa", exp_month=12, exp_year=2099,
                created=1), client.id, now, status="active")
            ids.append(client.id)
        unit.commit()
    BookingService(uow, scheduling).settings.save(BookingRule(require_method=True))
    return service.id, ids


def worker(url: str, service_id: int, client_id: int, seconds: float, barrier: Any,
           results: Any, seed_value: int) -> None:
    engine = create_db_engine(url)
    uow = UnitOfWorkFactory(engine)
    booking = BookingService(uow, SchedulingService(uow))
    rng = random.Random(seed_value)
    today = datetime.now(ZONE).date()
    booking.slots(service_id, None, today + timedelta(days=2))  # warm: connection, caches
    latencies: list[float] = []
    lost = errors = 0
    barrier.wait()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        day = today + timedelta(days=rng.randint(2, 21))
        started = time.perf_counter()
        try:
            found = booking.slots(service_id, None, day)
            if not found:
                continue
            slot = rng.choice(found[:4])
            for _attempt in range(5):
                try:
                    booking.book(client_id, service_id, slot.practitioner_id, slot.start)
                    break
                except SlotTakenError:
                    lost += 1
                    following = booking.next_slots(service_id, None, slot.start)
                    if not following:
                        break
                    slot = following[0]
            latencies.append(time.perf_counter() - started)
        except UserFacingError:
            errors += 1
    results.put((latencies, lost, errors))
    engine.dispose()


def overlaps(uow: UnitOfWorkFactory, practitioner_ids: list[int], first: date, last: date
             ) -> int:
    scheduling = SchedulingService(uow)
    found = 0
    for pid in practitioner_ids:
        booked = sorted((a.starts_at, a.ends_at)
                        for a in scheduling.appointments(pid, first, last) if a.active)
        found += sum(1 for (_s, e), (s2, _e2) in pairwise(booked)
                     if s2 < e)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--practitioners", type=int, default=5)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'booking.sqlite3'}"
    engine = create_db_engine(url)
    migrate(engine)
    uow = UnitOfWorkFactory(engine)
    service_id, clients = seed(uow, args.clients, args.practitioners)
    practitioner_ids = [p.id for p in SchedulingService(uow).practitioners()]
    engine.dispose()

    context = mp.get_context("fork")
    barrier = context.Barrier(args.clients + 1)
    results = context.Queue()
    processes = [context.Process(target=worker, args=(url, service_id, client_id,
                                                      args.seconds, barrier, results, n))
                 for n, client_id in enumerate(clients)]
    for process in processes:
        process.start()
    barrier.wait()
    started = time.perf_counter()
    gathered = [results.get(timeout=args.seconds + 120) for _ in processes]
    elapsed = time.perf_counter() - started
    for process in processes:
        process.join(30)
    latencies = sorted(x for found, _l, _e in gathered for x in found)
    lost = sum(lost for _f, lost, _e in gathered)
    errors = sum(errors for _f, _l, errors in gathered)
    engine = create_db_engine(url)
    today = datetime.now(ZONE).date()
    double = overlaps(UnitOfWorkFactory(engine), practitioner_ids, today, today + timedelta(60))
    engine.dispose()
    print(f"{describe(url)}: {args.clients} clients booking for {args.seconds:.0f} s, "
          f"{args.practitioners} practitioners, rule on")
    if not latencies:
        print("  no booking made")
        return
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"  bookings: {len(latencies)} in {elapsed:.1f} s = {len(latencies) / elapsed:.1f}/s")
    print(f"  one booking (free times + book): p50 {statistics.median(latencies) * 1000:.1f} ms"
          f", p95 {p95 * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms")
    print(f"  races lost (then the next free time): {lost}; errors: {errors}; "
          f"double bookings: {double}")


if __name__ == "__main__":
    main()
