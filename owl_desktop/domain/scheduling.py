"""The clinic's schedule: practitioners, services, weekly availability, days off, booking rules,
appointments and holds.

Times of day in availability are the clinic's wall-clock times (``minute`` of the day in its
time zone); appointments and holds are instants (aware datetimes, stored in UTC). Keeping the
two apart is what makes slots right across daylight-saving changes: a practitioner who works
9:00–17:00 does so on both sides of the change, while a 60-minute session lasts 60 real
minutes even on the night the clocks move (see ``domain/slots.py``).

Validation returns error *codes* per field, as for clients: the UI words them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIME_ZONE = "America/Toronto"
MINUTES_PER_DAY = 24 * 60


class StartRule(StrEnum):
    """When sessions may start: on the hour, on the hour or half hour, or back to back with a
    set break between sessions (from the start of each availability window)."""

    HOUR = "hour"
    HALF_HOUR = "half_hour"
    BREAK = "break"


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    ATTENDED = "attended"
    NO_SHOW = "no_show"
    LATE_CANCELLATION = "late_cancellation"
    CANCELLED = "cancelled"


# Appointments that hold their time: a no-show still used the practitioner's hour, while a
# cancellation (late or not) frees the slot for someone else. The database's overlap rule
# (migration 0006) uses the same list.
ACTIVE_STATUSES: frozenset[AppointmentStatus] = frozenset(
    {AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW})
# What staff may mark a booked appointment as, once its time has come (or been cancelled late).
ATTENDANCE_STATUSES: frozenset[AppointmentStatus] = frozenset(
    {AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW, AppointmentStatus.LATE_CANCELLATION})


def clinic_zone(name: str) -> ZoneInfo:
    """The clinic's time zone; an unknown name is a setting error, not a crash later."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error


@dataclass(frozen=True)
class BookingRules:
    """The clinic's rules. ``horizon_days`` and ``min_notice_minutes`` limit what *clients*
    may book (the portal); staff at the desk may book any free slot from now on."""

    start_rule: StartRule = StartRule.HALF_HOUR
    break_minutes: int = 0
    horizon_days: int = 60
    min_notice_minutes: int = 24 * 60
    cancellation_notice_hours: int = 24
    time_zone: str = DEFAULT_TIME_ZONE

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not 0 <= self.break_minutes <= 240:
            errors["break_minutes"] = "out_of_range"
        if not 0 <= self.horizon_days <= 730:
            errors["horizon_days"] = "out_of_range"
        if not 0 <= self.min_notice_minutes <= 30 * MINUTES_PER_DAY:
            errors["min_notice_minutes"] = "out_of_range"
        if not 0 <= self.cancellation_notice_hours <= 24 * 14:
            errors["cancellation_notice_hours"] = "out_of_range"
        try:
            clinic_zone(self.time_zone)
        except ValueError:
            errors["time_zone"] = "unknown"
        return errors

    @property
    def zone(self) -> ZoneInfo:
        return clinic_zone(self.time_zone)


@dataclass(frozen=True)
class Service:
    id: int
    name_en: str
    name_fr: str
    duration_minutes: int
    fee_cents: int  # CAD
    active: bool = True

    def name(self, language: str) -> str:
        return self.name_fr if language.startswith("fr") and self.name_fr else self.name_en


@dataclass(frozen=True)
class ServiceDraft:
    name_en: str
    name_fr: str
    duration_minutes: int
    fee_cents: int
    active: bool = True

    def normalized(self) -> ServiceDraft:
        return ServiceDraft(" ".join(self.name_en.split()), " ".join(self.name_fr.split()),
                            self.duration_minutes, self.fee_cents, self.active)

    def validate(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not self.name_en:
            errors["name_en"] = "required"
        if not self.name_fr:
            errors["name_fr"] = "required"
        if not 5 <= self.duration_minutes <= 8 * 60:
            errors["duration_minutes"] = "out_of_range"
        if not 0 <= self.fee_cents <= 10_000_00:
            errors["fee_cents"] = "out_of_range"
        return errors


@dataclass(frozen=True)
class WeeklyWindow:
    """One stretch of the week a practitioner works: ``weekday`` 0 = Monday, minutes of the
    day in the clinic's time zone. A lunch break is simply two windows on the same day."""

    weekday: int
    start_minute: int
    end_minute: int

    def valid(self) -> bool:
        return (0 <= self.weekday <= 6
                and 0 <= self.start_minute < self.end_minute <= MINUTES_PER_DAY)


def overlapping_windows(windows: list[WeeklyWindow]) -> bool:
    by_day = sorted(windows, key=lambda w: (w.weekday, w.start_minute))
    return any(a.weekday == b.weekday and b.start_minute < a.end_minute
               for a, b in pairwise(by_day))


@dataclass(frozen=True)
class Practitioner:
    id: int
    name: str
    takes_online_bookings: bool
    service_ids: frozenset[int] = frozenset()
    active: bool = True
    # Their professional order's registration number: receipts print it (insurers ask).
    registration_number: str = ""


@dataclass(frozen=True)
class PractitionerDraft:
    name: str
    takes_online_bookings: bool = True
    service_ids: frozenset[int] = frozenset()
    active: bool = True
    registration_number: str = ""

    def validate(self) -> dict[str, str]:
        errors = {"name": "required"} if not " ".join(self.name.split()) else {}
        if len(self.registration_number.strip()) > 60:
            errors["registration_number"] = "too_long"
        return errors


@dataclass(frozen=True)
class Availability:
    """A practitioner's week and days off (local dates)."""

    practitioner_id: int
    windows: tuple[WeeklyWindow, ...] = ()
    days_off: frozenset[date] = frozenset()

    def validate(self) -> dict[str, str]:
        if not all(w.valid() for w in self.windows):
            return {"windows": "invalid"}
        if overlapping_windows(list(self.windows)):
            return {"windows": "overlap"}
        return {}


@dataclass(frozen=True)
class Appointment:
    id: int
    practitioner_id: int
    client_id: int
    service_id: int
    starts_at: datetime
    ends_at: datetime
    status: AppointmentStatus
    booked_online: bool = False
    client_name: str = ""
    practitioner_name: str = ""
    service_name_en: str = ""
    service_name_fr: str = ""

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES


@dataclass(frozen=True)
class Hold:
    """A slot kept for a client for a few minutes while they finish booking online (e.g. add a
    payment method first): it blocks the slot like an appointment until it expires."""

    id: int
    practitioner_id: int
    service_id: int
    starts_at: datetime
    ends_at: datetime
    expires_at: datetime
    client_id: int | None = None


@dataclass(frozen=True)
class Interval:
    """A busy stretch of time, half-open [start, end), aware datetimes."""

    start: datetime
    end: datetime


@dataclass(frozen=True)
class SlotQuery:
    """What the slot engine needs for one practitioner; built by the scheduling service."""

    availability: Availability
    busy: tuple[Interval, ...]
    duration: timedelta
    rules: BookingRules
    first_day: date
    last_day: date
    now: datetime
    for_client: bool = False


def can_cancel_without_fee(appointment: Appointment, rules: BookingRules, now: datetime) -> bool:
    """Cancelled with at least the clinic's notice: a plain cancellation; later than that,
    staff may record it as a late cancellation."""
    return appointment.starts_at - now >= timedelta(hours=rules.cancellation_notice_hours)
