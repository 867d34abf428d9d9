"""Refunds at the desk: Billing → Refund a payment… lists the charges that can still be
refunded; the refund dialog takes the amount (all that is left, or part), Stripe's reason,
staff's note and the clinic administrator's passphrase."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.domain.billing import Payment
from owl_desktop.domain.refunds import Refund
from owl_desktop.errors import UserFacingError
from owl_desktop.services.refunds import RefundablePayment, RefundService
from owl_desktop.ui import style
from owl_desktop.ui.autopay.texts import amount_text
from owl_desktop.ui.billing.texts import money_affixes
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.messages import error_texts
from owl_desktop.ui.plain import plain
from owl_desktop.ui.tasks import TaskRunner


class RefundDialog(QDialog):
    """Signals:
        refunded(object): the ``Refund`` Stripe made.
    """

    refunded = Signal(object)

    def __init__(self, service: RefundService, payment: Payment, left_cents: int,
                 tasks: TaskRunner, presenter: ErrorPresenter,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refundDialog")
        self.setWindowTitle(self.tr("Refund"))
        self._service, self._payment = service, payment
        self._tasks, self._presenter = tasks, presenter
        about = plain(QLabel(self.tr("Payment of {amount} ({method}); up to {left} can be "
                                     "refunded.")
                             .replace("{amount}", amount_text(payment.amount_cents,
                                                              payment.currency))
                             .replace("{method}", f"{payment.brand} \u2022\u2022\u2022\u2022 "
                                                  f"{payment.last4}")
                             .replace("{left}", amount_text(left_cents, payment.currency)),
                             self))
        about.setWordWrap(True)
        self.amount = QDoubleSpinBox(self)
        self.amount.setObjectName("refundAmountEdit")
        self.amount.setDecimals(2)
        self.amount.setRange(0.01, left_cents / 100)
        self.amount.setValue(left_cents / 100)
        prefix, suffix = money_affixes(payment.currency.upper())
        self.amount.setPrefix(prefix)
        self.amount.setSuffix(suffix)
        self.reason = QComboBox(self)
        self.reason.setObjectName("refundReasonCombo")
        self.reason.addItem(self.tr("Requested by the client"), "requested_by_customer")
        self.reason.addItem(self.tr("Charged twice"), "duplicate")
        self.reason.addItem(self.tr("Fraudulent"), "fraudulent")
        self.reason.addItem(self.tr("Other (say why below)"), "")
        self.note = QLineEdit(self)
        self.note.setObjectName("refundNoteEdit")
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("refundPassphraseEdit")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = plain(QLabel(self))
        self.problem.setObjectName("refundProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(style.error_css())
        self.problem.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Amount:"), self.amount)
        form.addRow(self.tr("R&eason:"), self.reason)
        form.addRow(self.tr("&Note:"), self.note)
        form.addRow(self.tr("Administrator's &passphrase:"), self.passphrase)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.refund_button = self.buttons.addButton(self.tr("&Refund"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.refund_button.setObjectName("refundButton")
        self.buttons.accepted.connect(self.refund)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._left = left_cents

    def refund(self) -> None:
        cents = round(self.amount.value() * 100)
        amount = None if cents >= self._left else cents
        reason, note = str(self.reason.currentData()), self.note.text().strip()
        phrase = self.passphrase.text()
        self.passphrase.clear()
        service, payment = self._service, self._payment
        self.refund_button.setEnabled(False)
        self._tasks.run(lambda: service.refund_payment(payment, amount, reason, note, phrase),
                        on_success=self._on_done, on_failure=self._on_failed)

    def _on_done(self, refund: Refund) -> None:
        self.refunded.emit(refund)
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self.refund_button.setEnabled(True)
        if isinstance(error, UserFacingError):  # said in the dialog, next to the fields
            message, hint = error_texts(error)
            self.problem.setText(f"{message} {hint}".strip())
            self.problem.show()
            return
        self._presenter.present(error, title=self.tr("Refund"))


class RefundablePaymentsDialog(QDialog):
    """Billing → Refund a payment…: pick a payment, then the refund dialog."""

    def __init__(self, service: RefundService, tasks: TaskRunner, presenter: ErrorPresenter,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refundablePaymentsDialog")
        self.setWindowTitle(self.tr("Refund a payment"))
        self._service, self._tasks, self._presenter = service, tasks, presenter
        self.rows: list[RefundablePayment] = []
        self.list = QListWidget(self)
        self.list.setObjectName("refundablePaymentsList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemActivated.connect(lambda _item: self.open_refund())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.refund_button = buttons.addButton(self.tr("&Refund\u2026"),
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.refund_button.setObjectName("openRefundButton")
        self.refund_button.clicked.connect(self.open_refund)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(620, 380)
        self.refund_dialog: RefundDialog | None = None
        self.reload()

    def reload(self) -> None:
        self._tasks.run(self._service.refundable_payments, on_success=self._show,
                        on_failure=self._presenter.present, key="refundable")

    def _show(self, rows: list[RefundablePayment]) -> None:
        self.rows = rows
        self.list.clear()
        for row in rows:
            p = row.payment
            self.list.addItem(self.tr("{client} — {amount} on {date} ({method}); {left} "
                                      "refundable")
                              .replace("{client}", row.client_name)
                              .replace("{amount}", amount_text(p.amount_cents, p.currency))
                              .replace("{date}", p.created_at.astimezone().strftime("%Y-%m-%d"))
                              .replace("{method}", f"{p.brand} \u2022\u2022\u2022\u2022 {p.last4}")
                              .replace("{left}", amount_text(row.left_cents, p.currency)))
        if rows:
            self.list.setCurrentRow(0)

    def open_refund(self) -> RefundDialog | None:
        index = self.list.currentRow()
        if not 0 <= index < len(self.rows):
            return None
        row = self.rows[index]
        dialog = RefundDialog(self._service, row.payment, row.left_cents, self._tasks,
                              self._presenter, self)
        dialog.refunded.connect(lambda _r: self.reload())
        self.refund_dialog = dialog
        dialog.open()
        return dialog
