"""The main window: client search on the left, the open profile on the right, a status bar.

It only arranges parts and routes between them. Features plug in from the composition root
(``ui/desk.py``): ``add_settings_action`` for Settings entries, ``profile_page.add_tab`` /
``add_section`` for profile content, ``status`` for the status bar indicators, and the
``payment_section_factory`` for the Payment Methods section.

It is built in two steps so that it shows at once (issue 18): the constructor makes the frame
(menus, search field, status bar) from Qt alone, saying *Starting…*; ``attach`` then gives it
the client service and builds the profile page, once the database is open. Nothing here
imports the services or the store at run time.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from owl_desktop.ui.clients.search_panel import ClientSearchPanel
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.status_indicators import StatusIndicators
from owl_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from owl_desktop.domain.clients import Client
    from owl_desktop.services.clients import ClientService
    from owl_desktop.ui.clients.form import ClientFormDialog
    from owl_desktop.ui.clients.profile_page import ProfilePage
    from owl_desktop.ui.clients.profile_sections import SectionFactory

log = logging.getLogger(__name__)

OPEN_CLIENT_TASK_KEY = "open-client"
REFRESH_CLIENT_TASK_KEY = "refresh-client"


def main_window_frame(presenter: ErrorPresenter) -> MainWindow:
    """The window as it first shows: frame, menus and search field, *Starting…* (first
    paint); ``ui.desk.wire_main_window`` does the rest."""
    tasks = TaskRunner()
    window = MainWindow(tasks, presenter)
    tasks.setParent(window)
    return window


class MainWindow(QMainWindow):
    """Signals:
        client_opened(object): the profile now shows this ``Client``.
        client_saved(int): a client was created or edited here (id).
    """

    client_opened = Signal(object)
    client_saved = Signal(int)

    def __init__(self, tasks: TaskRunner, presenter: ErrorPresenter, *,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._service: ClientService | None = None
        self._profile_page: ProfilePage | None = None
        self.tasks = tasks
        self.presenter = presenter
        presenter.set_parent_widget(self)
        tasks.set_failure_handler(presenter.present)
        self.form: ClientFormDialog | None = None
        self.setWindowTitle(self.tr("Owl Desktop"))

        self.search_panel = ClientSearchPanel(None, tasks, self)
        self.search_panel.client_chosen.connect(self.on_search_panel_client_chosen)

        self.empty_page = QLabel(
            self.tr("Search for a client on the left, or create one with New client "
                    "(Ctrl+N)."), self)
        self.empty_page.setObjectName("noClientOpen")
        self.empty_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_page.setWordWrap(True)
        self.empty_page.setEnabled(False)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty_page)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.search_panel)
        splitter.addWidget(self.pages)
        # Both sides give way as the window narrows (down to 900 px): the list a quarter.
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([340, 780])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)

        self.status = StatusIndicators(self)
        self.statusBar().addPermanentWidget(self.status)

        self._build_menus()
        new_button = QToolButton(self.search_panel)
        new_button.setObjectName("newClientButton")
        new_button.setDefaultAction(self.new_client_action)
        new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        new_button.setText(self.tr("New client"))
        new_button.setToolTip(self.tr("Create a client (Ctrl+N)"))
        self.search_panel.add_header_widget(new_button)
        # Tab follows the screen: search, New client beside it, then the list below.
        QWidget.setTabOrder(self.search_panel.search_field, new_button)
        QWidget.setTabOrder(new_button, self.search_panel.table)
        self.resize(1120, 720)
        self.new_client_action.setEnabled(False)
        self._starting_text = self.tr("Starting\u2026")
        self.statusBar().showMessage(self._starting_text)
        self.search_panel.results_shown.connect(self._on_first_results)

    def attach(self, client_service: ClientService, *,
               payment_section_factory: SectionFactory) -> None:
        """The database is open: build the profile page and let the search and the client
        form use ``client_service`` (call once, before ``start``)."""
        from owl_desktop.ui.clients.profile_page import ProfilePage

        self._service = client_service
        self.search_panel.set_service(client_service)
        self._profile_page = ProfilePage(payment_section_factory(None), self)
        self.profile_page.edit_requested.connect(self.on_profile_page_edit_requested)
        self.pages.addWidget(self.profile_page)
        self.new_client_action.setEnabled(True)

    # public API
    @property
    def profile_page(self) -> ProfilePage:
        """The open client's page (built by ``attach``)."""
        if self._profile_page is None:
            raise RuntimeError("the main window isn't attached to the services yet")
        return self._profile_page

    @property
    def current_client(self) -> Client | None:
        page = self._profile_page
        return page.client if page is not None else None

    def add_settings_action(self, action: QAction) -> None:
        """Add an entry to the Settings menu (the menu appears with its first entry)."""
        self.settings_menu.addAction(action)
        self.settings_menu.menuAction().setVisible(True)

    def set_sandbox(self, sandbox: bool) -> None:
        """Say in the title bar that this is practice data, so nobody mistakes it for real."""
        self.setWindowTitle(self.tr("Owl Desktop \u2013 Sandbox") if sandbox
                            else self.tr("Owl Desktop"))

    def start(self) -> None:
        """Load the first page of clients; call once the window is built."""
        self.search_panel.refresh()

    def open_client(self, client_id: int) -> None:
        """Load a client off the UI thread and show the profile (the latest request wins)."""
        service = self._service
        if service is None:  # still starting
            return
        self.tasks.run(lambda: service.get(client_id), on_success=self._show_client,
                       key=OPEN_CLIENT_TASK_KEY)

    def refresh_client(self, client_id: int) -> None:
        """The open client's data changed: show it again in place (no page switch, no
        selection change), if it is still the one open."""
        service = self._service
        if service is None:
            return

        def show(client: Client) -> None:
            current = self.current_client
            if current is not None and current.id == client.id:
                self.profile_page.show_client(client)

        self.tasks.run(lambda: service.get(client_id), on_success=show,
                       key=REFRESH_CLIENT_TASK_KEY)

    def new_client(self) -> ClientFormDialog:
        """The New client form (its action is enabled once ``attach`` ran)."""
        return self._open_form(None)

    def edit_client(self) -> ClientFormDialog | None:
        client = self.current_client
        return self._open_form(client) if client is not None else None

    # slots
    def on_search_panel_client_chosen(self, client_id: int) -> None:
        self.open_client(client_id)

    def on_profile_page_edit_requested(self, _client_id: int) -> None:
        self.edit_client()

    def on_form_saved(self, client: Client) -> None:
        created = self.current_client is None or self.current_client.id != client.id
        self._show_client(client)
        if created:
            self.search_panel.show_client(client.id, client.full_name)
        else:
            self.search_panel.refresh()
        self.client_saved.emit(client.id)

    def on_about_triggered(self) -> None:
        QMessageBox.about(self, self.tr("About Owl Desktop"), self.tr(
            "Owl Desktop keeps clients' payment methods on file for the clinic's front desk. "
            "Card and bank details are typed only into Stripe's own fields."))

    # Qt override
    def closeEvent(self, event: QCloseEvent) -> None:
        # Workers hold a session each; let them finish before the engine goes away.
        self.tasks.wait_for_done(5000)
        super().closeEvent(event)

    # internals
    def _show_client(self, client: Client) -> None:
        self.profile_page.show_client(client)
        self.pages.setCurrentWidget(self.profile_page)
        self.search_panel.select_client(client.id)
        self.edit_action.setEnabled(True)
        self.client_opened.emit(client)

    def _open_form(self, client: Client | None) -> ClientFormDialog:
        from owl_desktop.ui.clients.form import ClientFormDialog

        assert self._service is not None
        if self.form is not None:
            self.form.close()
        form = ClientFormDialog(self._service, self.tasks, self.presenter, client=client,
                                parent=self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self.on_form_saved)
        form.destroyed.connect(self._forget_form)
        self.form = form
        form.open()
        return form

    def _forget_form(self) -> None:
        self.form = None

    def _on_first_results(self) -> None:
        """The client list has filled: start-up is over."""
        self.search_panel.results_shown.disconnect(self._on_first_results)
        # Only "Starting…": a message an action showed meanwhile (the Sandbox menu's, say) stays.
        if self.statusBar().currentMessage() == self._starting_text:
            self.statusBar().clearMessage()

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu: QMenu = menu_bar.addMenu(self.tr("&File"))
        self.new_client_action = QAction(self.tr("&New client\u2026"), self)
        self.new_client_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_client_action.triggered.connect(self.new_client)
        file_menu.addAction(self.new_client_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self.clients_menu: QMenu = menu_bar.addMenu(self.tr("&Clients"))
        self.find_action = QAction(self.tr("&Find client"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.search_panel.focus_search)
        self.clients_menu.addAction(self.find_action)
        self.clients_menu.addAction(self.new_client_action)
        self.edit_action = QAction(self.tr("&Edit contact details\u2026"), self)
        self.edit_action.setShortcut(QKeySequence(self.tr("Ctrl+E")))
        self.edit_action.setEnabled(False)
        self.edit_action.triggered.connect(self.edit_client)
        self.clients_menu.addAction(self.edit_action)

        self.settings_menu: QMenu = menu_bar.addMenu(self.tr("&Settings"))
        self.settings_menu.setObjectName("settingsMenu")
        self.settings_menu.menuAction().setVisible(False)

        help_menu = menu_bar.addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About Owl Desktop"), self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.on_about_triggered)
        help_menu.addAction(about)
