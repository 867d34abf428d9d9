"""What the Book tab's pages show, made from the booking service's answers: times in the
clinic's time zone, worded in the client's language, and the links each slot leads to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from owl_desktop.domain.scheduling import Appointment, Practitioner, Service
from owl_desktop.portal.i18n import text
from owl_desktop.portal.words_booking import MONTHS, WEEKDAYS
from owl_desktop.services.booking import Slot


def day_text(lang: str, day: date) -> str:
    weekday = WEEKDAYS.get(lang, WEEKDAYS["en"])[day.weekday()]
    month = MONTHS.get(lang, MONTHS["en"])[day.month - 1]
    if lang == "fr":
        return f"{weekday} {day.day} {month} {day.year}"
    return f"{weekday}, {month} {day.day}, {day.year}"


def time_text(lang: str, instant: datetime, zone: ZoneInfo) -> str:
    local = instant.astimezone(zone)
    return f"{local.hour} h {local.minute:02d}" if lang == "fr" else \
        f"{local.hour}:{local.minute:02d}"


def when_text(lang: str, instant: datetime, zone: ZoneInfo) -> str:
    local = instant.astimezone(zone)
    return text(lang, "at_time", day=day_text(lang, local.date()),
                time=time_text(lang, instant, zone))


@dataclass(frozen=True)
class SlotView:
    label: str          # "9:30 — Dr. Anne Roy"
    href: str           # the confirmation page for this slot
    start: str          # ISO instant (UTC), for tests and the form
    practitioner_id: int


def slot_views(lang: str, slots: list[Slot], zone: ZoneInfo, service_id: int, who: str,
               names: dict[int, str], *, with_day: bool = False) -> list[SlotView]:
    views = []
    for slot in slots:
        when = (when_text(lang, slot.start, zone) if with_day
                else time_text(lang, slot.start, zone))
        query = urlencode({"service": service_id, "who": who,
                           "practitioner": slot.practitioner_id,
                           "start": slot.start.isoformat()})
        views.append(SlotView(f"{when} — {names.get(slot.practitioner_id, '')}",
                              f"/book/confirm?{query}", slot.start.isoformat(),
                              slot.practitioner_id))
    return views


@dataclass(frozen=True)
class AppointmentView:
    id: int
    when: str
    service: str
    practitioner: str
    can_cancel: bool
    booked_online: bool


def appointment_view(lang: str, appointment: Appointment, zone: ZoneInfo, can_cancel: bool
                     ) -> AppointmentView:
    service = (appointment.service_name_fr if lang == "fr" and appointment.service_name_fr
               else appointment.service_name_en)
    return AppointmentView(appointment.id, when_text(lang, appointment.starts_at, zone),
                           service, appointment.practitioner_name, can_cancel,
                           appointment.booked_online)


def service_label(lang: str, service: Service) -> str:
    return f"{service.name(lang)} ({text(lang, 'minutes', n=str(service.duration_minutes))})"


def names_of(practitioners: tuple[Practitioner, ...]) -> dict[int, str]:
    return {p.id: p.name for p in practitioners}


def parse_instant(value: str) -> datetime | None:
    """An aware instant from a form or link; None when it isn't one."""
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        return None
    return found if found.tzinfo is not None else None


def parse_int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
