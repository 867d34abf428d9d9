"""The outbox: Stripe changes waiting to be sent, written in the same transaction as the local
change they mirror.

Why it exists: a desk may be offline, or the app may die between saving a change and telling
Stripe. Each entry carries its idempotency key from the moment it is written, so a resend after a
crash is the *same* request and Stripe applies it once.

Ordering: entries are drained in id order *per client*; a client's later entries wait for its
earlier ones. A permanently failed entry waits for staff to retry or discard it (it is never
dropped silently), and so do the later entries that depend on it
(``domain.outbox.depends_on``): one naming the same payment method, one changing the same
part of the customer (the default, the profile), and everything queued behind the client's
customer creation. The client's other changes carry on: a refused default never holds back the
removal of another method.

Claiming: several desks may share one PostgreSQL database, so an entry is claimed with a
conditional UPDATE and a lease (``next_attempt_at`` doubles as the lease expiry while
``in_progress``). An entry left ``in_progress`` by a crash is claimed again once its lease runs
out and resent with the same key.

Kinds and payloads (JSON), see ``owl_desktop.sync.outbox`` for how each is sent:

- ``customer_update`` — ``{"details": {"name", "email", "phone", "address": {line1, line2, city,
  state, postal_code, country}}}``; the Stripe customer id is read from the client at send time.
- ``set_default`` — ``{"payment_method": "pm_..." | null}``; a clear queued by the removal of
  the default also names the removed method (``"after_removing": "pm_..."``), so it waits for
  that detach.
- ``detach`` — ``{"payment_method": "pm_..."}``.
- ``customer_create`` — ``{"details": {...as above}}`` as the profile was when queued (a
  replay must send the very same parameters); stores the new id on the client. At most one
  open per client (a partial unique index); its key is ``customer_create:{client ref}:{n}``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, text, true, update
from sqlalchemy.orm import Session

from owl_desktop.domain.outbox import (
    DISCARDED,
    DONE,
    FAILED,
    IN_PROGRESS,
    KIND_CUSTOMER_CREATE,
    KINDS,
    OPEN_STATUSES,
    PENDING,
    depends_on,
)
from owl_desktop.store.change_journal_repo import note
from owl_desktop.store.models import OPEN_CUSTOMER_CREATE, OutboxRow
from owl_desktop.store.upsert import insert_ignore


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    client_id: int | None
    kind: str
    payload: dict[str, Any]
    idempotency_key: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    created_at: datetime
    updated_at: datetime


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def to_entry(row: OutboxRow) -> OutboxEntry:
    return OutboxEntry(
        id=row.id,
        client_id=row.client_id,
        kind=row.kind,
        payload=json.loads(row.payload or "{}"),
        idempotency_key=row.idempotency_key,
        status=row.status,
        attempts=row.attempts,
        next_attempt_at=as_utc(row.next_attempt_at),
        last_error=row.last_error,
        created_at=as_utc(row.created_at) or row.created_at,
        updated_at=as_utc(row.updated_at) or row.updated_at,
    )


def make_key(kind: str, client_id: int | None) -> str:
    """``{kind}:{client}:{n}`` where n is random, so keys never collide across desks that keep
    separate databases (their row ids and client ids overlap) nor across test runs against one
    Stripe account."""
    return f"{kind}:{client_id if client_id is not None else '-'}:{secrets.token_hex(8)}"


class OutboxRepository:
    """Never commits: the caller's unit of work commits the entry with the local change."""

    def __init__(self, session: Session) -> None:
        self._session = session

    # Writing --------------------------------------------------------------------------------

    def enqueue(self, kind: str, *, client_id: int | None, payload: Mapping[str, Any],
                now: datetime, idempotency_key: str | None = None) -> OutboxEntry:
        """Add a change to send. ``idempotency_key`` defaults to :func:`make_key`; pass one when
        the business action already names it (e.g. ``customer_create:{client}``)."""
        if kind not in KINDS:
            raise ValueError(f"unknown outbox kind {kind!r}")
        row = OutboxRow(
            client_id=client_id, kind=kind, payload=json.dumps(dict(payload), sort_keys=True),
            idempotency_key=idempotency_key or make_key(kind, client_id), status=PENDING,
            attempts=0, next_attempt_at=None, last_error="", created_at=now, updated_at=now)
        self._session.add(row)
        self._session.flush()
        note(self._session, client_id)
        return to_entry(row)

    def enqueue_customer_create(self, client_id: int, payload: Mapping[str, Any],
                                idempotency_key: str, now: datetime) -> OutboxEntry:
        """Queue the client's customer creation, unless one is open already (queued by this
        or another process a moment ago): returns the open one either way."""
        insert_ignore(self._session, OutboxRow, {
            "client_id": client_id, "kind": KIND_CUSTOMER_CREATE,
            "payload": json.dumps(dict(payload), sort_keys=True),
            "idempotency_key": idempotency_key, "status": PENDING, "attempts": 0,
            "next_attempt_at": None, "last_error": "", "created_at": now, "updated_at": now,
        }, conflict=("client_id",), where=text(OPEN_CUSTOMER_CREATE))
        entry = self.open_customer_create(client_id)
        if entry is None:  # just written or found: only a bug gets here
            raise RuntimeError("customer creation vanished")
        return entry

    def open_customer_create(self, client_id: int) -> OutboxEntry | None:
        row = self._session.scalar(
            select(OutboxRow).where(OutboxRow.client_id == client_id,
                                    OutboxRow.kind == KIND_CUSTOMER_CREATE,
                                    OutboxRow.status.in_(OPEN_STATUSES))
            .execution_options(populate_existing=True))
        return None if row is None else to_entry(row)

    def claim(self, entry_id: int, now: datetime, lease: timedelta, *,
              even_if_waiting: bool = False) -> OutboxEntry | None:
        """Mark an entry in progress for ``lease``, if nobody else holds it. Returns the claimed
        entry (attempts already counted) or None when another desk got there first.
        ``even_if_waiting``: a pending entry backing off may go now (staff asked)."""
        due = OutboxRow.next_attempt_at.is_(None) | (OutboxRow.next_attempt_at <= now)
        result = self._session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == entry_id)
            .where(or_(
                (OutboxRow.status == PENDING) & (true() if even_if_waiting else due),
                (OutboxRow.status == IN_PROGRESS) & (OutboxRow.next_attempt_at <= now),
            ))
            .values(status=IN_PROGRESS, attempts=OutboxRow.attempts + 1,
                    next_attempt_at=now + lease, updated_at=now)
            .execution_options(synchronize_session=False))
        if getattr(result, "rowcount", 0) != 1:
            return None
        self._session.expire_all()
        return self.get(entry_id)

    def mark_done(self, entry_id: int, now: datetime) -> None:
        self._set(entry_id, now, status=DONE, next_attempt_at=None, last_error="")

    def schedule_retry(self, entry_id: int, when: datetime, error: str, now: datetime) -> None:
        """A transient failure: try again at ``when`` with the same key."""
        self._set(entry_id, now, status=PENDING, next_attempt_at=when, last_error=error)

    def mark_failed(self, entry_id: int, error: str, now: datetime) -> None:
        """A permanent failure: it, and the client's changes that depend on it, wait until
        staff act."""
        self._set(entry_id, now, status=FAILED, next_attempt_at=None, last_error=error)

    def retry(self, entry_id: int, now: datetime) -> None:
        """Staff asked to try a failed entry again (same key, so still applied once)."""
        self._set(entry_id, now, status=PENDING, next_attempt_at=None)

    def discard(self, entry_id: int, now: datetime) -> OutboxEntry:
        """Staff gave up on a failed entry; the caller re-reads the client from Stripe."""
        self._set(entry_id, now, status=DISCARDED, next_attempt_at=None)
        return self.get(entry_id)

    def wake_all(self, now: datetime) -> int:
        """Back online: pending entries waiting on a backoff may go at once."""
        result = self._session.execute(
            update(OutboxRow).where(OutboxRow.status == PENDING)
            .where(OutboxRow.next_attempt_at.is_not(None))
            .values(next_attempt_at=None, updated_at=now)
            .execution_options(synchronize_session=False))
        self._session.expire_all()
        return int(getattr(result, "rowcount", 0) or 0)

    def prune_done(self, older_than: datetime) -> int:
        result = self._session.execute(
            delete(OutboxRow).where(OutboxRow.status.in_((DONE, DISCARDED)))
            .where(OutboxRow.updated_at < older_than)
            .execution_options(synchronize_session=False))
        return int(getattr(result, "rowcount", 0) or 0)

    def _set(self, entry_id: int, now: datetime, **values: Any) -> None:
        row = self._row(entry_id)
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at = now
        self._session.flush()
        note(self._session, row.client_id)

    # Reading --------------------------------------------------------------------------------

    def _row(self, entry_id: int) -> OutboxRow:
        row = self._session.get(OutboxRow, entry_id)
        if row is None:
            raise KeyError(entry_id)
        return row

    def get(self, entry_id: int) -> OutboxEntry:
        return to_entry(self._row(entry_id))

    def open_entries(self) -> list[OutboxEntry]:
        """Every entry still holding a queue, oldest first."""
        rows = self._session.scalars(
            select(OutboxRow).where(OutboxRow.status.in_(OPEN_STATUSES)).order_by(OutboxRow.id))
        return [to_entry(r) for r in rows]

    def heads(self, now: datetime) -> list[OutboxEntry]:
        """The entry of each client's queue that may be sent now: the first one that neither
        failed nor depends on an earlier failed one (``domain.outbox.depends_on``).

        A queue whose head is leased by another worker, or waiting on a backoff, is skipped
        for now; a queue where every entry is failed or depends on one is stopped.
        """
        queues: dict[int | None, list[OutboxEntry]] = {}
        for entry in self.open_entries():
            queues.setdefault(entry.client_id, []).append(entry)
        ready: list[OutboxEntry] = []
        for queue in queues.values():
            held: list[OutboxEntry] = []  # failed, or waiting for one that failed
            for entry in queue:
                if entry.status == FAILED or any(
                        depends_on(entry.kind, entry.payload, h.kind, h.payload) for h in held):
                    held.append(entry)
                    continue
                if entry.next_attempt_at is None or entry.next_attempt_at <= now:
                    ready.append(entry)
                break
        return sorted(ready, key=lambda e: e.id)

    def next_wakeup(self) -> datetime | None:
        """When the earliest backed-off or leased entry becomes sendable again."""
        value = self._session.scalar(
            select(func.min(OutboxRow.next_attempt_at))
            .where(OutboxRow.status.in_((PENDING, IN_PROGRESS))))
        return as_utc(value)

    def count_waiting(self) -> int:
        """Changes not yet sent (pending or in progress), failed ones excluded."""
        return self._session.scalar(
            select(func.count()).select_from(OutboxRow)
            .where(OutboxRow.status.in_((PENDING, IN_PROGRESS)))) or 0

    def count_failed(self) -> int:
        return self._session.scalar(
            select(func.count()).select_from(OutboxRow).where(OutboxRow.status == FAILED)) or 0

    def failed(self) -> list[OutboxEntry]:
        rows = self._session.scalars(
            select(OutboxRow).where(OutboxRow.status == FAILED).order_by(OutboxRow.id))
        return [to_entry(r) for r in rows]

    def open_for_client(self, client_id: int) -> list[OutboxEntry]:
        rows = self._session.scalars(
            select(OutboxRow).where(OutboxRow.client_id == client_id)
            .where(OutboxRow.status.in_(OPEN_STATUSES)).order_by(OutboxRow.id))
        return [to_entry(r) for r in rows]

    def clients_with_open(self) -> set[int]:
        rows = self._session.scalars(
            select(OutboxRow.client_id).where(OutboxRow.status.in_(OPEN_STATUSES)).distinct())
        return {r for r in rows if r is not None}

    def all_entries(self, kinds: Sequence[str] | None = None) -> list[OutboxEntry]:
        stmt = select(OutboxRow).order_by(OutboxRow.id)
        if kinds:
            stmt = stmt.where(OutboxRow.kind.in_(list(kinds)))
        return [to_entry(r) for r in self._session.scalars(stmt)]
