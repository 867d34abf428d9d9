"""Asks for the clinic administrator's passphrase before a refund or a change to Settings →
Payments; the first time, has it set (typed twice, with what happens if it is forgotten).
``ChangePassphraseDialog`` changes it, given the current one. The passphrase goes to the
service and is never kept by the dialog once it closes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.errors import UserFacingError
from owl_desktop.services.admin_passphrase import MIN_LENGTH, AdminPassphraseService
from owl_desktop.ui import style
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.messages import error_texts
from owl_desktop.ui.plain import plain
from owl_desktop.ui.tasks import TaskRunner


class PassphraseDialog(QDialog):
    """``setting``: the passphrase isn't set yet; it is typed twice and set by the caller."""

    def __init__(self, why: str, *, setting: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(self.tr("Clinic administrator"))
        self.setting = setting
        intro = plain(QLabel(why if not setting else self.tr(
            "Set the clinic administrator's passphrase first. It is asked before refunds "
            "and changes to Settings → Payments, at every desk, and can be changed there "
            "with the current one. Keep it safe: if it is forgotten, nobody at a desk can "
            "recover it. Whoever manages the clinic's database can clear it with the "
            "command owl-desktop reset-admin-passphrase (recorded in the administrator's "
            "history); the next change then sets a new one."), self))
        intro.setWordWrap(True)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("passphraseEdit")
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(self)
        self.again.setObjectName("passphraseAgainEdit")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = plain(QLabel(self))
        self.problem.setObjectName("passphraseProblem")
        self.problem.setStyleSheet(style.error_css())
        self.problem.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Passphrase:"), self.edit)
        if setting:
            form.addRow(self.tr("&Again:"), self.again)
        else:
            self.again.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def passphrase(self) -> str:
        return self.edit.text()

    def _on_ok(self) -> None:
        if self.setting and len(self.edit.text()) < MIN_LENGTH:
            self._say(self.tr("The passphrase must have at least {n} characters.")
                      .replace("{n}", str(MIN_LENGTH)))
            return
        if self.setting and self.edit.text() != self.again.text():
            self._say(self.tr("The two passphrases differ."))
            return
        if not self.edit.text():
            self._say(self.tr("Enter the passphrase."))
            return
        self.accept()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def done(self, result: int) -> None:
        super().done(result)
        if result != QDialog.DialogCode.Accepted:
            self.edit.clear()
        self.again.clear()


class ChangePassphraseDialog(QDialog):
    """Settings → Payments → *Change the administrator passphrase…*: the current passphrase,
    the new one twice. A wrong current one is said here (and recorded in the history).

    Signals:
        changed(): the new passphrase is stored.
    """

    changed = Signal()

    def __init__(self, admin: AdminPassphraseService, tasks: TaskRunner,
                 presenter: ErrorPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePassphraseDialog")
        self.setWindowTitle(self.tr("Change the administrator passphrase"))
        self._admin, self._tasks, self._presenter = admin, tasks, presenter
        intro = plain(QLabel(self.tr(
            "Type the current passphrase, then the new one twice. Every desk asks for the new "
            "one from now on; the change is recorded in the administrator's history."), self))
        intro.setWordWrap(True)
        self.current = self._secret("currentPassphraseEdit")
        self.new = self._secret("newPassphraseEdit")
        self.again = self._secret("newPassphraseAgainEdit")
        self.problem = plain(QLabel(self))
        self.problem.setObjectName("changePassphraseProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(style.error_css())
        self.problem.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Current passphrase:"), self.current)
        form.addRow(self.tr("&New passphrase:"), self.new)
        form.addRow(self.tr("New passphrase &again:"), self.again)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.change_button = self.buttons.addButton(self.tr("C&hange"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.change_button.setObjectName("changePassphraseButton")
        self.buttons.accepted.connect(self.change)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())

    def _secret(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def change(self) -> None:
        current, new = self.current.text(), self.new.text()
        if not current:
            self._say(self.tr("Enter the current passphrase."), self.current)
            return
        if len(new) < MIN_LENGTH:
            self._say(self.tr("The passphrase must have at least {n} characters.")
                      .replace("{n}", str(MIN_LENGTH)), self.new)
            return
        if new != self.again.text():
            self._say(self.tr("The two passphrases differ."), self.again)
            return
        self.current.clear()
        self.change_button.setEnabled(False)
        admin = self._admin
        self._tasks.run(lambda: admin.change(current, new), on_success=self._on_changed,
                        on_failure=self._on_failed)

    def _on_changed(self, _result: object) -> None:
        self.changed.emit()
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self.change_button.setEnabled(True)
        if isinstance(error, UserFacingError):
            message, hint = error_texts(error)
            self._say(f"{message} {hint}".strip(), self.current)
            return
        self._presenter.present(error, title=self.windowTitle())

    def _say(self, text: str, focus: QWidget) -> None:
        self.problem.setText(text)
        self.problem.show()
        focus.setFocus()

    def done(self, result: int) -> None:
        super().done(result)
        for edit in (self.current, self.new, self.again):
            edit.clear()
