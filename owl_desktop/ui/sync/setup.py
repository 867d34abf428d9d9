"""Puts sync into the main window: controller, status bar widget, menu entries, problems view.

One call from the composition root (``install_sync``); the main window itself knows nothing of
sync beyond its public ``statusBar()``, ``status`` indicators and ``clients_menu``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMainWindow

from owl_desktop.sync.engine import SyncEngine
from owl_desktop.ui.status_indicators import StatusIndicators
from owl_desktop.ui.sync.controller import SyncController
from owl_desktop.ui.sync.problems import SyncProblemsDialog
from owl_desktop.ui.sync.status import SyncStatusWidget


class SyncUi:
    """What ``install_sync`` built, for the composition root and tests."""

    def __init__(self, window: QMainWindow, controller: SyncController,
                 widget: SyncStatusWidget) -> None:
        self.window = window
        self.controller = controller
        self.widget = widget
        self.dialog: SyncProblemsDialog | None = None
        self._detached = False
        widget.problems_requested.connect(self.show_problems)

    def show_problems(self) -> SyncProblemsDialog:
        if self.dialog is None:
            self.dialog = SyncProblemsDialog(self.controller, self.window)
            self.dialog.finished.connect(self._forget_dialog)
        else:
            self.controller.load_problems()
        self.dialog.open()
        return self.dialog

    def _forget_dialog(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    def stop(self) -> None:
        self.controller.stop()

    @property
    def attached(self) -> bool:
        """False after ``detach`` (Stripe disconnected) until the next ``attach``."""
        return not self._detached

    def attach(self, engine: SyncEngine) -> None:
        """Sync with ``engine`` from now on (Stripe connected, or connected to other keys):
        the old engine stops first; the status bar and the actions come back."""
        self._detached = False
        self.widget.setVisible(True)
        self.widget.sync_now_action.setEnabled(True)
        self.widget.problems_action.setEnabled(True)
        self.controller.set_engine(engine)

    def detach(self) -> None:
        """Stripe was disconnected: stop syncing, hide the sync status and disable its
        actions; the connection indicator goes back to "not checked"."""
        self._detached = True
        self.controller.stop()
        if self.dialog is not None:
            self.dialog.reject()
        self.widget.setVisible(False)
        self.widget.sync_now_action.setEnabled(False)
        self.widget.problems_action.setEnabled(False)
        if self.widget.indicators is not None:
            self.widget.indicators.set_online(None)


def install_sync(window: QMainWindow, engine: SyncEngine, *,
                 indicators: StatusIndicators | None = None, start: bool = True,
                 interval_s: float | None = None) -> SyncUi:
    """Build the controller (parented to ``window``), put its widget in the status bar and
    its actions in the Clients menu (when the window has one), and start syncing."""
    kwargs = {} if interval_s is None else {"interval_s": interval_s}
    controller = SyncController(engine, parent=window, **kwargs)
    widget = SyncStatusWidget(controller, indicators, window)
    widget.setObjectName("syncStatus")
    window.statusBar().addPermanentWidget(widget)
    window.addAction(widget.sync_now_action)
    menu = getattr(window, "clients_menu", None)
    if menu is not None:
        menu.addSeparator()
        menu.addAction(widget.sync_now_action)
        menu.addAction(widget.problems_action)
    ui = SyncUi(window, controller, widget)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(controller.stop)
    if start:
        controller.start()
    return ui
