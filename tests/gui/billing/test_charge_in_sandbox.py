"""*Charge now* and the Sandbox menu's *Fast-forward bank debits* on a sandbox-mode desk (its
own Stripe double over HTTP, real widgets): a card charged, a declined card's sentence with the
dialog left open for another method, a PAD debit processing then settled by the menu and the
sync; the history names the charges."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import stripe
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from owl_desktop.composition import Services, build_services
from owl_desktop.config import load_config
from owl_desktop.domain.billing import InvoiceDraft, PaymentStatus
from owl_desktop.domain.payment_methods import StoredPaymentMethod
from owl_desktop.sandbox.desk import SANDBOX_SECRET_KEY
from owl_desktop.ui.application import GuiSession
from owl_desktop.ui.billing.dialogs import ChargeDialog
from owl_desktop.ui.billing.tab import BillingTab
from owl_desktop.ui.desk import build_main_window
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.payment_methods.audit_model import entry_action_text
from owl_desktop.ui.sandbox_menu import SandboxMenu


@pytest.fixture
def sandbox_desk(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[Services, MainWindow]]:
    config = load_config(["--sandbox", "--data-dir", str(tmp_path), "--lang", "en"],
                         {"OWL_DESK": "front"})
    services = build_services(config)
    gui = GuiSession(config)
    window = build_main_window(services, gui)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield services, window
    window.close()
    services.close()
    gui.close()


def idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.tasks.is_busy(), timeout=20000)


def saved(services: Services, client_id: int, kind: str, pm: str = "") -> StoredPaymentMethod:
    """A method saved for the client, confirmed at the double as Stripe.js would."""
    methods = services.payment_methods
    controls = services.sandbox_controls
    assert methods is not None
    assert controls is not None
    api = stripe.StripeClient(SANDBOX_SECRET_KEY, base_addresses={"api": controls.server.url},
                              max_network_retries=0)
    si = methods.start_setup(client_id, kind)  # type: ignore[arg-type]
    if kind == "card":
        api.v1.setup_intents.confirm(si.id, params={"payment_method": pm})
    else:
        api.v1.setup_intents.confirm(si.id, params={
            "payment_method_data": {"type": "acss_debit", "acss_debit": {
                "institution_number": "000", "transit_number": "11000",
                "account_number": "000123456789"},
                "billing_details": {"name": "Client", "email": "client@example.com"}},
            "mandate_data": {"customer_acceptance": {"type": "offline"}}})
        api.v1.setup_intents.verify_microdeposits(si.id, params={"amounts": [32, 45]})
    return methods.complete_setup(client_id, si.id)


def open_billing(qtbot: QtBot, window: MainWindow, client_id: int) -> BillingTab:
    window.open_client(client_id)
    qtbot.waitUntil(lambda: window.current_client is not None
                    and window.current_client.id == client_id)
    tab: BillingTab = window.billing_ui.tab  # type: ignore[attr-defined]
    window.profile_page.tabs.setCurrentIndex(window.profile_page.tabs.indexOf(tab))
    idle(qtbot, window)
    return tab


def charge_dialog(qtbot: QtBot, window: MainWindow, tab: BillingTab, row: int) -> ChargeDialog:
    tab.invoices.selectRow(row)
    tab.charge_button.click()
    idle(qtbot, window)
    dialog = tab.dialog
    assert isinstance(dialog, ChargeDialog)
    return dialog


def test_charge_a_card_then_a_declined_card_then_a_bank_debit_fast_forwarded(
        qtbot: QtBot, sandbox_desk: tuple[Services, MainWindow]) -> None:
    services, window = sandbox_desk
    client_id = next(c.id for c in services.client_service.search("", limit=50)
                     if services.client_service.get(c.id).has_valid_email)
    declining = saved(services, client_id, "card", "pm_card_chargeCustomerFail")
    visa = saved(services, client_id, "card", "pm_card_visa")
    for amount in (95_00, 40_00):
        services.billing.make_invoice(InvoiceDraft(client_id, "Massage 60", amount,
                                                   date.today()))
    tab = open_billing(qtbot, window, client_id)
    assert tab.balance.text() == "Balance: $135.00"

    # The declining card is the default (the first usable one): preselected.
    dialog = charge_dialog(qtbot, window, tab, 0)
    assert dialog.method_combo.currentData() == declining.id
    assert dialog.method_combo.currentText().endswith("(default)")
    assert dialog.method_combo.count() == 2
    dialog.action.click()
    idle(qtbot, window)
    assert dialog.isVisible()  # declined: staff may choose another method
    assert dialog.problem.text().startswith("The card was declined.")
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData(visa.id))
    dialog.action.click()
    idle(qtbot, window)
    assert not dialog.isVisible()
    idle(qtbot, window)
    statuses = [p.status for p in tab.overview.payments]  # type: ignore[union-attr]
    assert statuses == [PaymentStatus.SUCCEEDED, PaymentStatus.FAILED]
    assert tab.payments.item(1, 4).text().startswith("Failed: The card was declined.")

    # A bank debit: processing until the Sandbox menu fast-forwards it and a sync runs.
    bank = saved(services, client_id, "acss_debit")
    idle(qtbot, window)
    row = next(r for r in range(tab.invoices.rowCount())
               if tab.invoices.item(r, 5).text() == "Open")
    dialog = charge_dialog(qtbot, window, tab, row)
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData(bank.id))
    dialog.action.click()
    idle(qtbot, window)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: tab.overview is not None and tab.overview.payments[0].status
                    is PaymentStatus.PROCESSING, timeout=20000)
    assert tab.payments.item(0, 4).text() == "Processing"
    menu = window.findChild(QMenu, "sandboxMenu")
    assert isinstance(menu, SandboxMenu)
    menu.settle_action.trigger()
    qtbot.waitUntil(lambda: tab.overview is not None and tab.overview.payments[0].status
                    is PaymentStatus.SUCCEEDED, timeout=30000)
    qtbot.waitUntil(lambda: tab.balance.text() == "Balance: $0.00", timeout=10000)

    # The history names each step, with who and which desk.
    trail = services.audit.list_for_client(client_id)
    texts = [entry_action_text(e) for e in trail]
    assert any(t.startswith("Charge declined (invoice") for t in texts), texts
    assert any(t.startswith("Charged (invoice") for t in texts), texts
    assert any(t.startswith("Bank debit sent (invoice") for t in texts), texts
    assert any(t.startswith("Bank debit settled (invoice") for t in texts), texts
    charged = next(e for e in trail if entry_action_text(e).startswith("Charged"))
    assert charged.desk == "front"
