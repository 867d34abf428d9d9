"""An SQLite database file looked at before anything opens it: a damaged file is never touched.

SQLite happily treats a zero-byte file as a new, empty database, and finds a truncated one
out only when it reads a missing page (maybe after a migration has written to it). So before
the engine connects, the file's 100-byte header is read (no SQLite connection, no lock, no
write): an empty file, a file that isn't SQLite, or one shorter than its header says, stops
the start with a sentence saying how to restore the backup.
"""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path

from owl_desktop.errors import DatabaseDamagedError, DatabaseUnavailableError
from owl_desktop.store.db_errors import RESTORE_HINT, full

log = logging.getLogger(__name__)

HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100


def check_sqlite_file(path: Path, backup_dir: Path | None) -> None:
    """Raise ``DatabaseDamagedError`` if the file at ``path`` exists but can't be a whole
    SQLite database; make its folder if it doesn't exist yet (``DatabaseUnavailableError``
    or ``DatabaseFullError`` when that fails)."""
    if not path.exists():
        _make_folder(path.parent)
        return
    if not path.is_file():
        return  # a folder or a device: SQLite says "can't be opened"
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            header = file.read(HEADER_SIZE)
    except OSError as error:
        log.warning("can't read the database header: %s", error)
        return  # SQLite itself reports it ("can't be opened")
    params = {"path": str(path), "backups": str(backup_dir or "")}
    if size == 0:
        raise DatabaseDamagedError(
            "The database file {path} is empty.",
            hint="Owl Desktop didn't change it. If Owl Desktop was used on this computer "
                 "before, quit it and copy the newest backup from {backups} over the empty "
                 "file. If it was never used here, delete the empty file and start Owl Desktop "
                 "again: it makes a new database.",
            detail="zero-byte file", params=params)
    problem = header_problem(header, size, wal_present=_wal_present(path))
    if problem:
        raise DatabaseDamagedError(
            "The database file {path} is damaged: it isn't a whole Owl Desktop database.",
            hint=(RESTORE_AT_START_HINT if backup_dir is not None else RESTORE_HINT),
            detail=problem, params=params)


RESTORE_AT_START_HINT = (
    "Owl Desktop didn't change it. Quit Owl Desktop, move the damaged file elsewhere (keep "
    "it) with the files beside it whose names end in -wal or -shm, copy the newest backup "
    "from {backups} to {path}, then start Owl Desktop again (see “Restoring a backup” in the "
    "guide).")


def header_problem(header: bytes, size: int, *, wal_present: bool = False) -> str:
    """What is wrong with an SQLite file from its first 100 bytes and its size ('' if
    nothing is)."""
    if size < HEADER_SIZE or len(header) < HEADER_SIZE:
        return f"only {size} bytes"
    if not header.startswith(HEADER):
        return "not an SQLite file"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"page size {page_size}"
    pages = int.from_bytes(header[28:32], "big")
    change_counter, valid_for = header[24:28], header[92:96]
    # The page count is trusted only when SQLite marked it valid; a write-ahead log beside
    # the file may hold pages a checkpoint hasn't copied yet (a crash mid-checkpoint).
    if pages and change_counter == valid_for and not wal_present and size < pages * page_size:
        return f"truncated: {size} bytes, the header says {pages} pages of {page_size}"
    return ""


def _wal_present(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        writable = os.access(folder, os.W_OK)
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise full(f"{type(error).__name__}: errno {error.errno}") from error
        writable = False
        detail = f"{type(error).__name__}: errno {error.errno}"
    else:
        detail = "folder not writable"
    if not writable:
        raise DatabaseUnavailableError(
            "The database file can't be created in {folder}.",
            hint="Check that this folder exists (or can be made) and that you may write to "
                 "it, or set OWL_DATABASE_URL to another place; then start Owl Desktop again.",
            detail=detail, params={"folder": str(folder)})
