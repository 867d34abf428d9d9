"""Clients the next sync run re-reads from Stripe (``reconcile_requests``), one row each.

Asking twice, from two processes at once, leaves one row (``INSERT … ON CONFLICT DO NOTHING``);
a run removes only the rows it handled, so a request made during the run waits for the next.
Never commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from owl_desktop.store.models import ReconcileRequestRow
from owl_desktop.store.upsert import insert_ignore


class ReconcileRequestRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def request(self, client_id: int, now: datetime) -> None:
        insert_ignore(self._session, ReconcileRequestRow,
                      {"client_id": client_id, "requested_at": now}, conflict=("client_id",))

    def requested(self) -> list[tuple[int, datetime]]:
        """(client id, when asked), by client id."""
        rows = self._session.execute(select(ReconcileRequestRow.client_id,
                                            ReconcileRequestRow.requested_at)
                                     .order_by(ReconcileRequestRow.client_id))
        return [(cid, at) for cid, at in rows]

    def done(self, handled: Iterable[tuple[int, datetime]]) -> None:
        """Drop the requests a run handled, unless asked again since."""
        for client_id, at in handled:
            self._session.execute(
                delete(ReconcileRequestRow).where(ReconcileRequestRow.client_id == client_id,
                                                  ReconcileRequestRow.requested_at <= at)
                .execution_options(synchronize_session=False))

    def clear(self) -> None:
        self._session.execute(delete(ReconcileRequestRow))
