"""The clinic administrator's history: append-only, newest first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from owl_desktop.domain.admin_history import AdminEntry
from owl_desktop.store.autopay_models import AdminHistoryRow
from owl_desktop.store.sched_times import from_db, to_db

__all__ = ["AdminEntry", "AdminHistoryRepository"]


class AdminHistoryRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, *, at: datetime, actor: str, desk: str, action: str,
               detail: str = "") -> None:
        self._session.add(AdminHistoryRow(at=to_db(at), actor=actor[:100], desk=desk[:100],
                                          action=action[:40], detail=detail))
        self._session.flush()

    def list(self, limit: int = 200) -> list[AdminEntry]:
        rows = self._session.scalars(select(AdminHistoryRow).order_by(
            AdminHistoryRow.at.desc(), AdminHistoryRow.id.desc()).limit(limit))
        return [AdminEntry(r.id, from_db(r.at), r.actor, r.desk, r.action, r.detail)
                for r in rows]
