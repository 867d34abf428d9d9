"""Engine creation and migrations; driver errors become messages for staff in ``db_errors``
(``translate_errors``, re-exported here), a damaged SQLite file is caught in ``sqlite_file``
before anything opens it, and SQLite files are backed up before each migration
(``backups``)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, exc, inspect, text
from sqlalchemy.engine import URL, make_url

from owl_desktop.errors import (
    DatabaseSettingError,
    DatabaseTooNewError,
    DatabaseUnavailableError,
)
from owl_desktop.store.backups import BackupFailed, SqliteBackups
from owl_desktop.store.db_errors import translate_errors
from owl_desktop.store.revisions import known_head
from owl_desktop.store.sqlite_file import check_sqlite_file

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

__all__ = ["create_db_engine", "current_revision", "describe", "head_revision", "migrate",
           "sqlite_path", "translate_errors"]

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Execution option of a unit of work opened for a read-modify-write (see ``uow.py``).
WRITE_OPTION = "owl_write"
# How long a writer waits for another desk or process to finish before we call it "locked".
SQLITE_BUSY_TIMEOUT_MS = 5000


def create_db_engine(url: str, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
                     backup_dir: Path | None = None) -> Engine:
    """Build the one engine of the app. SQLite gets WAL, foreign keys and a busy timeout.

    Raises ``DatabaseSettingError`` for a URL the app can't use and, for an SQLite file,
    ``DatabaseDamagedError`` (left untouched; ``backup_dir`` is named in the message) or
    ``DatabaseUnavailableError`` when its folder can't be made. Nothing connects yet.
    """
    parsed = parse_database_url(url)
    path = sqlite_path(url)
    if path is not None:
        check_sqlite_file(path, backup_dir)
    try:
        return _create_engine(parsed, busy_timeout_ms)
    except (ImportError, exc.NoSuchModuleError) as error:
        raise DatabaseSettingError(
            "The database driver in OWL_DATABASE_URL isn't part of Owl Desktop: {driver}.",
            hint="Write OWL_DATABASE_URL with the driver Owl Desktop comes with, like "
                 "postgresql+psycopg://user@server/owl, then start Owl Desktop again.",
            detail=type(error).__name__,
            params={"driver": parsed.drivername}) from error


SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def parse_database_url(url: str) -> URL:
    """``url`` parsed, or ``DatabaseSettingError`` (not a URL; not SQLite or PostgreSQL)."""
    try:
        parsed = make_url(url)
    except (exc.ArgumentError, ValueError) as error:
        raise DatabaseSettingError(
            "OWL_DATABASE_URL isn't a database address Owl Desktop understands.",
            hint="Write OWL_DATABASE_URL like postgresql+psycopg://user@server/owl or "
                 "sqlite:///C:/Clinic/owl.sqlite3, or remove it to use the database in Owl "
                 "Desktop's data folder; then start Owl Desktop again.",
            detail=type(error).__name__) from error
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise DatabaseSettingError(
            "Owl Desktop doesn't work with this kind of database: {kind}.",
            hint="It works with SQLite and PostgreSQL. Point OWL_DATABASE_URL at one, like "
                 "postgresql+psycopg://user@server/owl, then start Owl Desktop again.",
            params={"kind": parsed.get_backend_name()})
    return parsed


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL (None for PostgreSQL or an in-memory database)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or \
            parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def _create_engine(parsed: URL, busy_timeout_ms: int) -> Engine:
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": busy_timeout_ms / 1000})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            # A unit of work that reads, then writes what it read, takes SQLite's write lock
            # up front (SQLite has no row locks): the driver's own transaction starts only at
            # the first write, after the reads, so another process could change what was
            # read in between. Other units of work keep the driver's behaviour (reads outside
            # a transaction, a write transaction begun at the first write, waiting its turn).
            if conn.get_execution_options().get(WRITE_OPTION, False):
                conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, connect_args=_pg_connect_args(parsed))


def _pg_connect_args(url: Any) -> dict[str, Any]:
    return {"connect_timeout": 5} if url.get_backend_name() == "postgresql" else {}


def _alembic_config() -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str | None:
    """The newest migration, as Alembic sees it (imports Alembic)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision (None: no schema yet). One query on Alembic's
    ``alembic_version`` table; Alembic itself isn't imported. Several rows (which this app's
    single chain never writes): the first one."""
    with translate_errors(), engine.connect() as conn:
        try:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        except exc.DBAPIError:
            conn.rollback()
            if not inspect(conn).has_table("alembic_version"):
                return None  # a new database
            raise  # the table is there: the error is the database's (locked, refused...)
        return str(rows[0][0]) if rows else None


def migrate(engine: Engine, revision: str = "head", *, backup_dir: Path | None = None) -> None:
    """Bring the schema up to ``revision``; an older database upgrades in place, keeping data.

    A database already at the newest revision costs one query, and Alembic isn't imported
    (``store/revisions.py`` knows the newest id from the migration files). One written by a
    newer version of the app (a revision this one doesn't know) is refused untouched
    (``DatabaseTooNewError``). With ``backup_dir``, an SQLite file is backed up there before
    it is upgraded.
    """
    if revision == "head":
        head = known_head()
        if head is not None and current_revision(engine) == head:
            return
    _upgrade(engine, revision, backup_dir)


def _upgrade(engine: Engine, revision: str, backup_dir: Path | None) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_alembic_config())
    target = scripts.get_current_head() if revision == "head" else revision
    current = current_revision(engine)
    if current == target:
        return
    if current is not None and current not in {s.revision for s in scripts.walk_revisions()}:
        raise DatabaseTooNewError(
            "This database was last used by a newer version of Owl Desktop.",
            hint="Install that version (or a later one) on this computer; this one can't use "
                 "the database safely and didn't change it.",
            detail=f"database revision {current}, this version knows up to {target}")
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if current is not None and path is not None and backup_dir is not None:
        try:
            SqliteBackups(path, backup_dir).make(f"before-{target}")
        except BackupFailed as error:
            # Migrating without a safety copy would risk what can't be undone: stop.
            raise _backup_failed(backup_dir) from error
    cfg = _alembic_config()
    with translate_errors(), engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    log.info("database schema at %s", revision)


def _backup_failed(backup_dir: Path) -> DatabaseUnavailableError:
    return DatabaseUnavailableError(
        "The database must be upgraded, but it couldn't be backed up first to {backups}.",
        hint="Check that this folder can be written and that the disk isn't full, then start "
             "Owl Desktop again. The database wasn't changed.",
        params={"backups": str(backup_dir)})


def describe(url: str) -> str:
    """A URL safe for logs and messages: no password (and nothing of one that isn't a URL)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (exc.ArgumentError, ValueError):
        return "(not a database URL)"
