"""The migrations' revision ids, read from their files without importing Alembic (issue 18).

Alembic costs a few hundred milliseconds to import; a desk starting on an up-to-date database
only needs to compare one row of ``alembic_version`` with the newest revision id. The ids are
read from the ``revision = "…"`` and ``down_revision = …`` lines every migration starts with
(Alembic's own template); ``tests/unit/test_migrations.py`` checks that what is read here is
exactly what Alembic sees. When the files can't be read that way, ``None``: the caller then
asks Alembic.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

VERSIONS_DIR = Path(__file__).with_name("migrations") / "versions"

_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]\s*$", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)
_IDS = re.compile(r"['\"]([^'\"]+)['\"]")


def migration_chain(versions_dir: Path = VERSIONS_DIR) -> tuple[str, frozenset[str]] | None:
    """(head revision, every revision) of the migration files, or None when they can't be
    read without Alembic (no files, a line it doesn't recognise, or not exactly one head)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        files = sorted(versions_dir.glob("*.py"))
        texts = [f.read_text(encoding="utf-8") for f in files]
    except OSError:
        return None
    for text in texts:
        revision, down = _REVISION.findall(text), _DOWN.findall(text)
        if len(revision) != 1 or len(down) != 1:
            return None
        revisions.add(revision[0])
        if down[0] != "None":
            ids = _IDS.findall(down[0])
            if not ids:
                return None
            parents.update(ids)
    heads = revisions - parents
    if len(heads) != 1 or not parents <= revisions:
        return None
    return next(iter(heads)), frozenset(revisions)


@cache
def known_head() -> str | None:
    """The newest revision id, as Alembic would say (None: ask Alembic)."""
    chain = migration_chain()
    return None if chain is None else chain[0]
