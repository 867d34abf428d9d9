"""Settings → Online portal: the portal's public address (for invitation links and QR codes),
the clinic's name and contact shown to clients, and the sender of the portal's emails. Stored
in the database (``services/portal_settings.py``): every desk and the portal read the same."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.errors import ValidationFailed
from owl_desktop.services.booking_settings import (
    BookingRule,
    BookingSettingsService,
    normalized_message,
    rule_problems,
)
from owl_desktop.services.portal_settings import (
    MAX_TEXT,
    PortalSettings,
    PortalSettingsService,
    normalized,
)
from owl_desktop.services.portal_settings import problems as portal_problems
from owl_desktop.services.smtp_settings import problems as smtp_problems
from owl_desktop.ui import style
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.plain import plain
from owl_desktop.ui.settings.booking_rule import BookingRuleBox
from owl_desktop.ui.settings.smtp_box import SmtpParts, SmtpSettingsBox
from owl_desktop.ui.tasks import TaskRunner


class PortalSettingsDialog(QDialog):
    """Signals:
        saved(object): the ``PortalSettings`` just stored.
    """

    saved = Signal(object)

    def __init__(self, service: PortalSettingsService, tasks: TaskRunner,
                 presenter: ErrorPresenter, parent: QWidget | None = None,
                 smtp: SmtpParts | None = None,
                 booking: BookingSettingsService | None = None) -> None:
        """``smtp``: the *Email* section's services (none: the section isn't shown).
        ``booking``: the online-booking rule, shown at the bottom (issue 15)."""
        super().__init__(parent)
        self.setObjectName("portalSettingsDialog")
        self.setWindowTitle(self.tr("Online portal"))
        self._service, self._tasks, self._presenter = service, tasks, presenter
        self.loaded = False
        self._booking = booking
        self.booking_box = BookingRuleBox(self) if booking is not None else None

        intro = plain(QLabel(self.tr(
            "Clients sign in to the online portal to see their payment methods and add their "
            "own. Invitation links and QR codes point at its public address."), self))
        intro.setWordWrap(True)
        self.url_edit = QLineEdit(self)
        self.url_edit.setObjectName("portalUrlEdit")
        self.url_edit.setPlaceholderText("https://portal.example.com")
        self.url_error = self._error_label("portalUrlError")
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("clinicNameEdit")
        self.name_edit.setMaxLength(MAX_TEXT)
        self.contact_edit = QPlainTextEdit(self)
        self.contact_edit.setObjectName("clinicContactEdit")
        self.contact_edit.setTabChangesFocus(True)
        self.contact_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.contact_error = self._error_label("clinicContactError")
        self.sender_edit = QLineEdit(self)
        self.sender_edit.setObjectName("emailSenderEdit")
        self.sender_edit.setPlaceholderText("portal@example.com")
        self.sender_error = self._error_label("emailSenderError")

        form = QFormLayout()
        form.addRow(self.tr("&Public address:"), self.url_edit)
        form.addRow("", self.url_error)
        form.addRow(self.tr("Clinic &name:"), self.name_edit)
        form.addRow(self.tr("Clinic &contact:"), self.contact_edit)
        form.addRow("", self.contact_error)
        form.addRow(self.tr("Email &sender:"), self.sender_edit)
        form.addRow("", self.sender_error)
        hint = plain(QLabel(self.tr("The contact (phone, address, hours) is shown to clients "
                                    "on the portal's pages."), self))
        hint.setWordWrap(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._save_button().setEnabled(False)

        # Everything but the buttons scrolls: with the Email section and the booking rule the
        # page is taller than a laptop's screen (the scroll area follows the focus).
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(hint)
        self.smtp_box: SmtpSettingsBox | None = None
        if smtp is not None:
            self.smtp_box = SmtpSettingsBox(smtp, tasks, self.sender_edit.text, self)
            layout.addWidget(self.smtp_box)
        self._smtp = smtp
        if self.booking_box is not None:
            layout.addWidget(self.booking_box)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll)
        outer.addWidget(self.buttons)
        # As tall as it needs, but never taller than the window it opens from (a desk at
        # 900×600) nor 90 % of the screen: the body scrolls, the buttons stay in view.
        limit = int(self.screen().availableGeometry().height() * 0.9) if self.screen() else 800
        if parent is not None:
            limit = min(limit, max(480, parent.window().height()))
        wanted = body.sizeHint().height() + self.buttons.sizeHint().height() + 48
        self.resize(max(580, body.sizeHint().width() + 40), min(wanted, limit))
        tasks.run(self._load, on_success=self._show, on_failure=presenter.present)

    def _load(self) -> tuple[PortalSettings, BookingRule | None]:
        return self._service.load(), (self._booking.load() if self._booking else None)

    def _error_label(self, name: str) -> QLabel:
        label = plain(QLabel(self))
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet(f"QLabel {{ color: {style.LIGHT.error_text}; }}")
        label.hide()
        return label

    def _save_button(self) -> QWidget:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def _show(self, loaded: tuple[PortalSettings, BookingRule | None]) -> None:
        settings, rule = loaded
        if self.booking_box is not None and rule is not None:
            self.booking_box.show_rule(rule)
        self.url_edit.setText(settings.public_url)
        self.name_edit.setText(settings.clinic_name)
        self.contact_edit.setPlainText(settings.clinic_contact)
        self.sender_edit.setText(settings.email_sender)
        self.loaded = True
        self._save_button().setEnabled(True)

    def typed(self) -> PortalSettings:
        return PortalSettings(public_url=self.url_edit.text(),
                              clinic_name=self.name_edit.text(),
                              clinic_contact=self.contact_edit.toPlainText(),
                              email_sender=self.sender_edit.text())

    def save(self) -> None:
        if not self.loaded:
            return
        settings, service, booking = self.typed(), self._service, self._booking
        rule = self.booking_box.typed() if self.booking_box is not None else None

        self._save_button().setEnabled(False)
        box, smtp = self.smtp_box, self._smtp
        mail = box.typed() if box is not None and smtp is not None else None
        password = box.typed_password() if box is not None and smtp is not None else ""

        def save_both() -> PortalSettings:
            # Everything checked before anything is stored: a refused field saves nothing.
            found = dict(portal_problems(normalized(settings)))
            if mail is not None:
                found.update(smtp_problems(mail))
            if rule is not None:
                found.update(rule_problems(BookingRule(
                    rule.require_method, normalized_message(rule.message_en),
                    normalized_message(rule.message_fr))))
            if found:
                raise ValidationFailed(found)
            if smtp is not None and mail is not None:
                smtp.settings.save(mail, password)  # the keyring first: no keyring, no change
            if booking is not None and rule is not None:
                booking.save(rule)
            return service.save(settings)

        self._tasks.run(save_both, on_success=self._on_saved, on_failure=self._on_failed)

    def _on_saved(self, settings: PortalSettings) -> None:
        self.saved.emit(settings)
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self._save_button().setEnabled(True)
        if not isinstance(error, ValidationFailed):
            self._presenter.present(error, title=self.tr("Online portal"))
            return
        errors = error.field_errors
        smtp_first = self.smtp_box.show_problems(errors) if self.smtp_box else None
        if smtp_first is not None:
            smtp_first.setFocus()
        if self.booking_box is not None and self.booking_box.show_problems(errors):
            return
        for label, field in ((self.url_error, "public_url"),
                             (self.contact_error, "clinic_contact"),
                             (self.sender_error, "email_sender")):
            text = self._problem_text(field, errors.get(field, ""))
            label.setText(text)
            label.setVisible(bool(text))
        if "clinic_name" in errors:  # setMaxLength keeps it short; a paste could not
            self.name_edit.setFocus()
        first = next((w for w, f in ((self.url_edit, "public_url"),
                                     (self.contact_edit, "clinic_contact"),
                                     (self.sender_edit, "email_sender")) if f in errors), None)
        if first is not None:
            first.setFocus()

    def _problem_text(self, field: str, code: str) -> str:
        if not code:
            return ""
        if code == "too_long":
            return self.tr("At most {n} characters.").replace("{n}", str(MAX_TEXT))
        if field == "public_url" and code == "not_https":
            return self.tr("The portal's address must start with https:// (it is reached "
                           "over the internet).")
        if field == "public_url":
            return self.tr("Not a web address: type it as https://portal.example.com")
        return self.tr("Not an email address: type it as portal@example.com")
