"""Shared fixtures: a fresh database per test (SQLite file, and PostgreSQL when available)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.memory_keyring import MemoryKeyring
from tests.secret_scan import DATA_DIR_NAME, find_canaries

pytest_plugins = ["tests.stripe_env"]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
os.environ.setdefault("STRIPE_DISABLE_TELEMETRY", "1")

POSTGRES_URL = os.environ.get("OWL_TEST_POSTGRES_URL", "")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_configure(config: pytest.Config) -> None:
    if IN_CI and not POSTGRES_URL:
        raise pytest.UsageError("CI must run the PostgreSQL tests: OWL_TEST_POSTGRES_URL is unset")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's config, data or keyring folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets a fresh in-memory keyring: none ever touches the real OS keyring."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="session", autouse=True)
def _no_canary_left_in_app_files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """At the end of the session, no ``owl-data`` dir any test used holds a canary secret
    (see tests/secret_scan.py): catches leaks written late, e.g. logs flushed at teardown."""
    yield
    base = tmp_path_factory.getbasetemp()
    hits = [hit for d in base.rglob(DATA_DIR_NAME) if d.is_dir() for hit in find_canaries(d)]
    if hits:
        pytest.fail("canary secrets written to app files:\n" + "\n".join(hits))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'owl.sqlite3'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A brand-new database on the throwaway cluster, dropped afterwards."""
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL tests need OWL_TEST_POSTGRES_URL (set by .ci/run)")
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"owl_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Runs the test once on SQLite and once on PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    eng = create_db_engine(database_url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def uow_factory(engine: Engine) -> UnitOfWorkFactory:
    return UnitOfWorkFactory(engine)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[_EXIT_STATUS] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave without running Python's interpreter teardown once pytest has said everything.

    After a run with QtWebEngine views, the interpreter's teardown can destroy the default web
    profile while Chromium still holds a page ("Release of profile requested but WebEnginePage
    still not deleted"), and crash with a segmentation fault *after* every test has passed and
    the summary is printed — which made a green run exit 139 once in CI. The result is already
    decided and reported here, so the process ends with pytest's own exit status.
    """
    status = config.stash.get(_EXIT_STATUS, None)
    if status is None:
        return
    import sys

    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


_EXIT_STATUS = pytest.StashKey[int]()
