"""The *Billing* tab of a client's profile: the balance, invoices, payments, and the actions on
them (New invoice, Charge now, Record payment, Void, the receipt's Save and Print).

Follows the open client (a profile section) and reloads when the change bus says its data
changed. Keyboard: every action has its Alt+letter; the tables take the focus in tab order and
the actions apply to the selected row.

Signals:
    changed(int): this tab changed the client's billing (the id), for the change bus.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, QLocale, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.domain.billing import Invoice, InvoiceStatus, Payment, PaymentStatus
from owl_desktop.domain.clients import Client
from owl_desktop.services.billing import BillingOverview, BillingService
from owl_desktop.services.scheduling import SchedulingService
from owl_desktop.ui.billing.dialogs import (
    ChargeDialog,
    NewInvoiceDialog,
    RecordPaymentDialog,
    VoidDialog,
)
from owl_desktop.ui.billing.texts import (
    failure_text,
    invoice_description,
    invoice_status_text,
    money,
    payment_method_text,
    payment_status_text,
)
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.plain import plain
from owl_desktop.ui.tasks import TaskRunner

# Asks where to save a receipt: (parent, suggested file name) -> path, "" when cancelled.
SavePathChooser = Callable[[QWidget, str], str]


def ask_save_path(parent: QWidget, suggested: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(
        parent, parent.tr("Save receipt"), str(Path.home() / suggested), "PDF (*.pdf)")
    return path


def _date_text(day: date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day),
                              QLocale.FormatType.ShortFormat)


class BillingTab(QWidget):
    changed = Signal(int)

    def __init__(self, service: BillingService, scheduling: SchedulingService,
                 tasks: TaskRunner, presenter: ErrorPresenter, *, language: str = "en",
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("billingTab")
        self._service, self._scheduling = service, scheduling
        self._tasks, self._presenter, self._language = tasks, presenter, language
        self._today = today
        self._client_id: int | None = None
        self.overview: BillingOverview | None = None
        self.dialog: QWidget | None = None
        # Where receipts go (tests replace these with recorders).
        self.choose_save_path: SavePathChooser = ask_save_path
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.last_receipt: Path | None = None

        self.balance = plain(QLabel(self))
        self.balance.setObjectName("billingBalance")
        font = self.balance.font()
        font.setBold(True)
        self.balance.setFont(font)
        self.invoices = self._table("billingInvoices", [
            self.tr("Date"), self.tr("Invoice"), self.tr("Description"), self.tr("Amount"),
            self.tr("Due"), self.tr("Status")])
        self.payments = self._table("billingPayments", [
            self.tr("Date"), self.tr("Invoice"), self.tr("Method"), self.tr("Amount"),
            self.tr("Status")])
        self.new_button = self._button("newInvoiceButton", self.tr("&New invoice\u2026"),
                                       self.new_invoice)
        self.charge_button = self._button("chargeButton", self.tr("Char&ge now\u2026"),
                                          self.charge_now)
        self.record_button = self._button("recordPaymentButton",
                                          self.tr("Record pa&yment\u2026"),
                                          self.record_payment)
        self.void_button = self._button("voidButton", self.tr("&Void\u2026"), self.void)
        self.save_receipt_button = self._button("saveReceiptButton",
                                                self.tr("Save recei&pt\u2026"),
                                                self.save_receipt)
        self.print_receipt_button = self._button("printReceiptButton",
                                                 self.tr("Prin&t receipt"), self.print_receipt)

        invoice_actions = QHBoxLayout()
        for button in (self.new_button, self.charge_button, self.record_button,
                       self.void_button):
            invoice_actions.addWidget(button)
        invoice_actions.addStretch(1)
        payment_actions = QHBoxLayout()
        payment_actions.addWidget(self.save_receipt_button)
        payment_actions.addWidget(self.print_receipt_button)
        payment_actions.addStretch(1)
        invoices_title = plain(QLabel(self.tr("Invoices"), self))
        payments_title = plain(QLabel(self.tr("Payments"), self))
        layout = QVBoxLayout(self)
        layout.addWidget(self.balance)
        layout.addWidget(invoices_title)
        layout.addWidget(self.invoices, 3)
        layout.addLayout(invoice_actions)
        layout.addWidget(payments_title)
        layout.addWidget(self.payments, 2)
        layout.addLayout(payment_actions)
        QWidget.setTabOrder(self.invoices, self.new_button)
        QWidget.setTabOrder(self.void_button, self.payments)
        QWidget.setTabOrder(self.payments, self.save_receipt_button)
        self.invoices.itemSelectionChanged.connect(self._update_actions)
        self.payments.itemSelectionChanged.connect(self._update_actions)
        self._update_actions()

    def _table(self, name: str, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def _button(self, name: str, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # -- the open client ----------------------------------------------------------------
    def set_client(self, client: Client | None) -> None:
        self._client_id = None if client is None else client.id
        self.reload()

    def reload(self) -> None:
        client_id, service = self._client_id, self._service
        if client_id is None:
            self.overview = None
            self._show_rows()
            return
        self._tasks.run(lambda: service.overview(client_id), on_success=self._show,
                        on_failure=self._presenter.present, key=f"billing-{id(self)}")

    def _show(self, overview: BillingOverview) -> None:
        if overview.client_id != self._client_id:
            return
        self.overview = overview
        self._show_rows()

    def _show_rows(self) -> None:
        invoices = self.overview.invoices if self.overview else ()
        payments = self.overview.payments if self.overview else ()
        selected_invoice = self.selected_invoice()
        selected_payment = self.selected_payment()
        self.invoices.clearSelection()
        self.payments.clearSelection()
        self.invoices.setRowCount(len(invoices))
        for row, inv in enumerate(invoices):
            status = invoice_status_text(inv.status)
            if inv.status is InvoiceStatus.VOID and inv.void_reason:
                status = f"{status} ({inv.void_reason})"
            self._fill(self.invoices, row, (
                _date_text(inv.service_date), inv.number,
                invoice_description(inv.kind, inv.description),
                money(inv.amount_cents, inv.currency), money(inv.due_cents, inv.currency),
                status))
            if selected_invoice is not None and inv.id == selected_invoice.id:
                self.invoices.selectRow(row)
        if invoices and not self.invoices.selectedItems():
            self.invoices.selectRow(0)  # the newest: the actions apply at once
        self.payments.setRowCount(len(payments))
        for row, pay in enumerate(payments):
            at = QDateTime.fromSecsSinceEpoch(int((pay.settled_at or pay.created_at)
                                                  .timestamp()))
            when = QLocale().toString(at.toLocalTime(), QLocale.FormatType.ShortFormat)
            number = next((i.number for i in invoices if i.id == pay.invoice_id), "")
            status = payment_status_text(pay.status)
            reason = failure_text(pay)
            self._fill(self.payments, row, (
                when, number, payment_method_text(pay), money(pay.amount_cents, pay.currency),
                f"{status}: {reason}" if reason else status))
            item = self.payments.item(row, 4)
            if reason and item is not None:
                item.setToolTip(reason)
            if selected_payment is not None and pay.id == selected_payment.id:
                self.payments.selectRow(row)
        if payments and not self.payments.selectedItems():
            self.payments.selectRow(0)
        self.invoices.resizeColumnsToContents()
        self.payments.resizeColumnsToContents()
        if self.overview is None:
            self.balance.clear()
        else:
            self.balance.setText(self.tr("Balance: {amount}").replace(
                "{amount}", money(self.overview.balance_cents, self.overview.currency)))
        self._update_actions()

    @staticmethod
    def _fill(table: QTableWidget, row: int, values: tuple[str, ...]) -> None:
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(value))

    def selected_invoice(self) -> Invoice | None:
        rows = self.invoices.selectionModel().selectedRows() if self.overview else []
        if not rows or self.overview is None or rows[0].row() >= len(self.overview.invoices):
            return None
        return self.overview.invoices[rows[0].row()]

    def selected_payment(self) -> Payment | None:
        rows = self.payments.selectionModel().selectedRows() if self.overview else []
        if not rows or self.overview is None or rows[0].row() >= len(self.overview.payments):
            return None
        return self.overview.payments[rows[0].row()]

    def _update_actions(self) -> None:
        invoice, payment = self.selected_invoice(), self.selected_payment()
        owing = invoice is not None and invoice.due_cents > 0
        self.new_button.setEnabled(self._client_id is not None)
        self.charge_button.setEnabled(owing)
        self.record_button.setEnabled(owing)
        self.void_button.setEnabled(invoice is not None and invoice.status is InvoiceStatus.OPEN
                                    and invoice.paid_cents == 0)
        has_receipt = payment is not None and payment.status is PaymentStatus.SUCCEEDED
        self.save_receipt_button.setEnabled(has_receipt)
        self.print_receipt_button.setEnabled(has_receipt)

    # -- actions --------------------------------------------------------------------------
    def _after(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.completed.connect(lambda _result: self._changed())  # type: ignore[attr-defined]
        dialog.open()  # type: ignore[attr-defined]

    def _changed(self) -> None:
        if self._client_id is not None:
            self.changed.emit(self._client_id)
        self.reload()

    def new_invoice(self) -> None:
        client_id, scheduling = self._client_id, self._scheduling
        if client_id is None:
            return
        self._tasks.run(lambda: (scheduling.services(include_inactive=False),
                                 scheduling.practitioners(include_inactive=False)),
                        on_success=lambda catalog: self._after(NewInvoiceDialog(
                            self._service, self._tasks, self._presenter, client_id, catalog,
                            self._language, self._today(), self)),
                        on_failure=self._presenter.present)

    def charge_now(self) -> None:
        invoice, service = self.selected_invoice(), self._service
        if invoice is None:
            return
        self._tasks.run(lambda: service.charge_choices(invoice.client_id),
                        on_success=lambda choices: self._after(ChargeDialog(
                            service, self._tasks, self._presenter, invoice, choices, self)),
                        on_failure=self._presenter.present)

    def record_payment(self) -> None:
        invoice = self.selected_invoice()
        if invoice is not None:
            self._after(RecordPaymentDialog(self._service, self._tasks, self._presenter,
                                            invoice, self._today(), self))

    def void(self) -> None:
        invoice = self.selected_invoice()
        if invoice is not None:
            self._after(VoidDialog(self._service, self._tasks, self._presenter, invoice, self))

    def save_receipt(self) -> None:
        payment, service, language = self.selected_payment(), self._service, self._language
        if payment is None:
            return
        self._tasks.run(lambda: service.receipt_pdf(payment.id, language),
                        on_success=self._save, on_failure=self._presenter.present)

    def _save(self, made: tuple[str, bytes]) -> None:
        name, pdf = made
        path = self.choose_save_path(self, name)
        if not path:
            return
        target = Path(path)
        target.write_bytes(pdf)
        self.last_receipt = target

    def print_receipt(self) -> None:
        """Opens the receipt in the system's PDF viewer, which prints it (and shows it first,
        as staff expect)."""
        payment, service, language = self.selected_payment(), self._service, self._language
        if payment is None:
            return
        self._tasks.run(lambda: service.receipt_pdf(payment.id, language),
                        on_success=self._print, on_failure=self._presenter.present)

    def _print(self, made: tuple[str, bytes]) -> None:
        name, pdf = made
        folder = Path(tempfile.mkdtemp(prefix="owl-receipt-"))
        target = folder / name
        target.write_bytes(pdf)
        self.last_receipt = target
        self.open_url(QUrl.fromLocalFile(str(target)))
