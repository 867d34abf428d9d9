"""The language a client last used in the portal (``portal_accounts.language``), so mails
to them (an invitation sent again, a booking confirmation) are written in it; NULL until the
client uses the portal (then the clinic's language, Settings → Online portal, is used).

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("portal_accounts") as batch:
        batch.add_column(sa.Column("language", sa.String(5), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("portal_accounts") as batch:
        batch.drop_column("language")
