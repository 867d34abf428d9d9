"""Autopay: the per-client choice, the run's lease, the administrator's history, refunds.

* ``clients.autopay_mode``: ``default`` (follow the clinic's *Process manually / automatically*),
  ``on`` or ``off``. Clients enrolled before this revision become ``on``; the others follow the
  clinic (which processes manually until someone changes it, so nothing changes for them).
  ``autopay_enabled`` stays, kept equal to ``mode == 'on'``, so a desk still on the previous
  release sharing the database reads the same enrolment.
* ``leases``: one row per exclusive job (the autopay run): who holds it and until when. A
  holder that stops renewing (crashed, killed, cut off) loses it when it expires.
* ``admin_history``: what was done with the clinic administrator's passphrase (set, refunds,
  changes to Settings → Payments), with who and which desk.
* ``refunds``: Stripe refunds, made at a desk (the idempotency key is stored before the call)
  or in Stripe's Dashboard (picked up by sync).

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("clients") as batch:
        batch.add_column(sa.Column("autopay_mode", sa.String(8), nullable=False,
                                   server_default="default"))
    op.execute("UPDATE clients SET autopay_mode = 'on' WHERE autopay_enabled")
    op.create_table(
        "leases",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("holder", sa.String(200), nullable=True),
        sa.Column("acquired_at", TZ, nullable=True),
        sa.Column("heartbeat_at", TZ, nullable=True),
        sa.Column("expires_at", TZ, nullable=True),
    )
    op.create_table(
        "admin_history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("desk", sa.String(100), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_admin_history_at", "admin_history", ["at"])
    op.create_table(
        "refunds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("idempotency_key", sa.String(255), nullable=True),
        sa.Column("stripe_refund_id", sa.String(255), nullable=True),
        sa.Column("payment_intent_id", sa.String(255), nullable=False),
        sa.Column("charge_id", sa.String(255), nullable=False, server_default=""),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False, server_default=""),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("failure_reason", sa.String(64), nullable=False, server_default=""),
        sa.Column("livemode", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("actor", sa.String(100), nullable=False, server_default=""),
        sa.Column("desk", sa.String(100), nullable=False, server_default=""),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.UniqueConstraint("idempotency_key", name="uq_refunds_idempotency_key"),
        sa.UniqueConstraint("stripe_refund_id", name="uq_refunds_stripe_id"),
    )
    op.create_index("ix_refunds_payment_intent", "refunds", ["payment_intent_id"])


def downgrade() -> None:
    op.drop_index("ix_refunds_payment_intent", "refunds")
    op.drop_table("refunds")
    op.drop_index("ix_admin_history_at", "admin_history")
    op.drop_table("admin_history")
    op.drop_table("leases")
    with op.batch_alter_table("clients") as batch:
        batch.drop_column("autopay_mode")
