"""Stripe's ``created`` on cached payment methods, so every desk lists them in one order.

``payment_methods.stripe_created`` (Unix seconds): filled from Stripe at the next reconcile
(which re-stores every method it lists); until then, methods cached by an older version get
the time this desk stored them, the best guess it has.

Also ``pending_setups.made_by_actor`` / ``made_by_desk``: who started a SetupIntent (its
metadata names them for other desks' history), kept so a replay of the create call's key sends
the very same parameters.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payment_methods") as batch:
        batch.add_column(sa.Column("stripe_created", sa.BigInteger, nullable=True))
    with op.batch_alter_table("pending_setups") as batch:
        batch.add_column(sa.Column("made_by_actor", sa.String(200), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("made_by_desk", sa.String(200), nullable=False,
                                   server_default=""))
    if op.get_bind().dialect.name == "postgresql":
        seconds = "CAST(EXTRACT(EPOCH FROM created_at) AS BIGINT)"
    else:
        seconds = "CAST(strftime('%s', created_at) AS INTEGER)"
    op.execute(f"UPDATE payment_methods SET stripe_created = {seconds} "  # noqa: S608
               "WHERE stripe_created IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("pending_setups") as batch:
        batch.drop_column("made_by_desk")
        batch.drop_column("made_by_actor")
    with op.batch_alter_table("payment_methods") as batch:
        batch.drop_column("stripe_created")
