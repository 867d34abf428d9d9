"""Migration 0007 (billing) on SQLite and PostgreSQL: a database at 0006 with a practitioner
upgrades keeping it (empty registration number); the billing models match the migrated
schema; one open invoice per appointment and kind; downgrade and upgrade again."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from owl_desktop.domain.billing import InvoiceKind, InvoiceStatus
from owl_desktop.store.billing_models import InvoiceRow, PaymentRow
from owl_desktop.store.db import _alembic_config, create_db_engine, migrate
from owl_desktop.store.models import Base
from owl_desktop.store.scheduling_models import PractitionerRow
from owl_desktop.store.uow import UnitOfWorkFactory

AT = datetime(2030, 1, 7, 15, 0, tzinfo=UTC)
OURS = {InvoiceRow.__tablename__, PaymentRow.__tablename__, PractitionerRow.__tablename__}


def test_upgrade_keeps_practitioners_and_matches_the_models(database_url: str) -> None:
    engine = create_db_engine(database_url)
    try:
        migrate(engine, "0006")
        with engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO practitioners (name, takes_online_bookings, active, created_at, "
                "updated_at) VALUES ('Dr. Anne Roy', :yes, :yes, :at, :at)"),
                {"yes": True, "at": AT})
        migrate(engine)
        with engine.connect() as conn:
            assert conn.execute(sa.text(
                "SELECT name, registration_number FROM practitioners")).all() == [
                ("Dr. Anne Roy", "")]
            context = MigrationContext.configure(conn, opts={"include_object": _ours})
            diffs = compare_metadata(context, Base.metadata)
        assert diffs == []
    finally:
        engine.dispose()


def _ours(obj: object, name: str | None, type_: str, _reflected: bool,
          _compare_to: object) -> bool:
    """Compare only billing's tables (other tables belong to other migrations)."""
    if type_ == "table":
        return name in OURS
    table = getattr(obj, "table", None)
    return table is not None and table.name in OURS


def test_one_invoice_per_appointment_and_kind_unless_void(database_url: str) -> None:
    engine = create_db_engine(database_url)
    try:
        migrate(engine)
        uow_factory = UnitOfWorkFactory(engine)
        with engine.begin() as conn:
            client = conn.execute(sa.text(
                "INSERT INTO clients (first_name, last_name, email, phone, line1, line2, city, "
                "province, postal_code, country, search_text, sort_name, autopay_enabled, "
                "created_at, updated_at) VALUES ('Élise', 'Tremblay', '', '', '', '', '', '', "
                "'', 'CA', 'elise tremblay', 'tremblay elise', :no, :at, :at) RETURNING id"),
                {"no": False, "at": AT}).scalar_one()
            practitioner = conn.execute(sa.text(
                "INSERT INTO practitioners (name, takes_online_bookings, active, created_at, "
                "updated_at, registration_number) VALUES ('P', :yes, :yes, :at, :at, '') "
                "RETURNING id"), {"yes": True, "at": AT}).scalar_one()
            service = conn.execute(sa.text(
                "INSERT INTO services (name_en, name_fr, duration_minutes, fee_cents, active) "
                "VALUES ('S', 'S', 60, 9500, :yes) RETURNING id"), {"yes": True}).scalar_one()
            appointment = conn.execute(sa.text(
                "INSERT INTO appointments (practitioner_id, client_id, service_id, starts_at, "
                "ends_at, status, booked_online, created_at, updated_at) VALUES (:p, :c, :s, "
                ":start, :end, 'attended', :no, :at, :at) RETURNING id"),
                {"p": practitioner, "c": client, "s": service, "start": AT,
                 "end": AT.replace(hour=16), "no": False, "at": AT}).scalar_one()

        def add() -> int:
            with uow_factory() as uow:
                invoice = uow.invoices.add(client_id=client, kind=InvoiceKind.SERVICE,
                                           description="S", amount_cents=9500, currency="CAD",
                                           service_date=date(2030, 1, 7), now=AT,
                                           appointment_id=appointment)
                uow.commit()
            return invoice.id

        first = add()
        with pytest.raises(Exception):  # noqa: B017, PT011 - the database's own refusal
            add()
        with uow_factory() as uow:
            uow.invoices.set_status(first, InvoiceStatus.VOID, AT, reason="corrected")
            uow.commit()
        assert add() != first  # a void one doesn't count
    finally:
        engine.dispose()


def test_downgrade_to_0006_and_back(database_url: str) -> None:
    engine = create_db_engine(database_url)
    try:
        migrate(engine)
        cfg = _alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0006")
        with engine.connect() as conn:
            names = set(sa.inspect(conn).get_table_names())
            assert not names & {"invoices", "payments"}
        migrate(engine)
        with engine.connect() as conn:
            assert {"invoices", "payments"} <= set(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()
