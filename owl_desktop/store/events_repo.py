"""Stripe events already applied (``processed_events``), so a re-listed event is a no-op.

The pull cursor itself (``created`` of the newest applied event) lives in ``uow.sync_cursor``;
see ``owl_desktop.sync.pull``. Ids are kept a little over Stripe's 30-day event window, then
pruned: an event older than that can't be listed again anyway.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from owl_desktop.store.models import ProcessedEventRow


class ProcessedEventRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def is_processed(self, event_id: str) -> bool:
        return self._session.get(ProcessedEventRow, event_id) is not None

    def processed_among(self, event_ids: Iterable[str]) -> set[str]:
        """Which of these ids were already applied (one query per 500 ids)."""
        ids = list(dict.fromkeys(event_ids))
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found.update(self._session.scalars(
                select(ProcessedEventRow.event_id).where(ProcessedEventRow.event_id.in_(chunk))))
        return found

    def mark_processed(self, event_id: str, created: int, now: datetime) -> bool:
        """Record an event as applied; False if it already was (another desk, a rerun).

        Desks sharing one database may pull the same events at the same moment, so this is an
        insert that ignores a conflict rather than check-then-insert.
        """
        values = {"event_id": event_id, "created": created, "processed_at": now}
        dialect = self._session.get_bind().dialect.name
        stmt: postgresql.Insert | sqlite.Insert
        if dialect == "postgresql":
            stmt = postgresql.insert(ProcessedEventRow).values(**values) \
                .on_conflict_do_nothing(index_elements=["event_id"])
        elif dialect == "sqlite":
            stmt = sqlite.insert(ProcessedEventRow).values(**values) \
                .on_conflict_do_nothing(index_elements=["event_id"])
        else:
            if self.is_processed(event_id):
                return False
            self._session.add(ProcessedEventRow(**values))
            self._session.flush()
            return True
        inserted = self._session.execute(stmt.returning(ProcessedEventRow.event_id)).first()
        return inserted is not None

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(ProcessedEventRow)) or 0

    def prune(self, created_before: int) -> int:
        result = self._session.execute(
            delete(ProcessedEventRow).where(ProcessedEventRow.created < created_before)
            .execution_options(synchronize_session=False))
        return int(getattr(result, "rowcount", 0) or 0)
