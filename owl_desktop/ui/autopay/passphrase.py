"""Asks for the clinic administrator's passphrase before a refund or a change to Settings →
Payments; the first time, has it set (typed twice). The passphrase goes to the service and is
never kept by the dialog once it closes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.services.admin_passphrase import MIN_LENGTH
from owl_desktop.ui import style
from owl_desktop.ui.plain import plain


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
            "and changes to Settings → Payments, at every desk; it can't be changed here "
            "afterwards, so keep it safe."), self))
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
