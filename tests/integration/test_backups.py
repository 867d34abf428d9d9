"""Rolling backups of the SQLite database (issue 11, item 2): made with SQLite's backup API
before each migration and once a day, the newest five kept in ``<data dir>/backups``, each
checked before it counts; restoring one is copying it over the database (docs/backups.md)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from owl_desktop.composition import build_services
from owl_desktop.config import load_config
from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.store.backups import KEEP, BackupFailed, DailyBackups, SqliteBackups
from owl_desktop.store.db import create_db_engine, head_revision, migrate


def client_names(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [row[0] for row in conn.execute("SELECT first_name FROM clients")]


def test_an_upgrade_is_preceded_by_a_backup_of_the_old_database(tmp_path: Path) -> None:
    database = tmp_path / "owl.sqlite3"
    engine = create_db_engine(f"sqlite:///{database}")
    migrate(engine, "0002")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO clients (first_name, last_name, email, phone, line1, line2, city, "
            "province, postal_code, country, search_text, sort_name, autopay_enabled, "
            "created_at, updated_at) VALUES ('Noor', 'Haddad', '', '', '', '', '', '', '', "
            "'CA', 'noor haddad', 'haddad noor', 0, '2026-01-01 00:00:00', "
            "'2026-01-01 00:00:00')")
    engine.dispose()
    build_services(load_config(["--data-dir", str(tmp_path)])).close()
    backups = sorted((tmp_path / "backups").iterdir())
    assert [p.name.endswith(f"-before-{head_revision()}.sqlite3") for p in backups] == [True]
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file
    assert client_names(backups[0]) == ["Noor"]
    # Already at the newest version: no upgrade, no backup.
    build_services(load_config(["--data-dir", str(tmp_path)])).close()
    assert len(list((tmp_path / "backups").iterdir())) == 1


def test_the_newest_five_are_kept(tmp_path: Path) -> None:
    database = tmp_path / "owl.sqlite3"
    engine = create_db_engine(f"sqlite:///{database}")
    migrate(engine)
    engine.dispose()
    backups = SqliteBackups(database, tmp_path / "backups")
    start = datetime(2026, 3, 1, 9, 0, 0)
    made = [backups.make(now=start + timedelta(days=n)) for n in range(KEEP + 3)]
    assert backups.existing() == made[-KEEP:]
    assert KEEP == 5


def test_a_damaged_database_never_pushes_a_good_backup_out(tmp_path: Path) -> None:
    database = tmp_path / "owl.sqlite3"
    engine = create_db_engine(f"sqlite:///{database}")
    migrate(engine)
    engine.dispose()
    backups = SqliteBackups(database, tmp_path / "backups", keep=1)
    good = backups.make(now=datetime(2026, 3, 1))
    data = bytearray(database.read_bytes())
    data[4096 * 2:4096 * 4] = os.urandom(4096 * 2)  # pages 3 and 4: garbage
    database.write_bytes(bytes(data))
    with pytest.raises(BackupFailed):
        backups.make(now=datetime(2026, 3, 2))
    assert backups.existing() == [good]
    assert not list((tmp_path / "backups").glob("*.partial"))


def test_a_daily_backup_when_the_newest_is_a_day_old(tmp_path: Path) -> None:
    database = tmp_path / "owl.sqlite3"
    engine = create_db_engine(f"sqlite:///{database}")
    migrate(engine)
    engine.dispose()
    backups = SqliteBackups(database, tmp_path / "backups")
    first = backups.make_daily()
    assert first is not None
    assert backups.make_daily() is None  # one today already
    yesterday = time.time() - 25 * 3600
    os.utime(first, (yesterday, yesterday))
    time.sleep(1.1)  # a new second: a new name
    assert backups.make_daily() not in (None, first)


def test_the_running_app_makes_its_daily_backup(tmp_path: Path) -> None:
    config = load_config(["--data-dir", str(tmp_path)])
    services = build_services(config, daily_backups=True)
    try:
        deadline = time.monotonic() + 30
        while not list((tmp_path / "backups").glob("owl-*.sqlite3")):
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        services.close()
    daily = DailyBackups(SqliteBackups(tmp_path / "owl.sqlite3", tmp_path / "backups"))
    daily.start().stop()  # stops promptly; a fresh backup exists so none is made
    assert len(list((tmp_path / "backups").glob("owl-*.sqlite3"))) == 1


def test_restoring_a_backup_as_the_guide_says(tmp_path: Path) -> None:
    config = load_config(["--data-dir", str(tmp_path)])
    services = build_services(config)
    try:
        services.client_service.create(ClientDraft("Noor", "Haddad", "", "", Address()))
    finally:
        services.close()
    backup = SqliteBackups(tmp_path / "owl.sqlite3", tmp_path / "backups").make()
    database = tmp_path / "owl.sqlite3"
    database.write_bytes(b"\0" * 4096)  # the disk mangled it
    for leftover in (tmp_path / "owl.sqlite3-wal", tmp_path / "owl.sqlite3-shm"):
        leftover.unlink(missing_ok=True)
    # docs/backups.md: with the app closed, move the damaged file and its -wal and -shm
    # files aside (done above), then copy the newest backup to the database file's name.
    shutil.copyfile(backup, database)
    services = build_services(config)
    try:
        assert services.client_service.count() == 1
        assert len(services.client_service.search("Noor")) == 1
    finally:
        services.close()
