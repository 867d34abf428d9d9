"""The *Sandbox* menu (sandbox mode only): what a trainer needs, without curl or ports.

Simulate this desk going offline and coming back, verify every bank account awaiting micro-
deposits, settle every PAD debit still processing (days in real life), and reset the demo data
at Stripe. The controls act on the Stripe double this desk started, through its Python API (the
same effects as its control socket); a sync follows each, so the desk shows the result at once.
When the double runs in another program (several desks sharing one sandbox), its control socket
applies instead and the menu says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from owl_desktop.ui.tasks import TaskRunner

SANDBOX_TASK_KEY = "sandbox-control"


class SandboxControls(Protocol):
    """``sandbox.desk.SandboxControls`` as the menu uses it."""

    def go_offline(self) -> None: ...
    def go_online(self) -> None: ...
    def is_offline(self) -> bool: ...
    def verify_microdeposits(self) -> int: ...
    def settle_bank_debits(self) -> int: ...
    def reset(self) -> None: ...


class SandboxMenu(QMenu):
    def __init__(self, window: QMainWindow, controls: SandboxControls | None,
                 tasks: TaskRunner, sync_now: Callable[[], None]) -> None:
        super().__init__(QCoreApplication.translate("SandboxMenu", "San&dbox"), window)
        self.setObjectName("sandboxMenu")
        self._window = window
        self._controls = controls
        self._tasks = tasks
        self._sync_now = sync_now
        self.offline_action = self._action(
            "sandboxOffline", self.tr("Simulate &offline (this desk)"), self.go_offline)
        self.online_action = self._action(
            "sandboxOnline", self.tr("&Back online"), self.go_online)
        self.addSeparator()
        self.verify_action = self._action(
            "sandboxVerify", self.tr("&Complete pending bank verifications"), self.verify)
        self.settle_action = self._action(
            "sandboxSettleDebits", self.tr("&Fast-forward bank debits"), self.settle_debits)
        self.addSeparator()
        self.reset_action = self._action(
            "sandboxReset", self.tr("&Reset demo data\u2026"), self.confirm_reset)
        if controls is None:
            for action in self.actions():
                action.setEnabled(False)
                action.setToolTip(self.tr(
                    "This desk uses a sandbox started in another program: use that "
                    "sandbox's controls."))
            self.setToolTipsVisible(True)
        else:
            self._show_online(not controls.is_offline())

    def _action(self, name: str, text: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _show_online(self, online: bool) -> None:
        self.offline_action.setEnabled(online)
        self.online_action.setEnabled(not online)

    def _say(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 8000)

    def _run(self, fn: Callable[[], object], done: Callable[[object], None]) -> None:
        def finished(result: object) -> None:
            done(result)
            self._sync_now()

        self._tasks.run(fn, on_success=finished, on_failure=self._failed, key=SANDBOX_TASK_KEY)

    def _failed(self, error: BaseException) -> None:
        self._say(self.tr("The sandbox didn\u2019t answer: %1").replace("%1", str(error)))

    # Actions ----------------------------------------------------------------------------

    def go_offline(self) -> None:
        if self._controls is None:
            return
        self._show_online(False)
        self._run(self._controls.go_offline, lambda _r: self._say(self.tr(
            "This desk is now offline for Stripe: changes wait as pending sync.")))

    def go_online(self) -> None:
        if self._controls is None:
            return
        self._show_online(True)
        self._run(self._controls.go_online, lambda _r: self._say(self.tr(
            "This desk is back online: waiting changes are being sent.")))

    def verify(self) -> None:
        if self._controls is None:
            return
        self._run(self._controls.verify_microdeposits, self._verified)

    def _verified(self, count: object) -> None:
        n = int(count) if isinstance(count, int) else 0
        self._say(self.tr("Bank accounts verified: %n.", "", n) if n else
                  self.tr("No bank account was waiting for verification."))

    def settle_debits(self) -> None:
        """PAD debits take days to settle: settle every processing one now (then a sync
        brings the outcome to the Billing tab)."""
        if self._controls is None:
            return
        self._run(self._controls.settle_bank_debits, self._settled)

    def _settled(self, count: object) -> None:
        n = int(count) if isinstance(count, int) else 0
        self._say(self.tr("Bank debits settled: %n.", "", n) if n else
                  self.tr("No bank debit was processing."))

    def confirm_reset(self) -> None:
        if self._controls is None:
            return
        answer = QMessageBox.question(
            self._window, self.tr("Reset demo data"),
            self.tr("Remove every payment method and Stripe customer in the sandbox? The demo "
                    "clients stay; their payment methods disappear at the next sync. This "
                    "can\u2019t be undone."),
            QMessageBox.StandardButton.Reset | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Reset:
            self.reset()

    def reset(self) -> None:
        if self._controls is None:
            return
        self._show_online(True)  # a reset clears every fault
        self._run(self._controls.reset, lambda _r: self._say(self.tr(
            "Sandbox reset: the demo clients have no payment methods now.")))


def install_sandbox_menu(window: QMainWindow, controls: SandboxControls | None,
                         tasks: TaskRunner, sync_now: Callable[[], None]) -> SandboxMenu:
    """Add the *Sandbox* menu before *Help* (the menu bar's last)."""
    menu = SandboxMenu(window, controls, tasks, sync_now)
    bar = window.menuBar()
    menus = bar.actions()
    if menus:
        bar.insertMenu(menus[-1], menu)
    else:
        bar.addMenu(menu)
    return menu
