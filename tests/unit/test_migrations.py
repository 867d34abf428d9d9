"""Migrations form one chain (no database needed): two heads would leave an upgraded database
at one or the other depending on which ran, and ``migrate(engine)`` ("head") would refuse."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from owl_desktop.store.db import _alembic_config, head_revision
from owl_desktop.store.revisions import migration_chain


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(_alembic_config())


def test_one_alembic_head() -> None:
    scripts = _scripts()
    assert len(scripts.get_heads()) == 1, scripts.get_heads()
    assert scripts.get_heads() == [head_revision()]


def test_every_revision_is_on_the_one_chain_from_base_to_head() -> None:
    scripts = _scripts()
    assert len(scripts.get_bases()) == 1, scripts.get_bases()
    chain = []
    revision = scripts.get_revision(head_revision())
    while revision is not None:
        chain.append(revision.revision)
        assert not isinstance(revision.down_revision, tuple), f"merge point {revision.revision}"
        revision = (scripts.get_revision(revision.down_revision)
                    if revision.down_revision else None)
    assert sorted(chain) == sorted(s.revision for s in scripts.walk_revisions())


def test_the_head_read_without_alembic_is_alembics_head() -> None:
    """The desk's start compares the database with ``store/revisions.py``'s head, read from
    the migration files without importing Alembic: it must be exactly Alembic's."""
    scripts = _scripts()
    chain = migration_chain()
    assert chain is not None, "the migration files must keep Alembic's revision lines"
    head, revisions = chain
    assert head == scripts.get_current_head()
    assert revisions == {s.revision for s in scripts.walk_revisions()}


def test_files_read_without_alembic_refuse_what_they_do_not_understand(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text('revision = "a"\ndown_revision = None\n')
    (tmp_path / "b.py").write_text('revision: str = "b"\ndown_revision: str | None = "a"\n')
    assert migration_chain(tmp_path) == ("b", frozenset({"a", "b"}))
    (tmp_path / "c.py").write_text('revision = "c"\ndown_revision = "a"\n')  # two heads
    assert migration_chain(tmp_path) is None
    (tmp_path / "c.py").write_text('revision = make_id()\ndown_revision = "b"\n')
    assert migration_chain(tmp_path) is None


def test_an_up_to_date_database_is_checked_without_importing_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'owl.sqlite3'}"
    script = (
        "import sys\n"
        "from owl_desktop.store.db import create_db_engine, current_revision, migrate\n"
        f"engine = create_db_engine({url!r})\n"
        "migrate(engine)\n"
        "print(current_revision(engine), 'alembic' in sys.modules)\n")
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True)
    again = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True)
    head = head_revision()
    assert first.stdout.split() == [head, "True"]  # a new database: Alembic creates it
    assert again.stdout.split() == [head, "False"]  # then one query, no Alembic
