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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from owl_desktop.domain.clients import Address, Client, ClientDraft
from owl_desktop.logs import setup_logging
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.services.clients import ClientService
from owl_desktop.services.customers import CustomerService
from owl_desktop.services.payment_methods import PaymentMethodService
from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.ui.payment_methods.add_flow import AddPaymentMethodFlow
from owl_desktop.ui.tasks import TaskRunner
from owl_desktop.ui.web.pool import EntryViewPool
from owl_desktop.ui.web.texts import page_texts
from owl_desktop.ui.web.view import EntrySettings
from tests.gui.entry.helpers import flush_deletes, wait_until
from tests.gui.entry.numbers import assert_no_numbers_in
from tests.stripe_env import SANDBOX_PUBLISHABLE_KEY, StripeEnv, account_of, external_env


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
def entry_settings(_stripe_sandbox_server: SandboxServer | None) -> EntrySettings:
    """The session's Stripe (``tests/stripe_env.py``): the sandbox, or an external test mode."""
    external = external_env()
    if external is not None:
        return EntrySettings(publishable_key=external.publishable_key,
                             stripe_js_url=external.js_url, language="en", texts=page_texts())
    assert _stripe_sandbox_server is not None
    return EntrySettings(publishable_key=SANDBOX_PUBLISHABLE_KEY,
                         stripe_js_url=_stripe_sandbox_server.stripe_js_url, language="en",
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


@dataclass
class AddEnv:
    """Everything the add flow runs on: a real database, the gateway on the test Stripe, the
    real services, a parent window, the task runner and the session's pool."""

    uow_factory: UnitOfWorkFactory
    clients: ClientService
    methods: PaymentMethodService
    tasks: TaskRunner
    window: QWidget
    flow: AddPaymentMethodFlow
    stripe_env: StripeEnv

    def make_client(self, *, email: str = "elise@example.com") -> Client:
        draft = ClientDraft("Élise", "Tremblay", email, "(514) 555-0199",
                            Address("12 rue Principale", "", "Montréal", "QC", "H2X 1Y4", "CA"))
        return self.clients.create(draft)


@pytest.fixture
def add_env(qtbot: QtBot, tmp_path: Path, stripe_env: StripeEnv, entry_pool: EntryViewPool,
            entry_log_dir: Path) -> Iterator[AddEnv]:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'owl.sqlite3'}")
    migrate(engine)
    uow_factory = UnitOfWorkFactory(engine)
    gateway = StripeGateway(stripe_env.secret_key, api_base=stripe_env.api_base, timeout_s=5)
    customers = CustomerService(uow_factory, gateway, account_of(gateway))
    methods = PaymentMethodService(uow_factory, gateway, customers)
    window = QWidget()
    window.resize(900, 700)
    qtbot.addWidget(window)
    window.show()
    tasks = TaskRunner(window)
    flow = AddPaymentMethodFlow(window, methods, tasks, entry_pool)
    yield AddEnv(uow_factory, ClientService(uow_factory), methods, tasks, window, flow,
                 stripe_env)
    for dialog in window.findChildren(QDialog):
        dialog.close()
    wait_until(lambda: not tasks.is_busy(), what="background tasks to finish")
    tasks.wait_for_done(5000)
    flush_deletes()
    engine.dispose()
