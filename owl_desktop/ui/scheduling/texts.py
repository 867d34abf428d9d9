"""Words of the schedule shown in several views: statuses, weekdays, times and the services'
error sentences (looked up by ``ui/messages.error_texts`` in the ``UserFacingError`` context)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from owl_desktop.domain.scheduling import AppointmentStatus
from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

_STATUS: dict[AppointmentStatus, str] = {
    AppointmentStatus.BOOKED: QT_TRANSLATE_NOOP("Schedule", "Booked"),
    AppointmentStatus.ATTENDED: QT_TRANSLATE_NOOP("Schedule", "Attended"),
    AppointmentStatus.NO_SHOW: QT_TRANSLATE_NOOP("Schedule", "No-show"),
    AppointmentStatus.LATE_CANCELLATION: QT_TRANSLATE_NOOP("Schedule", "Late cancellation"),
    AppointmentStatus.CANCELLED: QT_TRANSLATE_NOOP("Schedule", "Cancelled"),
}

WEEKDAYS = (QT_TRANSLATE_NOOP("Schedule", "Monday"), QT_TRANSLATE_NOOP("Schedule", "Tuesday"),
            QT_TRANSLATE_NOOP("Schedule", "Wednesday"),
            QT_TRANSLATE_NOOP("Schedule", "Thursday"), QT_TRANSLATE_NOOP("Schedule", "Friday"),
            QT_TRANSLATE_NOOP("Schedule", "Saturday"), QT_TRANSLATE_NOOP("Schedule", "Sunday"))

# The scheduling service's sentences (services/scheduling.py, store/*_repo.py).
ERROR_SENTENCES = (
    QT_TRANSLATE_NOOP("UserFacingError", "This time was just booked by someone else."),
    QT_TRANSLATE_NOOP("UserFacingError", "Choose another time."),
    QT_TRANSLATE_NOOP("UserFacingError", "Next free times: {times}."),
    QT_TRANSLATE_NOOP("UserFacingError", "No free time in the next two weeks."),
    QT_TRANSLATE_NOOP("UserFacingError", "This time was booked again since; record the "
                                         "attendance on that appointment."),
    QT_TRANSLATE_NOOP("UserFacingError", "This time isn't one of the practitioner's free slots."),
    QT_TRANSLATE_NOOP("UserFacingError", "Choose a time from the free slots shown (the "
                                         "practitioner's hours, days off and the clinic's "
                                         "booking rules decide them)."),
    QT_TRANSLATE_NOOP("UserFacingError", "This practitioner isn't taking appointments."),
    QT_TRANSLATE_NOOP("UserFacingError", "Choose another practitioner."),
    QT_TRANSLATE_NOOP("UserFacingError", "This practitioner doesn't offer this service."),
    QT_TRANSLATE_NOOP("UserFacingError", "Choose one of the services the practitioner offers."),
    QT_TRANSLATE_NOOP("UserFacingError", "This appointment was cancelled."),
    QT_TRANSLATE_NOOP("UserFacingError", "Book a new appointment instead."),
    QT_TRANSLATE_NOOP("UserFacingError", "Attendance can be recorded once the appointment "
                                         "has started."),
    QT_TRANSLATE_NOOP("UserFacingError", "Cancel it or move it if the client can't come."),
    QT_TRANSLATE_NOOP("UserFacingError", "Only a booked appointment can be cancelled."),
    QT_TRANSLATE_NOOP("UserFacingError", "Correct the attendance instead."),
    QT_TRANSLATE_NOOP("UserFacingError", "Only a booked appointment can be moved."),
    QT_TRANSLATE_NOOP("UserFacingError", "This appointment no longer exists."),
    QT_TRANSLATE_NOOP("UserFacingError", "Another desk may have removed it: look at the day "
                                         "again."),
    QT_TRANSLATE_NOOP("UserFacingError", "This practitioner no longer exists."),
    QT_TRANSLATE_NOOP("UserFacingError", "This service no longer exists."),
    QT_TRANSLATE_NOOP("UserFacingError", "Close this window and open it again."),
)


def status_text(status: AppointmentStatus) -> str:
    return QCoreApplication.translate("Schedule", _STATUS[status])


def weekday_text(weekday: int) -> str:
    return QCoreApplication.translate("Schedule", WEEKDAYS[weekday])


def local_time(instant: datetime, zone: ZoneInfo) -> str:
    """"14:30" in the clinic's zone (24-hour clock, as Canadian clinics write in both
    languages)."""
    return instant.astimezone(zone).strftime("%H:%M")


def local_date(instant: datetime, zone: ZoneInfo) -> str:
    local = instant.astimezone(zone)
    return QLocale().toString(QDate(local.year, local.month, local.day),
                              QLocale.FormatType.ShortFormat)


def money(cents: int) -> str:
    return QLocale().toCurrencyString(cents / 100, "$")


def parse_hhmm(text: str) -> int | None:
    """Minutes of the day from "9:00", "09:30" or "17"; None when it isn't a time."""
    parts = text.strip().replace("h", ":").split(":")
    try:
        hours = int(parts[0])
        minutes = int(parts[1]) if len(parts) > 1 and parts[1] else 0
    except ValueError:
        return None
    if not (0 <= hours <= 24 and 0 <= minutes < 60) or hours * 60 + minutes > 24 * 60:
        return None
    return hours * 60 + minutes


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
