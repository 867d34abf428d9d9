"""GUI test fixtures: real widgets offscreen, a real database, the app's real translations.

QtWebEngine must be imported before pytest-qt creates the QApplication, so it is imported here,
at collection time, for every GUI test (the payment entry view tests need it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import PySide6.QtWebEngineWidgets  # noqa: F401 - must precede the QApplication
import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.ui.i18n import Translations, catalog_path
from owl_desktop.ui.main_window import MainWindow
from tests.gui.windows import OPEN_SERVICES, make_window

# How long qtbot waits when a test doesn't say: pytest-qt's 5 s is short for what these tests
# wait on (the Stripe double over HTTP, worker threads, QtWebEngine) when CI's two cores run
# all of it at once. Waiting longer for the outcome proves the same: a broken feature still
# never gets there.
WAIT_MS = 20_000


class PatientQtBot(QtBot):
    """``qtbot`` with ``WAIT_MS`` as the default timeout of its waits (a test's own kept)."""

    def waitUntil(self, callback: Callable[[], bool | None], *,
                  timeout: int = WAIT_MS) -> None:
        super().waitUntil(callback, timeout=timeout)

    def waitSignal(self, signal: Any, *, timeout: int = WAIT_MS, **kwargs: Any) -> Any:
        return super().waitSignal(signal, timeout=timeout, **kwargs)

    def waitSignals(self, signals: Any, *, timeout: int = WAIT_MS, **kwargs: Any) -> Any:
        return super().waitSignals(signals, timeout=timeout, **kwargs)

    def waitCallback(self, *, timeout: int = WAIT_MS, **kwargs: Any) -> Any:
        return super().waitCallback(timeout=timeout, **kwargs)

    def waitExposed(self, widget: Any, *, timeout: int = WAIT_MS) -> Any:
        return super().waitExposed(widget, timeout=timeout)

    def waitActive(self, widget: Any, *, timeout: int = WAIT_MS) -> Any:
        return super().waitActive(widget, timeout=timeout)


@pytest.fixture
def qtbot(qapp: object, request: pytest.FixtureRequest) -> QtBot:
    return PatientQtBot(request)


@pytest.fixture(autouse=True)
def _close_window_services() -> Iterator[None]:
    """Services built for a test's window end with the test (change watcher, engine)."""
    yield
    while OPEN_SERVICES:
        OPEN_SERVICES.pop().close()


@pytest.fixture
def translations(qapp: object) -> Iterator[Translations]:
    """English by default (its catalogue holds the plural forms); tests may install French."""
    if not catalog_path("en").exists():
        pytest.fail("translations not built: run python -m owl_desktop.ui.i18n_build")
    before = QLocale()
    installed = Translations()
    installed.install("en")
    yield installed
    installed.remove()
    # A test that installed French also made fr_CA Qt's default locale (web views pick their
    # language from it): later tests start from the same locale as this one.
    QLocale.setDefault(before)


@pytest.fixture
def sqlite_uow_factory(sqlite_url: str) -> Iterator[UnitOfWorkFactory]:
    """For GUI tests where the database kind doesn't matter (the search tests use both)."""
    engine = create_db_engine(sqlite_url)
    migrate(engine)
    yield UnitOfWorkFactory(engine)
    engine.dispose()


@pytest.fixture
def main_window(qtbot: QtBot, uow_factory: UnitOfWorkFactory,
                translations: Translations) -> Iterator[MainWindow]:
    """The main window over the demo clients, on SQLite and on PostgreSQL."""
    window = make_window(qtbot, uow_factory)
    yield window
    window.close()


@pytest.fixture
def sqlite_main_window(qtbot: QtBot, sqlite_uow_factory: UnitOfWorkFactory,
                       translations: Translations) -> Iterator[MainWindow]:
    window = make_window(qtbot, sqlite_uow_factory)
    yield window
    window.close()
