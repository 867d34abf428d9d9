"""``owl-desktop copy-database --to URL``: move a clinic from one desk's SQLite file to a shared
PostgreSQL database (needed for the client portal and for several desks).

Copies every table into the new, empty database (``store/copy_database.py``: migrated to the
same schema first, one transaction, verified by row counts and checksums, sequences fixed),
then prints what to point the desks and the portal at. Every failure is one sentence on stderr
naming which database it is about, and a non-zero exit code; the target then holds no rows.
"""

from __future__ import annotations

import logging
import sys

from owl_desktop.config import Config
from owl_desktop.errors import DatabaseError, DatabaseLockedError, UserFacingError
from owl_desktop.headless import EXIT_FAILURE, EXIT_OK, say
from owl_desktop.store.copy_database import CopyReport, copy_database, reachable
from owl_desktop.store.db import create_db_engine, describe, parse_database_url, sqlite_path

log = logging.getLogger(__name__)

COMMAND = "owl-desktop copy-database"
# A desk holding the SQLite file: give up after this long rather than wait.
SOURCE_BUSY_TIMEOUT_MS = 3000


class CopyRefusedError(UserFacingError):
    """The command's own reasons not to start."""


def run_copy_database(config: Config) -> int:
    target_url = config.extra.get("to", "")
    source_name, target_name = describe(config.database_url), describe(target_url)
    try:
        check_urls(config.database_url, target_url)
    except UserFacingError as error:
        return fail(error)
    opened = []
    try:
        source = create_db_engine(config.database_url, busy_timeout_ms=SOURCE_BUSY_TIMEOUT_MS,
                                  backup_dir=config.backup_dir)
        opened.append(source)
        target = create_db_engine(target_url)
        opened.append(target)
        for engine, which in ((source, f"The database to copy ({source_name})"),
                              (target, f"The new database ({target_name})")):
            try:
                reachable(engine)  # which one can't be reached or opened
            except UserFacingError as error:
                return fail(error, which)
        print(f"Copying {source_name} to {target_name}…", flush=True)
        report = copy_database(source, target, backup_dir=config.backup_dir,
                               progress=show_progress)
    except DatabaseLockedError as error:
        return fail(CopyRefusedError(
            "The database to copy is in use: a desk or the portal is writing to it.",
            hint="Close Owl Desktop on every desk that uses it and stop the portal, then run "
                 "the command again. Nothing was copied.", detail=error.detail))
    except DatabaseError as error:  # e.g. a value SQLite kept that PostgreSQL refuses
        return fail(error, "The copy stopped; nothing was kept in the new database")
    except UserFacingError as error:
        return fail(error)
    finally:
        for engine in opened:
            engine.dispose()
    print_report(report, source_name, target_name)
    return EXIT_OK


def check_urls(source_url: str, target_url: str) -> None:
    target = parse_database_url(target_url)
    if target.get_backend_name() != "postgresql":
        raise CopyRefusedError("--to must be a PostgreSQL database.",
                          hint="Write it like postgresql+psycopg://owl@db.clinic.lan/owl "
                               "(the password in ~/.pgpass or PGPASSWORD, not the URL).")
    if describe(source_url) == describe(target_url):
        raise CopyRefusedError("The database to copy and the new one are the same.",
                          hint="Give --to the new, empty PostgreSQL database.")
    path = sqlite_path(source_url)
    if path is not None and not path.is_file():
        raise CopyRefusedError("There is no database to copy at {path}.",
                          hint="Run the command on the desk that holds the clinic's data, or "
                               "name its file with --database-url sqlite:///PATH.",
                          params={"path": str(path)})


def fail(error: UserFacingError, which: str = "") -> int:
    prefix = f"{which}: " if which else ""
    say(f"{COMMAND}: {prefix}{error.message} {error.hint}".strip())
    log.error("copy-database failed: %s (%s)", error.message, error.detail)
    return EXIT_FAILURE


def show_progress(table: str, done: int, total: int) -> None:
    if sys.stdout.isatty():
        print(f"\r  {table}: {done}/{total} rows", end="", flush=True)


def print_report(report: CopyReport, source_name: str, target_name: str) -> None:
    if sys.stdout.isatty():
        print()
    print(f"Copied {len(report.tables)} tables, {report.rows} rows, schema {report.revision}.")
    print("Verified: in every table the row count and the checksum (SHA-256 of its rows) "
          "match the original.")
    width = max((len(t.name) for t in report.tables), default=0)
    for table in report.tables:
        print(f"  {table.name:<{width}}  {table.rows:>8} row(s)  {table.checksum[:16]}")
    if report.sequences:
        print(f"Id sequences moved past the copied ids: {report.sequences}.")
    print()
    print("Now point every desk and the portal at the new database:")
    print(f"  OWL_DATABASE_URL={target_name}")
    print("  - each desk: set OWL_DATABASE_URL for the user who runs Owl Desktop (or start it "
          "with --database-url), the password in that user's ~/.pgpass (%APPDATA%\\postgresql"
          "\\pgpass.conf on Windows), never in the URL;")
    print("  - the portal's service: Environment=OWL_DATABASE_URL=... (docs/portal.md).")
    print(f"The original ({source_name}) was not changed: keep it as a backup, and don't use "
          "it any more — changes made there won't reach the shared database.")
