"""Whether the client is owed, or was sent, the email about a payment that failed later
(``payments.failure_mail``): a PAD debit that was *processing* and then failed is marked
``due`` in the same write that records the failure; one process claims it (``sending``) with a
conditional update before mailing, then marks it ``sent`` or ``unsent``. Empty for every other
payment, and for every payment made before this revision (no mail is owed for them).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payments") as batch:
        batch.add_column(sa.Column("failure_mail", sa.String(16), nullable=False,
                                   server_default=""))
        batch.create_index("ix_payments_failure_mail", ["failure_mail"])


def downgrade() -> None:
    with op.batch_alter_table("payments") as batch:
        batch.drop_index("ix_payments_failure_mail")
        batch.drop_column("failure_mail")
