"""The profile's *Billing* tab through the real window (real widgets, offscreen, real
database): New invoice, Record payment, Void, the balance, receipts saved and opened for
printing; keyboard shortcuts without clashes, in English and French."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from owl_desktop.domain.billing import InvoiceStatus, PaymentMethodKind, PaymentStatus
from owl_desktop.services.demo import seed_demo_clients
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.ui.billing.dialogs import (
    ChargeDialog,
    NewInvoiceDialog,
    RecordPaymentDialog,
    VoidDialog,
)
from owl_desktop.ui.billing.setup import BillingUi
from owl_desktop.ui.billing.tab import BillingTab
from owl_desktop.ui.desk import build_main_window
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.main_window import MainWindow
from tests.gui.mnemonics import clashes, visible_mnemonics
from tests.gui.windows import TestGui, desk_services


def billing_ui(window: MainWindow) -> BillingUi:
    return window.billing_ui  # type: ignore[attr-defined,no-any-return]


def idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.tasks.is_busy(), timeout=10000)


def open_billing(qtbot: QtBot, window: MainWindow) -> BillingTab:
    window.open_client(window.search_panel.model.summary(0).id)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: window.current_client is not None)
    tab = billing_ui(window).tab
    tabs = window.profile_page.tabs
    tabs.setCurrentIndex(tabs.indexOf(tab))
    idle(qtbot, window)
    return tab


def select_row(qtbot: QtBot, tab: BillingTab, table: str, row: int) -> None:
    getattr(tab, table).selectRow(row)
    qtbot.waitUntil(lambda: getattr(tab, table).currentRow() == row)


def new_invoice(qtbot: QtBot, window: MainWindow, tab: BillingTab, description: str,
                amount: float) -> None:
    tab.new_button.click()
    idle(qtbot, window)
    dialog = tab.dialog
    assert isinstance(dialog, NewInvoiceDialog)
    dialog.description.setText(description)
    dialog.amount.setValue(amount)
    dialog.action.click()
    idle(qtbot, window)
    assert not dialog.isVisible()
    idle(qtbot, window)


def test_invoice_record_payment_void_and_receipts(
        qtbot: QtBot, sqlite_main_window: MainWindow, tmp_path: Path) -> None:
    window = sqlite_main_window
    tab = open_billing(qtbot, window)
    assert tab.isVisible()
    assert clashes(window) == {}, visible_mnemonics(window)
    assert not tab.charge_button.isEnabled()  # nothing selected
    assert tab.balance.text() == "Balance: $0.00"

    # A refused invoice keeps what was typed and says why.
    tab.new_button.click()
    idle(qtbot, window)
    dialog = tab.dialog
    assert isinstance(dialog, NewInvoiceDialog)
    assert clashes(dialog) == {}, visible_mnemonics(dialog)
    dialog.amount.setValue(50)
    dialog.action.click()
    idle(qtbot, window)
    assert dialog.isVisible()
    assert dialog.problem.text() == "Enter what the invoice is for."
    dialog.reject()

    new_invoice(qtbot, window, tab, "Orthèse plantaire", 120)
    new_invoice(qtbot, window, tab, "Report for the insurer", 30)
    assert tab.invoices.rowCount() == 2
    assert tab.balance.text() == "Balance: $150.00"

    # Void the report (the newest, first row) with a reason.
    row = next(r for r in range(2) if tab.invoices.item(r, 2).text().startswith("Report"))
    select_row(qtbot, tab, "invoices", row)
    assert tab.void_button.isEnabled()
    tab.void_button.click()
    void = tab.dialog
    assert isinstance(void, VoidDialog)
    void.action.click()  # no reason: refused
    idle(qtbot, window)
    assert void.isVisible()
    void.reason.setText("Made by mistake")
    void.action.click()
    idle(qtbot, window)
    idle(qtbot, window)
    assert tab.balance.text() == "Balance: $120.00"
    voided = next(i for i in tab.overview.invoices if i.status is InvoiceStatus.VOID)  # type: ignore[union-attr]
    assert voided.void_reason == "Made by mistake"

    # Record a cheque for the orthotic.
    row = next(r for r in range(2) if tab.invoices.item(r, 2).text().startswith("Orth"))
    select_row(qtbot, tab, "invoices", row)
    assert tab.record_button.isEnabled()
    tab.record_button.click()
    record = tab.dialog
    assert isinstance(record, RecordPaymentDialog)
    assert record.amount.value() == 120
    record.method_combo.setCurrentIndex(record.method_combo.findData("cheque"))
    record.reference.setText("318")
    record.action.click()
    idle(qtbot, window)
    idle(qtbot, window)
    assert tab.balance.text() == "Balance: $0.00"
    assert tab.payments.rowCount() == 1
    assert tab.payments.item(0, 2).text() == "Cheque (318)"
    assert tab.payments.item(0, 4).text() == "Paid"
    payment = tab.overview.payments[0]  # type: ignore[union-attr]
    assert (payment.method, payment.status) == (PaymentMethodKind.CHEQUE,
                                                PaymentStatus.SUCCEEDED)

    # Receipts: saved where staff choose, and opened in the system viewer to print.
    select_row(qtbot, tab, "payments", 0)
    assert tab.save_receipt_button.isEnabled()
    asked: list[str] = []

    def choose(_parent: object, suggested: str) -> str:
        asked.append(suggested)
        return str(tmp_path / suggested)

    tab.choose_save_path = choose
    tab.save_receipt_button.click()
    idle(qtbot, window)
    assert asked
    assert asked[0].startswith("receipt-")
    saved = tmp_path / asked[0]
    text = PdfReader(io.BytesIO(saved.read_bytes())).pages[0].extract_text()
    assert "$120.00" in text
    assert "Cheque no. 318" in text
    opened: list[QUrl] = []
    tab.open_url = opened.append
    tab.print_receipt_button.click()
    idle(qtbot, window)
    assert len(opened) == 1
    assert opened[0].isLocalFile()
    assert Path(opened[0].toLocalFile()).read_bytes().startswith(b"%PDF")


def test_the_billing_tab_in_french(qtbot: QtBot, sqlite_uow_factory: UnitOfWorkFactory,
                                   translations: Translations) -> None:
    translations.install("fr")
    seed_demo_clients(sqlite_uow_factory)
    window = build_main_window(desk_services(sqlite_uow_factory), TestGui(language="fr"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.search_panel.shown_query is not None)
    tab = open_billing(qtbot, window)
    tabs = window.profile_page.tabs
    assert tabs.tabText(tabs.indexOf(tab)) == "Fact&uration"
    assert tab.new_button.text() == "&Nouvelle facture…"
    assert tab.charge_button.text() == "&Débiter maintenant…"
    assert tab.invoices.horizontalHeaderItem(4).text() == "Dû"
    assert tab.balance.text().startswith("Solde\xa0: 0,00")
    assert clashes(window) == {}, visible_mnemonics(window)
    new_invoice(qtbot, window, tab, "Suivi", 45)
    assert tab.invoices.item(0, 5).text() == "Ouverte"
    select_row(qtbot, tab, "invoices", 0)
    tab.charge_button.click()  # nothing on file can be charged: said so, Charge disabled
    idle(qtbot, window)
    charge = tab.dialog
    assert isinstance(charge, ChargeDialog)
    assert charge.windowTitle() == "Débiter maintenant"
    assert charge.problem.text().startswith("Aucun mode de paiement au dossier")
    assert not charge.action.isEnabled()
    charge.reject()
    tab.new_button.click()
    idle(qtbot, window)
    assert isinstance(tab.dialog, NewInvoiceDialog)
    assert tab.dialog.windowTitle() == "Nouvelle facture"
    assert clashes(tab.dialog) == {}, visible_mnemonics(tab.dialog)
    tab.dialog.reject()
    window.close()


def test_the_keyboard_alone_records_a_payment(qtbot: QtBot,
                                              sqlite_main_window: MainWindow) -> None:
    """Tab into the invoices, pick one with the arrows, Alt+Y for Record payment, type, Enter."""
    from PySide6.QtCore import Qt

    window = sqlite_main_window
    tab = open_billing(qtbot, window)
    new_invoice(qtbot, window, tab, "Suivi", 45)
    window.activateWindow()
    tab.invoices.setFocus()
    qtbot.waitUntil(tab.invoices.hasFocus)
    qtbot.keyClick(tab.invoices, Qt.Key.Key_Home)  # the newest invoice (selected already)
    qtbot.waitUntil(lambda: tab.selected_invoice() is not None)
    assert tab.record_button.isEnabled()
    qtbot.keyClick(tab.invoices, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(tab.dialog, RecordPaymentDialog)
                    and tab.dialog.isVisible())
    dialog = tab.dialog
    assert isinstance(dialog, RecordPaymentDialog)
    qtbot.keyClick(dialog.method_combo, Qt.Key.Key_Return)
    idle(qtbot, window)
    idle(qtbot, window)
    assert not dialog.isVisible()
    assert tab.balance.text() == "Balance: $0.00"
    # Tab goes from the invoices to their actions, then on to the payments.
    window.activateWindow()
    tab.invoices.setFocus()
    qtbot.waitUntil(tab.invoices.hasFocus)
    qtbot.keyClick(tab.invoices, Qt.Key.Key_Tab)
    assert tab.new_button.hasFocus()
    # The invoice is paid: Charge now, Record payment and Void are disabled, so skipped.
    qtbot.keyClick(tab.new_button, Qt.Key.Key_Tab)
    assert tab.payments.hasFocus()
    qtbot.keyClick(tab.payments, Qt.Key.Key_Tab)
    assert tab.save_receipt_button.hasFocus()
