"""A small clinic for the scheduling tests: one practitioner working Mon–Fri 9:00–17:00,
two services, a client; and a clock pinned to a Monday morning in Toronto."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.domain.scheduling import (
    Availability,
    PractitionerDraft,
    ServiceDraft,
    WeeklyWindow,
)
from owl_desktop.services.scheduling import SchedulingService
from owl_desktop.store.uow import UnitOfWorkFactory

TORONTO = ZoneInfo("America/Toronto")
MONDAY = date(2030, 1, 7)
NOW = datetime(2030, 1, 7, 8, 0, tzinfo=TORONTO).astimezone(UTC)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TORONTO).astimezone(UTC)


@dataclass
class Clinic:
    service: SchedulingService
    practitioner_id: int
    hour_id: int  # a 60-minute service
    half_id: int  # a 30-minute service
    client_id: int


def add_client(uow_factory: UnitOfWorkFactory, first: str = "Élise") -> int:
    with uow_factory() as uow:
        client = uow.clients.add(ClientDraft(first, "Tremblay", "", "", Address()), NOW)
        uow.commit()
    return client.id


def make_clinic(uow_factory: UnitOfWorkFactory, now: datetime = NOW) -> Clinic:
    service = SchedulingService(uow_factory, clock=lambda: now)
    hour = service.save_service(None, ServiceDraft("Massage 60", "Massage 60", 60, 95_00))
    half = service.save_service(None, ServiceDraft("Follow-up", "Suivi", 30, 45_00))
    practitioner = service.save_practitioner(None, PractitionerDraft(
        "Dr. Anne Roy", True, frozenset({hour.id, half.id})))
    service.save_availability(Availability(practitioner.id, tuple(
        WeeklyWindow(d, 9 * 60, 17 * 60) for d in range(5))))
    return Clinic(service, practitioner.id, hour.id, half.id, add_client(uow_factory))


def week(day: date = MONDAY) -> tuple[date, date]:
    return day, day + timedelta(days=6)
