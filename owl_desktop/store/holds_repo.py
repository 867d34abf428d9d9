"""Holds (``holds``): a slot kept for a few minutes while a client finishes booking online.
Written under the practitioner's lock, like appointments; expired holds of a practitioner are
cleared by the next writer for that practitioner (the exclusion constraint on PostgreSQL
counts every row, expired or not)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from owl_desktop.domain.scheduling import Hold, Interval
from owl_desktop.errors import NotFoundError
from owl_desktop.store.change_journal_repo import EVERYTHING, note
from owl_desktop.store.sched_times import from_db, to_db
from owl_desktop.store.scheduling_models import HoldRow

_LONGEST = timedelta(hours=8)


class HoldRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def busy(self, practitioner_ids: Sequence[int], start: datetime, end: datetime,
             now: datetime) -> dict[int, list[Interval]]:
        """Unexpired holds' intervals per practitioner touching [start, end)."""
        found: dict[int, list[Interval]] = {p: [] for p in practitioner_ids}
        for pid, s, e in self._session.execute(
                select(HoldRow.practitioner_id, HoldRow.starts_at, HoldRow.ends_at)
                .where(HoldRow.practitioner_id.in_(list(practitioner_ids)),
                       HoldRow.starts_at >= to_db(start - _LONGEST),
                       HoldRow.starts_at < to_db(end), HoldRow.expires_at > to_db(now))):
            found[pid].append(Interval(from_db(s), from_db(e)))
        return found

    def overlaps(self, practitioner_id: int, start: datetime, end: datetime, now: datetime,
                 except_id: int | None = None) -> bool:
        query = select(HoldRow.id).where(
            HoldRow.practitioner_id == practitioner_id, HoldRow.expires_at > to_db(now),
            HoldRow.starts_at >= to_db(start - _LONGEST), HoldRow.starts_at < to_db(end),
            HoldRow.ends_at > to_db(start)).limit(1)
        if except_id is not None:
            query = query.where(HoldRow.id != except_id)
        return self._session.scalar(query) is not None

    def clear_expired(self, practitioner_id: int, now: datetime) -> None:
        self._session.execute(delete(HoldRow).where(HoldRow.practitioner_id == practitioner_id,
                                                    HoldRow.expires_at <= to_db(now)))

    def add(self, *, practitioner_id: int, service_id: int, client_id: int | None,
            start: datetime, end: datetime, expires_at: datetime) -> Hold:
        row = HoldRow(practitioner_id=practitioner_id, service_id=service_id,
                      client_id=client_id, starts_at=to_db(start), ends_at=to_db(end),
                      expires_at=to_db(expires_at))
        self._session.add(row)
        self._session.flush()
        note(self._session, client_id if client_id is not None else EVERYTHING)
        return self.get(row.id)

    def get(self, hold_id: int) -> Hold:
        row = self._session.get(HoldRow, hold_id)
        if row is None:
            raise NotFoundError("This slot is no longer kept.",
                                hint="Choose a time again.")
        return Hold(row.id, row.practitioner_id, row.service_id, from_db(row.starts_at),
                    from_db(row.ends_at), from_db(row.expires_at), row.client_id)

    def delete(self, hold_id: int) -> None:
        self._session.execute(delete(HoldRow).where(HoldRow.id == hold_id))
        note(self._session, EVERYTHING)
