"""The *Contact & Clinic* tab: contact details, clinic facts, and the Payment Methods section."""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.domain.clients import STRIPE_PHONE_MAX, Client, phone_too_long
from owl_desktop.services.autopay import AutopayStatus
from owl_desktop.ui.clients.profile_sections import as_section
from owl_desktop.ui.messages import country_name, province_name
from owl_desktop.ui.payment_methods.autopay_panel import autopay_summary
from owl_desktop.ui.plain import plain, plain_tooltip


def _value_label(parent: QWidget, name: str) -> QLabel:
    label = plain(QLabel(parent))
    label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class ContactTab(QWidget):
    """Read-only contact details with an Edit button; the payment section sits below.

    Signals:
        edit_requested(): the user wants to edit the contact details.
    """

    edit_requested = Signal()

    def __init__(self, payment_section: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.payment_section = payment_section
        self._section = as_section(payment_section)
        # The payment section knows whether autopay is paused; the Clinic box says the same.
        shown = getattr(payment_section, "autopay_status_shown", None)
        if shown is not None:
            shown.connect(self.on_payment_section_autopay_status_shown)

        contact = QGroupBox(self.tr("Contact details"), self)
        contact.setObjectName("contactDetailsGroup")
        self.name_value = _value_label(contact, "nameValue")
        self.email_value = _value_label(contact, "emailValue")
        self.phone_value = _value_label(contact, "phoneValue")
        self.address_value = _value_label(contact, "addressValue")
        form = QFormLayout()
        # Values are word-wrapping labels (Preferred width): only AllNonFixedFieldsGrow lets
        # them take the box's width; otherwise they wrap at their small size hint and the
        # second line is cut off ("Aucun courriel au / dossier").
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Name:"), self.name_value)
        form.addRow(self.tr("Email:"), self.email_value)
        form.addRow(self.tr("Phone:"), self.phone_value)
        form.addRow(self.tr("Address:"), self.address_value)
        self.edit_button = QPushButton(self.tr("&Edit\u2026"), contact)
        self.edit_button.setObjectName("editContactButton")
        self.edit_button.setToolTip(self.tr("Edit the contact details (Ctrl+E)"))
        self.edit_button.clicked.connect(self.edit_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        contact_layout = QVBoxLayout(contact)
        contact_layout.addLayout(form)
        contact_layout.addStretch(1)
        contact_layout.addLayout(buttons)

        clinic = QGroupBox(self.tr("Clinic"), self)
        clinic.setObjectName("clinicGroup")
        self.since_value = _value_label(clinic, "clientSinceValue")
        self.autopay_value = _value_label(clinic, "autopayValue")
        self.since_value.setWordWrap(False)  # a date split over two lines reads badly
        clinic_form = QFormLayout(clinic)
        clinic_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        clinic_form.addRow(self.tr("Client since:"), self.since_value)
        clinic_form.addRow(self.tr("Autopay:"), self.autopay_value)

        top = QHBoxLayout()
        top.addWidget(contact, 3)
        top.addWidget(clinic, 2)

        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(top)
        body_layout.addWidget(payment_section)
        payment_section.setParent(body)
        body_layout.addStretch(1)
        self._body, self._body_layout = body, body_layout

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Not a Tab stop of its own: it scrolls to whichever child has the focus.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def add_box(self, widget: QWidget) -> None:
        """Show another box below the payment methods (the profile page makes it follow the
        open client: ``ProfilePage.add_section``)."""
        widget.setParent(self._body)
        self._body_layout.insertWidget(self._body_layout.count() - 1, widget)

    def set_client(self, client: Client | None) -> None:
        self.edit_button.setEnabled(client is not None)
        if client is None:
            for label in (self.name_value, self.email_value, self.phone_value,
                          self.address_value, self.since_value, self.autopay_value):
                label.clear()
        else:
            self._show(client)
        self._section.set_client(client)

    def _show(self, client: Client) -> None:
        self.name_value.setText(client.full_name)
        self.email_value.setText(client.email or self.tr("No email on file"))
        phone = client.phone or self.tr("No phone on file")
        if phone_too_long(client.phone):
            # Stored before the 20-character limit: Stripe can't take it, so it isn't sent.
            phone += "\n" + self.tr("Too long for Stripe (at most {n} characters): edit the "
                                     "profile to shorten it. Until then, it isn't sent to "
                                     "Stripe.").replace("{n}", str(STRIPE_PHONE_MAX))
        self.phone_value.setText(phone)
        a = client.address
        if a.is_empty:
            self.address_value.setText(self.tr("No address on file"))
        else:
            lines = [a.line1, a.line2,
                     " ".join(p for p in (a.city, a.province, a.postal_code) if p),
                     country_name(a.country)]
            self.address_value.setText("\n".join(line for line in lines if line))
            self.address_value.setToolTip(plain_tooltip(province_name(a.province)))
        local = client.created_at.astimezone()
        since = QDate(local.year, local.month, local.day)
        # A date format is a translatable string: "November 22, 2026" / "22 novembre 2026".
        self.since_value.setText(QLocale().toString(since, self.tr("MMMM d, yyyy")))
        self.autopay_value.setText(self.tr("On") if client.autopay_enabled else self.tr("Off"))

    def on_payment_section_autopay_status_shown(self, status: AutopayStatus | None) -> None:
        """"On — paused (no default method)" rather than a bare "On" next to a paused banner."""
        if status is not None:
            self.autopay_value.setText(autopay_summary(status))
