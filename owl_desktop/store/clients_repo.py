"""Clients: load, save and search. Returns domain objects; never commits (the unit of work does)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from owl_desktop.domain.clients import Address, Client, ClientDraft, ClientSummary, search_text
from owl_desktop.domain.text import search_terms
from owl_desktop.errors import NotFoundError
from owl_desktop.store.models import ClientRow


def to_client(row: ClientRow) -> Client:
    return Client(
        id=row.id,
        first_name=row.first_name,
        last_name=row.last_name,
        email=row.email,
        phone=row.phone,
        address=Address(row.line1, row.line2, row.city, row.province, row.postal_code,
                        row.country),
        created_at=row.created_at,
        updated_at=row.updated_at,
        stripe_customer_id=row.stripe_customer_id,
        autopay_enabled=row.autopay_enabled,
    )


def _apply(row: ClientRow, draft: ClientDraft) -> None:
    a = draft.address
    row.first_name, row.last_name = draft.first_name, draft.last_name
    row.email, row.phone = draft.email, draft.phone
    row.line1, row.line2, row.city = a.line1, a.line2, a.city
    row.province, row.postal_code, row.country = a.province, a.postal_code, a.country
    row.search_text = search_text(draft)


class ClientRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, draft: ClientDraft, now: datetime) -> Client:
        row = ClientRow(autopay_enabled=False, created_at=now, updated_at=now)
        _apply(row, draft)
        self._session.add(row)
        self._session.flush()
        return to_client(row)

    def add_many(self, drafts: list[ClientDraft], now: datetime) -> None:
        """Bulk insert (seeding, imports, benchmarks) without building domain objects."""
        rows = []
        for draft in drafts:
            row = ClientRow(autopay_enabled=False, created_at=now, updated_at=now)
            _apply(row, draft)
            rows.append(row)
        self._session.add_all(rows)
        self._session.flush()

    def row(self, client_id: int) -> ClientRow:
        row = self._session.get(ClientRow, client_id)
        if row is None:
            raise NotFoundError("This client no longer exists.",
                                hint="Search again: another desk may have removed it.")
        return row

    def get(self, client_id: int) -> Client:
        return to_client(self.row(client_id))

    def update(self, client_id: int, draft: ClientDraft, now: datetime) -> Client:
        row = self.row(client_id)
        _apply(row, draft)
        row.updated_at = now
        self._session.flush()
        return to_client(row)

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(ClientRow)) or 0

    def search(self, query: str, limit: int = 50) -> list[ClientSummary]:
        """Clients whose names, email or phone have words starting with every typed term.

        SQLite uses the FTS5 index; PostgreSQL a trigram GIN index on the same folded text.
        An empty query lists clients alphabetically.
        """
        terms = search_terms(query)
        columns = (ClientRow.id, ClientRow.first_name, ClientRow.last_name, ClientRow.email,
                   ClientRow.phone, ClientRow.city)
        stmt = select(*columns).order_by(ClientRow.last_name, ClientRow.first_name,
                                         ClientRow.id).limit(limit)
        if terms:
            dialect = self._session.get_bind().dialect.name
            if dialect == "sqlite":
                match = " ".join('"' + t.replace('"', '""') + '"*' for t in terms)
                ids = text("SELECT rowid FROM clients_fts WHERE clients_fts MATCH :match")
                stmt = stmt.where(ClientRow.id.in_(ids.bindparams(match=match)))
            else:
                haystack = " " + ClientRow.search_text
                for term in terms:
                    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                    stmt = stmt.where(haystack.like(f"% {escaped}%", escape="\\"))
        rows = self._session.execute(stmt).all()
        return [ClientSummary(id=r.id, full_name=f"{r.first_name} {r.last_name}",
                              email=r.email, phone=r.phone, city=r.city) for r in rows]
