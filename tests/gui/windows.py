"""Building the main window for a test, the way the composition root does."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from owl_desktop.services.clients import ClientService
from owl_desktop.services.demo import seed_demo_clients
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.tasks import TaskRunner


def make_window(qtbot: QtBot, uow_factory: UnitOfWorkFactory, *, seed: bool = True
                ) -> MainWindow:
    if seed:
        seed_demo_clients(uow_factory)
    tasks = TaskRunner()
    window = MainWindow(ClientService(uow_factory), tasks, ErrorPresenter())
    tasks.setParent(window)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.start()
    qtbot.waitUntil(lambda: window.search_panel.shown_query is not None)
    return window
