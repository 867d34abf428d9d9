"""What the desk reads before its database opens (issue 18): the publishable key straight from
an SQLite file, nothing when it can't be had at once, and the sandbox's double started early
and taken over by the services."""

from __future__ import annotations

import sqlite3
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from owl_desktop.composition import build_services
from owl_desktop.config import load_config
from owl_desktop.early_start import SETTING_PUBLISHABLE_KEY, start_early
from owl_desktop.errors import DatabaseError
from owl_desktop.services import stripe_connection
from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.settings_peek import peek_setting, sqlite_file_of
from owl_desktop.store.uow import UnitOfWorkFactory

KEY = "pk_test_51EarlyStart000000000000000000000"


def test_the_key_is_the_one_settings_stripe_writes() -> None:
    assert SETTING_PUBLISHABLE_KEY == stripe_connection.SETTING_PUBLISHABLE_KEY


def connect_stripe(url: str) -> None:
    """What Settings → Stripe leaves in the database: the publishable key among the settings."""
    engine = create_db_engine(url)
    try:
        migrate(engine)
        with UnitOfWorkFactory(engine)() as uow:
            uow.settings.set(SETTING_PUBLISHABLE_KEY, KEY)
            uow.commit()
    finally:
        engine.dispose()


def test_the_publishable_key_is_read_without_the_orm(sqlite_url: str) -> None:
    assert peek_setting(sqlite_url, SETTING_PUBLISHABLE_KEY) is None  # no database yet
    connect_stripe(sqlite_url)
    assert peek_setting(sqlite_url, SETTING_PUBLISHABLE_KEY) == KEY


def test_nothing_is_answered_when_it_cant_be_had_at_once(tmp_path: Path,
                                                         sqlite_url: str) -> None:
    missing = tmp_path / "nowhere" / "owl.sqlite3"
    assert peek_setting(f"sqlite:///{missing}", SETTING_PUBLISHABLE_KEY) is None
    assert not missing.parent.exists()  # nothing created
    assert peek_setting("postgresql+psycopg://owl@127.0.0.1/owl", "x") is None
    assert peek_setting("sqlite://", "x") is None  # in memory
    not_ours = tmp_path / "other.sqlite3"
    sqlite3.connect(not_ours).close()  # an SQLite file without our tables
    assert peek_setting(f"sqlite:///{not_ours}", SETTING_PUBLISHABLE_KEY) is None
    connect_stripe(sqlite_url)
    path = sqlite_file_of(sqlite_url)
    assert path is not None
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")  # another program holding the file
    holder.execute("SELECT count(*) FROM key_values").fetchone()
    try:
        assert peek_setting(sqlite_url, SETTING_PUBLISHABLE_KEY) is None  # no waiting
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert peek_setting(sqlite_url, SETTING_PUBLISHABLE_KEY) == KEY


def test_sandbox_mode_starts_the_double_early_and_the_services_take_it_over(
        tmp_path: Path) -> None:
    config = load_config(["--sandbox", "--data-dir", str(tmp_path)], environ={})
    early = start_early(config)
    assert early.sandbox is not None
    assert early.publishable_key.startswith("pk_test_")
    assert early.config.stripe_js_url == early.sandbox.stripe_js_url
    services = build_services(early.config, open_stripe=False, sandbox=early.sandbox)
    try:
        assert services.stripe_connection.publishable_key() == early.publishable_key
        assert services.config.stripe_api_base == early.sandbox.api_base
    finally:
        services.close()
    assert not answers(early.sandbox.api_base)


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=5).close()
    except urllib.error.HTTPError:
        return True  # it answered, with an error
    except OSError:
        return False
    return True


def test_a_database_that_cant_open_stops_the_early_double(tmp_path: Path) -> None:
    config = load_config(["--sandbox", "--data-dir", str(tmp_path)], environ={})
    early = start_early(config)
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"not a database at all" * 100)
    broken = replace(early.config, database_url=f"sqlite:///{damaged}")
    with pytest.raises(DatabaseError):
        build_services(broken, open_stripe=False, sandbox=early.sandbox)
    assert early.sandbox is not None
    assert not answers(early.sandbox.api_base)
