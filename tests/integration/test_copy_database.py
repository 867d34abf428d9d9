"""``owl-desktop copy-database --to URL`` on a real throwaway PostgreSQL (OWL_TEST_POSTGRES_URL):
a desk's SQLite file with rows in every table (scheduling and portal tables included) is
copied, verified and usable at once; a non-empty target, an unreachable one, a refused login
and a locked source each get their sentence; an interrupted copy leaves nothing behind and can
be run again."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from owl_desktop.app import run
from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.services.clients import ClientService
from owl_desktop.store.copy_database import SEEDED_BY_MIGRATIONS, reflect
from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.copy_fill import fill_every_table

pytestmark = pytest.mark.postgres
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def desk_db(tmp_path: Path) -> tuple[str, dict[str, int]]:
    url = f"sqlite:///{tmp_path / 'desk' / 'owl.sqlite3'}"
    (tmp_path / "desk").mkdir()
    return url, fill_every_table(url)


def copy(tmp_path: Path, source: str, target: str) -> int:
    return run(["copy-database", "--data-dir", str(tmp_path / "data"), "--database-url",
                source, "--to", target])


def rows_of(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows in key order, times in UTC (SQLite gives them back naive)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            out = {}
            for table in reflect(conn):
                key = list(table.primary_key.columns) or list(table.columns)
                names = sorted(c.name for c in table.columns)
                out[table.name] = [
                    tuple(utc(row[n]) for n in names)
                    for row in conn.execute(select(table).order_by(*key)).mappings()]
            return out
    finally:
        engine.dispose()


def utc(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return value


def test_every_table_is_copied_verified_and_usable(
        tmp_path: Path, desk_db: tuple[str, dict[str, int]], postgres_url: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    source, counts = desk_db
    assert copy(tmp_path, source, postgres_url) == 0
    out = capsys.readouterr().out
    assert f"Copied {len(counts)} tables, {sum(counts.values())} rows" in out
    assert "row count and the checksum" in out
    for table in counts:
        assert f"  {table} " in out
    shown = make_url(postgres_url).render_as_string(hide_password=True)
    assert f"OWL_DATABASE_URL={shown}" in out

    copied, original = rows_of(postgres_url), rows_of(source)
    assert set(copied) == set(original)
    for table in original:
        assert copied[table] == original[table], table
    # The app works on it at once: a new client gets a fresh id (sequences moved), the
    # search finds copied clients, the default-method link (a foreign-key cycle) survived.
    engine = create_db_engine(postgres_url)
    try:
        migrate(engine)  # already at head: nothing to do
        with engine.connect() as conn:
            largest = conn.execute(text("SELECT MAX(id) FROM clients")).scalar_one()
            linked = conn.execute(text("SELECT COUNT(*) FROM clients "
                                       "WHERE default_payment_method_id IS NOT NULL")
                                  ).scalar_one()
        assert linked == 1
        clients = ClientService(UnitOfWorkFactory(engine))
        new = clients.create(ClientDraft("Zoé", "Nouvelle", "zoe@example.com", "",
                                         Address()))
        assert new.id > largest
        assert [c.id for c in clients.search("Nouvelle")] == [new.id]
    finally:
        engine.dispose()


def test_a_target_that_holds_data_is_refused(
        tmp_path: Path, desk_db: tuple[str, dict[str, int]], postgres_url: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    source, _ = desk_db
    assert copy(tmp_path, source, postgres_url) == 0
    before = rows_of(postgres_url)
    capsys.readouterr()
    assert copy(tmp_path, source, postgres_url) == 1
    err = capsys.readouterr().err
    assert "The target database already holds data: " in err
    assert "change_journal (50 rows)" in err
    assert "Nothing was copied." in err
    assert rows_of(postgres_url) == before


def test_only_the_migrations_own_rows_are_allowed_in_an_empty_target(
        postgres_url: str) -> None:
    engine = create_db_engine(postgres_url)
    try:
        migrate(engine)
        with engine.connect() as conn:
            seeded = {t.name for t in reflect(conn)
                      if conn.execute(select(t)).first() is not None}
    finally:
        engine.dispose()
    assert seeded == SEEDED_BY_MIGRATIONS


def test_an_unreachable_target(tmp_path: Path, desk_db: tuple[str, dict[str, int]],
                               capsys: pytest.CaptureFixture[str]) -> None:
    source, _ = desk_db
    assert copy(tmp_path, source, "postgresql+psycopg://owl@127.0.0.1:1/owl") == 1
    err = capsys.readouterr().err
    assert err.startswith("owl-desktop copy-database: The new database "
                          "(postgresql+psycopg://owl@127.0.0.1:1/owl): ")
    assert "can't be reached" in err or "isn't answering" in err or "reach" in err, err


def test_a_refused_login(tmp_path: Path, desk_db: tuple[str, dict[str, int]],
                         postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    source, _ = desk_db
    wrong = make_url(postgres_url).set(username="nobody_here", password="wrong-password")
    assert copy(tmp_path, source, wrong.render_as_string(hide_password=False)) == 1
    err = capsys.readouterr().err
    assert "refused the user name or password" in err
    assert "wrong-password" not in err  # never the password


def test_a_locked_source(tmp_path: Path, desk_db: tuple[str, dict[str, int]],
                         postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    source, _ = desk_db
    desk = sqlite3.connect(make_url(source).database, isolation_level=None)
    try:
        desk.execute("BEGIN IMMEDIATE")  # a desk in the middle of saving
        desk.execute("UPDATE clients SET first_name = first_name WHERE id = 1")
        assert copy(tmp_path, source, postgres_url) == 1
    finally:
        desk.execute("ROLLBACK")
        desk.close()
    err = capsys.readouterr().err
    assert "The database to copy is in use" in err
    assert "Close Owl Desktop on every desk" in err
    left = rows_of(postgres_url)
    assert {t: r for t, r in left.items() if r and t not in SEEDED_BY_MIGRATIONS} == {}
    assert copy(tmp_path, source, postgres_url) == 0  # once the desk is done


def test_an_interrupted_copy_leaves_nothing_and_runs_again(
        tmp_path: Path, desk_db: tuple[str, dict[str, int]], postgres_url: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Half-way (after several tables), PostgreSQL refuses a value SQLite kept (a NUL
    character): the one transaction rolls back; once the row is mended, the copy runs."""
    source, counts = desk_db
    path = make_url(source).database
    with sqlite3.connect(path) as desk:
        desk.execute("UPDATE audit_log SET action = 'bad' || char(0) || 'text' WHERE id = "
                     "(SELECT MIN(id) FROM audit_log)")
    assert copy(tmp_path, source, postgres_url) == 1
    err = capsys.readouterr().err
    assert err.startswith("owl-desktop copy-database: ")
    assert "something went wrong" not in err, err
    left = rows_of(postgres_url)
    assert {t: r for t, r in left.items() if r and t not in SEEDED_BY_MIGRATIONS} == {}
    with sqlite3.connect(path) as desk:
        desk.execute("UPDATE audit_log SET action = 'mended' WHERE action LIKE 'bad%'")
    assert copy(tmp_path, source, postgres_url) == 0
    assert {t: len(r) for t, r in rows_of(postgres_url).items()} == counts


def test_the_command_killed_half_way_leaves_nothing(
        tmp_path: Path, desk_db: tuple[str, dict[str, int]], postgres_url: str) -> None:
    """The process itself stopped (a power cut, Ctrl+C) while it copies: nothing is kept."""
    source, counts = desk_db
    # Slow the copy down at a known point: a progress hook in a child process that stops
    # dead (os._exit) once the first tables are written, before the commit.
    script = (
        "import os, sys\n"
        "from owl_desktop import copy_command\n"
        "seen = []\n"
        "def stop(table, done, total):\n"
        "    seen.append(table)\n"
        "    if len(seen) > 5: os._exit(9)\n"
        "copy_command.show_progress = stop\n"
        "from owl_desktop.app import run\n"
        "sys.exit(run(sys.argv[1:]))\n")
    done = subprocess.run([sys.executable, "-c", script, "copy-database", "--data-dir",
                           str(tmp_path / "data"), "--database-url", source, "--to",
                           postgres_url], cwd=REPO, timeout=120, capture_output=True)
    assert done.returncode == 9
    left = rows_of(postgres_url)
    assert {t: r for t, r in left.items() if r and t not in SEEDED_BY_MIGRATIONS} == {}
    assert copy(tmp_path, source, postgres_url) == 0
    assert {t: len(r) for t, r in rows_of(postgres_url).items()} == counts
