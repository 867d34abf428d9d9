"""GUI test fixtures: real widgets offscreen, a real database, the app's real translations.

QtWebEngine must be imported before pytest-qt creates the QApplication, so it is imported here,
at collection time, for every GUI test (the payment entry view tests need it).
"""

from __future__ import annotations

from collections.abc import Iterator

import PySide6.QtWebEngineWidgets  # noqa: F401 - must precede the QApplication
import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.ui.i18n import Translations, catalog_path
from owl_desktop.ui.main_window import MainWindow
from tests.gui.windows import OPEN_SERVICES, make_window


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
