"""Sign-in attempt counters (``portal_rate_limits``), in the database so that every portal
worker counts the same attempts. One fixed window per key; the only writer of the table;
never commits."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from owl_desktop.store.models import PortalRateLimitRow


class PortalRateLimitRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def hit(self, key: str, now: datetime, window: timedelta) -> int:
        """Count one attempt under ``key``; the number of attempts in the current window,
        this one included. One statement (``INSERT … ON CONFLICT DO UPDATE``): concurrent
        attempts from several workers are all counted."""
        row = PortalRateLimitRow
        dialect = self._session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(row).values(key=key, window_start=now, count=1)
        expired = row.window_start <= now - window
        stmt = stmt.on_conflict_do_update(index_elements=["key"], set_={
            "count": case((expired, 1), else_=row.count + 1),
            "window_start": case((expired, now), else_=row.window_start),
        })
        self._session.execute(stmt)
        count = self._session.scalar(select(PortalRateLimitRow.count).where(
            PortalRateLimitRow.key == key).execution_options(populate_existing=True))
        return int(count or 0)

    def count(self, key: str, now: datetime, window: timedelta) -> int:
        row = self._session.get(PortalRateLimitRow, key, populate_existing=True)
        if row is None:
            return 0
        start = row.window_start if row.window_start.tzinfo else row.window_start.replace(
            tzinfo=now.tzinfo)
        return 0 if start <= now - window else row.count

    def clear(self, key: str) -> None:
        self._session.execute(delete(PortalRateLimitRow).where(PortalRateLimitRow.key == key))

    def prune(self, before: datetime) -> None:
        self._session.execute(delete(PortalRateLimitRow).where(
            PortalRateLimitRow.window_start < before))
