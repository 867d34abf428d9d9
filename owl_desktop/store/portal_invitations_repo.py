"""Invitation and reset links (``portal_invitations``): only the token's hash is stored. The
only writer of the table; never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from owl_desktop.store.models import PortalInvitationRow
from owl_desktop.store.outbox_repo import as_utc


@dataclass(frozen=True)
class PortalInvitation:
    token_hash: str
    client_id: int
    purpose: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None


def _invitation(row: PortalInvitationRow) -> PortalInvitation:
    created, expires = as_utc(row.created_at), as_utc(row.expires_at)
    assert created is not None
    assert expires is not None
    return PortalInvitation(row.token_hash, row.client_id, row.purpose, created, expires,
                            as_utc(row.used_at))


class PortalInvitationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, token_hash: str, client_id: int, purpose: str, now: datetime,
            expires_at: datetime) -> None:
        self._session.add(PortalInvitationRow(token_hash=token_hash, client_id=client_id,
                                              purpose=purpose, created_at=now,
                                              expires_at=expires_at))
        self._session.flush()

    def get(self, token_hash: str) -> PortalInvitation | None:
        row = self._session.get(PortalInvitationRow, token_hash, populate_existing=True)
        return None if row is None else _invitation(row)

    def use(self, token_hash: str, now: datetime) -> bool:
        """Mark it used, once: of two tabs submitting the same link, one wins (the update
        only matches an unused, unexpired row)."""
        result = self._session.execute(
            update(PortalInvitationRow)
            .where(PortalInvitationRow.token_hash == token_hash,
                   PortalInvitationRow.used_at.is_(None),
                   PortalInvitationRow.expires_at > now)
            .values(used_at=now).execution_options(synchronize_session=False))
        return getattr(result, "rowcount", 0) == 1

    def drop_for_client(self, client_id: int) -> None:
        """Earlier links stop working when a new one is made or access is revoked."""
        self._session.execute(delete(PortalInvitationRow).where(
            PortalInvitationRow.client_id == client_id, PortalInvitationRow.used_at.is_(None)))
