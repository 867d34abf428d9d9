"""Billing → Failed payments: client, invoice, method, the reason in plain words, when; and
what to do: retry, charge another method, mark as paid another way, or give the client their
portal link to add a new card — emailed to them when the clinic's mail is set up (off the UI
thread, the outcome said), else (and always, as the fallback) copied to send another way. A
charge waiting for the client to authenticate it (3-D Secure) offers *Send the client a link to
confirm*: the same, with the link to confirm that payment in the portal. A new default is also
retried by the next autopay run on its own."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.domain.billing import PaymentMethodKind, PaymentStatus
from owl_desktop.services.billing import BillingService
from owl_desktop.services.failed_payments import FailedPayment, FailedPaymentsService
from owl_desktop.ui.autopay.texts import amount_text
from owl_desktop.ui.billing.texts import debit_failure_text
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.payment_failures import failure_sentence
from owl_desktop.ui.plain import plain
from owl_desktop.ui.tasks import TaskRunner
from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

# services/failed_payment_mail.py's sentence (the mailer's are marked in settings/smtp_box.py).
NO_EMAIL_SENTENCES = (
    QT_TRANSLATE_NOOP("UserFacingError", "This client has no email address."),
    QT_TRANSLATE_NOOP("UserFacingError", "Add one to the client's profile, or copy the portal "
                                         "link and send it another way."),
)

REASON_COLUMN = 4  # the long one: it takes the width left and wraps

PAID_OTHER_WAYS = (PaymentMethodKind.CASH, PaymentMethodKind.CHEQUE,
                   PaymentMethodKind.E_TRANSFER)


class FailedPaymentsDialog(QDialog):
    """Signals:
        changed(int): a client's billing changed here (client id).
    """

    changed = Signal(int)

    def __init__(self, service: FailedPaymentsService, billing: BillingService,
                 tasks: TaskRunner, presenter: ErrorPresenter,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("failedPaymentsDialog")
        self.setWindowTitle(self.tr("Failed payments"))
        self._service, self._billing = service, billing
        self._tasks, self._presenter = tasks, presenter
        self.rows: list[FailedPayment] = []
        self.table = QTableWidget(0, 6, self)
        self.table.setObjectName("failedPaymentsTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Client"), self.tr("Invoice"), self.tr("Amount"), self.tr("Method"),
            self.tr("Reason"), self.tr("When")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(REASON_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.status = plain(QLabel(self))
        self.status.setObjectName("failedPaymentsStatus")
        self.status.setWordWrap(True)
        self.retry_button = QPushButton(self.tr("&Retry"), self)
        self.retry_button.setObjectName("retryButton")
        self.other_button = QPushButton(self.tr("Charge &another method\u2026"), self)
        self.other_button.setObjectName("chargeOtherButton")
        self.paid_button = QPushButton(self.tr("&Mark as paid another way\u2026"), self)
        self.paid_button.setObjectName("markPaidButton")
        self.email_button = QPushButton(self.tr("&Email the client a link"), self)
        self.email_button.setObjectName("emailLinkButton")
        self.email_button.setToolTip(self.tr(
            "Emails the client why the payment failed, with a link to their portal account "
            "to add a new card or bank account."))
        self.email_button.setVisible(False)  # shown once mail is known to be set up
        self.can_email = False
        self.link_button = QPushButton(self.tr("Copy the client's &portal link"), self)
        self.link_button.setObjectName("portalLinkButton")
        # A charge waiting for the client's 3-D Secure: the link to confirm it in the portal.
        self.confirm_button = QPushButton(self.tr("Send the client a link to &confirm"), self)
        self.confirm_button.setObjectName("confirmLinkButton")
        self.confirm_button.setToolTip(self.tr(
            "The client's bank asks them to authenticate this payment: the link opens it in "
            "their portal account, where they confirm it and the invoice is paid. Emailed when "
            "the clinic's mail is set up, otherwise copied for you to send."))
        self.confirm_button.setVisible(False)  # shown for a charge waiting for the client
        self.confirm_button.clicked.connect(self.send_confirm_link)
        self.retry_button.clicked.connect(self.retry)
        self.other_button.clicked.connect(self.charge_other)
        self.paid_button.clicked.connect(self.mark_paid)
        self.link_button.clicked.connect(self.copy_link)
        self.email_button.clicked.connect(self.email_link)
        # Two rows (what staff do; what they send the client) keep the dialog narrow in French.
        actions, links = QHBoxLayout(), QHBoxLayout()
        for button in (self.retry_button, self.other_button, self.paid_button):
            actions.addWidget(button)
        for button in (self.confirm_button, self.email_button, self.link_button):
            links.addWidget(button)
        actions.addStretch(1)
        links.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(actions)
        layout.addLayout(links)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(900, 420)
        self.table.itemSelectionChanged.connect(self._enable)
        self.sub_dialog: QDialog | None = None
        self.reload()

    def reload(self) -> None:
        service = self._service
        self._tasks.run(lambda: (service.list(), service.can_email()), on_success=self._show,
                        on_failure=self._presenter.present, key="failed-payments")

    def _show(self, found: tuple[list[FailedPayment], bool]) -> None:
        rows, self.can_email = found
        # The selection follows the invoice, not the row number: after an action the list is
        # sorted anew, and the next Retry or Mark as paid must not land on another client.
        kept = self.selected()
        self.table.clearSelection()
        self.table.setCurrentCell(-1, -1)
        self.email_button.setVisible(self.can_email)
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            reason = (self.tr("The client must confirm this payment (their bank asks them to "
                              "authenticate it).") if row.status is PaymentStatus.REQUIRES_ACTION
                      else debit_failure_text(row.code) if row.method is PaymentMethodKind.PAD
                      else failure_sentence(decline_code=row.code))
            if row.client_emailed:
                reason += " " + self.tr("The client was emailed about it.")
            elif row.client_maybe_not_emailed:
                reason += " " + self.tr("The client may not have been emailed about it.")
            cells = [row.client_name, row.invoice_number,
                     amount_text(row.amount_cents, row.currency),
                     f"{row.method_brand} \u2022\u2022\u2022\u2022 {row.last4}".strip(),
                     reason, row.at.astimezone().strftime("%Y-%m-%d %H:%M")]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()  # the reason wraps in its column: nothing cut off
        again = next((r for r, row in enumerate(rows)
                      if kept is not None and row.invoice_id == kept.invoice_id), None)
        if again is not None:
            self.table.selectRow(again)
        if not rows and not self.status.text():  # an action's outcome stays said
            self.status.setText(self.tr("No failed payments."))
        self._enable()

    def selected(self) -> FailedPayment | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) and \
            self.table.selectionModel().hasSelection() else None

    def _enable(self) -> None:
        row = self.selected()
        on = row is not None
        for button in (self.retry_button, self.other_button, self.paid_button,
                       self.email_button):
            button.setEnabled(on)
        waiting = row is not None and row.status is PaymentStatus.REQUIRES_ACTION
        self.confirm_button.setVisible(waiting)
        self.confirm_button.setEnabled(waiting)

    def _after(self, row: FailedPayment, done: str) -> None:
        self.status.setText(done)
        self.changed.emit(row.client_id)
        self.reload()

    def retry(self) -> None:
        row = self.selected()
        if row is None:
            return
        self._charge(row, None)

    def _charge(self, row: FailedPayment, method_id: int | None) -> None:
        service = self._service

        def done(outcome: object) -> None:
            status = getattr(outcome, "status", None)
            text = (self.tr("Invoice {n}: paid.") if status is PaymentStatus.SUCCEEDED else
                    self.tr("Invoice {n}: bank debit sent.") if status is PaymentStatus.PROCESSING
                    else self.tr("Invoice {n}: the charge failed again."))
            self._after(row, text.replace("{n}", row.invoice_number))

        self._tasks.run(lambda: service.retry(row.invoice_id, method_id), on_success=done,
                        on_failure=lambda e: self._presenter.present(
                            e, title=self.tr("Failed payments")))

    def charge_other(self) -> None:
        row = self.selected()
        if row is None:
            return
        choices = self._billing.charge_choices(row.client_id)
        dialog = QDialog(self)
        dialog.setObjectName("chargeOtherDialog")
        dialog.setWindowTitle(self.tr("Charge another method"))
        combo = QComboBox(dialog)
        combo.setObjectName("otherMethodCombo")
        for method in choices.methods:
            combo.addItem(f"{method.label} \u2022\u2022\u2022\u2022 {method.last4}", method.id)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, dialog)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form = QFormLayout(dialog)
        form.addRow(self.tr("&Method:"), combo)
        form.addRow(buttons)
        dialog.accepted.connect(lambda: self._charge(row, combo.currentData()))
        self.sub_dialog = dialog
        dialog.open()

    def mark_paid(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = QDialog(self)
        dialog.setObjectName("markPaidDialog")
        dialog.setWindowTitle(self.tr("Mark as paid another way"))
        kind = QComboBox(dialog)
        kind.setObjectName("paidKindCombo")
        names = {PaymentMethodKind.CASH: self.tr("Cash"),
                 PaymentMethodKind.CHEQUE: self.tr("Cheque"),
                 PaymentMethodKind.E_TRANSFER: self.tr("E-transfer")}
        for k in PAID_OTHER_WAYS:
            kind.addItem(names[k], k.value)
        reference = QLineEdit(dialog)
        reference.setObjectName("paidReferenceEdit")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, dialog)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form = QFormLayout(dialog)
        form.addRow(self.tr("&Paid by:"), kind)
        form.addRow(self.tr("&Reference:"), reference)
        form.addRow(buttons)
        billing = self._billing

        def record() -> None:
            method = PaymentMethodKind(kind.currentData())
            self._tasks.run(
                lambda: billing.record_payment(row.invoice_id, method, row.amount_cents,
                                               reference=reference.text()),
                on_success=lambda _p: self._after(row, self.tr("Invoice {n}: marked as paid.")
                                                  .replace("{n}", row.invoice_number)),
                on_failure=lambda e: self._presenter.present(e, title=self.tr("Failed "
                                                                              "payments")))

        dialog.accepted.connect(record)
        self.sub_dialog = dialog
        dialog.open()

    def email_link(self) -> None:
        row = self.selected()
        if row is None:
            return
        self._email(row, self.email_button,
                    lambda address: self.tr("Emailed {address}: why the payment of invoice {n} "
                                            "failed, with the link to their portal account.")
                    .replace("{address}", address).replace("{n}", row.invoice_number),
                    lambda prefix: self.copy_link(prefix=prefix))

    def send_confirm_link(self) -> None:
        """Email the client the link to confirm the payment (mail set up), else copy it."""
        row = self.selected()
        if row is None or row.status is not PaymentStatus.REQUIRES_ACTION:
            return
        if not self.can_email:
            self.copy_confirm_link(row)
            return
        self._email(row, self.confirm_button,
                    lambda address: self.tr("Emailed {address} the link to confirm the payment "
                                            "of invoice {n} in their portal account.")
                    .replace("{address}", address).replace("{n}", row.invoice_number),
                    lambda prefix: self.copy_confirm_link(row, prefix=prefix))

    def _email(self, row: FailedPayment, button: QPushButton,
               sent_text: Callable[[str], str], copy_instead: Callable[[str], None]) -> None:
        """Email the client about ``row`` off the UI thread; when it can't go, say why and
        copy the link instead (``copy_instead`` gets the sentence to put before it)."""
        service = self._service
        button.setEnabled(False)
        self.status.setText(self.tr("Sending the email…"))

        def sent(address: object) -> None:
            self._enable()
            self.status.setText(sent_text(str(address)))
            if row.client_maybe_not_emailed:  # now it was: the row says so
                self.reload()

        def not_sent(error: BaseException) -> None:
            self._enable()
            why, hint = self._presenter.texts_for(error)
            copy_instead(self.tr("Not emailed: {why} {hint}")
                         .replace("{why}", why).replace("{hint}", hint).strip())

        self._tasks.run(lambda: service.email_client(row.payment_id), on_success=sent,
                        on_failure=not_sent)

    def copy_confirm_link(self, row: FailedPayment, *, prefix: str = "") -> None:
        link = self._service.confirm_link(row.payment_id)
        lead = f"{prefix}\n" if prefix else ""
        if not link:
            self.status.setText(lead + self.tr("The portal has no public address yet: set it "
                                               "in Settings → Online portal."))
            return
        QGuiApplication.clipboard().setText(link)
        self.status.setText(lead + self.tr("Copied: {link} — send it to the client to confirm "
                                           "the payment of invoice {n} in their portal "
                                           "account.")
                            .replace("{link}", link).replace("{n}", row.invoice_number))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def copy_link(self, _checked: bool = False, *, prefix: str = "") -> None:
        link = self._service.portal_link()
        lead = f"{prefix}\n" if prefix else ""
        if not link:
            self.status.setText(lead + self.tr("The portal has no public address yet: set it "
                                               "in Settings → Online portal."))
            return
        QGuiApplication.clipboard().setText(link)
        self.status.setText(lead + self.tr("Copied: {link} — send it to the client to add a "
                                           "new card or bank account in their portal account.")
                            .replace("{link}", link))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
