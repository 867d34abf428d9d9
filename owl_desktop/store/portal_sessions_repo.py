"""Signed-in browsers (``portal_sessions``): only the hash of the cookie's token is stored.
The only writer of the table; never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from owl_desktop.store.models import PortalSessionRow
from owl_desktop.store.outbox_repo import as_utc


@dataclass(frozen=True)
class PortalSessionRecord:
    token_hash: str
    client_id: int
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime


class PortalSessionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, token_hash: str, client_id: int, csrf_token: str, now: datetime) -> None:
        self._session.add(PortalSessionRow(token_hash=token_hash, client_id=client_id,
                                           csrf_token=csrf_token, created_at=now,
                                           last_seen_at=now))
        self._session.flush()

    def get(self, token_hash: str) -> PortalSessionRecord | None:
        row = self._session.get(PortalSessionRow, token_hash, populate_existing=True)
        if row is None:
            return None
        created, seen = as_utc(row.created_at), as_utc(row.last_seen_at)
        assert created is not None
        assert seen is not None
        return PortalSessionRecord(row.token_hash, row.client_id, row.csrf_token, created, seen)

    def touch(self, token_hash: str, now: datetime) -> None:
        self._session.execute(update(PortalSessionRow).where(
            PortalSessionRow.token_hash == token_hash).values(last_seen_at=now)
            .execution_options(synchronize_session=False))

    def drop(self, token_hash: str) -> None:
        self._session.execute(delete(PortalSessionRow).where(
            PortalSessionRow.token_hash == token_hash))

    def drop_for_client(self, client_id: int) -> None:
        """Sign the client out everywhere (password set anew, access revoked)."""
        self._session.execute(delete(PortalSessionRow).where(
            PortalSessionRow.client_id == client_id))

    def drop_idle(self, before: datetime) -> int:
        result = self._session.execute(delete(PortalSessionRow).where(
            PortalSessionRow.last_seen_at < before))
        return int(getattr(result, "rowcount", 0) or 0)
