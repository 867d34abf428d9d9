"""Scheduling: the clinic's practitioners, services, weeks and rules; free slots; booking,
moving, cancelling and marking attendance. Used by the desk and (later) the portal, so a slot
shown anywhere is one ``book`` accepts.

Every write that gives an appointment or a hold time runs in one write unit of work that
locks the practitioner first, checks for overlap, then writes; the database refuses an
overlap anyway (migration 0006). The loser of a race gets ``SlotTakenError`` with the next
free slots to offer instead.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, replace
from datetime import date, datetime, timedelta

from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.core.invoicing import invoice_attendance
from owl_desktop.domain.billing import InvoiceKind
from owl_desktop.domain.scheduling import (
    ATTENDANCE_STATUSES,
    Appointment,
    AppointmentStatus,
    Availability,
    BookingRules,
    Hold,
    Interval,
    Practitioner,
    PractitionerDraft,
    Service,
    ServiceDraft,
    SlotQuery,
    StartRule,
    can_cancel_without_fee,
)
from owl_desktop.domain.slots import free_slots, local_day
from owl_desktop.errors import SlotTakenError, UserFacingError, ValidationFailed
from owl_desktop.services.audit import WorkstationProvider, this_workstation
from owl_desktop.services.payment_settings import read_payment_settings
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

RULES_KEY = "scheduling_rules"
TIME_ZONE_KEY = "clinic_time_zone"  # a clinic setting: billing reads it too
NEXT_SLOTS_SHOWN = 3
NEXT_SLOTS_DAYS = 14
HOLD_MINUTES = 10


class SchedulingService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock = utc_now, *,
                 workstation: WorkstationProvider = this_workstation) -> None:
        self._uow = uow
        self._clock = clock
        self._workstation = workstation

    # -- the clinic's rules -------------------------------------------------------------
    def rules(self) -> BookingRules:
        with self._uow() as uow:
            return _rules(uow)

    def save_rules(self, rules: BookingRules) -> BookingRules:
        errors = rules.validate()
        if errors:
            raise ValidationFailed(errors)
        stored = {k: (v.value if isinstance(v, StartRule) else v)
                  for k, v in asdict(rules).items() if k != "time_zone"}
        with self._uow() as uow:
            uow.settings.set(RULES_KEY, json.dumps(stored, sort_keys=True))
            uow.settings.set(TIME_ZONE_KEY, rules.time_zone)
            uow.commit()
        return rules

    # -- services and practitioners -----------------------------------------------------
    def services(self, *, include_inactive: bool = True) -> list[Service]:
        with self._uow() as uow:
            return uow.service_catalog.all(include_inactive=include_inactive)

    def save_service(self, service_id: int | None, draft: ServiceDraft) -> Service:
        """Add a service (``service_id`` None) or change one; ``ValidationFailed`` by field."""
        clean = draft.normalized()
        errors = clean.validate()
        if errors:
            raise ValidationFailed(errors)
        with self._uow() as uow:
            saved = (uow.service_catalog.add(clean) if service_id is None
                     else uow.service_catalog.update(service_id, clean))
            uow.commit()
        return saved

    def practitioners(self, *, include_inactive: bool = True) -> list[Practitioner]:
        with self._uow() as uow:
            return uow.practitioners.all(include_inactive=include_inactive)

    def save_practitioner(self, practitioner_id: int | None, draft: PractitionerDraft
                          ) -> Practitioner:
        errors = draft.validate()
        if errors:
            raise ValidationFailed(errors)
        with self._uow() as uow:
            now = self._clock()
            saved = (uow.practitioners.add(draft, now) if practitioner_id is None
                     else uow.practitioners.update(practitioner_id, draft, now))
            uow.commit()
        return saved

    def availability(self, practitioner_id: int) -> Availability:
        with self._uow() as uow:
            return uow.availability.get(practitioner_id)

    def save_availability(self, availability: Availability) -> None:
        errors = availability.validate()
        if errors:
            raise ValidationFailed(errors)
        with self._uow(write=True) as uow:
            uow.practitioners.lock(availability.practitioner_id)
            uow.availability.replace(availability)
            uow.commit()

    # -- free slots ---------------------------------------------------------------------
    def free_slots(self, practitioner_id: int, service_id: int, first_day: date,
                   last_day: date, *, for_client: bool = False) -> list[datetime]:
        """Free starts (UTC) for the service, days in the clinic's time zone, inclusive."""
        return self.free_slots_many([practitioner_id], service_id, first_day, last_day,
                                    for_client=for_client)[practitioner_id]

    def free_slots_many(self, practitioner_ids: list[int], service_id: int, first_day: date,
                        last_day: date, *, for_client: bool = False
                        ) -> dict[int, list[datetime]]:
        """The same for several practitioners in one read (the portal's "anyone")."""
        now = self._clock()
        with self._uow() as uow:
            rules = _rules(uow)
            service = uow.service_catalog.get(service_id)
            return _slots(uow, rules, practitioner_ids, service, first_day, last_day, now,
                          for_client)

    # -- appointments -------------------------------------------------------------------
    def appointments(self, practitioner_id: int, first_day: date, last_day: date
                     ) -> list[Appointment]:
        """Every appointment (any status) on these local days, in order."""
        with self._uow() as uow:
            zone = _rules(uow).zone
            start = datetime.combine(first_day, datetime.min.time(), tzinfo=zone)
            end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(),
                                   tzinfo=zone)
            return uow.appointments.for_practitioner(practitioner_id, start, end)

    def client_appointments(self, client_id: int) -> list[Appointment]:
        with self._uow() as uow:
            return uow.appointments.for_client(client_id)

    def book(self, practitioner_id: int, client_id: int, service_id: int, start: datetime, *,
             booked_online: bool = False, hold_id: int | None = None) -> Appointment:
        """Book a free slot. ``SlotTakenError`` (with the next free slots) if another desk or
        client took it first; ``UserFacingError`` if it isn't one of the practitioner's slots."""
        now = self._clock()
        with self._uow(write=True) as uow:
            rules = _rules(uow)
            service = uow.service_catalog.get(service_id)
            end = start + timedelta(minutes=service.duration_minutes)
            uow.practitioners.lock(practitioner_id)
            _check_offers(uow.practitioners.get(practitioner_id), service)
            uow.holds.clear_expired(practitioner_id, now)
            taken = (uow.appointments.overlaps(practitioner_id, start, end)
                     or uow.holds.overlaps(practitioner_id, start, end, now, except_id=hold_id))
            if not taken:
                # A held time was checked against the clients' limits when it was held:
                # confirming it while the hold lasts keeps it, even if the minimum notice
                # has been reached meanwhile.
                _check_slot(uow, rules, practitioner_id, service, start, now,
                            for_client=booked_online and hold_id is None,
                            except_hold=hold_id)
                appointment_id = uow.appointments.add(
                    practitioner_id=practitioner_id, client_id=client_id,
                    service_id=service_id, start=start, end=end, booked_online=booked_online,
                    now=now)
                if hold_id is not None:
                    uow.holds.delete(hold_id)
                uow.commit()
                booked = uow.appointments.get(appointment_id)
        if taken:
            raise self._taken(practitioner_id, service_id, start, booked_online)
        log.info("appointment booked id=%s practitioner=%s", booked.id, practitioner_id)
        return booked

    def move(self, appointment_id: int, start: datetime) -> Appointment:
        """Move a booked appointment to another free start of the same practitioner."""
        now = self._clock()
        with self._uow(write=True) as uow:
            rules = _rules(uow)
            current = uow.appointments.get(appointment_id)
            uow.practitioners.lock(current.practitioner_id)
            current = uow.appointments.get(appointment_id)  # as it is once we hold the lock
            if current.status is not AppointmentStatus.BOOKED:
                raise UserFacingError("Only a booked appointment can be moved.",
                                      hint="Book a new appointment instead.")
            service = uow.service_catalog.get(current.service_id)
            end = start + (current.ends_at - current.starts_at)
            pid = current.practitioner_id
            uow.holds.clear_expired(pid, now)
            taken = (uow.appointments.overlaps(pid, start, end, except_id=appointment_id)
                     or uow.holds.overlaps(pid, start, end, now))
            if not taken:
                _check_slot(uow, rules, pid, service, start, now, for_client=False,
                            except_appointment=current)
                uow.appointments.move(appointment_id, start, end, now)
                uow.commit()
                moved = uow.appointments.get(appointment_id)
        if taken:
            raise self._taken(current.practitioner_id, current.service_id, start, False)
        return moved

    def cancellation_is_late(self, appointment_id: int) -> bool:
        """Whether cancelling this booked appointment now falls inside the clinic's
        cancellation notice: then the desk proposes recording a late cancellation (which
        keeps the time free the same way) rather than a plain one."""
        with self._uow() as uow:
            current = uow.appointments.get(appointment_id)
            rules = _rules(uow)
        return (current.status is AppointmentStatus.BOOKED
                and not can_cancel_without_fee(current, rules, self._clock()))

    def cancel(self, appointment_id: int) -> Appointment:
        """Cancel a booked appointment: its time is free again."""
        return self._set_status(appointment_id, AppointmentStatus.CANCELLED)

    def mark(self, appointment_id: int, status: AppointmentStatus) -> Appointment:
        """Record attendance: attended, no-show or late cancellation (a correction of an
        earlier mark is allowed; a cancelled appointment stays cancelled)."""
        if status not in ATTENDANCE_STATUSES:
            raise ValueError(f"not an attendance status: {status}")
        return self._set_status(appointment_id, status)

    def _set_status(self, appointment_id: int, status: AppointmentStatus) -> Appointment:
        now = self._clock()
        with self._uow(write=True) as uow:
            current = uow.appointments.get(appointment_id)
            uow.practitioners.lock(current.practitioner_id)
            current = uow.appointments.get(appointment_id)
            _check_transition(current, status, now)
            if status is current.status:
                return current
            # A late cancellation freed its time: taking it back (attended after all) must
            # not overlap what was booked since.
            if not current.active and status in (AppointmentStatus.ATTENDED,
                                                  AppointmentStatus.NO_SHOW) and \
                    uow.appointments.overlaps(current.practitioner_id, current.starts_at,
                                              current.ends_at, except_id=appointment_id):
                raise SlotTakenError(hint="This time was booked again since; record "
                                              "the attendance on that appointment.")
            uow.appointments.set_status(appointment_id, status, now)
            # Attendance bills (issue 16): the mark and its invoice commit together.
            settings = read_payment_settings(uow.settings.get)
            invoice_attendance(
                uow, current, status, now, _rules(uow).zone, self._workstation(uow),
                fees={InvoiceKind.NO_SHOW: settings.no_show_fee_cents,
                      InvoiceKind.LATE_CANCELLATION: settings.late_cancellation_fee_cents},
                currency=settings.currency)
            uow.commit()
            return replace(current, status=status)

    # -- holds --------------------------------------------------------------------------
    def hold(self, practitioner_id: int, service_id: int, start: datetime, *,
             client_id: int | None = None, minutes: int = HOLD_MINUTES) -> Hold:
        """Keep a client's slot for a few minutes (online booking in progress)."""
        now = self._clock()
        with self._uow(write=True) as uow:
            rules = _rules(uow)
            service = uow.service_catalog.get(service_id)
            end = start + timedelta(minutes=service.duration_minutes)
            uow.practitioners.lock(practitioner_id)
            uow.holds.clear_expired(practitioner_id, now)
            taken = (uow.appointments.overlaps(practitioner_id, start, end)
                     or uow.holds.overlaps(practitioner_id, start, end, now))
            if not taken:
                _check_slot(uow, rules, practitioner_id, service, start, now, for_client=True)
                held = uow.holds.add(practitioner_id=practitioner_id, service_id=service_id,
                                     client_id=client_id, start=start, end=end,
                                     expires_at=now + timedelta(minutes=minutes))
                uow.commit()
        if taken:
            raise self._taken(practitioner_id, service_id, start, True)
        return held

    def release_hold(self, hold_id: int) -> None:
        with self._uow(write=True) as uow:
            uow.holds.delete(hold_id)
            uow.commit()

    def _taken(self, practitioner_id: int, service_id: int, start: datetime,
               for_client: bool) -> SlotTakenError:
        """The loser's answer: plainly said, with the next free slots (read after the
        winner's commit)."""
        with self._uow() as uow:
            rules = _rules(uow)
            service = uow.service_catalog.get(service_id)
            day = local_day(start, rules.zone)
            found = _slots(uow, rules, [practitioner_id], service, day,
                           day + timedelta(days=NEXT_SLOTS_DAYS), self._clock(),
                           for_client)[practitioner_id]
        following = tuple([s for s in found if s >= start][:NEXT_SLOTS_SHOWN]
                          or found[:NEXT_SLOTS_SHOWN])
        zone = rules.zone
        if not following:
            return SlotTakenError(following, hint="No free time in the next two weeks.")
        # A sentence with a placeholder: the desk translates it, then fills in the times.
        times = ", ".join(s.astimezone(zone).strftime("%Y-%m-%d %H:%M") for s in following)
        return SlotTakenError(following, hint="Next free times: {times}.",
                              params={"times": times})


def rules_in(uow: UnitOfWork) -> BookingRules:
    """The clinic's booking rules, read in ``uow`` (for services reading more with them)."""
    return _rules(uow)


def _rules(uow: UnitOfWork) -> BookingRules:
    raw = uow.settings.get(RULES_KEY)
    zone = uow.settings.get(TIME_ZONE_KEY)
    rules = BookingRules()
    if raw:
        try:
            stored = json.loads(raw)
            rules = BookingRules(**{**stored, "start_rule": StartRule(stored["start_rule"])})
        except (ValueError, TypeError, KeyError):
            log.warning("scheduling rules unreadable: using the defaults")
    return replace(rules, time_zone=zone) if zone else rules


def _slots(uow: UnitOfWork, rules: BookingRules, practitioner_ids: list[int], service: Service,
           first_day: date, last_day: date, now: datetime, for_client: bool,
           *, except_hold: int | None = None, except_appointment: Appointment | None = None
           ) -> dict[int, list[datetime]]:
    zone = rules.zone
    start = datetime.combine(first_day, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(last_day + timedelta(days=2), datetime.min.time(), tzinfo=zone)
    weeks = uow.availability.get_many(practitioner_ids)
    busy = uow.appointments.busy(practitioner_ids, start, end)
    held = uow.holds.busy(practitioner_ids, start, end, now)
    ignored: set[Interval] = set()
    if except_appointment is not None:
        ignored.add(Interval(except_appointment.starts_at, except_appointment.ends_at))
    if except_hold is not None:
        hold = uow.holds.get(except_hold)
        ignored.add(Interval(hold.starts_at, hold.ends_at))
    duration = timedelta(minutes=service.duration_minutes)
    return {pid: free_slots(SlotQuery(
        weeks[pid], tuple(i for i in busy[pid] + held[pid] if i not in ignored), duration,
        rules, first_day, last_day, now, for_client)) for pid in practitioner_ids}


def _check_slot(uow: UnitOfWork, rules: BookingRules, practitioner_id: int, service: Service,
                start: datetime, now: datetime, *, for_client: bool,
                except_hold: int | None = None,
                except_appointment: Appointment | None = None) -> None:
    day = local_day(start, rules.zone)
    found = _slots(uow, rules, [practitioner_id], service, day, day, now, for_client,
                   except_hold=except_hold, except_appointment=except_appointment)
    if start not in found[practitioner_id]:
        raise UserFacingError(
            "This time isn't one of the practitioner's free slots.",
            hint="Choose a time from the free slots shown (the practitioner's hours, days "
                 "off and the clinic's booking rules decide them).")


def _check_offers(practitioner: Practitioner, service: Service) -> None:
    if not practitioner.active:
        raise UserFacingError("This practitioner isn't taking appointments.",
                              hint="Choose another practitioner.")
    if service.id not in practitioner.service_ids or not service.active:
        raise UserFacingError("This practitioner doesn't offer this service.",
                              hint="Choose one of the services the practitioner offers.")


def _check_transition(current: Appointment, status: AppointmentStatus, now: datetime) -> None:
    if current.status is AppointmentStatus.CANCELLED:
        raise UserFacingError("This appointment was cancelled.",
                              hint="Book a new appointment instead.")
    if status in (AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW) and \
            now < current.starts_at:
        raise UserFacingError("Attendance can be recorded once the appointment has started.",
                              hint="Cancel it or move it if the client can't come.")
    if status is AppointmentStatus.CANCELLED and current.status is not AppointmentStatus.BOOKED:
        raise UserFacingError("Only a booked appointment can be cancelled.",
                              hint="Correct the attendance instead.")
