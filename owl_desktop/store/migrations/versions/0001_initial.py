"""Initial schema: clients with search, payment methods cache, outbox, sync state, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "clients",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("last_name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("phone", sa.String(30), nullable=False),
        sa.Column("line1", sa.String(200), nullable=False),
        sa.Column("line2", sa.String(200), nullable=False),
        sa.Column("city", sa.String(100), nullable=False),
        sa.Column("province", sa.String(2), nullable=False),
        sa.Column("postal_code", sa.String(10), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("sort_name", sa.String(201), nullable=False),
        sa.Column("stripe_customer_id", sa.String(255), nullable=True),
        sa.Column("stripe_livemode", sa.Boolean, nullable=True),
        sa.Column("stripe_account_id", sa.String(255), nullable=True),
        sa.Column("default_payment_method_id", sa.Integer, nullable=True),
        sa.Column("autopay_enabled", sa.Boolean, nullable=False),
        *_timestamps(),
    )
    op.create_index("ix_clients_sort_name", "clients", ["sort_name"])
    op.create_index("ix_clients_stripe_customer_id", "clients", ["stripe_customer_id"])

    op.create_table(
        "payment_methods",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.Integer,
                  sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=False),
        sa.Column("stripe_payment_method_id", sa.String(255), nullable=False),
        sa.Column("livemode", sa.Boolean, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("brand", sa.String(32), nullable=False),
        sa.Column("bank_name", sa.String(100), nullable=False),
        sa.Column("institution_number", sa.String(8), nullable=False),
        sa.Column("transit_number", sa.String(8), nullable=False),
        sa.Column("last4", sa.String(4), nullable=False),
        sa.Column("exp_month", sa.Integer, nullable=True),
        sa.Column("exp_year", sa.Integer, nullable=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("holder_name", sa.String(200), nullable=False),
        sa.Column("holder_email", sa.String(254), nullable=False),
        sa.Column("billing_line1", sa.String(200), nullable=False),
        sa.Column("billing_line2", sa.String(200), nullable=False),
        sa.Column("billing_city", sa.String(100), nullable=False),
        sa.Column("billing_province", sa.String(100), nullable=False),
        sa.Column("billing_postal_code", sa.String(20), nullable=False),
        sa.Column("billing_country", sa.String(2), nullable=False),
        sa.Column("setup_intent_id", sa.String(255), nullable=False),
        sa.Column("mandate_id", sa.String(255), nullable=False),
        sa.Column("mandate_status", sa.String(32), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        *_timestamps(),
        sa.UniqueConstraint("stripe_payment_method_id", name="uq_payment_methods_stripe_id"),
    )
    op.create_index("ix_payment_methods_client", "payment_methods", ["client_id"])
    with op.batch_alter_table("clients") as batch:
        batch.create_foreign_key("fk_clients_default_pm", "payment_methods",
                                 ["default_payment_method_id"], ["id"], ondelete="SET NULL")

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.Integer,
                  sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("idempotency_key", sa.String(255), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text, nullable=False),
        *_timestamps(),
        sa.UniqueConstraint("idempotency_key", name="uq_outbox_idempotency_key"),
    )
    op.create_index("ix_outbox_status_client", "outbox", ["status", "client_id", "id"])

    op.create_table(
        "processed_events",
        sa.Column("event_id", sa.String(255), primary_key=True),
        sa.Column("created", sa.Integer, nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "key_values",
        sa.Column("namespace", sa.String(40), primary_key=True),
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.Integer,
                  sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("desk", sa.String(100), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("method_type", sa.String(32), nullable=False),
        sa.Column("method_label", sa.String(100), nullable=False),
        sa.Column("last4", sa.String(4), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_client_at", "audit_log", ["client_id", "at"])

    if dialect == "sqlite":
        # Word-prefix full-text index over clients.search_text (already accent-folded in
        # Python), kept in step by triggers so no code path can forget it.
        op.execute(
            "CREATE VIRTUAL TABLE clients_fts USING fts5(search_text, content='clients', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')"
        )
        op.execute(
            "CREATE TRIGGER clients_fts_ai AFTER INSERT ON clients BEGIN "
            "INSERT INTO clients_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
        )
        op.execute(
            "CREATE TRIGGER clients_fts_ad AFTER DELETE ON clients BEGIN "
            "INSERT INTO clients_fts(clients_fts, rowid, search_text) "
            "VALUES ('delete', old.id, old.search_text); END"
        )
        op.execute(
            "CREATE TRIGGER clients_fts_au AFTER UPDATE OF search_text ON clients BEGIN "
            "INSERT INTO clients_fts(clients_fts, rowid, search_text) "
            "VALUES ('delete', old.id, old.search_text); "
            "INSERT INTO clients_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
        )
    elif dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_clients_search_trgm ON clients "
            "USING gin ((' ' || search_text) gin_trgm_ops)"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("clients_fts_ai", "clients_fts_ad", "clients_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS clients_fts")
    for table in ("audit_log", "key_values", "processed_events", "outbox"):
        op.drop_table(table)
    with op.batch_alter_table("clients") as batch:
        batch.drop_constraint("fk_clients_default_pm", type_="foreignkey")
    op.drop_table("payment_methods")
    op.drop_table("clients")
