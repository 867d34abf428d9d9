"""Portal accounts (``portal_accounts``): one row per client with portal access. The only
writer of the table; never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from owl_desktop.store.change_journal_repo import note
from owl_desktop.store.models import PortalAccountRow
from owl_desktop.store.outbox_repo import as_utc
from owl_desktop.store.upsert import insert_ignore


@dataclass(frozen=True)
class PortalAccount:
    client_id: int
    email: str
    password_hash: str  # "" until the client has set a password
    created_at: datetime
    password_set_at: datetime | None
    last_sign_in_at: datetime | None


def _account(row: PortalAccountRow) -> PortalAccount:
    created = as_utc(row.created_at)
    assert created is not None
    return PortalAccount(row.client_id, row.email, row.password_hash, created,
                         as_utc(row.password_set_at), as_utc(row.last_sign_in_at))


class PortalAccountRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, client_id: int) -> PortalAccount | None:
        row = self._session.get(PortalAccountRow, client_id, populate_existing=True)
        return None if row is None else _account(row)

    def by_email(self, email: str) -> PortalAccount | None:
        row = self._session.scalar(select(PortalAccountRow).where(
            PortalAccountRow.email == email))
        return None if row is None else _account(row)

    def open(self, client_id: int, email: str, now: datetime) -> bool:
        """Give the client access (no password yet). False when the client already has an
        account; raises ``IntegrityError``-free: two desks granting at once both succeed."""
        inserted = insert_ignore(self._session, PortalAccountRow, {
            "client_id": client_id, "email": email, "password_hash": "", "created_at": now,
        }, conflict=("client_id",))
        note(self._session, client_id)
        return inserted

    def email_taken_by_other(self, client_id: int, email: str) -> bool:
        other = self._session.scalar(select(PortalAccountRow.client_id).where(
            PortalAccountRow.email == email, PortalAccountRow.client_id != client_id))
        return other is not None

    def set_email(self, client_id: int, email: str) -> None:
        self._session.execute(update(PortalAccountRow).where(
            PortalAccountRow.client_id == client_id).values(email=email))

    def set_password(self, client_id: int, password_hash: str, now: datetime) -> None:
        self._session.execute(update(PortalAccountRow).where(
            PortalAccountRow.client_id == client_id).values(
            password_hash=password_hash, password_set_at=now))
        note(self._session, client_id)

    def signed_in(self, client_id: int, now: datetime, rehashed: str | None = None) -> None:
        values: dict[str, object] = {"last_sign_in_at": now}
        if rehashed:
            values["password_hash"] = rehashed
        self._session.execute(update(PortalAccountRow).where(
            PortalAccountRow.client_id == client_id).values(**values))
        note(self._session, client_id)

    def close(self, client_id: int) -> bool:
        """Revoke access. True if there was an account."""
        result = self._session.execute(delete(PortalAccountRow).where(
            PortalAccountRow.client_id == client_id))
        note(self._session, client_id)
        return bool(getattr(result, "rowcount", 0))

    def language(self, client_id: int) -> str | None:
        """The portal language the client last used, or None (no account, never used)."""
        return self._session.scalar(select(PortalAccountRow.language).where(
            PortalAccountRow.client_id == client_id))

    def set_language(self, client_id: int, language: str) -> None:
        """Remember it (not journaled: nothing a desk shows changes)."""
        self._session.execute(update(PortalAccountRow).where(
            PortalAccountRow.client_id == client_id,
            PortalAccountRow.language.is_distinct_from(language)).values(language=language))

    def without_password(self) -> list[int]:
        return list(self._session.scalars(select(PortalAccountRow.client_id).where(
            PortalAccountRow.password_hash == "")))
