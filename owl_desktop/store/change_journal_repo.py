"""The change journal: which clients' data each commit changed, for the other processes.

Repositories ``note`` the client a write concerns (None: not one client's, e.g. settings);
``UnitOfWork.commit`` writes one row per noted client, in the same transaction, tagged with
this process's ``ORIGIN``. A ``ChangeWatcher`` (``core/change_watch.py``) in every front-end
reads the rows other processes wrote. Rows are kept a day: a process that was asleep longer
reloads everything anyway.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from owl_desktop.store.models import ChangeJournalRow

# This process, in the journal: its own changes are announced to its views directly.
ORIGIN = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
_NOTED = "owl_changed_clients"
EVERYTHING: None = None  # a change not about one client


def note(session: Session, client_id: int | None) -> None:
    """The unit of work on ``session`` changed this client's data (None: not one client's)."""
    session.info.setdefault(_NOTED, set()).add(client_id)


def take_noted(session: Session) -> set[int | None]:
    noted: set[int | None] = session.info.pop(_NOTED, set())
    return noted


@dataclass(frozen=True)
class JournalRow:
    id: int
    client_id: int | None
    origin: str
    at: datetime


class ChangeJournalRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, client_ids: Iterable[int | None], now: datetime) -> None:
        self._session.add_all([ChangeJournalRow(client_id=cid, origin=ORIGIN, at=now)
                               for cid in client_ids])
        self._session.flush()

    def latest_id(self) -> int:
        return self._session.scalar(select(func.max(ChangeJournalRow.id))) or 0

    def after(self, after_id: int, limit: int = 1000) -> list[JournalRow]:
        """Rows after ``after_id``, oldest first."""
        rows = self._session.execute(
            select(ChangeJournalRow.id, ChangeJournalRow.client_id, ChangeJournalRow.origin,
                   ChangeJournalRow.at)
            .where(ChangeJournalRow.id > after_id).order_by(ChangeJournalRow.id).limit(limit))
        return [JournalRow(i, c, o, at if at.tzinfo else at.replace(tzinfo=UTC))
                for i, c, o, at in rows]

    def prune(self, before: datetime) -> int:
        result = self._session.execute(delete(ChangeJournalRow).where(ChangeJournalRow.at < before)
                                       .execution_options(synchronize_session=False))
        return int(getattr(result, "rowcount", 0) or 0)
