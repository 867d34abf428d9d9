"""Appointments (``appointments``). Never two active ones of a practitioner at once.

Every write that gives an appointment time runs in a write unit of work, after
``PractitionerRepository.lock``, and checks ``overlaps`` first (the clean answer for the
loser); the database refuses the rest (migration 0006: an exclusion constraint on PostgreSQL,
triggers on SQLite), which ``_guarded`` turns into the same ``SlotTakenError``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exc, insert, select
from sqlalchemy.orm import Session

from owl_desktop.domain.scheduling import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentStatus,
    Interval,
)
from owl_desktop.errors import NotFoundError, SlotTakenError
from owl_desktop.store.change_journal_repo import note
from owl_desktop.store.models import ClientRow
from owl_desktop.store.sched_times import from_db, to_db
from owl_desktop.store.scheduling_models import AppointmentRow, PractitionerRow, ServiceRow

_ACTIVE = [s.value for s in ACTIVE_STATUSES]
# No session is longer than this (ServiceDraft): an index range on starts_at bounds the search
# for appointments still running at a given time.
_LONGEST = timedelta(hours=8)


@contextmanager
def _guarded() -> Iterator[None]:
    try:
        yield
    except exc.IntegrityError as error:
        text = str(error.orig).lower()
        if "overlap" in text or "exclusion" in text or "no_overlap" in text:
            raise SlotTakenError() from error
        raise


class AppointmentRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def busy(self, practitioner_ids: Sequence[int], start: datetime, end: datetime
             ) -> dict[int, list[Interval]]:
        """Active appointments' intervals per practitioner that touch [start, end)."""
        found: dict[int, list[Interval]] = {p: [] for p in practitioner_ids}
        rows = self._session.execute(
            select(AppointmentRow.practitioner_id, AppointmentRow.starts_at,
                   AppointmentRow.ends_at)
            .where(AppointmentRow.practitioner_id.in_(list(practitioner_ids)),
                   AppointmentRow.starts_at >= to_db(start - _LONGEST),
                   AppointmentRow.starts_at < to_db(end),
                   AppointmentRow.status.in_(_ACTIVE)))
        for pid, s, e in rows:
            found[pid].append(Interval(from_db(s), from_db(e)))
        return found

    def overlaps(self, practitioner_id: int, start: datetime, end: datetime,
                 except_id: int | None = None) -> bool:
        query = (select(AppointmentRow.id)
                 .where(AppointmentRow.practitioner_id == practitioner_id,
                        AppointmentRow.status.in_(_ACTIVE),
                        AppointmentRow.starts_at >= to_db(start - _LONGEST),
                        AppointmentRow.starts_at < to_db(end),
                        AppointmentRow.ends_at > to_db(start)).limit(1))
        if except_id is not None:
            query = query.where(AppointmentRow.id != except_id)
        return self._session.scalar(query) is not None

    def for_practitioner(self, practitioner_id: int, start: datetime, end: datetime
                         ) -> list[Appointment]:
        """Every appointment (any status) starting in [start, end), in order."""
        return self._named(self._joined()
                           .where(AppointmentRow.practitioner_id == practitioner_id,
                                  AppointmentRow.starts_at >= to_db(start),
                                  AppointmentRow.starts_at < to_db(end))
                           .order_by(AppointmentRow.starts_at, AppointmentRow.id))

    def for_client(self, client_id: int, limit: int = 200) -> list[Appointment]:
        """A client's appointments, latest first."""
        return self._named(self._joined().where(AppointmentRow.client_id == client_id)
                           .order_by(AppointmentRow.starts_at.desc()).limit(limit))

    def get(self, appointment_id: int, *, for_update: bool = False) -> Appointment:
        query = self._joined().where(AppointmentRow.id == appointment_id)
        if for_update:
            query = query.with_for_update(of=AppointmentRow)
        found = self._named(query)
        if not found:
            raise NotFoundError("This appointment no longer exists.",
                                hint="Another desk may have removed it: look at the day again.")
        return found[0]

    def add(self, *, practitioner_id: int, client_id: int, service_id: int, start: datetime,
            end: datetime, booked_online: bool, now: datetime) -> int:
        row = AppointmentRow(practitioner_id=practitioner_id, client_id=client_id,
                             service_id=service_id, starts_at=to_db(start), ends_at=to_db(end),
                             status=AppointmentStatus.BOOKED.value, booked_online=booked_online,
                             created_at=to_db(now), updated_at=to_db(now))
        with _guarded():
            self._session.add(row)
            self._session.flush()
        note(self._session, client_id)
        return row.id

    def add_many(self, rows: list[dict[str, Any]]) -> None:
        """Bulk insert (benchmarks, imports): plain dicts of column values, UTC instants."""
        self._session.execute(insert(AppointmentRow), rows)

    def move(self, appointment_id: int, start: datetime, end: datetime, now: datetime) -> None:
        row = self._row(appointment_id)
        with _guarded():
            row.starts_at, row.ends_at, row.updated_at = to_db(start), to_db(end), to_db(now)
            self._session.flush()
        note(self._session, row.client_id)

    def set_status(self, appointment_id: int, status: AppointmentStatus, now: datetime) -> None:
        row = self._row(appointment_id)
        with _guarded():
            row.status, row.updated_at = status.value, to_db(now)
            self._session.flush()
        note(self._session, row.client_id)

    def _row(self, appointment_id: int) -> AppointmentRow:
        row = self._session.get(AppointmentRow, appointment_id)
        if row is None:
            raise NotFoundError("This appointment no longer exists.",
                                hint="Another desk may have removed it: look at the day again.")
        return row

    @staticmethod
    def _joined() -> Any:  # a Select of (row, first, last, practitioner, en, fr)
        return (select(AppointmentRow, ClientRow.first_name, ClientRow.last_name,
                       PractitionerRow.name, ServiceRow.name_en, ServiceRow.name_fr)
                .join(ClientRow, ClientRow.id == AppointmentRow.client_id)
                .join(PractitionerRow, PractitionerRow.id == AppointmentRow.practitioner_id)
                .join(ServiceRow, ServiceRow.id == AppointmentRow.service_id))

    def _named(self, query: Any) -> list[Appointment]:
        found = []
        for row in self._session.execute(query):
            r: AppointmentRow = row[0]
            first, last, pname, en, fr = (str(v) for v in row[1:])
            found.append(Appointment(r.id, r.practitioner_id, r.client_id, r.service_id,
                                     from_db(r.starts_at), from_db(r.ends_at),
                                     AppointmentStatus(r.status), r.booked_online,
                                     f"{first} {last}".strip(), pname, en, fr))
        return found
