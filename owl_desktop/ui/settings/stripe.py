"""Settings → Stripe: enter the keys, check them against Stripe, save; disconnect; show the mode.

The check runs on the task runner (never on the UI thread); each problem it finds is shown as a
sentence saying what is wrong and what to do (``key_problems.py``). The secret key field never
shows its text, is cleared once the key is saved, and its contents are only handed to the
service.

Also here: how the main window shows the Stripe mode (``StripeModeDisplay``): the status bar
indicator, a loud "TEST MODE" badge and a window-title suffix, so test mode is unmistakable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.errors import UserFacingError
from owl_desktop.secrets import KeyringUnavailable
from owl_desktop.services.stripe_connection import (
    ConnectionCheck,
    ConnectionStatus,
    KeyProblem,
    StripeConnectionService,
    SwitchImpact,
)
from owl_desktop.ui import style
from owl_desktop.ui.fit import grow_to_fit
from owl_desktop.ui.messages import error_texts
from owl_desktop.ui.settings.key_problems import (
    PERMISSION_LABELS,
    keyring_hint,
    problem_texts,
    translated,
)
from owl_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

RESTRICTED_KEYS_URL = "https://docs.stripe.com/keys/restricted-api-keys"
DASHBOARD_KEYS_URL = "https://dashboard.stripe.com/apikeys"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class StripeSettingsDialog(QDialog):
    """Enter, check and save the Stripe keys; disconnect.

    Signals:
        about_to_change(): keys are about to be saved or removed (emitted on the UI thread
            just before; whatever syncs with the old keys should stop first).
        connection_changed(str): the Stripe mode after a save or a disconnect
            (``sandbox``, ``test``, ``live`` or ``not_connected``).
        change_failed(): a save or disconnect announced by ``about_to_change`` failed; what
            was stopped should start again with the connection still stored.
    """

    about_to_change = Signal()
    connection_changed = Signal(str)
    change_failed = Signal()

    def __init__(self, service: StripeConnectionService, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._tasks = tasks
        self._status: ConnectionStatus | None = None
        self.confirm_box: QMessageBox | None = None
        self._changing = False  # between about_to_change and its outcome
        self._busy_text = ""  # what the problems label says while busy
        self.setObjectName("stripeSettingsDialog")
        self.setWindowTitle(self.tr("Settings – Stripe"))
        self.setMinimumWidth(560)

        self.status_label = QLabel(self)
        self.status_label.setObjectName("stripeStatusLabel")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)

        permissions = ", ".join(
            f"{translated(r)}: {translated(a)}" for r, a in PERMISSION_LABELS.values())
        self.advice_label = QLabel(self)
        self.advice_label.setObjectName("restrictedKeyAdvice")
        self.advice_label.setWordWrap(True)
        self.advice_label.setOpenExternalLinks(True)
        self.advice_label.setTextFormat(Qt.TextFormat.RichText)
        self.advice_label.setText(self.tr(
            "Use a <b>restricted key</b> (rk_…) rather than the standard secret key: if it "
            "ever leaked, it could do only what Owl Desktop needs. Create it in the Stripe "
            "Dashboard (<a href=\"{dashboard}\">Developers → API keys</a> → Create restricted "
            "key) with these permissions: {permissions}. Everything else: None. "
            "<a href=\"{docs}\">About restricted keys</a>.").format(
                dashboard=DASHBOARD_KEYS_URL, docs=RESTRICTED_KEYS_URL,
                permissions=_escape(permissions)))

        self.publishable_edit = QLineEdit(self)
        self.publishable_edit.setObjectName("publishableKeyEdit")
        self.publishable_edit.setPlaceholderText(self.tr("pk_live_… or pk_test_…"))
        self.secret_edit = QLineEdit(self)
        self.secret_edit.setObjectName("secretKeyEdit")
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        # Short enough to show whole in the field; the tooltip says it in full.
        self.secret_edit.setPlaceholderText(
            self.tr("rk_live_… or rk_test_… (recommended), or sk_…"))
        self.secret_edit.setToolTip(self.tr(
            "A restricted key (rk_live_…, or rk_test_… in test mode) is recommended; a standard "
            "secret key (sk_live_… or sk_test_…) works too."))
        # Keep the key out of the clipboard and of input-method history.
        self.secret_edit.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.secret_edit.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText
                                             | Qt.InputMethodHint.ImhSensitiveData
                                             | Qt.InputMethodHint.ImhNoPredictiveText)
        form = QFormLayout()
        form.addRow(self.tr("&Publishable key:"), self.publishable_edit)
        form.addRow(self.tr("Secret &key:"), self.secret_edit)

        self.problems_label = QLabel(self)
        self.problems_label.setObjectName("stripeProblemsLabel")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.RichText)
        self.problems_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)

        self.check_button = QPushButton(self.tr("Check && &Save"), self)
        self.check_button.setObjectName("checkAndSaveButton")
        self.check_button.setDefault(True)
        self.disconnect_button = QPushButton(self.tr("&Disconnect…"), self)
        self.disconnect_button.setObjectName("disconnectButton")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.disconnect_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.rejected.connect(self.reject)

        # A long message (several problems, the keyring advice) scrolls rather than being cut
        # off; the dialog first grows to show it whole when the screen allows (_fit_problems).
        self.problems_scroll = QScrollArea(self)
        self.problems_scroll.setObjectName("stripeProblemsScroll")
        self.problems_scroll.setWidgetResizable(True)
        self.problems_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.problems_scroll.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.problems_scroll.setWidget(self.problems_label)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.advice_label)
        layout.addLayout(form)
        layout.addWidget(self.problems_scroll, 1)
        layout.addWidget(buttons)

        self._task_key = f"stripe-settings-{id(self)}"
        # A closed dialog is deleted: results still on their way are dropped, not delivered.
        self.finished.connect(lambda _code: self._tasks.cancel(self._task_key))
        self.check_button.clicked.connect(self.on_check_button_clicked)
        self.disconnect_button.clicked.connect(self.on_disconnect_button_clicked)
        self._set_busy(True, self.tr("Reading the current connection…"))
        self.refresh()

    # Public ----------------------------------------------------------------------------

    @property
    def status(self) -> ConnectionStatus | None:
        return self._status

    def refresh(self) -> None:
        """Read the current connection (database and keyring) in the background."""
        self._run(self._service.status, self._on_status)

    # Slots -----------------------------------------------------------------------------

    def on_check_button_clicked(self) -> None:
        publishable = self.publishable_edit.text()
        secret = self.secret_edit.text()
        self._set_busy(True, self.tr("Checking the keys with Stripe…"))
        self._run(lambda: self._service.check_keys(publishable, secret),
                  lambda check: self._on_checked(check, secret))

    def on_disconnect_button_clicked(self) -> None:
        box = self._question(
            self.tr("Disconnect Stripe?"),
            self.tr("Owl Desktop will stop using this Stripe account and remove the secret key "
                    "from this computer's keyring. Clients' cards and bank accounts stay in "
                    "Stripe; reconnect the same account to use them again."),
            self.tr("Disconnect"))
        box.accepted.connect(self._disconnect)

    def reject(self) -> None:
        """Not while keys are being saved or removed: the app rewires itself when that
        finishes, and a closed dialog would drop the news."""
        if self._changing:
            return
        super().reject()

    # Flow ------------------------------------------------------------------------------

    def _on_status(self, status: ConnectionStatus) -> None:
        self._status = status
        self._set_busy(False)
        if self._busy_text and self.problems_label.text() == _escape(self._busy_text):
            self._set_problems("")  # "Reading the current connection…" is done
        self.status_label.setText(self._status_text(status))
        if status.publishable_key and not self.publishable_edit.text():
            self.publishable_edit.setText(status.publishable_key)
        if status.mode in ("test", "live") and status.secret_on_this_desk:
            self.secret_edit.setPlaceholderText(
                self.tr("Saved in this computer's keyring; enter a key to replace it"))

    def _on_checked(self, check: ConnectionCheck, secret: str) -> None:
        if not check.ok:
            self._set_busy(False)
            self._show_problems(check.problems)
            return
        self._set_busy(True, self.tr("Keys accepted by Stripe. Saving…"))
        self._run(lambda: self._service.switch_impact(check),
                  lambda impact: self._confirm_switch(check, secret, impact))

    def _confirm_switch(self, check: ConnectionCheck, secret: str,
                        impact: SwitchImpact) -> None:
        if not impact.needs_confirmation:
            self._save(check, secret, confirm_unlink=False)
            return
        self._set_busy(False)
        text = self.tr(
            "These keys are for another Stripe account or mode than the one clients are "
            "linked to. Stripe ids never carry over: %n client(s) will be linked afresh to "
            "the new account when next used, and their cards and bank accounts from the old "
            "account will no longer be listed here.", "", impact.linked_clients)
        if impact.pending_changes:
            text += " " + self.tr("%n change(s) waiting to be sent to the old account will be "
                                  "dropped.", "", impact.pending_changes)
        box = self._question(self.tr("Switch Stripe account or mode?"), text,
                             self.tr("Switch and link afresh"))
        box.accepted.connect(lambda: self._save(check, secret, confirm_unlink=True))
        box.rejected.connect(lambda: self._set_problems(
            _escape(self.tr("Nothing was changed."))))

    def _save(self, check: ConnectionCheck, secret: str, *, confirm_unlink: bool) -> None:
        self._set_busy(True, self.tr("Saving…"))
        self._changing = True
        self.about_to_change.emit()
        self._run(lambda: self._service.connect(check, secret, confirm_unlink=confirm_unlink),
                  self._on_saved)

    def _on_saved(self, status: ConnectionStatus) -> None:
        self._changing = False
        self.secret_edit.clear()
        self._on_status(status)
        done = self.tr("Connected. The secret key is in this computer's keyring.")
        self._set_problems(
            f'<span style="color:{style.LIGHT.success_text}">{_escape(done)}</span>')
        self.connection_changed.emit(status.mode)

    def _disconnect(self) -> None:
        self._set_busy(True, self.tr("Disconnecting…"))
        self._changing = True
        self.about_to_change.emit()
        self._run(self._service.disconnect, self._on_disconnected)

    def _on_disconnected(self, _removed: bool) -> None:
        self._changing = False
        self.secret_edit.clear()
        self.publishable_edit.clear()
        self._set_problems(_escape(self.tr(
            "Disconnected. The secret key was removed from this computer's keyring.")))
        self.connection_changed.emit("not_connected")
        self.refresh()

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if self._changing:
            self._changing = False
            self.change_failed.emit()
        if isinstance(error, UserFacingError):
            message, hint = error_texts(error)
            if isinstance(error, KeyringUnavailable):
                hint = keyring_hint()
            log.info("stripe settings: %s %s", type(error).__name__, error.detail)
        else:
            log.error("stripe settings failed", exc_info=error)
            message = self.tr("Something went wrong.")
            hint = self.tr("The details were written to the log file.")
        self._set_problems(self._bullets([message + (" " + hint if hint else "")]))

    # Helpers ---------------------------------------------------------------------------

    def _run(self, fn: Callable[[], object], on_success: Callable[..., None]) -> None:
        self._tasks.run(fn, on_success=on_success, on_failure=self._on_failed,
                        key=self._task_key)

    def _connected(self) -> bool:
        return self._status is not None and self._status.mode in ("test", "live")

    def _set_busy(self, busy: bool, text: str = "") -> None:
        """Busy: everything off, ``text`` says what runs. Not busy: the fields back on (not in
        sandbox mode), *Disconnect…* only when there is a connection to remove."""
        sandbox = self._status is not None and self._status.mode == "sandbox"
        for widget in (self.publishable_edit, self.secret_edit, self.check_button):
            widget.setEnabled(not busy and not sandbox)
        self.disconnect_button.setEnabled(not busy and self._connected())
        if busy:
            self._busy_text = text
            self._set_problems(_escape(text))

    def _set_problems(self, html: str) -> None:
        self.problems_label.setText(html)
        self._fit_problems()

    def _fit_problems(self) -> None:
        """Grow the dialog so the message shows whole (up to most of the screen); past that
        the message area scrolls. Nothing is ever drawn over or cut off."""
        label = self.problems_label
        width = max(self.problems_scroll.viewport().width(), 200)
        needed = label.heightForWidth(width) if label.text() else 0
        # Exactly the message's height (up to 16 lines, then it scrolls): no blank band
        # above the buttons when the message is short or gone.
        height = min(max(needed, 0), 16 * self.fontMetrics().height())
        self.problems_scroll.setFixedHeight(height)
        grow_to_fit(self)

    def _show_problems(self, problems: tuple[KeyProblem, ...]) -> None:
        self._set_problems(self._bullets(problem_texts(problems)))

    @staticmethod
    def _bullets(lines: list[str]) -> str:
        items = "".join(f"<li>{_escape(line)}</li>" for line in lines)
        return f'<ul style="color:{style.LIGHT.error_text}; margin:0">{items}</ul>'

    def _status_text(self, status: ConnectionStatus) -> str:
        if status.mode == "sandbox":
            return _escape(self.tr("Sandbox mode: Owl Desktop works with its built-in Stripe "
                                   "double and practice data. No keys are needed or used."))
        if status.mode == "not_connected":
            return _escape(self.tr("Stripe is not connected."))
        account = status.account_name or status.account_id or ""
        if status.mode == "test":
            text = self.tr("Connected to {account} in <b>TEST MODE</b>: no real money moves, "
                           "and real cards are refused.").format(account=_escape(account))
        else:
            text = self.tr("Connected to {account} in <b>live mode</b>: real payments.").format(
                account=_escape(account))
        if status.secret_on_this_desk is False:
            text += "<br>" + _escape(self.tr(
                "The secret key isn't saved on this computer: enter it again below."))
        elif status.secret_on_this_desk is None:
            text += "<br>" + _escape(self.tr(
                "This computer's keyring can't be used, so the secret key can't be read."))
        return text

    def _question(self, title: str, text: str, accept_label: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("stripeConfirmBox")
        accept = box.addButton(accept_label, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        accept.setObjectName("confirmButton")
        self.confirm_box = box
        box.open()
        return box


class StripeModeDisplay(QObject):
    """Shows the Stripe mode on a main window: the status bar indicator (``set_mode``), a loud
    badge in test mode, and the window title's suffix ("— TEST MODE").

    Signals:
        about_to_change(): the administrator is saving keys or disconnecting; parts built from
            the old keys (sync engine, gateway) must stop using them now, before links change.
        connection_changed(str): keys were saved or removed (the new mode).
        change_failed(): a save or disconnect announced by ``about_to_change`` failed.
    """

    about_to_change = Signal()
    connection_changed = Signal(str)
    change_failed = Signal()

    def __init__(self, window: QMainWindow, set_indicator: Callable[[str], None]) -> None:
        super().__init__(window)
        self._window = window
        self._set_indicator = set_indicator
        self.mode = "not_connected"
        self.last_dialog: StripeSettingsDialog | None = None
        self.badge = QLabel(self.tr("TEST MODE"), window)
        self.badge.setObjectName("testModeBadge")
        self.badge.setStyleSheet(
            f"QLabel {{ background: {style.LIGHT.caution}; color: {style.LIGHT.on_caution}; "
            "font-weight: bold; padding: 1px 8px; border-radius: 3px; }")
        self.badge.setToolTip(self.tr("Stripe test mode: no real money moves."))
        self.badge.setVisible(False)
        window.statusBar().addPermanentWidget(self.badge)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self._set_indicator(mode)
        self.badge.setVisible(mode == "test")
        title = self._window.windowTitle()
        suffix = self.title_suffix()
        for known in (self.title_suffix_for("test"),):
            if known and title.endswith(known):
                title = title[: -len(known)]
        self._window.setWindowTitle(title + suffix)

    def title_suffix(self) -> str:
        return self.title_suffix_for(self.mode)

    def title_suffix_for(self, mode: str) -> str:
        return " \u2014 " + self.tr("TEST MODE") if mode == "test" else ""


def install_stripe_settings(window: QMainWindow, service: StripeConnectionService,
                            tasks: TaskRunner, *, set_indicator: Callable[[str], None],
                            add_settings_action: Callable[[QAction], None]
                            ) -> StripeModeDisplay:
    """Wire Settings → Stripe… into a main window and show the current mode."""
    display = StripeModeDisplay(window, set_indicator)
    action = QAction(QCoreApplication.translate("StripeSettingsDialog", "&Stripe…"), window)
    action.setObjectName("stripeSettingsAction")

    def open_dialog() -> None:
        dialog = StripeSettingsDialog(service, tasks, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.connection_changed.connect(display.set_mode)
        dialog.connection_changed.connect(display.connection_changed)
        dialog.about_to_change.connect(display.about_to_change)
        dialog.change_failed.connect(display.change_failed)
        display.last_dialog = dialog
        dialog.open()

    action.triggered.connect(open_dialog)
    add_settings_action(action)
    tasks.run(service.current_mode, on_success=display.set_mode,
              on_failure=lambda error: log.warning("stripe mode unknown: %s",
                                                   type(error).__name__))
    return display
