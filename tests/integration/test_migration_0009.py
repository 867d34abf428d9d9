"""Migration 0009 (autopay) on SQLite and PostgreSQL: clients enrolled before it are "on", the
others follow the clinic (which processes manually until changed, so nothing changes for
them); the new tables work; downgrade and upgrade again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import command

from owl_desktop.core import lease
from owl_desktop.services.autopay import AutopayService
from owl_desktop.store.db import _alembic_config, create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory

AT = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)


def _client(conn: sa.Connection, first: str, enrolled: bool) -> int:
    return int(conn.execute(sa.text(
        "INSERT INTO clients (first_name, last_name, email, phone, line1, line2, city, "
        "province, postal_code, country, search_text, sort_name, autopay_enabled, "
        "created_at, updated_at) VALUES (:first, 'Old', '', '', '', '', '', '', '', 'CA', "
        "'', '', :enrolled, :at, :at) RETURNING id"),
        {"first": first, "enrolled": enrolled, "at": AT}).scalar_one())


def test_enrolled_clients_stay_enrolled(database_url: str) -> None:
    engine = create_db_engine(database_url)
    try:
        migrate(engine, "0007")
        with engine.begin() as conn:
            on = _client(conn, "Enrolled", True)
            off = _client(conn, "Not", False)
        migrate(engine)
        uow = UnitOfWorkFactory(engine)
        with uow() as u:
            assert u.clients.get(on).autopay_mode == "on"
            assert u.clients.get(off).autopay_mode == "default"
        autopay = AutopayService(uow, lambda: AT)
        assert autopay.status(on).enrolled
        assert not autopay.status(off).enrolled
        held = lease.take(uow, "autopay", lambda: AT, timedelta(minutes=1), holder="t")
        assert held is not None
        held.release()
        cfg = _alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0007")
        with engine.connect() as conn:
            assert "autopay_mode" not in {c["name"] for c in sa.inspect(conn).get_columns(
                "clients")}
            assert not sa.inspect(conn).has_table("leases")
        migrate(engine)
        with uow() as u:
            assert u.clients.get(on).autopay_mode == "on"
    finally:
        engine.dispose()
