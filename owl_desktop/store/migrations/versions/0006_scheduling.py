"""The schedule: practitioners, services, availability, days off, appointments and holds.

No two active appointments of one practitioner overlap, whoever writes them: on PostgreSQL an
exclusion constraint (btree_gist) on appointments, and another on holds; on SQLite triggers
that refuse an overlapping active appointment. Writers also lock the practitioner first
(``store/appointments_repo.py``), which is what keeps an appointment off a hold and gives the
loser of a race a plain answer rather than a constraint error.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ACTIVE = "('booked', 'attended', 'no_show')"
TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "practitioners",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("takes_online_bookings", sa.Boolean, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "services",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("name_fr", sa.String(200), nullable=False),
        sa.Column("duration_minutes", sa.Integer, nullable=False),
        sa.Column("fee_cents", sa.Integer, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_table(
        "practitioner_services",
        sa.Column("practitioner_id", sa.Integer,
                  sa.ForeignKey("practitioners.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("service_id", sa.Integer, sa.ForeignKey("services.id", ondelete="CASCADE"),
                  primary_key=True),
    )
    op.create_table(
        "availability",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("practitioner_id", sa.Integer,
                  sa.ForeignKey("practitioners.id", ondelete="CASCADE"), nullable=False),
        sa.Column("weekday", sa.Integer, nullable=False),
        sa.Column("start_minute", sa.Integer, nullable=False),
        sa.Column("end_minute", sa.Integer, nullable=False),
    )
    op.create_index("ix_availability_practitioner", "availability", ["practitioner_id"])
    op.create_table(
        "days_off",
        sa.Column("practitioner_id", sa.Integer,
                  sa.ForeignKey("practitioners.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
    )
    op.create_table(
        "appointments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("practitioner_id", sa.Integer, sa.ForeignKey("practitioners.id"),
                  nullable=False),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("service_id", sa.Integer, sa.ForeignKey("services.id"), nullable=False),
        sa.Column("starts_at", TZ, nullable=False),
        sa.Column("ends_at", TZ, nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("booked_online", sa.Boolean, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name="ck_appointments_positive"),
    )
    op.create_index("ix_appointments_practitioner_start", "appointments",
                    ["practitioner_id", "starts_at"])
    op.create_index("ix_appointments_client_start", "appointments", ["client_id", "starts_at"])
    op.create_table(
        "holds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("practitioner_id", sa.Integer,
                  sa.ForeignKey("practitioners.id", ondelete="CASCADE"), nullable=False),
        sa.Column("service_id", sa.Integer, sa.ForeignKey("services.id"), nullable=False),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("clients.id", ondelete="CASCADE"),
                  nullable=True),
        sa.Column("starts_at", TZ, nullable=False),
        sa.Column("ends_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name="ck_holds_positive"),
    )
    op.create_index("ix_holds_practitioner_start", "holds", ["practitioner_id", "starts_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE appointments ADD CONSTRAINT ex_appointments_no_overlap EXCLUDE USING "
            "gist (practitioner_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
            f"WHERE (status IN {ACTIVE})")
        op.execute(
            "ALTER TABLE holds ADD CONSTRAINT ex_holds_no_overlap EXCLUDE USING "
            "gist (practitioner_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)")
    else:
        for event, same in (("INSERT", ""), ("UPDATE", " AND a.id != NEW.id")):
            op.execute(
                f"CREATE TRIGGER appointments_no_overlap_{event.lower()} BEFORE {event} ON "  # noqa: S608
                f"appointments WHEN NEW.status IN {ACTIVE} AND EXISTS (SELECT 1 FROM "
                "appointments a WHERE a.practitioner_id = NEW.practitioner_id AND a.status IN "
                f"{ACTIVE} AND a.starts_at < NEW.ends_at AND NEW.starts_at < a.ends_at{same}) "
                "BEGIN SELECT RAISE(ABORT, 'appointment overlap'); END")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TRIGGER IF EXISTS appointments_no_overlap_insert")
        op.execute("DROP TRIGGER IF EXISTS appointments_no_overlap_update")
    for table in ("holds", "appointments", "days_off", "availability", "practitioner_services",
                  "services", "practitioners"):
        op.drop_table(table)
