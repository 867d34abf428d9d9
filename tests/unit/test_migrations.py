"""Migrations form one chain (no database needed): two heads would leave an upgraded database
at one or the other depending on which ran, and ``migrate(engine)`` ("head") would refuse."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from owl_desktop.store.db import _alembic_config, head_revision


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
