"""Sync bookkeeping in real tables; customer creations through the outbox; account on links.

What moves out of the ``key_values`` bag (namespace ``sync_state``), rows carried over:

- the event cursor and full-reconcile progress (``events.*``, ``full.*``) -> ``sync_cursor``;
- SetupIntents in flight (``setup_pending:<key>``) -> ``pending_setups``;
- clients to re-read (``reconcile.clients``, a comma-separated list) -> ``reconcile_requests``;
- customer creations in flight (``customer_create:<client>``) -> ``customer_create`` outbox
  entries with the same idempotency key; their generation counters
  (``customer_create_generation:<client>``) -> ``clients.stripe_customer_generation``.

Customer links made without a recorded Stripe account get the connected account (when its
mode matches); links still without one are re-verified by the next sync.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OPEN_CUSTOMER_CREATE = ("kind = 'customer_create' "
                        "AND status IN ('pending', 'in_progress', 'failed')")

_kv = sa.table("key_values", sa.column("namespace", sa.String), sa.column("key", sa.String),
               sa.column("value", sa.Text))
_clients = sa.table(
    "clients", sa.column("id", sa.Integer), sa.column("first_name", sa.String),
    sa.column("last_name", sa.String), sa.column("email", sa.String),
    sa.column("phone", sa.String), sa.column("line1", sa.String), sa.column("line2", sa.String),
    sa.column("city", sa.String), sa.column("province", sa.String),
    sa.column("postal_code", sa.String), sa.column("country", sa.String),
    sa.column("stripe_customer_id", sa.String), sa.column("stripe_livemode", sa.Boolean),
    sa.column("stripe_account_id", sa.String),
    sa.column("stripe_customer_generation", sa.Integer))
_outbox = sa.table(
    "outbox", sa.column("client_id", sa.Integer), sa.column("kind", sa.String),
    sa.column("payload", sa.Text), sa.column("idempotency_key", sa.String),
    sa.column("status", sa.String), sa.column("attempts", sa.Integer),
    sa.column("next_attempt_at", sa.DateTime(timezone=True)), sa.column("last_error", sa.Text),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)))


def upgrade() -> None:
    op.add_column("clients", sa.Column("stripe_customer_generation", sa.Integer,
                                       nullable=False, server_default="0"))
    op.create_index("uq_outbox_open_customer_create", "outbox", ["client_id"], unique=True,
                    sqlite_where=sa.text(OPEN_CUSTOMER_CREATE),
                    postgresql_where=sa.text(OPEN_CUSTOMER_CREATE))
    cursor = op.create_table(
        "sync_cursor",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cursor_event_id", sa.String(255), nullable=True),
        sa.Column("cursor_created", sa.Integer, nullable=True),
        sa.Column("last_pull_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("overlap_floor", sa.String(255), nullable=False),
        sa.Column("full_start_event", sa.String(255), nullable=True),
        sa.Column("full_start_created", sa.Integer, nullable=True),
        sa.Column("full_resume_after", sa.Integer, nullable=True),
    )
    setups = op.create_table(
        "pending_setups",
        sa.Column("idempotency_key", sa.String(255), primary_key=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("customer_id", sa.String(255), nullable=False),
        sa.Column("setup_intent_id", sa.String(255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_pending_setups_setup_intent", "pending_setups", ["setup_intent_id"])
    requests = op.create_table(
        "reconcile_requests",
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
    )
    _carry_over(cursor, setups, requests)


def _carry_over(cursor: sa.Table, setups: sa.Table, requests: sa.Table) -> None:
    bind = op.get_bind()
    now = datetime.now(UTC)
    state: dict[str, str] = {str(k): str(v or "") for k, v in bind.execute(
        sa.select(_kv.c.key, _kv.c.value).where(_kv.c.namespace == "sync_state"))}
    settings: dict[str, str] = {str(k): str(v or "") for k, v in bind.execute(
        sa.select(_kv.c.key, _kv.c.value).where(_kv.c.namespace == "settings"))}
    clients = {row.id: row for row in bind.execute(sa.select(_clients))}

    last_pull = _datetime(state.get("events.last_pull_at"))
    op.bulk_insert(cursor, [{
        "id": 1, "cursor_event_id": state.get("events.cursor"),
        "cursor_created": _int(state.get("events.cursor_created")),
        "last_pull_at": last_pull, "overlap_floor": state.get("events.overlap_floor") or "",
        "full_start_event": state.get("full.start_event"),
        "full_start_created": _int(state.get("full.start_created")),
        "full_resume_after": _int(state.get("full.resume_after")),
    }])

    setup_rows: list[dict[str, Any]] = []
    for key, raw in state.items():
        if not key.startswith("setup_pending:"):
            continue
        data = _json(raw)
        client_id = _int(data.get("client_id"))
        created = _datetime(data.get("created_at"))
        if client_id in clients and created is not None and data.get("customer_id"):
            setup_rows.append({
                "idempotency_key": key[len("setup_pending:"):], "client_id": client_id,
                "kind": "acss_debit" if data.get("kind") == "acss_debit" else "card",
                "customer_id": str(data["customer_id"]),
                "setup_intent_id": data.get("setup_intent_id") or None, "created_at": created})
    if setup_rows:
        op.bulk_insert(setups, setup_rows)

    wanted = {_int(x) for x in (state.get("reconcile.clients") or "").split(",")}
    request_rows = [{"client_id": cid, "requested_at": now}
                    for cid in sorted(c for c in wanted if c is not None and c in clients)]
    if request_rows:
        op.bulk_insert(requests, request_rows)

    for key, raw in state.items():
        if key.startswith("customer_create_generation:"):
            client_id = _int(key.split(":", 1)[1])
            if client_id in clients and (generation := _int(raw)) is not None:
                bind.execute(sa.update(_clients).where(_clients.c.id == client_id)
                             .values(stripe_customer_generation=generation))
    creations = []
    for key, raw in state.items():
        if not key.startswith("customer_create:"):
            continue
        client_id = _int(key.split(":", 1)[1])
        data = _json(raw)
        client = clients.get(client_id) if client_id is not None else None
        if client is None or client.stripe_customer_id or not data.get("key"):
            continue
        since = _datetime(data.get("since")) or now
        creations.append({
            "client_id": client_id, "kind": "customer_create",
            "payload": json.dumps(_details(client), sort_keys=True),
            "idempotency_key": str(data["key"]), "status": "pending", "attempts": 0,
            "next_attempt_at": None, "last_error": "", "created_at": since, "updated_at": now})
    if creations:
        op.bulk_insert(_outbox, creations)

    account = settings.get("stripe.account_id")
    if account:
        livemode = settings.get("stripe.livemode") == "true"
        bind.execute(sa.update(_clients).where(
            _clients.c.stripe_customer_id.is_not(None), _clients.c.stripe_account_id.is_(None),
            _clients.c.stripe_livemode == livemode).values(stripe_account_id=account))
    bind.execute(sa.delete(_kv).where(_kv.c.namespace == "sync_state"))


def _details(client: Any) -> dict[str, Any]:
    """The ``customer_create`` payload (see store/outbox_repo.py) from the profile as it is."""
    return {"details": {
        "name": f"{client.first_name} {client.last_name}".strip(), "email": client.email,
        "phone": client.phone,
        "address": {"line1": client.line1, "line2": client.line2, "city": client.city,
                    "state": client.province, "postal_code": client.postal_code,
                    "country": client.country}}}


def _int(raw: object) -> int | None:
    try:
        return int(str(raw))
    except (TypeError, ValueError):
        return None


def _datetime(raw: object) -> datetime | None:
    try:
        value = datetime.fromisoformat(str(raw))
    except (TypeError, ValueError):
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _json(raw: str | None) -> dict[str, Any]:
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def downgrade() -> None:
    op.drop_table("reconcile_requests")
    op.drop_index("ix_pending_setups_setup_intent", table_name="pending_setups")
    op.drop_table("pending_setups")
    op.drop_table("sync_cursor")
    op.drop_index("uq_outbox_open_customer_create", table_name="outbox")
    op.drop_column("clients", "stripe_customer_generation")  # SQLite 3.35+: no table rebuild
