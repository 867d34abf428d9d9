"""Fixtures for the entry view and the *Add payment method* flow: real QtWebEngine, the sandbox
over real HTTP, a real database.

Views are expensive (a renderer, Stripe.js, three iframes), so one pool pre-warms them for the
whole session, as the app does after start-up; each test takes a fresh view from it. At the end of
the session every file the tests wrote (databases, logs, settings, the sandbox's state) is read
back, and none may contain a card or bank account number typed during the tests.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from owl_desktop.logs import setup_logging
from owl_desktop.ui.web.pool import EntryViewPool
from owl_desktop.ui.web.texts import page_texts
from owl_desktop.ui.web.view import EntrySettings
from tests.gui.entry.helpers import flush_deletes, wait_until
from tests.gui.entry.numbers import assert_no_numbers_in

PUBLISHABLE_KEY = "pk_test_owlEntryViewTests"


@pytest.fixture(scope="session")
def entry_log_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The app's log file for this session, so the scan reads what the app really logs."""
    log_dir = tmp_path_factory.mktemp("entry-logs")
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    setup_logging(log_dir, debug=True)
    yield log_dir
    for handler in list(root.handlers):
        if handler not in before:
            handler.close()
            root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture(scope="session", autouse=True)
def _no_numbers_written(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """After the whole session: no test number in any file under the tests' temp dirs."""
    yield
    logging.shutdown()
    assert_no_numbers_in(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def entry_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One sandbox for the session; its state file is among the files scanned at the end."""
    from owl_desktop.sandbox.server import SandboxServer

    state = tmp_path_factory.mktemp("entry-sandbox") / "state.json"
    server = SandboxServer(port=0, state_path=state).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def entry_settings(entry_sandbox: Any) -> EntrySettings:
    return EntrySettings(publishable_key=PUBLISHABLE_KEY,
                         stripe_js_url=entry_sandbox.stripe_js_url, language="en",
                         texts=page_texts())


@pytest.fixture(scope="session")
def entry_pool(qapp: QApplication, entry_settings: EntrySettings,
               entry_log_dir: Path) -> Iterator[EntryViewPool]:
    """Pre-warms views like the app does; refills quickly so each test finds one prepared."""
    pool = EntryViewPool(lambda: entry_settings, refill_delay_ms=50)
    pool.prewarm()
    yield pool
    pool.close()
    flush_deletes()
    pool.deleteLater()
    flush_deletes()


@pytest.fixture
def ready_view(entry_pool: EntryViewPool) -> Iterator[Any]:
    """A prepared view, shown in a window of its own, disposed afterwards."""
    view = entry_pool.take()
    wait_until(lambda: view.is_ready or view.failure, what="the entry view to be ready")
    assert view.is_ready, view.failure
    view.resize(560, 600)
    view.show()
    yield view
    view.dispose()
    flush_deletes()
