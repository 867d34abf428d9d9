"""Building the main window for a test the way the app does (``composition.build_services``
then ``ui.desk.build_main_window``), on the test's database."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pytestqt.qtbot import QtBot

from owl_desktop.composition import Services, build_services
from owl_desktop.config import Config
from owl_desktop.services.demo import seed_demo_clients
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.ui.desk import build_main_window
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.main_window import MainWindow

# Services built for windows, closed by the GUI conftest after each test.
OPEN_SERVICES: list[Services] = []


@dataclass
class TestGui:
    """The part of the run's Qt session the window uses (``ui.desk.GuiSession``)."""

    __test__ = False
    language: str = "en"
    presenter: ErrorPresenter = field(default_factory=ErrorPresenter)


def desk_services(uow_factory: UnitOfWorkFactory, **config: object) -> Services:
    """The app's services on the test's database (its own engine on the same URL)."""
    url = uow_factory.engine.url.render_as_string(hide_password=False)
    data_dir = Path(tempfile.mkdtemp(prefix="owl-gui-"))
    services = build_services(Config(data_dir=data_dir, database_url=url,
                                     desk_name="test-desk", **config),  # type: ignore[arg-type]
                              open_stripe=False)
    OPEN_SERVICES.append(services)
    return services


def make_window(qtbot: QtBot, uow_factory: UnitOfWorkFactory, *, seed: bool = True,
                **config: object) -> MainWindow:
    """A desk whose Stripe isn't connected (no keys in the keyring): the real Payment
    Methods section, which then says how to connect. ``config``: ``Config`` fields."""
    if seed:
        seed_demo_clients(uow_factory)
    window = build_main_window(desk_services(uow_factory, **config), TestGui())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.search_panel.shown_query is not None)
    return window
