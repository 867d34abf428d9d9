"""The client portal: accounts, invitations, sessions and sign-in rate limits.

Each table has one writer (``store/portal_*_repo.py``, called by
``services/portal_accounts.py``). Only hashes of the invitation and session tokens are kept, so
a copy of the database can't be used to sign in; rate-limit counters live here, not in a
process, so several portal workers share them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_accounts",
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("password_set_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("email", name="uq_portal_accounts_email"),
    )
    op.create_table(
        "portal_invitations",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_portal_invitations_client", "portal_invitations", ["client_id"])
    op.create_table(
        "portal_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_portal_sessions_client", "portal_sessions", ["client_id"])
    op.create_table(
        "portal_rate_limits",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("portal_rate_limits")
    op.drop_index("ix_portal_sessions_client", table_name="portal_sessions")
    op.drop_table("portal_sessions")
    op.drop_index("ix_portal_invitations_client", table_name="portal_invitations")
    op.drop_table("portal_invitations")
    op.drop_table("portal_accounts")
