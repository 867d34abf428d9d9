"""The Billing tab's dialogs: New invoice, Charge now, Record payment, Void.

Each runs its service call on the task runner and stays open on a refusal (the sentence under
the form), so nothing typed is lost. Signals:
    completed(object): what the service returned (the invoice, the charge's outcome, the payment).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.core.charging import ChargeOutcome
from owl_desktop.domain.billing import (
    MAX_DESCRIPTION,
    MAX_REFERENCE,
    MAX_VOID_REASON,
    Invoice,
    InvoiceDraft,
    PaymentMethodKind,
    PaymentStatus,
)
from owl_desktop.domain.scheduling import Practitioner, Service
from owl_desktop.errors import UserFacingError, ValidationFailed
from owl_desktop.services.billing import BillingService, ChargeChoices
from owl_desktop.ui.billing.texts import (
    invoice_description,
    method_label,
    money,
    outcome_text,
)
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.plain import plain
from owl_desktop.ui.tasks import TaskRunner


def _amount_box(parent: QWidget, name: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setObjectName(name)
    box.setRange(0, 999_999.99)
    box.setDecimals(2)
    box.setSuffix(" $")
    return box


class _BillingDialog(QDialog):
    completed = Signal(object)

    def __init__(self, service: BillingService, tasks: TaskRunner, presenter: ErrorPresenter,
                 parent: QWidget | None, action_text: str) -> None:
        super().__init__(parent)
        self._service, self._tasks, self._presenter = service, tasks, presenter
        self.form = QFormLayout()
        self.problem = plain(QLabel(self))
        self.problem.setObjectName("billingProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("QLabel { color: #b71c1c; }")
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.action = QPushButton(action_text, self)
        self.action.setDefault(True)
        self.buttons.addButton(self.action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.on_action)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def on_action(self) -> None:
        raise NotImplementedError

    def _run(self, fn: Callable[[], object]) -> None:
        self.action.setEnabled(False)
        self.problem.hide()
        self._tasks.run(fn, on_success=self._succeeded, on_failure=self._failed)

    def _succeeded(self, result: object) -> None:
        self.completed.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.action.setEnabled(True)
        if isinstance(error, ValidationFailed):
            self.say(self._field_text(error.field_errors))
            return
        if isinstance(error, UserFacingError):
            message, hint = self._presenter.texts_for(error)
            self.say(f"{message} {hint}".strip())
            return
        self._presenter.present(error, title=self.windowTitle())

    def say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _field_text(self, errors: dict[str, str]) -> str:
        if "amount_cents" in errors:
            return self.tr("Enter an amount greater than zero and no more than what is due.")
        if "description" in errors:
            return self.tr("Enter what the invoice is for.")
        if "reason" in errors:
            return self.tr("Enter the reason (at most 300 characters).")
        return self.tr("Check the values entered.")


class NewInvoiceDialog(_BillingDialog):
    """An invoice made by hand: a service (its name and fee filled in) or a description."""

    def __init__(self, service: BillingService, tasks: TaskRunner, presenter: ErrorPresenter,
                 client_id: int, catalog: tuple[list[Service], list[Practitioner]],
                 language: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(service, tasks, presenter, parent, self.tr("&Create invoice"))
        self.setObjectName("newInvoiceDialog")
        self.setWindowTitle(self.tr("New invoice"))
        self._client_id = client_id
        services, practitioners = catalog
        self.service_combo = QComboBox(self)
        self.service_combo.setObjectName("invoiceServiceCombo")
        self.service_combo.addItem(self.tr("Other (describe it)"), None)
        self._services = {s.id: s for s in services if s.active}
        for s in self._services.values():
            self.service_combo.addItem(s.name_fr if language.startswith("fr") else s.name_en,
                                       s.id)
        self.practitioner_combo = QComboBox(self)
        self.practitioner_combo.setObjectName("invoicePractitionerCombo")
        self.practitioner_combo.addItem(self.tr("None"), None)
        for p in practitioners:
            self.practitioner_combo.addItem(p.name, p.id)
        self.description = QLineEdit(self)
        self.description.setObjectName("invoiceDescriptionEdit")
        self.description.setMaxLength(MAX_DESCRIPTION)
        self.amount = _amount_box(self, "invoiceAmountEdit")
        self.date = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.date.setObjectName("invoiceDateEdit")
        self.date.setCalendarPopup(True)
        self.form.addRow(self.tr("&Service:"), self.service_combo)
        self.form.addRow(self.tr("Practi&tioner:"), self.practitioner_combo)
        self.form.addRow(self.tr("&Description:"), self.description)
        self.form.addRow(self.tr("&Amount:"), self.amount)
        self.form.addRow(self.tr("Dat&e:"), self.date)
        self.service_combo.currentIndexChanged.connect(self.on_service_combo_changed)
        self._language = language

    def on_service_combo_changed(self, _index: int) -> None:
        chosen = self._services.get(self.service_combo.currentData())
        if chosen is None:
            return
        self.description.setText(chosen.name_en)  # stored in the clinic's invoice language
        self.amount.setValue(chosen.fee_cents / 100)

    def draft(self) -> InvoiceDraft:
        d = self.date.date()
        return InvoiceDraft(self._client_id, self.description.text(),
                            round(self.amount.value() * 100), date(d.year(), d.month(), d.day()),
                            service_id=self.service_combo.currentData(),
                            practitioner_id=self.practitioner_combo.currentData())

    def on_action(self) -> None:
        draft, service = self.draft(), self._service
        self._run(lambda: service.make_invoice(draft))


class ChargeDialog(_BillingDialog):
    """*Charge now*: the usable methods (the default preselected), then Stripe's outcome.

    A decline or "the client must confirm" is shown here and the dialog stays open (another
    method may be chosen); a success or a debit sent closes it."""

    def __init__(self, service: BillingService, tasks: TaskRunner, presenter: ErrorPresenter,
                 invoice: Invoice, choices: ChargeChoices, parent: QWidget | None = None
                 ) -> None:
        super().__init__(service, tasks, presenter, parent, self.tr("C&harge"))
        self.setObjectName("chargeDialog")
        self.setWindowTitle(self.tr("Charge now"))
        self._invoice = invoice
        self.summary = plain(QLabel(self.tr("Invoice {number}: {description}, {amount} due.")
                                    .replace("{number}", invoice.number)
                                    .replace("{description}", invoice_description(
                                        invoice.kind, invoice.description))
                                    .replace("{amount}", money(invoice.due_cents,
                                                               invoice.currency)), self))
        self.summary.setWordWrap(True)
        self.method_combo = QComboBox(self)
        self.method_combo.setObjectName("chargeMethodCombo")
        for method in choices.methods:
            self.method_combo.addItem(method_label(method), method.id)
        if choices.preselected_id is not None:
            self.method_combo.setCurrentIndex(self.method_combo.findData(choices.preselected_id))
        self.form.addRow(self.summary)
        self.form.addRow(self.tr("Payment &method:"), self.method_combo)
        self.outcome: ChargeOutcome | None = None
        if not choices.methods:
            self.method_combo.setEnabled(False)
            self.action.setEnabled(False)
            self.say(self.tr("No payment method on file can be charged (an expired card or a "
                             "bank account awaiting verification can't). Add one, or record "
                             "a payment instead."))

    def on_action(self) -> None:
        invoice_id, method_id = self._invoice.id, self.method_combo.currentData()
        service = self._service
        self._run(lambda: service.charge_now(invoice_id, method_id))

    def _succeeded(self, result: object) -> None:
        assert isinstance(result, ChargeOutcome)
        self.outcome = result
        self.completed.emit(result)
        if result.status in (PaymentStatus.SUCCEEDED, PaymentStatus.PROCESSING):
            self.accept()
            return
        self.action.setEnabled(True)
        self.say(outcome_text(result))


class RecordPaymentDialog(_BillingDialog):
    """Cash, cheque or e-transfer received at the desk."""

    def __init__(self, service: BillingService, tasks: TaskRunner, presenter: ErrorPresenter,
                 invoice: Invoice, today: date, parent: QWidget | None = None) -> None:
        super().__init__(service, tasks, presenter, parent, self.tr("&Record"))
        self.setObjectName("recordPaymentDialog")
        self.setWindowTitle(self.tr("Record payment"))
        self._invoice = invoice
        self.method_combo = QComboBox(self)
        self.method_combo.setObjectName("recordMethodCombo")
        for kind, text in ((PaymentMethodKind.CASH, self.tr("Cash")),
                           (PaymentMethodKind.CHEQUE, self.tr("Cheque")),
                           (PaymentMethodKind.E_TRANSFER, self.tr("E-transfer"))):
            self.method_combo.addItem(text, kind.value)
        self.amount = _amount_box(self, "recordAmountEdit")
        self.amount.setValue(invoice.due_cents / 100)
        self.reference = QLineEdit(self)
        self.reference.setObjectName("recordReferenceEdit")
        self.reference.setMaxLength(MAX_REFERENCE)
        self.reference.setPlaceholderText(self.tr("Cheque number, transfer reference"))
        self.date = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.date.setCalendarPopup(True)
        self.date.setMaximumDate(QDate(today.year, today.month, today.day))  # not yet received
        self.form.addRow(plain(QLabel(self.tr("Invoice {number}: {amount} due.")
                                      .replace("{number}", invoice.number)
                                      .replace("{amount}", money(invoice.due_cents,
                                                                 invoice.currency)), self)))
        self.form.addRow(self.tr("Paid &by:"), self.method_combo)
        self.form.addRow(self.tr("&Amount:"), self.amount)
        self.form.addRow(self.tr("Re&ference:"), self.reference)
        self.form.addRow(self.tr("Received &on:"), self.date)

    def on_action(self) -> None:
        invoice_id, service = self._invoice.id, self._service
        method = PaymentMethodKind(self.method_combo.currentData())
        amount = round(self.amount.value() * 100)
        reference = self.reference.text()
        d = self.date.date()
        received = date(d.year(), d.month(), d.day())
        self._run(lambda: service.record_payment(invoice_id, method, amount,
                                                 reference=reference, received_on=received))


class VoidDialog(_BillingDialog):
    def __init__(self, service: BillingService, tasks: TaskRunner, presenter: ErrorPresenter,
                 invoice: Invoice, parent: QWidget | None = None) -> None:
        super().__init__(service, tasks, presenter, parent, self.tr("&Void invoice"))
        self.setObjectName("voidDialog")
        self.setWindowTitle(self.tr("Void invoice"))
        self._invoice = invoice
        self.reason = QLineEdit(self)
        self.reason.setObjectName("voidReasonEdit")
        self.reason.setMaxLength(MAX_VOID_REASON)
        self.form.addRow(plain(QLabel(self.tr(
            "Invoice {number} will no longer be owed. This can't be undone.")
            .replace("{number}", invoice.number), self)))
        self.form.addRow(self.tr("&Reason:"), self.reason)

    def on_action(self) -> None:
        invoice_id, reason, service = self._invoice.id, self.reason.text(), self._service
        self._run(lambda: service.void(invoice_id, reason))
