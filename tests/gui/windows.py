"""Building the main window for a test, the way the composition root does."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from owl_desktop.services.audit import AuditTrailService
from owl_desktop.services.autopay import AutopayService
from owl_desktop.services.clients import ClientService
from owl_desktop.services.demo import seed_demo_clients
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.payment_methods.section import PaymentMethodsDeps, PaymentMethodsSection
from owl_desktop.ui.tasks import TaskRunner


def make_window(qtbot: QtBot, uow_factory: UnitOfWorkFactory, *, seed: bool = True
                ) -> MainWindow:
    """A desk whose Stripe isn't connected: the real Payment Methods section, which then says
    how to connect (as ``app.payment_section_factory`` builds it)."""
    if seed:
        seed_demo_clients(uow_factory)
    tasks = TaskRunner()
    presenter = ErrorPresenter()

    def payment_section(parent: QWidget | None = None) -> PaymentMethodsSection:
        deps = PaymentMethodsDeps(payment_methods=None, autopay=AutopayService(uow_factory),
                                  audit=AuditTrailService(uow_factory), tasks=tasks,
                                  presenter=presenter)
        return PaymentMethodsSection(deps, parent)

    window = MainWindow(ClientService(uow_factory), tasks, presenter,
                        payment_section_factory=payment_section)
    tasks.setParent(window)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.start()
    qtbot.waitUntil(lambda: window.search_panel.shown_query is not None)
    return window
