"""Online booking (the portal's *Book* tab) over the shared scheduling service: what a client
may book, the clinic's rule "Require a valid payment method to book via the client portal",
holds while a client adds a method, their upcoming appointments and cancelling within the
clinic's notice. Also what the desk's profile says about the rule for a client.

Every id a client sends (a hold, an appointment) is checked against that client here: another
client's ids answer ``NotFoundError`` exactly like ids that don't exist.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.domain.booking import HOLD_MINUTES, RULE_OFF, BookingCheck, booking_check
from owl_desktop.domain.scheduling import (
    Appointment,
    AppointmentStatus,
    BookingRules,
    Hold,
    Practitioner,
    Service,
    can_cancel_without_fee,
)
from owl_desktop.domain.slots import local_day
from owl_desktop.errors import NotFoundError, UserFacingError
from owl_desktop.services.booking_mail import CANCELLED, CONFIRMED, BookingMail
from owl_desktop.services.booking_settings import BookingRule, BookingSettingsService, rule_in
from owl_desktop.services.scheduling import SchedulingService, rules_in
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

SEARCH_DAYS = 14  # how far "the first day with free times" and "the next free times" look
NEXT_SHOWN = 6


class HoldExpired(UserFacingError):  # noqa: N818 - reads as a sentence
    code = "hold_expired"


class MethodStillNeeded(UserFacingError):  # noqa: N818 - reads as a sentence
    """The rule is on and the client still has no method valid on the appointment's date."""

    code = "method_needed"

    def __init__(self, check: BookingCheck) -> None:
        super().__init__("A valid payment method is needed to confirm this booking.",
                         detail=check.reason)
        self.check = check


class CancelTooLate(UserFacingError):  # noqa: N818 - reads as a sentence
    code = "cancel_too_late"


@dataclass(frozen=True)
class Slot:
    practitioner_id: int
    start: datetime


@dataclass(frozen=True)
class Offer:
    """What clients may book: active services offered by an active practitioner who takes
    online bookings, and those practitioners."""

    services: tuple[Service, ...]
    practitioners: tuple[Practitioner, ...]

    def practitioners_for(self, service_id: int) -> tuple[Practitioner, ...]:
        return tuple(p for p in self.practitioners if service_id in p.service_ids)


@dataclass(frozen=True)
class BookingOutcome:
    """Booked at once (``appointment``), or held while the client adds a method (``hold``)."""

    check: BookingCheck
    appointment: Appointment | None = None
    hold: Hold | None = None


class BookingService:
    def __init__(self, uow: UnitOfWorkFactory, scheduling: SchedulingService,
                 clock: Clock = utc_now, settings: BookingSettingsService | None = None,
                 hold_minutes: int = HOLD_MINUTES, mail: BookingMail | None = None) -> None:
        """``mail``: confirmation and cancellation mails (None: none are sent)."""
        self._uow = uow
        self._scheduling = scheduling
        self._clock = clock
        self.settings = settings or BookingSettingsService(uow)
        self._hold_minutes = hold_minutes
        self._mail = mail

    # -- what may be booked ---------------------------------------------------------------
    def rules(self) -> BookingRules:
        return self._scheduling.rules()

    def rule(self) -> BookingRule:
        return self.settings.load()

    def offer(self) -> Offer:
        with self._uow() as uow:
            return _offer_in(uow)

    def _who(self, offer: Offer, service_id: int, practitioner_id: int | None
             ) -> list[int]:
        if service_id not in {s.id for s in offer.services}:
            raise NotFoundError("This service can't be booked online.")
        pids = [p.id for p in offer.practitioners_for(service_id)]
        if practitioner_id is None:
            return pids
        if practitioner_id not in pids:
            raise NotFoundError("This practitioner doesn't take this booking online.")
        return [practitioner_id]

    def slots(self, service_id: int, practitioner_id: int | None, first_day: date,
              last_day: date | None = None) -> list[Slot]:
        """Free starts clients may book; with ``practitioner_id`` None ("anyone"), each time
        once, with one of the practitioners free then (taken in turn from one time to the
        next, so "anyone" bookings spread over the practitioners)."""
        pids = self._who(self.offer(), service_id, practitioner_id)
        found = self._scheduling.free_slots_many(pids, service_id, first_day,
                                                 last_day or first_day, for_client=True)
        free: dict[datetime, list[int]] = {}
        for pid in pids:
            for start in found[pid]:
                free.setdefault(start, []).append(pid)
        return [Slot(who[n % len(who)], start)
                for n, (start, who) in enumerate(sorted(free.items()))]

    def first_day(self, service_id: int, practitioner_id: int | None) -> date:
        """The first local day with a free time in the next two weeks (today if none)."""
        today = local_day(self._clock(), self.rules().zone)
        found = self.slots(service_id, practitioner_id, today,
                           today + timedelta(days=SEARCH_DAYS))
        return local_day(found[0].start, self.rules().zone) if found else today

    def next_slots(self, service_id: int, practitioner_id: int | None, after: datetime
                   ) -> list[Slot]:
        """The next free times from ``after`` on (what a client who lost a race is shown)."""
        zone = self.rules().zone
        day = local_day(after, zone)
        found = self.slots(service_id, practitioner_id, day,
                           day + timedelta(days=SEARCH_DAYS))
        return [s for s in found if s.start >= after][:NEXT_SHOWN]

    # -- the rule -------------------------------------------------------------------------
    def check(self, client_id: int, day: date) -> BookingCheck:
        """Whether the client may book for ``day`` (local date) under the clinic's rule."""
        with self._uow() as uow:
            return _check_in(uow, client_id, day)

    def check_today(self, client_id: int) -> BookingCheck:
        """The desk's profile line: could this client book online today?"""
        with self._uow() as uow:
            return _check_in(uow, client_id, local_day(self._clock(), rules_in(uow).zone))

    # -- booking --------------------------------------------------------------------------
    def book(self, client_id: int, service_id: int, practitioner_id: int, start: datetime
             ) -> BookingOutcome:
        """Book at once when allowed; else hold the slot for a few minutes (a hold counts
        against overlap) while the client adds a method. ``SlotTakenError`` when another
        client or a desk took it first."""
        with self._uow() as uow:  # one read for what decides how to book
            self._who(_offer_in(uow), service_id, practitioner_id)
            check = _check_in(uow, client_id, local_day(start, rules_in(uow).zone))
        if check.allowed:
            booked = self._scheduling.book(practitioner_id, client_id, service_id, start,
                                           booked_online=True)
            log.info("online booking %s by client %s", booked.id, client_id)
            return BookingOutcome(check, appointment=booked)
        held = self._scheduling.hold(practitioner_id, service_id, start, client_id=client_id,
                                     minutes=self._hold_minutes)
        log.info("slot held %s for client %s (%s)", held.id, client_id, check.reason)
        return BookingOutcome(check, hold=held)

    def hold_of(self, client_id: int, hold_id: int) -> Hold:
        """The client's own hold; ``NotFoundError`` for another client's, ``HoldExpired``
        once its minutes have run out."""
        with self._uow() as uow:
            try:
                held = uow.holds.get(hold_id)
            except NotFoundError:
                held = None
        if held is None or held.client_id != client_id:
            raise HoldExpired("This time is no longer kept for you.")
        if held.expires_at <= self._clock():
            raise HoldExpired("This time is no longer kept for you.")
        return held

    def confirm_hold(self, client_id: int, hold_id: int) -> Appointment:
        held = self.hold_of(client_id, hold_id)
        with self._uow() as uow:
            check = _check_in(uow, client_id, local_day(held.starts_at, rules_in(uow).zone))
        if not check.allowed:
            raise MethodStillNeeded(check)
        try:
            booked = self._scheduling.book(held.practitioner_id, client_id, held.service_id,
                                           held.starts_at, booked_online=True,
                                           hold_id=hold_id)
        except NotFoundError as error:  # expired and cleared meanwhile
            raise HoldExpired("This time is no longer kept for you.") from error
        log.info("held slot %s booked as %s", hold_id, booked.id)
        return booked

    def release_hold(self, client_id: int, hold_id: int) -> None:
        with self._uow() as uow:
            try:
                held = uow.holds.get(hold_id)
            except NotFoundError:
                return
        if held.client_id == client_id:
            self._scheduling.release_hold(hold_id)

    # -- mails (the portal sends them after answering) ----------------------------------
    def mail_confirmation(self, appointment_id: int) -> bool:
        return self._notify(CONFIRMED, appointment_id)

    def mail_cancellation(self, appointment_id: int) -> bool:
        return self._notify(CANCELLED, appointment_id)

    def _notify(self, kind: str, appointment_id: int) -> bool:
        if self._mail is None:
            return False
        try:
            hours = self.rules().cancellation_notice_hours
        except Exception:
            log.exception("booking mail: the clinic's rules are unreadable")
            return False
        return self._mail.send(kind, appointment_id, hours)

    # -- after booking --------------------------------------------------------------------
    def upcoming(self, client_id: int) -> list[Appointment]:
        now = self._clock()
        found = [a for a in self._scheduling.client_appointments(client_id)
                 if a.status is AppointmentStatus.BOOKED and a.ends_at > now]
        return sorted(found, key=lambda a: a.starts_at)

    def can_cancel(self, appointment: Appointment, rules: BookingRules | None = None) -> bool:
        return (appointment.status is AppointmentStatus.BOOKED
                and appointment.starts_at > self._clock()
                and can_cancel_without_fee(appointment, rules or self.rules(), self._clock()))

    def appointment_of(self, client_id: int, appointment_id: int) -> Appointment:
        with self._uow() as uow:
            found = uow.appointments.get(appointment_id)
        if found.client_id != client_id:
            raise NotFoundError("This appointment no longer exists.")
        return found

    def cancel(self, client_id: int, appointment_id: int) -> Appointment:
        """Cancel the client's own appointment, if the clinic's notice allows it online."""
        found = self.appointment_of(client_id, appointment_id)
        if not self.can_cancel(found):
            raise CancelTooLate("It is too late to cancel this appointment online.",
                                hint="Call the clinic.")
        cancelled = self._scheduling.cancel(appointment_id)
        log.info("appointment %s cancelled online by client %s", appointment_id, client_id)
        return cancelled


def _offer_in(uow: UnitOfWork) -> Offer:
    practitioners = tuple(p for p in uow.practitioners.all(include_inactive=False)
                          if p.takes_online_bookings)
    offered = {sid for p in practitioners for sid in p.service_ids}
    services = tuple(s for s in uow.service_catalog.all(include_inactive=False)
                     if s.id in offered)
    return Offer(services, practitioners)


def _check_in(uow: UnitOfWork, client_id: int, day: date) -> BookingCheck:
    rule = rule_in(uow)
    if not rule.require_method:
        return BookingCheck(True, RULE_OFF)
    return booking_check(True, uow.payment_methods.list_for_client(client_id), day)
