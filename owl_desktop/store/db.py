"""Engine creation, migrations and translation of driver errors into messages for staff."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

from owl_desktop.errors import DatabaseError, DatabaseLockedError, DatabaseUnavailableError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Execution option of a unit of work opened for a read-modify-write (see ``uow.py``).
WRITE_OPTION = "owl_write"
# How long a writer waits for another desk or process to finish before we call it "locked".
SQLITE_BUSY_TIMEOUT_MS = 5000


def create_db_engine(url: str, *, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> Engine:
    """Build the one engine of the app. SQLite gets WAL, foreign keys and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})

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
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with translate_errors(), engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision``; an older database upgrades in place, keeping data."""
    cfg = _alembic_config()
    with translate_errors(), engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    log.info("database schema at %s", revision)


def describe(url: str) -> str:
    """A URL safe for logs and messages: no password."""
    return make_url(url).render_as_string(hide_password=True)


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn driver errors into ``DatabaseError``s with a sentence staff can act on."""
    try:
        yield
    except exc.OperationalError as error:
        raise _translated(error) from error
    except exc.InterfaceError as error:
        raise DatabaseUnavailableError(
            "The database can't be reached.",
            hint="Check the network connection to the database server, then try again.",
            detail=type(error.orig).__name__ if error.orig else "",
        ) from error


def _translated(error: exc.OperationalError) -> DatabaseError:
    text = str(error.orig).lower() if error.orig is not None else str(error).lower()
    detail = type(error.orig).__name__ if error.orig is not None else "OperationalError"
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            "The database is busy: another program or desk is holding it.",
            hint="Wait a moment and try again. If it keeps happening, close other copies of "
                 "Owl Desktop on this computer.",
            detail=detail,
        )
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return DatabaseUnavailableError(
            "The database file can't be opened.",
            hint="Check that the data folder exists and that you may write to it.",
            detail=detail,
        )
    return DatabaseUnavailableError(
        "The database can't be reached.",
        hint="Check the database server and the network, then try again.",
        detail=detail,
    )
