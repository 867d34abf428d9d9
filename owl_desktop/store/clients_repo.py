"""Clients: load, save and search. Returns domain objects; never commits (the unit of work does)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from owl_desktop.domain.clients import Address, Client, ClientDraft, ClientSummary, search_text
from owl_desktop.domain.text import fold, search_terms
from owl_desktop.errors import NotFoundError
from owl_desktop.store.change_journal_repo import EVERYTHING, note
from owl_desktop.store.models import ClientRow

# Beyond this many FTS hits, walking the name index beats sorting the hits (measured at 100k).
FTS_CANDIDATES = 5000


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
        autopay_enabled=row.autopay_mode == "on",
        autopay_mode=row.autopay_mode,
    )


def _apply(row: ClientRow, draft: ClientDraft) -> None:
    a = draft.address
    row.first_name, row.last_name = draft.first_name, draft.last_name
    row.email, row.phone = draft.email, draft.phone
    row.line1, row.line2, row.city = a.line1, a.line2, a.city
    row.province, row.postal_code, row.country = a.province, a.postal_code, a.country
    row.search_text = search_text(draft)
    row.sort_name = fold(f"{draft.last_name} {draft.first_name}")[:201]


class ClientRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, draft: ClientDraft, now: datetime) -> Client:
        row = ClientRow(autopay_enabled=False, created_at=now, updated_at=now)
        _apply(row, draft)
        self._session.add(row)
        self._session.flush()
        note(self._session, row.id)
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
        note(self._session, EVERYTHING)

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
        note(self._session, client_id)
        return to_client(row)

    def set_autopay(self, client_id: int, mode: str, now: datetime) -> bool:
        """The client's autopay choice ("default", "on", "off"); True if that changed it."""
        row = self.row(client_id)
        if row.autopay_mode == mode:
            return False
        row.autopay_mode = mode
        row.autopay_enabled = mode == "on"
        row.updated_at = now
        self._session.flush()
        note(self._session, client_id)
        return True

    def autopay_enrolled(self, automatic: bool) -> list[int]:
        """Ids of the clients autopay charges: their own "on", or the clinic's choice when
        that is automatic."""
        modes = ["on", "default"] if automatic else ["on"]
        return list(self._session.scalars(select(ClientRow.id).where(
            ClientRow.autopay_mode.in_(modes)).order_by(ClientRow.id)))

    def count_following_clinic(self) -> int:
        """Clients whose autopay follows the clinic's setting (a change of it affects them)."""
        return self._session.scalar(select(func.count()).select_from(ClientRow).where(
            ClientRow.autopay_mode == "default")) or 0

    def name_of(self, client_id: int) -> str:
        """"First Last", or "" when the client is gone (for messages about it)."""
        row = self._session.get(ClientRow, client_id)
        return "" if row is None else f"{row.first_name} {row.last_name}".strip()

    def lock(self, client_id: int) -> None:
        """Hold the client's row until the unit of work ends (PostgreSQL: ``FOR UPDATE``;
        SQLite's write transaction already holds the whole database)."""
        self._session.execute(select(ClientRow.id).where(ClientRow.id == client_id)
                              .with_for_update())

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(ClientRow)) or 0

    def search(self, query: str, limit: int = 50) -> list[ClientSummary]:
        """Clients whose names, email or phone contain, for every typed term, words starting
        with it (``search_text`` holds folded words; see ``domain.text.words``), by name.

        SQLite: the FTS5 index finds the rows. When a term matches more than ``FTS_CANDIDATES``
        rows (one letter, an area code), sorting them all would be the cost, so the name index
        is walked instead, testing membership, until ``limit`` hits. PostgreSQL: a trigram GIN
        index on the same text, with the same word-prefix rule.
        An empty query lists clients alphabetically.
        """
        terms = search_terms(query)
        columns = (ClientRow.id, ClientRow.first_name, ClientRow.last_name, ClientRow.email,
                   ClientRow.phone, ClientRow.city)
        stmt = select(*columns).order_by(ClientRow.sort_name, ClientRow.id).limit(limit)
        if terms and self._session.get_bind().dialect.name == "sqlite":
            match = " ".join(f'"{t}"*' for t in terms)
            hits = text("SELECT rowid FROM clients_fts WHERE clients_fts MATCH :match")
            stmt = stmt.where(ClientRow.id.in_(hits.bindparams(match=match)))
            if self._fts_hits_exceed(match, FTS_CANDIDATES):
                # Broad term: walk the name index and test membership, stopping at `limit`,
                # rather than sorting every hit. (SQLAlchemy renders no hints for SQLite.)
                stmt = text(
                    "SELECT id, first_name, last_name, email, phone, city "
                    "FROM clients INDEXED BY ix_clients_sort_name WHERE id IN "
                    "(SELECT rowid FROM clients_fts WHERE clients_fts MATCH :match) "
                    "ORDER BY sort_name, id LIMIT :limit"
                ).bindparams(match=match, limit=limit).columns(*columns)  # type: ignore[assignment]
        elif terms:
            haystack = " " + ClientRow.search_text
            for term in terms:
                # Terms are folded words (letters, digits, spaces): nothing LIKE treats specially.
                stmt = stmt.where(haystack.like(f"% {term}%"))
        rows = self._session.execute(stmt).all()
        return [ClientSummary(id=r.id, full_name=f"{r.first_name} {r.last_name}",
                              email=r.email, phone=r.phone, city=r.city) for r in rows]

    def _fts_hits_exceed(self, match: str, cap: int) -> bool:
        count = self._session.scalar(text(
            "SELECT count(*) FROM (SELECT 1 FROM clients_fts WHERE clients_fts MATCH :match "
            "LIMIT :cap)").bindparams(match=match, cap=cap + 1))
        return bool(count and count > cap)
