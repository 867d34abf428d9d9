"""Leases on exclusive jobs (the autopay run): one row per job name, shared by every process
on the database. Taking one is a single conditional ``UPDATE`` (free, expired, or already
ours), so two processes asking at the same instant can't both win on either database: SQLite
runs writes one at a time, PostgreSQL re-checks the condition on the locked row. A holder
that stops renewing (crashed, killed, cut off) loses the lease when it expires."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.orm import Session

from owl_desktop.store.autopay_models import LeaseRow
from owl_desktop.store.sched_times import from_db, to_db
from owl_desktop.store.upsert import insert_ignore


@dataclass(frozen=True)
class Lease:
    name: str
    holder: str | None
    acquired_at: datetime | None
    heartbeat_at: datetime | None
    expires_at: datetime | None

    def held_at(self, now: datetime) -> bool:
        return self.holder is not None and self.expires_at is not None and self.expires_at > now


def _opt(value: datetime | None) -> datetime | None:
    return None if value is None else from_db(value)


class LeaseRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def acquire(self, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
        """Take the lease if it is free, expired, or already ``holder``'s; True if taken."""
        insert_ignore(self._session, LeaseRow, {"name": name}, ("name",))
        at = to_db(now)
        result = self._session.execute(
            update(LeaseRow)
            .where(LeaseRow.name == name,
                   or_(LeaseRow.holder.is_(None), LeaseRow.holder == holder,
                       LeaseRow.expires_at.is_(None), LeaseRow.expires_at <= at))
            .values(holder=holder, acquired_at=at, heartbeat_at=at,
                    expires_at=to_db(now + ttl)))
        return _count(result) == 1

    def renew(self, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
        """Extend ``holder``'s lease; False if it isn't theirs any more (it expired and
        another process took it)."""
        at = to_db(now)
        result = self._session.execute(
            update(LeaseRow).where(LeaseRow.name == name, LeaseRow.holder == holder,
                                   LeaseRow.expires_at > at)
            .values(heartbeat_at=at, expires_at=to_db(now + ttl)))
        return _count(result) == 1

    def release(self, name: str, holder: str) -> None:
        self._session.execute(
            update(LeaseRow).where(LeaseRow.name == name, LeaseRow.holder == holder)
            .values(holder=None, expires_at=None))

    def get(self, name: str) -> Lease | None:
        row = self._session.scalar(select(LeaseRow).where(LeaseRow.name == name))
        if row is None:
            return None
        return Lease(row.name, row.holder, _opt(row.acquired_at), _opt(row.heartbeat_at),
                     _opt(row.expires_at))


def _count(result: object) -> int:
    return result.rowcount if isinstance(result, CursorResult) else 0
