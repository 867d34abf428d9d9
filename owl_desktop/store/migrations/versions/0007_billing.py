"""Billing: invoices, payments (charge attempts and payments recorded by hand), and the
practitioner's registration number printed on receipts.

One invoice per appointment and kind among invoices not void (a partial unique index, on both
SQLite and PostgreSQL); one attempt number per invoice; one row per idempotency key and per
PaymentIntent.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
NOT_VOID = "status != 'void'"


def upgrade() -> None:
    with op.batch_alter_table("practitioners") as batch:
        batch.add_column(sa.Column("registration_number", sa.String(60), nullable=False,
                                   server_default=""))
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("amount_cents", sa.Integer, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("service_date", sa.Date, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("appointment_id", sa.Integer,
                  sa.ForeignKey("appointments.id", ondelete="SET NULL"), nullable=True),
        sa.Column("service_id", sa.Integer, sa.ForeignKey("services.id"), nullable=True),
        sa.Column("practitioner_id", sa.Integer, sa.ForeignKey("practitioners.id"),
                  nullable=True),
        sa.Column("void_reason", sa.String(300), nullable=False),
        sa.Column("voided_at", TZ, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_index("ix_invoices_client", "invoices", ["client_id", "service_date"])
    op.create_index("ux_invoices_appointment_kind", "invoices", ["appointment_id", "kind"],
                    unique=True, sqlite_where=sa.text(NOT_VOID),
                    postgresql_where=sa.text(NOT_VOID))
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("invoice_id", sa.Integer, sa.ForeignKey("invoices.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("amount_cents", sa.Integer, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempt", sa.Integer, nullable=True),
        sa.Column("idempotency_key", sa.String(120), nullable=True, unique=True),
        sa.Column("payment_intent_id", sa.String(255), nullable=True, unique=True),
        sa.Column("payment_method_id", sa.Integer,
                  sa.ForeignKey("payment_methods.id", ondelete="SET NULL"), nullable=True),
        sa.Column("stripe_payment_method_id", sa.String(255), nullable=False),
        sa.Column("customer_id", sa.String(255), nullable=False),
        sa.Column("mandate_id", sa.String(255), nullable=False),
        sa.Column("brand", sa.String(100), nullable=False),
        sa.Column("last4", sa.String(4), nullable=False),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("failure_code", sa.String(100), nullable=False),
        sa.Column("failure_message", sa.Text, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("desk", sa.String(100), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("settled_at", TZ, nullable=True),
        sa.UniqueConstraint("invoice_id", "attempt", name="uq_payments_invoice_attempt"),
    )
    op.create_index("ix_payments_client", "payments", ["client_id", "created_at"])
    op.create_index("ix_payments_invoice", "payments", ["invoice_id"])


def downgrade() -> None:
    op.drop_table("payments")
    op.drop_table("invoices")
    with op.batch_alter_table("practitioners") as batch:
        batch.drop_column("registration_number")
