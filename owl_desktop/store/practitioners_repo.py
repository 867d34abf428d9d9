"""Practitioners and the services each offers (``practitioners``, ``practitioner_services``).

``lock`` is the per-practitioner lock every schedule write takes first: on PostgreSQL a row
lock (``FOR UPDATE``) that queues writers for the same practitioner only; on SQLite the write
unit of work already holds the database's write lock (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from owl_desktop.domain.scheduling import Practitioner, PractitionerDraft
from owl_desktop.errors import NotFoundError
from owl_desktop.store.change_journal_repo import EVERYTHING, note
from owl_desktop.store.scheduling_models import PractitionerRow, PractitionerServiceRow


class PractitionerRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def all(self, *, include_inactive: bool = True) -> list[Practitioner]:
        query = select(PractitionerRow).order_by(PractitionerRow.name, PractitionerRow.id)
        if not include_inactive:
            query = query.where(PractitionerRow.active.is_(True))
        rows = list(self._session.scalars(query))
        offered = self._offered([r.id for r in rows])
        return [self._to(r, offered.get(r.id, frozenset())) for r in rows]

    def get(self, practitioner_id: int) -> Practitioner:
        row = self._row(practitioner_id)
        return self._to(row, self._offered([row.id]).get(row.id, frozenset()))

    def lock(self, practitioner_id: int) -> None:
        """Queue behind any other writer of this practitioner's schedule (see module doc)."""
        found = self._session.scalar(select(PractitionerRow.id).where(
            PractitionerRow.id == practitioner_id).with_for_update())
        if found is None:
            raise self._missing()

    def add(self, draft: PractitionerDraft, now: datetime) -> Practitioner:
        row = PractitionerRow(name=" ".join(draft.name.split()),
                              takes_online_bookings=draft.takes_online_bookings,
                              active=draft.active, created_at=now, updated_at=now,
                              registration_number=draft.registration_number.strip())
        self._session.add(row)
        self._session.flush()
        self._set_services(row.id, draft.service_ids)
        note(self._session, EVERYTHING)
        return self.get(row.id)

    def update(self, practitioner_id: int, draft: PractitionerDraft, now: datetime
               ) -> Practitioner:
        row = self._row(practitioner_id)
        row.name = " ".join(draft.name.split())
        row.takes_online_bookings = draft.takes_online_bookings
        row.active = draft.active
        row.registration_number = draft.registration_number.strip()
        row.updated_at = now
        self._session.flush()
        self._set_services(row.id, draft.service_ids)
        note(self._session, EVERYTHING)
        return self.get(row.id)

    def _set_services(self, practitioner_id: int, service_ids: Iterable[int]) -> None:
        self._session.execute(delete(PractitionerServiceRow).where(
            PractitionerServiceRow.practitioner_id == practitioner_id))
        self._session.add_all([PractitionerServiceRow(practitioner_id=practitioner_id,
                                                      service_id=s) for s in set(service_ids)])
        self._session.flush()

    def _offered(self, ids: list[int]) -> dict[int, frozenset[int]]:
        if not ids:
            return {}
        found: dict[int, set[int]] = {}
        for pid, sid in self._session.execute(
                select(PractitionerServiceRow.practitioner_id, PractitionerServiceRow.service_id)
                .where(PractitionerServiceRow.practitioner_id.in_(ids))):
            found.setdefault(pid, set()).add(sid)
        return {k: frozenset(v) for k, v in found.items()}

    def _row(self, practitioner_id: int) -> PractitionerRow:
        row = self._session.get(PractitionerRow, practitioner_id)
        if row is None:
            raise self._missing()
        return row

    @staticmethod
    def _missing() -> NotFoundError:
        return NotFoundError("This practitioner no longer exists.",
                             hint="Close this window and open it again.")

    @staticmethod
    def _to(row: PractitionerRow, services: frozenset[int]) -> Practitioner:
        return Practitioner(row.id, row.name, row.takes_online_bookings, services, row.active,
                            row.registration_number or "")
