"""Driver errors turned into sentences staff can act on: the one place (``translate_errors``).

Connection problems (a server that can't be reached, a refused user name, an unknown
database, a locked file) and everything else the database may refuse (a damaged file, a full
disk, a constraint, a value it can't store, a permission) each get their own true sentence and
next step. The driver's own text goes to the log only (``detail``), never to the screen.

SQLite errors are told apart by their result code (``sqlite3.Error.sqlite_errorcode``),
PostgreSQL's by their SQLSTATE; a refused connection to PostgreSQL has no SQLSTATE, so the
server's (English) message is read.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc

from owl_desktop.errors import (
    DatabaseDamagedError,
    DatabaseError,
    DatabaseFullError,
    DatabaseLockedError,
    DatabaseRefusedError,
    DatabaseSettingError,
    DatabaseUnavailableError,
)

log = logging.getLogger(__name__)

# SQLite primary result codes (https://www.sqlite.org/rescode.html).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 10, 11, 13, 14
SQLITE_NOTADB = 26

RESTORE_HINT = ("Owl Desktop didn't change it. Quit Owl Desktop and restore the newest backup "
                "from the “backups” folder in Owl Desktop's data folder (see “Restoring a "
                "backup” in the guide), or ask whoever looks after the clinic's computers.")
NOTHING_SAVED_RETRY = ("Nothing was saved. Reopen the client to see what is saved now, then try "
                       "again.")


def locked() -> DatabaseLockedError:
    return DatabaseLockedError(
        "The database is busy: another program or desk is holding it.",
        hint="Wait a moment and try again. If it keeps happening, close other copies of "
             "Owl Desktop on this computer.")


def full(detail: str = "") -> DatabaseFullError:
    return DatabaseFullError(
        "The disk holding the database is full.",
        hint="Free some space on that disk (or ask whoever runs the database server to), "
             "then try again. What you were doing wasn't saved.",
        detail=detail)


def damaged(detail: str = "") -> DatabaseDamagedError:
    return DatabaseDamagedError("The database file is damaged.", hint=RESTORE_HINT,
                                detail=detail)


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn driver errors into ``DatabaseError``s with a sentence staff can act on: every
    SQLAlchemy database error, connection or not, leaves as a user-facing error."""
    try:
        yield
    except exc.DBAPIError as error:
        translated = translated_error(error)
        log.warning("database error: %s (%s)", type(translated).__name__, translated.detail)
        raise translated from error


def translated_error(error: exc.DBAPIError) -> DatabaseError:
    orig = error.orig
    detail = f"{type(orig).__name__}: {_first_line(orig)}" if orig is not None else type(
        error).__name__
    sqlite_code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(sqlite_code, int):
        return _sqlite(error, sqlite_code & 0xFF, detail)
    sqlstate = getattr(orig, "sqlstate", None) or ""
    if sqlstate:
        return _postgres(error, sqlstate, detail)
    if isinstance(error, (exc.OperationalError, exc.InterfaceError)):
        return _connection(error, detail)
    return _refused(error, detail)


def _first_line(orig: BaseException) -> str:
    return str(orig).strip().splitlines()[0] if str(orig).strip() else ""


def _sqlite(error: exc.DBAPIError, code: int, detail: str) -> DatabaseError:
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return _with_detail(locked(), detail)
    if code == SQLITE_FULL:
        return full(detail)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return damaged(detail)
    if code in (SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM):
        return DatabaseUnavailableError(
            "The database file can't be opened.",
            hint="Check that the data folder exists and that you may write to it.",
            detail=detail)
    if code == SQLITE_IOERR:
        return DatabaseUnavailableError(
            "The computer couldn't read or write the database file.",
            hint="Check that the disk holding it is connected and working, then start Owl "
                 "Desktop again. If it keeps happening, ask whoever looks after the clinic's "
                 "computers to check the disk.",
            detail=detail)
    return _refused(error, detail)


def _postgres(error: exc.DBAPIError, sqlstate: str, detail: str) -> DatabaseError:
    if sqlstate in ("53100", "53000"):  # disk_full, insufficient_resources
        return full(detail)
    if sqlstate in ("55P03", "40P01", "40001"):  # lock_not_available, deadlock, serialization
        return _with_detail(locked(), detail)
    if sqlstate.startswith("08") or sqlstate in ("57P01", "57P02", "57P03"):
        return _connection(error, detail)
    if sqlstate in ("28P01", "28000"):  # invalid_password, invalid_authorization
        return refused_sign_in(detail)
    if sqlstate == "3D000":  # invalid_catalog_name
        return unknown_database(detail)
    if sqlstate in ("XX001", "XX002"):  # data_corrupted, index_corrupted
        return DatabaseRefusedError(
            "The database server reports damaged data.",
            hint="Ask whoever runs the clinic's database server to check it and restore its "
                 "backup if needed.",
            detail=detail)
    return _refused(error, detail)


def _connection(error: exc.DBAPIError, detail: str) -> DatabaseError:
    text = str(error.orig if error.orig is not None else error)
    lowered = text.lower()
    if "password authentication failed" in lowered or "no pg_hba.conf entry" in lowered or (
            "role" in lowered and "does not exist" in lowered):
        return refused_sign_in(detail)
    if "database" in lowered and "does not exist" in lowered:
        return unknown_database(detail)
    if "locked" in lowered or "busy" in lowered:
        return _with_detail(locked(), detail)
    if "disk is full" in lowered or "no space left" in lowered:
        return full(detail)
    if isinstance(error, exc.InterfaceError):
        return DatabaseUnavailableError(
            "The database can't be reached.",
            hint="Check the network connection to the database server, then try again.",
            detail=detail)
    return DatabaseUnavailableError(
        "The database can't be reached.",
        hint="Check the database server and the network, then try again.",
        detail=detail)


def refused_sign_in(detail: str = "") -> DatabaseSettingError:
    return DatabaseSettingError(
        "The database server refused the user name or password.",
        hint="Check the user name and password in OWL_DATABASE_URL with whoever runs the "
             "clinic's database server, then start Owl Desktop again.",
        detail=detail)


def unknown_database(detail: str = "") -> DatabaseSettingError:
    return DatabaseSettingError(
        "The database server has no database by the name in OWL_DATABASE_URL.",
        hint="Check the name at the end of OWL_DATABASE_URL; whoever runs the clinic's "
             "database server can tell you the right one (or create it).",
        detail=detail)


def _refused(error: exc.DBAPIError, detail: str) -> DatabaseError:
    sqlstate = getattr(error.orig, "sqlstate", None) or ""
    if isinstance(error, exc.IntegrityError):
        return DatabaseRefusedError(
            "This change clashes with what is already saved (another desk may have made the "
            "same change at the same time).",
            hint=NOTHING_SAVED_RETRY, detail=detail)
    if isinstance(error, exc.DataError):
        return DatabaseRefusedError(
            "The database refused a value in this change: text too long, or characters it "
            "can't store.",
            hint="Nothing was saved. Check the fields for unusual characters or very long "
                 "text, then try again.",
            detail=detail)
    if sqlstate == "42501":  # insufficient_privilege
        return DatabaseRefusedError(
            "The database server doesn't allow Owl Desktop's user to do this.",
            hint="Whoever runs the clinic's database server must give the user in "
                 "OWL_DATABASE_URL full access to Owl Desktop's database.",
            detail=detail)
    return DatabaseRefusedError(
        "The database refused this action.",
        hint="Nothing was saved. Try again; if it happens again, the log has the details "
             "for whoever looks after the clinic's computers.",
        detail=detail)


def _with_detail(error: DatabaseError, detail: str) -> DatabaseError:
    error.detail = detail
    return error
