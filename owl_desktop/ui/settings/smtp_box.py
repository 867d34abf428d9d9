"""Settings → Online portal's *Email* section: the clinic's SMTP server (address, port,
security, user name), its password (kept in this computer's keyring, never shown back), the
language of mails to clients whose own language isn't known, and *Send a test email* (run on
the task runner with the settings as typed; the result is shown under the button)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from owl_desktop.errors import UserFacingError, ValidationFailed
from owl_desktop.services.mailer import Mailer
from owl_desktop.services.smtp_secrets import SmtpPasswordUnavailable
from owl_desktop.services.smtp_settings import (
    DEFAULT_PORTS,
    NONE,
    STARTTLS,
    TLS,
    SmtpSettings,
    SmtpSettingsService,
    problems,
)
from owl_desktop.ui import style
from owl_desktop.ui.messages import error_texts
from owl_desktop.ui.plain import plain
from owl_desktop.ui.tasks import TaskRunner
from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

_KEY = "smtp-test"
_ERROR_STYLE = style.error_css()

# The mailer's and the password sources' sentences (services/mailer.py, smtp_secrets.py).
ERROR_SENTENCES = (
    QT_TRANSLATE_NOOP("UserFacingError", "Email isn't set up: the clinic's email server or "
                                         "sender address is missing."),
    QT_TRANSLATE_NOOP("UserFacingError", "An administrator sets them in Settings → Online "
                                         "portal."),
    QT_TRANSLATE_NOOP("UserFacingError", "The email server's password isn't available."),
    QT_TRANSLATE_NOOP("UserFacingError", "Enter it in Settings → Online portal (or give it to "
                                         "the portal server in OWL_SMTP_PASSWORD_FILE)."),
    QT_TRANSLATE_NOOP("UserFacingError", "The email server {host} can't be reached."),
    QT_TRANSLATE_NOOP("UserFacingError", "Check the server's name and port in Settings → "
                                         "Online portal, and the internet connection."),
    QT_TRANSLATE_NOOP("UserFacingError", "A secure connection to the email server {host} "
                                         "couldn't be made."),
    QT_TRANSLATE_NOOP("UserFacingError", "Check the security setting and the port: port 587 "
                                         "usually uses STARTTLS, port 465 TLS."),
    QT_TRANSLATE_NOOP("UserFacingError", "The email server refused the user name or "
                                         "password."),
    QT_TRANSLATE_NOOP("UserFacingError", "Check the user name and password in Settings → "
                                         "Online portal."),
    QT_TRANSLATE_NOOP("UserFacingError", "The email server refused the address {address}."),
    QT_TRANSLATE_NOOP("UserFacingError", "Check the email address."),
    QT_TRANSLATE_NOOP("UserFacingError", "The email server refused the sender address "
                                         "{address}."),
    QT_TRANSLATE_NOOP("UserFacingError", "Use a sender address this server lets you send "
                                         "from (Settings → Online portal)."),
    QT_TRANSLATE_NOOP("UserFacingError", "The email server refused the message."),
    QT_TRANSLATE_NOOP("UserFacingError", "Try again later, or ask whoever runs the email "
                                         "server."),
    QT_TRANSLATE_NOOP("UserFacingError", "This computer has no secure password store "
                                         "(keyring) that Owl Desktop can use, so the email "
                                         "server's password can't be saved or read."),
    QT_TRANSLATE_NOOP("UserFacingError", "On Linux, install and unlock a Secret Service "
                                         "keyring (GNOME Keyring or KDE Wallet), then try "
                                         "again. Owl Desktop never writes the password to a "
                                         "plain file."),
)


@dataclass(frozen=True)
class SmtpParts:
    """What the section needs: the settings (and password) store and the mailer."""

    settings: SmtpSettingsService
    mailer: Mailer


@dataclass(frozen=True)
class _Loaded:
    settings: SmtpSettings
    has_password: bool
    keyring_problem: SmtpPasswordUnavailable | None


class SmtpSettingsBox(QGroupBox):
    """The section; ``sender`` gives the *Email sender* as typed in the dialog."""

    def __init__(self, parts: SmtpParts, tasks: TaskRunner, sender: Callable[[], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Email"), parent)
        self.setObjectName("smtpSettingsGroup")
        self._parts, self._tasks, self._sender = parts, tasks, sender
        self.loaded = False
        self.has_password = False

        self.host_edit = QLineEdit(self)
        self.host_edit.setObjectName("smtpHostEdit")
        self.host_edit.setPlaceholderText("smtp.example.com")
        self.host_error = self._error_label("smtpHostError")
        self.port_spin = QSpinBox(self)
        self.port_spin.setObjectName("smtpPortSpin")
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORTS[STARTTLS])
        self.security_combo = QComboBox(self)
        self.security_combo.setObjectName("smtpSecurityCombo")
        self.security_combo.addItem(self.tr("STARTTLS (usually port 587)"), STARTTLS)
        self.security_combo.addItem(self.tr("TLS (usually port 465)"), TLS)
        self.security_combo.addItem(self.tr("None (a server on this computer only)"), NONE)
        self.security_combo.currentIndexChanged.connect(self.on_security_combo_changed)
        self.security_error = self._error_label("smtpSecurityError")
        self.username_edit = QLineEdit(self)
        self.username_edit.setObjectName("smtpUsernameEdit")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("smtpPasswordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_note = plain(QLabel(self))
        self.password_note.setObjectName("smtpPasswordNote")
        self.password_note.setWordWrap(True)
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("mailLanguageCombo")
        self.language_combo.addItem("English", "en")
        self.language_combo.addItem("Français", "fr")
        self.test_to_edit = QLineEdit(self)
        self.test_to_edit.setObjectName("smtpTestToEdit")
        self.test_to_edit.setPlaceholderText(self.tr("the sender address"))
        self.test_button = QPushButton(self.tr("Send a test &email"), self)
        self.test_button.setObjectName("smtpTestButton")
        self.test_button.clicked.connect(self.on_test_button_clicked)
        self.test_button.setEnabled(False)
        self.test_result = plain(QLabel(self))
        self.test_result.setObjectName("smtpTestResult")
        self.test_result.setWordWrap(True)

        test_row = QHBoxLayout()
        test_row.addWidget(self.test_to_edit, 1)
        test_row.addWidget(self.test_button)
        form = QFormLayout(self)
        form.addRow(self.tr("SMTP ser&ver:"), self.host_edit)
        form.addRow("", self.host_error)
        form.addRow(self.tr("P&ort:"), self.port_spin)
        form.addRow(self.tr("Secu&rity:"), self.security_combo)
        form.addRow("", self.security_error)
        form.addRow(self.tr("&User name:"), self.username_edit)
        form.addRow(self.tr("Pass&word:"), self.password_edit)
        form.addRow("", self.password_note)
        form.addRow(self.tr("Language of &mails:"), self.language_combo)
        language_hint = plain(QLabel(self.tr(
            "Mails go out in the client's language when the portal knows it, else in this "
            "one."), self))
        language_hint.setWordWrap(True)
        form.addRow("", language_hint)
        test_label = QLabel(self.tr("Send the test &to:"), self)
        test_label.setBuddy(self.test_to_edit)
        form.addRow(test_label, test_row)
        form.addRow("", self.test_result)

        settings = parts.settings
        tasks.run(lambda: _load(settings), on_success=self._show,
                  on_failure=self._show_failure)

    def _error_label(self, name: str) -> QLabel:
        label = plain(QLabel(self))
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet(_ERROR_STYLE)
        label.hide()
        return label

    # Showing and reading ----------------------------------------------------------------------

    def _show(self, loaded: _Loaded) -> None:
        settings = loaded.settings
        self.host_edit.setText(settings.host)
        self._select(self.security_combo, settings.security)
        self.port_spin.setValue(settings.port)
        self.username_edit.setText(settings.username)
        self._select(self.language_combo, settings.default_language)
        self.has_password = loaded.has_password
        if loaded.keyring_problem is not None:
            self.password_note.setText(error_texts(loaded.keyring_problem)[0])
        elif loaded.has_password:
            self.password_edit.setPlaceholderText(self.tr("saved"))
            self.password_note.setText(self.tr(
                "A password is kept in this computer's keyring. Type a new one to replace "
                "it."))
        else:
            self.password_note.setText(self.tr(
                "Kept in this computer's keyring, never in the database."))
        self.loaded = True
        self.test_button.setEnabled(True)

    def _show_failure(self, error: BaseException) -> None:
        self.test_result.setStyleSheet(_ERROR_STYLE)
        self.test_result.setText(self._error_text(error))

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    def on_security_combo_changed(self, _index: int) -> None:
        if self.port_spin.value() in DEFAULT_PORTS.values():
            self.port_spin.setValue(DEFAULT_PORTS[str(self.security_combo.currentData())])

    def typed(self) -> SmtpSettings:
        return SmtpSettings(host=self.host_edit.text().strip(), port=self.port_spin.value(),
                            security=str(self.security_combo.currentData()),
                            username=self.username_edit.text().strip(),
                            default_language=str(self.language_combo.currentData()))

    def typed_password(self) -> str:
        return self.password_edit.text()

    def show_problems(self, errors: dict[str, str]) -> QWidget | None:
        """Show the field codes of ``errors`` next to the fields; the first such field."""
        host = errors.get("host", "")
        self.host_error.setText(self.tr("Not a server name: type it as smtp.example.com")
                                if host else "")
        self.host_error.setVisible(bool(host))
        security = errors.get("security", "")
        self.security_error.setText(self.tr(
            "Without encryption, only a server on this computer (localhost) can be used: "
            "choose STARTTLS or TLS.") if security else "")
        self.security_error.setVisible(bool(security))
        if host:
            return self.host_edit
        if security:
            return self.security_combo
        return None

    # The test email -------------------------------------------------------------------------

    def on_test_button_clicked(self) -> None:
        settings, password = self.typed(), self.typed_password()
        sender = self._sender().strip()
        to = self.test_to_edit.text().strip() or sender
        found = problems(settings)
        first = self.show_problems(found)
        if first is not None:
            first.setFocus()
            return
        mailer, language = self._parts.mailer, settings.default_language
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet("")
        self.test_result.setText(self.tr("Sending…"))
        self._tasks.run(lambda: mailer.send_test(to, language, settings=settings,
                                                 sender=sender, password=password),
                        key=_KEY, on_success=lambda _none: self._on_test_sent(to),
                        on_failure=self._on_test_failed)

    def _on_test_sent(self, to: str) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setStyleSheet(style.success_css())
        self.test_result.setText(self.tr("A test email was sent to {address}. Check that it "
                                         "arrived.").replace("{address}", to))

    def _on_test_failed(self, error: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setStyleSheet(_ERROR_STYLE)
        self.test_result.setText(self._error_text(error))

    def _error_text(self, error: BaseException) -> str:
        if isinstance(error, ValidationFailed):
            return self.tr("Check the highlighted fields.")
        if isinstance(error, UserFacingError):
            message, hint = error_texts(error)
            return f"{message} {hint}".strip()
        log.error("test email failed", exc_info=error)
        return self.tr("The test email couldn't be sent (see the log).")


def _load(settings: SmtpSettingsService) -> _Loaded:
    """The saved settings, and whether a password is kept (the keyring's problem, if any)."""
    loaded = settings.load()
    try:
        return _Loaded(loaded, settings.has_password(), None)
    except SmtpPasswordUnavailable as error:
        return _Loaded(loaded, False, error)
