"""When the failure mail's state last changed (``payments.failure_mail_at``): for a mail
being sent (``sending``), when a process took it. A process that stops after taking one and
before recording the outcome leaves it ``sending``; the next sweep in any process marks one
taken long ago ``unsent`` (not confirmed), so staff see the client may not have been emailed
(``services/debit_failure_mail.py``). Filled from ``updated_at`` for payments that owe or had
a mail before this revision (the time their debit failed: a mail was taken no earlier), empty
for every other payment.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payments") as batch:
        batch.add_column(sa.Column("failure_mail_at", sa.DateTime(timezone=True),
                                   nullable=True))
    payments = sa.table("payments", sa.column("failure_mail", sa.String),
                        sa.column("updated_at", sa.DateTime(timezone=True)),
                        sa.column("failure_mail_at", sa.DateTime(timezone=True)))
    op.execute(payments.update().where(payments.c.failure_mail != "")
               .values(failure_mail_at=payments.c.updated_at))


def downgrade() -> None:
    with op.batch_alter_table("payments") as batch:
        batch.drop_column("failure_mail_at")
