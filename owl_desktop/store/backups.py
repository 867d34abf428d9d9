"""Rolling backups of the SQLite database file, made with SQLite's online backup API.

One is made before each migration and one a day (at start-up when the newest is more than a
day old, then checked every hour while the app runs); the newest ``KEEP`` are kept in
``<data dir>/backups`` as ``<name>-<YYYY-MM-DD_HHMMSS>[-before-<revision>].sqlite3``. Each copy
is checked (``PRAGMA quick_check``) before it counts: a damaged database never pushes a good
backup out. Restoring is copying one over the database file while the app is closed
(docs/backups.md). A PostgreSQL database is backed up by the clinic's server, not here.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from datetime import datetime
from pathlib import Path

log = logging.getLogger(__name__)

KEEP = 5
DAY_S = 24 * 3600
CHECK_EVERY_S = 3600
SUFFIX = ".sqlite3"


class BackupFailed(Exception):  # noqa: N818 - reads as a sentence
    """A backup couldn't be made (the reason is in the log); the older ones are untouched."""


class SqliteBackups:
    """The backups of one SQLite file."""

    def __init__(self, database: Path, folder: Path, *, keep: int = KEEP) -> None:
        self.database = database
        self.folder = folder
        self.keep = keep
        self._lock = threading.Lock()

    def existing(self) -> list[Path]:
        """This database's backups, oldest first."""
        if not self.folder.is_dir():
            return []
        prefix = self.database.stem + "-"
        return sorted((p for p in self.folder.iterdir()
                       if p.name.startswith(prefix) and p.name.endswith(SUFFIX)),
                      key=lambda p: p.name)

    def make(self, label: str = "", *, now: datetime | None = None) -> Path:
        """Copy the database now (readers and writers carry on meanwhile); keep the newest
        ``keep``. Raises ``BackupFailed``."""
        with self._lock:
            stamp = (now or datetime.now()).strftime("%Y-%m-%d_%H%M%S")
            name = f"{self.database.stem}-{stamp}{'-' + label if label else ''}{SUFFIX}"
            target = self.folder / name
            partial = self.folder / (name + ".partial")
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                _copy(self.database, partial)
                os.replace(partial, target)
            except (OSError, sqlite3.Error) as error:
                partial.unlink(missing_ok=True)
                log.warning("backup of %s failed: %s: %s", self.database, type(error).__name__,
                            error)
                raise BackupFailed(str(error)) from error
            log.info("database backed up to %s", target)
            self._prune()
            return target

    def newest_age_s(self, now: float | None = None) -> float | None:
        backups = self.existing()
        if not backups:
            return None
        try:
            newest = max(p.stat().st_mtime for p in backups)
        except OSError:
            return None
        return (time.time() if now is None else now) - newest

    def make_daily(self) -> Path | None:
        """A backup if the newest is more than a day old (or there is none)."""
        if not self.database.is_file() or self.database.stat().st_size == 0:
            return None
        age = self.newest_age_s()
        if age is not None and age < DAY_S:
            return None
        try:
            return self.make()
        except BackupFailed:
            return None

    def _prune(self) -> None:
        backups = self.existing()
        for old in backups[:max(0, len(backups) - self.keep)]:
            try:
                old.unlink()
            except OSError as error:
                log.warning("can't remove old backup %s: %s", old, error)


def _copy(source: Path, target: Path) -> None:
    """SQLite's backup API (a consistent copy, even of a database in use), then a check."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
            result = dst.execute("PRAGMA quick_check").fetchone()
            if result is None or result[0] != "ok":
                raise sqlite3.DatabaseError(f"the copy fails its check: {result}")
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            dst.close()
    finally:
        src.close()


class DailyBackups:
    """A background thread making the daily backup; ``stop`` ends it (waits for a copy in
    progress)."""

    def __init__(self, backups: SqliteBackups, *, every_s: float = CHECK_EVERY_S) -> None:
        self._backups = backups
        self._every_s = every_s
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="owl-daily-backup",
                                        daemon=True)

    def start(self) -> DailyBackups:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout=60)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._backups.make_daily()
            except Exception:  # a backup must never take the app down
                log.exception("daily backup failed")
            self._stopping.wait(self._every_s)
