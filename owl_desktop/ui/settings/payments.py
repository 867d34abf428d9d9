"""Settings → Payments: the currency, the no-show and late-cancellation fees, and what receipts
print about the clinic (address, GST/HST number). Stored in the database
(``services/payment_settings.py``): every desk, the portal and autopay read the same.

Extending it: a new setting gets its widget in ``__init__`` (a row in ``self.form``), is shown
in ``_show`` and read back in ``typed``; its error codes are worded in ``_problem_text``.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.errors import ValidationFailed
from owl_desktop.services.payment_settings import (
    MAX_FEE_CENTS,
    MAX_TAX_NUMBER,
    SUPPORTED_CURRENCIES,
    PaymentSettings,
    PaymentSettingsService,
)
from owl_desktop.ui import style
from owl_desktop.ui.billing.texts import money_affixes
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.plain import plain
from owl_desktop.ui.tasks import TaskRunner


class PaymentSettingsDialog(QDialog):
    """Signals:
        saved(object): the ``PaymentSettings`` just stored.
    """

    saved = Signal(object)

    def __init__(self, service: PaymentSettingsService, tasks: TaskRunner,
                 presenter: ErrorPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paymentSettingsDialog")
        self.setWindowTitle(self.tr("Payments"))
        self._service, self._tasks, self._presenter = service, tasks, presenter
        self.loaded = False
        self.settings = PaymentSettings()  # as loaded: fields this page doesn't show stay

        self.currency = QComboBox(self)
        self.currency.setObjectName("currencyCombo")
        for code in SUPPORTED_CURRENCIES:
            self.currency.addItem(code, code)
        self.no_show_fee = self._fee_box("noShowFeeEdit")
        self.late_fee = self._fee_box("lateCancellationFeeEdit")
        self.address_edit = QPlainTextEdit(self)
        self.address_edit.setObjectName("clinicAddressEdit")
        self.address_edit.setTabChangesFocus(True)
        self.address_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.address_error = self._error_label("clinicAddressError")
        self.tax_edit = QLineEdit(self)
        self.tax_edit.setObjectName("taxNumberEdit")
        self.tax_edit.setMaxLength(MAX_TAX_NUMBER)
        self.tax_edit.setPlaceholderText("123456789 RT 0001")
        self.tax_error = self._error_label("taxNumberError")

        self.form = QFormLayout()
        self.form.addRow(self.tr("&Currency:"), self.currency)
        self.form.addRow(self.tr("&No-show fee:"), self.no_show_fee)
        self.form.addRow(self.tr("&Late cancellation fee:"), self.late_fee)
        self.form.addRow(self.tr("Clinic &address (receipts):"), self.address_edit)
        self.form.addRow("", self.address_error)
        self.form.addRow(self.tr("&GST/HST number:"), self.tax_edit)
        self.form.addRow("", self.tax_error)
        hint = plain(QLabel(self.tr(
            "A no-show or a late cancellation makes an invoice for its fee; leave a fee at "
            "\u201cNo fee\u201d to charge nothing. Receipts print the clinic\u2019s address "
            "and GST/HST number."), self))
        hint.setWordWrap(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._save_button().setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())
        tasks.run(service.load, on_success=self._show, on_failure=presenter.present)

    def _fee_box(self, name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setObjectName(name)
        box.setRange(0, MAX_FEE_CENTS / 100)
        box.setDecimals(2)
        box.setSingleStep(5)
        box.setSpecialValueText(self.tr("No fee"))
        prefix, suffix = money_affixes()
        box.setPrefix(prefix)
        box.setSuffix(suffix)
        return box

    def _error_label(self, name: str) -> QLabel:
        label = plain(QLabel(self))
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet(style.error_css())
        label.hide()
        return label

    def _save_button(self) -> QWidget:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def _show(self, settings: PaymentSettings) -> None:
        self.settings = settings
        index = self.currency.findData(settings.currency)
        self.currency.setCurrentIndex(max(index, 0))
        self.no_show_fee.setValue((settings.no_show_fee_cents or 0) / 100)
        self.late_fee.setValue((settings.late_cancellation_fee_cents or 0) / 100)
        self.address_edit.setPlainText(settings.clinic_address)
        self.tax_edit.setText(settings.tax_number)
        self.loaded = True
        self._save_button().setEnabled(True)

    def typed(self) -> PaymentSettings:
        return replace(self.settings, currency=str(self.currency.currentData() or "CAD"),
                       no_show_fee_cents=round(self.no_show_fee.value() * 100) or None,
                       late_cancellation_fee_cents=round(self.late_fee.value() * 100) or None,
                       clinic_address=self.address_edit.toPlainText(),
                       tax_number=self.tax_edit.text())

    def save(self) -> None:
        if not self.loaded:
            return
        settings, service = self.typed(), self._service
        self._save_button().setEnabled(False)
        self._tasks.run(lambda: service.save(settings), on_success=self._on_saved,
                        on_failure=self._on_failed)

    def _on_saved(self, settings: PaymentSettings) -> None:
        self.settings = settings
        self.saved.emit(settings)
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self._save_button().setEnabled(True)
        if not isinstance(error, ValidationFailed):
            self._presenter.present(error, title=self.tr("Payments"))
            return
        errors = error.field_errors
        # Backwards, so the first field in error ends with the focus.
        for label, field, widget in ((self.tax_error, "tax_number", self.tax_edit),
                                     (self.address_error, "clinic_address", self.address_edit)):
            text = self._problem_text(field, errors.get(field, ""))
            label.setText(text)
            label.setVisible(bool(text))
            if text:
                widget.setFocus()

    def _problem_text(self, field: str, code: str) -> str:
        if not code:
            return ""
        if code == "too_long":
            return self.tr("This is too long.")
        if field == "tax_number":
            return self.tr("Not a GST/HST number: type it as 123456789 RT 0001.")
        return self.tr("Check this value.")
