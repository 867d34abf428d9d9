"""One setting read before the database is opened for real, without SQLAlchemy (issue 18).

The desk prepares its payment entry view while SQLAlchemy is still being imported and the
database opened on a worker thread; the view needs only the connected publishable key, a
plain row of ``key_values``. For an SQLite file this reads it with the standard library's
``sqlite3``, creating nothing and never waiting on a lock. Anything else (PostgreSQL, a
missing or locked file, a database from before the table existed) answers ``None``: the view
is then prepared once the database is open, as before. Never raises.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

log = logging.getLogger(__name__)

_SQLITE_PREFIX = "sqlite:///"


def sqlite_file_of(url: str) -> Path | None:
    """The file of a plain ``sqlite:///path`` URL; None for anything else."""
    if not url.startswith(_SQLITE_PREFIX):
        return None
    path = url[len(_SQLITE_PREFIX):].split("?", 1)[0]
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    return Path(path)


def peek_setting(database_url: str, key: str, namespace: str = "settings") -> str | None:
    """The value of one setting, or None when it can't be had at once."""
    path = sqlite_file_of(database_url)
    if path is None or not path.is_file():
        return None
    try:
        uri = f"file:{quote(str(path))}?mode=rw"
        with closing(sqlite3.connect(uri, uri=True, timeout=0)) as connection:
            row = connection.execute(
                "SELECT value FROM key_values WHERE namespace = ? AND key = ?",
                (namespace, key)).fetchone()
    except sqlite3.Error as error:  # locked, damaged, too old: the slow path will say
        log.debug("setting %s not read early: %s", key, error)
        return None
    return None if row is None else str(row[0])
