"""A journal of committed changes, so other processes sharing the database see them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_journal",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.Integer, nullable=True),
        sa.Column("origin", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("change_journal")
