"""The race for one slot: 50 processes, forked from a warmed parent, each with its own
connection, released together by a barrier, all try to book the same time. Exactly one wins;
the others are told plainly, with the next free slots. Once per database."""

from __future__ import annotations

import multiprocessing
from multiprocessing.synchronize import Barrier
from typing import Any

from owl_desktop.domain.scheduling import AppointmentStatus
from owl_desktop.errors import SlotTakenError
from owl_desktop.services.scheduling import SchedulingService
from owl_desktop.store.db import create_db_engine
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.scheduling.helpers import MONDAY, NOW, add_client, at, make_clinic

RACERS = 50
_FORK = multiprocessing.get_context("fork")


def _racer(url: str, practitioner_id: int, client_id: int, service_id: int,
           barrier: Barrier, results: Any) -> None:
    engine = create_db_engine(url, busy_timeout_ms=30_000)
    try:
        service = SchedulingService(UnitOfWorkFactory(engine), clock=lambda: NOW)
        service.rules()  # connected and warm before the start
        barrier.wait(timeout=60)
        try:
            service.book(practitioner_id, client_id, service_id, at(MONDAY, 10))
        except SlotTakenError as error:
            results.put(("taken", error.message, len(error.next_slots)))
        except Exception as error:  # reported, so the test shows it
            results.put(("error", f"{type(error).__name__}: {error}", 0))
        else:
            results.put(("won", "", 0))
    finally:
        engine.dispose()


def test_fifty_processes_one_slot_exactly_one_wins(uow_factory: UnitOfWorkFactory) -> None:
    clinic = make_clinic(uow_factory)
    clients = [add_client(uow_factory, f"Racer{i}") for i in range(RACERS)]
    url = uow_factory.engine.url.render_as_string(hide_password=False)
    uow_factory.engine.dispose()  # no pooled connection is shared with the children
    barrier = _FORK.Barrier(RACERS)
    results = _FORK.Queue()
    racers = [_FORK.Process(target=_racer, args=(url, clinic.practitioner_id, c,
                                                 clinic.hour_id, barrier, results))
              for c in clients]
    for racer in racers:
        racer.start()
    outcomes = [results.get(timeout=120) for _ in racers]
    for racer in racers:
        racer.join(timeout=30)
    kinds = sorted(kind for kind, _, _ in outcomes)
    assert kinds == ["taken"] * (RACERS - 1) + ["won"], [o for o in outcomes if o[0] == "error"]
    assert all(message == "This time was just booked by someone else." and count == 3
               for kind, message, count in outcomes if kind == "taken")
    booked = clinic.service.appointments(clinic.practitioner_id, MONDAY, MONDAY)
    assert [(a.starts_at, a.status) for a in booked] == [(at(MONDAY, 10),
                                                          AppointmentStatus.BOOKED)]
