"""Every way the database can fail gets its own true sentence and next step (issue 11, items
2 and 3): a bad ``OWL_DATABASE_URL``, a driver or kind of database the app doesn't have, an
SQLite file that can't be created, is empty, truncated or not SQLite at all (and is never
modified), a database from a newer version, a full disk, a server that refuses the user or
doesn't know the database; and whatever else the database refuses (constraints, values,
permissions, damage found while running) leaves ``translate_errors`` as a user-facing error.

The throwaway PostgreSQL cluster trusts every local connection, so a wrong *password* can't
be provoked there: an unknown role and an unknown database are tested against the server, and
the server's "password authentication failed" answer through the classifier.
"""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, exc, text
from sqlalchemy.engine import make_url

from owl_desktop.composition import build_services
from owl_desktop.config import load_config
from owl_desktop.errors import (
    DatabaseDamagedError,
    DatabaseError,
    DatabaseFullError,
    DatabaseRefusedError,
    DatabaseSettingError,
    DatabaseTooNewError,
    DatabaseUnavailableError,
)
from owl_desktop.store.db import create_db_engine, head_revision, migrate, translate_errors
from owl_desktop.store.uow import UnitOfWorkFactory


def start(tmp_path: Path, url: str) -> DatabaseError:
    """Start the app's services on ``url``; the error they refuse with."""
    config = load_config(["--data-dir", str(tmp_path / "data"), "--database-url", url])
    with pytest.raises(DatabaseError) as raised:
        build_services(config).close()
    return raised.value


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def a_good_database(path: Path) -> bytes:
    engine = create_db_engine(f"sqlite:///{path}")
    try:
        migrate(engine)
    finally:
        engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.read_bytes()


# --- settings -------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "sentence"), [
    ("not a database url", "OWL_DATABASE_URL isn't a database address Owl Desktop understands."),
    ("mysql://owl:pw@db.clinic/owl", "Owl Desktop doesn't work with this kind of database: "
                                     "mysql."),
    ("postgresql+asyncpg://owl@db.clinic/owl", "The database driver in OWL_DATABASE_URL isn't "
                                               "part of Owl Desktop: postgresql+asyncpg."),
    ("postgresql+nosuchdriver://owl@db.clinic/owl", "The database driver in OWL_DATABASE_URL "
                                                    "isn't part of Owl Desktop: "
                                                    "postgresql+nosuchdriver."),
])
def test_a_database_url_the_app_cant_use_says_so(tmp_path: Path, url: str,
                                                  sentence: str) -> None:
    error = start(tmp_path, url)
    assert isinstance(error, DatabaseSettingError)
    assert error.message == sentence
    assert "OWL_DATABASE_URL" in error.hint
    assert ":pw@" not in error.message + error.hint


def test_an_sqlite_file_that_cant_be_created_names_its_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    error = start(tmp_path, f"sqlite:///{blocker / 'clinic' / 'owl.sqlite3'}")
    assert isinstance(error, DatabaseUnavailableError)
    assert error.message == f"The database file can't be created in {blocker / 'clinic'}."
    assert "OWL_DATABASE_URL" in error.hint


# --- damaged SQLite files: refused, never modified --------------------------------------------

def _random(path: Path, _good: bytes) -> None:
    path.write_bytes(uuid.uuid4().bytes * 300)


def _truncated(path: Path, good: bytes) -> None:
    path.write_bytes(good[:len(good) // 2])


def _header_only(path: Path, good: bytes) -> None:
    path.write_bytes(good[:60])


@pytest.mark.parametrize("damage", [_random, _truncated, _header_only])
def test_a_damaged_sqlite_file_is_refused_untouched_with_how_to_restore(
        tmp_path: Path, damage: Callable[[Path, bytes], None]) -> None:
    path = tmp_path / "owl.sqlite3"
    good = a_good_database(tmp_path / "good.sqlite3")
    damage(path, good)
    before = digest(path)
    error = start(tmp_path, f"sqlite:///{path}")
    assert isinstance(error, DatabaseDamagedError)
    assert error.message == (f"The database file {path} is damaged: it isn't a whole Owl "
                             "Desktop database.")
    assert str(tmp_path / "data" / "backups") in error.hint
    assert "newest backup" in error.hint
    assert digest(path) == before
    assert not path.with_name("owl.sqlite3-wal").exists()


def test_a_zero_byte_file_is_not_taken_for_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "owl.sqlite3"
    path.touch()
    error = start(tmp_path, f"sqlite:///{path}")
    assert isinstance(error, DatabaseDamagedError)
    assert error.message == f"The database file {path} is empty."
    assert "newest backup" in error.hint
    assert "delete the empty file" in error.hint
    assert path.stat().st_size == 0


def test_damage_found_while_running_is_a_damaged_database_not_a_bug(tmp_path: Path) -> None:
    path = tmp_path / "owl.sqlite3"
    _random(path, b"")
    engine = create_engine(f"sqlite:///{path}")  # past the start-up check, as if damaged later
    try:
        with pytest.raises(DatabaseDamagedError) as raised, translate_errors(), \
                engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM clients"))
    finally:
        engine.dispose()
    assert raised.value.message == "The database file is damaged."
    assert "restore the newest backup" in raised.value.hint


def test_a_good_file_whose_wal_is_not_yet_checkpointed_still_opens(tmp_path: Path) -> None:
    config = load_config(["--data-dir", str(tmp_path)])
    build_services(config).close()
    build_services(config).close()


# --- versions ---------------------------------------------------------------------------------

def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "owl.sqlite3"
    a_good_database(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    before = digest(path)
    error = start(tmp_path, f"sqlite:///{path}")
    assert isinstance(error, DatabaseTooNewError)
    assert error.message == "This database was last used by a newer version of Owl Desktop."
    assert "Install that version" in error.hint
    assert digest(path) == before
    assert not (tmp_path / "data" / "backups").exists()


# --- a full disk --------------------------------------------------------------------------------

def test_a_full_disk_says_so_not_that_the_database_cant_be_reached(sqlite_url: str) -> None:
    engine = create_db_engine(sqlite_url)

    def fill_the_disk() -> None:
        with translate_errors(), engine.begin() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
            # SQLite's own "disk is full" (SQLITE_FULL), at two pages more than now.
            conn.exec_driver_sql(f"PRAGMA max_page_count = {int(pages or 0) + 2}")
            conn.exec_driver_sql("CREATE TABLE filler (x BLOB)")
            for _ in range(10):
                conn.exec_driver_sql("INSERT INTO filler VALUES (randomblob(100000))")

    try:
        migrate(engine)
        with pytest.raises(DatabaseFullError) as raised:
            fill_the_disk()
    finally:
        engine.dispose()
    assert raised.value.message == "The disk holding the database is full."
    assert "Free some space" in raised.value.hint


def test_a_full_postgresql_disk_says_so() -> None:
    error = exc.OperationalError("INSERT …", {}, psycopg.errors.DiskFull("could not extend"))
    with pytest.raises(DatabaseFullError), translate_errors():
        raise error


# --- PostgreSQL refusing the sign-in or the database name -------------------------------------

def test_a_wrong_postgresql_password_is_not_a_network_problem() -> None:
    answer = psycopg.OperationalError(
        'connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  '
        'password authentication failed for user "owl"')
    with pytest.raises(DatabaseSettingError) as raised, translate_errors():
        raise exc.OperationalError("connect", {}, answer)
    assert raised.value.message == "The database server refused the user name or password."
    assert "network" not in raised.value.hint


def test_an_unknown_postgresql_role_or_database_says_which(tmp_path: Path,
                                                            postgres_url: str) -> None:
    url = make_url(postgres_url)
    no_role = url.set(username=f"nobody_{uuid.uuid4().hex[:8]}", password="wrong")
    role_error = start(tmp_path, no_role.render_as_string(hide_password=False))
    assert isinstance(role_error, DatabaseSettingError)
    assert role_error.message == "The database server refused the user name or password."
    no_db = url.set(database=f"nodb_{uuid.uuid4().hex[:8]}")
    db_error = start(tmp_path, no_db.render_as_string(hide_password=False))
    assert isinstance(db_error, DatabaseSettingError)
    assert db_error.message == ("The database server has no database by the name in "
                                "OWL_DATABASE_URL.")
    assert "wrong" not in role_error.detail + db_error.detail


# --- everything else the database refuses (item 3) --------------------------------------------

def _uow(url: str) -> UnitOfWorkFactory:
    engine = create_db_engine(url)
    migrate(engine)
    return UnitOfWorkFactory(engine)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'owl.sqlite3'}"
    return str(request.getfixturevalue("postgres_url"))


def test_an_integrity_error_is_a_refused_change(any_url: str) -> None:
    uow = _uow(any_url)
    try:
        with pytest.raises(DatabaseRefusedError) as raised, uow() as u:
            # The version row already holds the head: a second one clashes.
            u.session.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"),
                              {"v": head_revision()})
    finally:
        uow.engine.dispose()
    assert raised.value.message.startswith("This change clashes with what is already saved")
    assert raised.value.hint.startswith("Nothing was saved.")


def test_a_value_postgresql_cant_store_is_a_refused_change(postgres_url: str) -> None:
    uow = _uow(postgres_url)
    try:
        for statement, params in (("SELECT CAST(:v AS text)", {"v": "Ann\x00e"}),
                                  ("SELECT 1 / 0", {})):
            with pytest.raises(DatabaseRefusedError) as raised, uow() as u:
                u.session.execute(text(statement), params)
            assert raised.value.message.startswith("The database refused a value")
    finally:
        uow.engine.dispose()


def test_a_postgresql_user_without_rights_is_told_who_must_grant_them(
        postgres_url: str) -> None:
    uow = _uow(postgres_url)
    role = f"owl_noright_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
    limited = create_engine(make_url(postgres_url).set(username=role))
    try:
        with pytest.raises(DatabaseRefusedError) as raised, translate_errors(), \
                limited.connect() as conn:
            conn.execute(text("SELECT count(*) FROM clients"))
        assert raised.value.message == ("The database server doesn't allow Owl Desktop's user "
                                        "to do this.")
    finally:
        limited.dispose()
        uow.engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()


def test_any_other_database_error_is_user_facing(sqlite_url: str) -> None:
    engine = create_db_engine(sqlite_url)
    try:
        with pytest.raises(DatabaseRefusedError) as raised, translate_errors(), \
                engine.connect() as conn:
            conn.execute(text("SELECT * FROM no_such_table"))
    finally:
        engine.dispose()
    assert raised.value.message == "The database refused this action."
    assert "no_such_table" not in raised.value.message + raised.value.hint
    assert "no_such_table" in raised.value.detail  # for the log
