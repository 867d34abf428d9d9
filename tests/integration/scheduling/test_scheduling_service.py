"""Scheduling through the service on SQLite and PostgreSQL: setup, free slots, book, move,
cancel, attendance, holds, and the database's own refusal of an overlap."""

from __future__ import annotations

from datetime import timedelta

import pytest

from owl_desktop.domain.scheduling import (
    AppointmentStatus,
    Availability,
    BookingRules,
    StartRule,
)
from owl_desktop.errors import SlotTakenError, UserFacingError, ValidationFailed
from owl_desktop.services.scheduling import SchedulingService
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.scheduling.helpers import MONDAY, NOW, add_client, at, make_clinic


def test_setup_and_free_slots(uow_factory: UnitOfWorkFactory) -> None:
    clinic = make_clinic(uow_factory)
    s = clinic.service
    assert [p.name for p in s.practitioners()] == ["Dr. Anne Roy"]
    assert {x.name("fr") for x in s.services()} == {"Massage 60", "Suivi"}
    slots = s.free_slots(clinic.practitioner_id, clinic.hour_id, MONDAY, MONDAY)
    assert slots[0] == at(MONDAY, 9)
    assert slots[-1] == at(MONDAY, 16)
    assert len(slots) == 15  # half-hour starts, 9:00 … 16:00
    s.save_rules(BookingRules(start_rule=StartRule.HOUR, time_zone="America/Vancouver"))
    assert s.rules().time_zone == "America/Vancouver"
    assert s.rules().start_rule is StartRule.HOUR
    with pytest.raises(ValidationFailed):
        s.save_rules(BookingRules(time_zone="Mars/Olympus"))


def test_book_move_cancel_and_attendance(uow_factory: UnitOfWorkFactory) -> None:
    clinic = make_clinic(uow_factory)
    s = clinic.service
    booked = s.book(clinic.practitioner_id, clinic.client_id, clinic.hour_id, at(MONDAY, 10))
    assert (booked.status, booked.ends_at) == (AppointmentStatus.BOOKED, at(MONDAY, 11))
    assert booked.client_name == "Élise Tremblay"
    slots = s.free_slots(clinic.practitioner_id, clinic.hour_id, MONDAY, MONDAY)
    assert at(MONDAY, 10) not in slots
    assert at(MONDAY, 9, 30) not in slots
    moved = s.move(booked.id, at(MONDAY, 14))
    assert moved.starts_at == at(MONDAY, 14)
    assert at(MONDAY, 10) in s.free_slots(clinic.practitioner_id, clinic.hour_id, MONDAY, MONDAY)
    cancelled = s.cancel(moved.id)
    assert cancelled.status is AppointmentStatus.CANCELLED
    assert at(MONDAY, 14) in s.free_slots(clinic.practitioner_id, clinic.hour_id, MONDAY, MONDAY)
    again = s.book(clinic.practitioner_id, clinic.client_id, clinic.half_id, at(MONDAY, 14))
    with pytest.raises(UserFacingError, match="once the appointment has started"):
        s.mark(again.id, AppointmentStatus.ATTENDED)
    later = SchedulingService(uow_factory, clock=lambda: at(MONDAY, 15))
    assert later.mark(again.id, AppointmentStatus.ATTENDED).status is AppointmentStatus.ATTENDED
    assert later.mark(again.id, AppointmentStatus.NO_SHOW).status is AppointmentStatus.NO_SHOW
    assert [a.status for a in s.client_appointments(clinic.client_id)] == [
        AppointmentStatus.NO_SHOW, AppointmentStatus.CANCELLED]
    assert [a.id for a in s.appointments(clinic.practitioner_id, MONDAY, MONDAY)] == [
        cancelled.id, again.id]


def test_the_loser_is_told_plainly_with_the_next_free_slots(
        uow_factory: UnitOfWorkFactory) -> None:
    clinic = make_clinic(uow_factory)
    s = clinic.service
    other = add_client(uow_factory, "Marc")
    s.book(clinic.practitioner_id, clinic.client_id, clinic.hour_id, at(MONDAY, 10))
    with pytest.raises(SlotTakenError) as raised:
        s.book(clinic.practitioner_id, other, clinic.half_id, at(MONDAY, 10, 30))
    assert raised.value.message == "This time was just booked by someone else."
    assert raised.value.next_slots == (at(MONDAY, 11), at(MONDAY, 11, 30), at(MONDAY, 12))
    assert "2030-01-07 11:00" in raised.value.hint


def test_not_a_slot_outside_hours_or_on_a_day_off(uow_factory: UnitOfWorkFactory) -> None:
    clinic = make_clinic(uow_factory)
    s = clinic.service
    with pytest.raises(UserFacingError, match="free slots"):
        s.book(clinic.practitioner_id, clinic.client_id, clinic.hour_id, at(MONDAY, 16, 30))
    week = s.availability(clinic.practitioner_id)
    s.save_availability(Availability(clinic.practitioner_id, week.windows,
                                     frozenset({MONDAY})))
    assert s.free_slots(clinic.practitioner_id, clinic.hour_id, MONDAY, MONDAY) == []
    with pytest.raises(UserFacingError, match="free slots"):
        s.book(clinic.practitioner_id, clinic.client_id, clinic.hour_id, at(MONDAY, 10))


def test_a_hold_blocks_others_and_becomes_the_booking(uow_factory: UnitOfWorkFactory) -> None:
    clinic = make_clinic(uow_factory, now=NOW - timedelta(days=3))
    s = clinic.service
    hold = s.hold(clinic.practitioner_id, clinic.hour_id, at(MONDAY, 10),
                  client_id=clinic.client_id)
    with pytest.raises(SlotTakenError):
        s.book(clinic.practitioner_id, add_client(uow_factory, "Marc"), clinic.hour_id,
               at(MONDAY, 10))
    booked = s.book(clinic.practitioner_id, clinic.client_id, clinic.hour_id, at(MONDAY, 10),
                    booked_online=True, hold_id=hold.id)
    assert booked.booked_online
    expired = SchedulingService(uow_factory, clock=lambda: NOW - timedelta(days=3)
                                + timedelta(minutes=11))
    s.hold(clinic.practitioner_id, clinic.hour_id, at(MONDAY, 12))
    assert at(MONDAY, 12) in expired.free_slots(clinic.practitioner_id, clinic.hour_id,
                                                MONDAY, MONDAY)


def test_the_database_itself_refuses_an_overlap(uow_factory: UnitOfWorkFactory) -> None:
    """Even a writer that skips the service's check can't put two sessions at once."""
    clinic = make_clinic(uow_factory)
    clinic.service.book(clinic.practitioner_id, clinic.client_id, clinic.hour_id,
                        at(MONDAY, 10))
    with uow_factory(write=True) as uow, pytest.raises(SlotTakenError):
        uow.appointments.add(practitioner_id=clinic.practitioner_id,
                             client_id=clinic.client_id, service_id=clinic.half_id,
                             start=at(MONDAY, 10, 30), end=at(MONDAY, 11), booked_online=False,
                             now=NOW)


def test_cancelling_inside_the_notice_is_a_late_cancellation(
        uow_factory: UnitOfWorkFactory) -> None:
    clinic = make_clinic(uow_factory)  # now: Monday 8:00; the default notice is 24 hours
    s = clinic.service
    soon = s.book(clinic.practitioner_id, clinic.client_id, clinic.hour_id, at(MONDAY, 10))
    later = s.book(clinic.practitioner_id, clinic.client_id, clinic.hour_id,
                   at(MONDAY + timedelta(days=2), 10))
    assert s.cancellation_is_late(soon.id)
    assert not s.cancellation_is_late(later.id)
    s.save_rules(BookingRules(cancellation_notice_hours=72))
    assert s.cancellation_is_late(later.id)
    # Recorded before the start, it frees the time like a cancellation; then it isn't "late"
    # to cancel any more (nothing is booked).
    marked = s.mark(soon.id, AppointmentStatus.LATE_CANCELLATION)
    assert marked.status is AppointmentStatus.LATE_CANCELLATION
    assert at(MONDAY, 10) in s.free_slots(clinic.practitioner_id, clinic.hour_id, MONDAY, MONDAY)
    assert not s.cancellation_is_late(soon.id)
