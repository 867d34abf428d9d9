"""Where the event pull stands (``sync_cursor``, one row): the only writer of that table.

One row updated in place rather than named values inserted on first use: two desks pulling at
the same moment both update it (the later write wins, and either is a correct cursor) instead
of both inserting the same key. Never commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from owl_desktop.store.models import SyncCursorRow
from owl_desktop.store.upsert import insert_ignore

_ROW = 1


@dataclass(frozen=True)
class SyncCursor:
    """``event_id`` None: never pulled; "" when the account had no events at the last full
    reconcile. ``full_resume_after`` set while a full reconcile is under way."""

    event_id: str | None = None
    event_created: int | None = None
    last_pull_at: datetime | None = None
    overlap_floor: str = ""
    full_start_event: str | None = None
    full_start_created: int | None = None
    full_resume_after: int | None = None


class SyncCursorRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self) -> SyncCursor:
        row = self._session.get(SyncCursorRow, _ROW, populate_existing=True)
        if row is None:
            return SyncCursor()
        last = row.last_pull_at
        if last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=UTC)
        return SyncCursor(row.cursor_event_id, row.cursor_created, last, row.overlap_floor,
                          row.full_start_event, row.full_start_created, row.full_resume_after)

    def _set(self, **values: object) -> None:
        insert_ignore(self._session, SyncCursorRow, {"id": _ROW, "overlap_floor": ""},
                      conflict=("id",))
        self._session.execute(update(SyncCursorRow).where(SyncCursorRow.id == _ROW)
                              .values(**values).execution_options(synchronize_session=False))

    def move(self, event_id: str, created: int) -> None:
        """Events up to ``event_id`` are applied."""
        self._set(cursor_event_id=event_id, cursor_created=created)

    def touch(self, now: datetime) -> None:
        self._set(last_pull_at=now)

    def start_full(self, start_event: str, start_created: int) -> None:
        self._set(full_start_event=start_event, full_start_created=start_created,
                  full_resume_after=0)

    def full_progress(self, after_client_id: int) -> None:
        self._set(full_resume_after=after_client_id)

    def finish_full(self, now: datetime, start_event: str, start_created: int) -> None:
        """The full reconcile read every client after its start event (``start_event``,
        "" when the account had none): the cursor moves there, and the overlap needn't
        re-read before it. Write only (no read first): another desk finishing its own full
        reconcile at the same moment has cleared the row's start already, and on SQLite a
        read-then-write transaction fails ("database is locked") once another wrote."""
        self._set(cursor_event_id=start_event, cursor_created=start_created,
                  overlap_floor=start_event, last_pull_at=now, full_start_event=None,
                  full_start_created=None, full_resume_after=None)

    def reset(self) -> None:
        """Start afresh (another Stripe account or mode): a full reconcile comes next."""
        self._set(cursor_event_id=None, cursor_created=None, last_pull_at=None,
                  overlap_floor="", full_start_event=None, full_start_created=None,
                  full_resume_after=None)
