"""Autopay at a sandbox-mode desk with its own Stripe double: Billing → Run autopay now (the
progress lines and the summary), Billing → Failed payments (the reason in plain words; charge
another method), Billing → Refund a payment (part, with the administrator's passphrase), and
Settings → Payments setting the passphrase once and switching to automatic processing
(clients affected said)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import stripe
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from owl_desktop.composition import Services, build_services
from owl_desktop.config import load_config
from owl_desktop.domain.admin_history import parse_detail
from owl_desktop.domain.autopay import ALWAYS, AUTOMATIC
from owl_desktop.domain.billing import Invoice, InvoiceDraft, PaymentStatus
from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.ui.application import GuiSession
from owl_desktop.ui.autopay.setup import AutopayUi
from owl_desktop.ui.desk import build_main_window
from owl_desktop.ui.main_window import MainWindow

PASSPHRASE = "front desk admin 2026"


@pytest.fixture
def desk(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[Services, MainWindow]]:
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


def ui(window: MainWindow) -> AutopayUi:
    found = window.autopay_ui  # type: ignore[attr-defined]
    assert isinstance(found, AutopayUi)
    return found


def client_with_card(services: Services, first: str, card: str = "pm_card_visa") -> int:
    client = services.client_service.create(ClientDraft(first, "Autopay", "", "", Address()))
    parts = services.live.current
    assert parts is not None
    intent = parts.payment_methods.start_setup(client.id, "card")
    creds = services.credentials.credentials()
    assert creds is not None
    sc = stripe.StripeClient(creds.secret_key,
                             base_addresses={"api": str(parts.gateway.api_base)})
    sc.v1.setup_intents.confirm(intent.id, params={"payment_method": card})
    parts.payment_methods.complete_setup(client.id, intent.id)
    services.autopay.set_mode(client.id, ALWAYS)
    return client.id


def invoice(services: Services, client_id: int, cents: int = 80_00) -> Invoice:
    return services.billing.make_invoice(InvoiceDraft(client_id, "Massage 60", cents,
                                                      date(2026, 12, 1)))


def test_run_now_then_failed_payments_then_a_refund(qtbot: QtBot,
                                                    desk: tuple[Services, MainWindow]) -> None:
    services, window = desk
    qtbot.waitUntil(lambda: services.live.current is not None, timeout=20_000)
    paid = invoice(services, client_with_card(services, "Ada"))
    declined = invoice(services, client_with_card(services, "Bo", "pm_card_chargeCustomerFail"),
                       45_00)
    autopay = ui(window)
    assert [a.text() for a in window.billing_menu.actions()][-4:] == [  # type: ignore[attr-defined]
        "&Run autopay now\u2026", "&Failed payments\u2026", "Re&fund a payment\u2026",
        "A&dministrator history\u2026"]
    autopay.run_action.trigger()
    dialog = autopay.run_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=30_000)
    assert dialog.status.text() == ("Done, 2 invoices: 1 paid, 0 bank debits sent, 1 failed, "
                                    "0 skipped. Failed payments are listed in Billing → Failed "
                                    "payments.")
    lines = [dialog.lines.item(i).text() for i in range(dialog.lines.count())]
    assert f"Invoice {paid.number} ($80.00): Paid." in lines
    assert any(line.startswith(f"Invoice {declined.number} ($45.00): ") and "declined" in
               line for line in lines), lines
    # Each line whole: wrapped in the list's width, no sideways scrolling.
    assert not dialog.lines.horizontalScrollBar().isVisible()
    view = dialog.lines
    for i in range(view.count()):
        assert view.visualItemRect(view.item(i)).right() <= view.viewport().width()
    dialog.close()

    autopay.failed_action.trigger()
    failed = autopay.failed_dialog
    assert failed is not None
    qtbot.waitUntil(lambda: failed.table.rowCount() == 1, timeout=10_000)
    assert failed.table.item(0, 0).text() == "Bo Autopay"
    assert failed.table.item(0, 1).text() == declined.number
    assert "declined" in failed.table.item(0, 4).text()
    failed.table.selectRow(0)
    assert failed.retry_button.isEnabled()
    # A new card for Bo, charged from here ("charge another method").
    parts = services.live.current
    assert parts is not None
    creds = services.credentials.credentials()
    assert creds is not None
    sc = stripe.StripeClient(creds.secret_key, base_addresses={"api": str(parts.gateway.api_base)})
    intent = parts.payment_methods.start_setup(declined.client_id, "card")
    sc.v1.setup_intents.confirm(intent.id, params={"payment_method": "pm_card_mastercard"})
    parts.payment_methods.complete_setup(declined.client_id, intent.id)
    failed.charge_other()
    other = failed.sub_dialog
    assert other is not None
    combo = other.findChild(QComboBox, "otherMethodCombo")
    assert combo is not None
    combo.setCurrentIndex(combo.findText("Mastercard", Qt.MatchFlag.MatchStartsWith))
    other.accept()
    qtbot.waitUntil(lambda: failed.table.rowCount() == 0, timeout=20_000)
    assert failed.status.text() == f"Invoice {declined.number}: paid."
    failed.close()

    services.admin.set_once(PASSPHRASE)
    autopay.refund_action.trigger()
    refunds = autopay.refunds_dialog
    assert refunds is not None
    qtbot.waitUntil(lambda: len(refunds.rows) == 2, timeout=10_000)
    row = next(i for i, r in enumerate(refunds.rows) if r.payment.invoice_id == paid.id)
    refunds.list.setCurrentRow(row)
    refund = refunds.open_refund()
    assert refund is not None
    assert refund.amount.text() == "$80.00"  # as the Billing tab writes amounts
    refund.amount.setValue(30.00)
    refund.passphrase.setText("not it")
    refund.refund_button.click()
    qtbot.waitUntil(refund.problem.isVisible, timeout=10_000)
    assert refund.problem.text() == ("That isn't the clinic administrator's passphrase. Ask "
                                     "the clinic administrator to enter it.")
    refund.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(refund.refunded, timeout=20_000) as done:
        refund.refund_button.click()
    assert (done.args[0].amount, done.args[0].status) == (30_00, "succeeded")
    with services.uow_factory() as uow:
        payments = uow.payments.for_invoice(paid.id)
    assert [p.status for p in payments] == [PaymentStatus.SUCCEEDED]
    assert services.refunds.left_to_refund(payments[0].payment_intent_id, 80_00) == 50_00


def test_settings_set_the_passphrase_once_and_switch_to_automatic(
        qtbot: QtBot, desk: tuple[Services, MainWindow]) -> None:
    services, window = desk
    following = services.autopay.clients_following_clinic()
    assert following > 0  # the demo clients follow the clinic
    dialog = window.billing_ui.open_settings()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.loaded and dialog.affected == following, timeout=10_000)
    assert dialog.processing.currentText() == "Process manually"
    dialog.processing.setCurrentIndex(dialog.processing.findData(AUTOMATIC))
    assert dialog.affected_label.text() == (
        f"{following} clients following the clinic will be charged automatically every "
        "night.")
    dialog.hour.setCurrentIndex(dialog.hour.findData(3))
    dialog.save()
    ask = dialog.passphrase_dialog
    assert ask is not None
    assert ask.setting  # not set yet: typed twice
    ask.edit.setText(PASSPHRASE)
    ask.again.setText(PASSPHRASE + "x")
    ask.buttons.button(ask.buttons.StandardButton.Ok).click()
    assert ask.problem.text() == "The two passphrases differ."
    ask.again.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        ask.buttons.button(ask.buttons.StandardButton.Ok).click()
    assert services.autopay.processing() == AUTOMATIC
    assert services.payment_settings.load().autopay_hour == 3
    history = [(e.action, parse_detail(e.detail)) for e in services.admin.history()]
    assert history[0] == ("payment_settings", {"changes": {"processing": ["manual", "automatic"],
                                                           "autopay_hour": [2, 3]}})
    assert history[1] == ("passphrase_set", {})


def test_refund_from_the_profiles_billing_tab(qtbot: QtBot,
                                              desk: tuple[Services, MainWindow]) -> None:
    services, window = desk
    qtbot.waitUntil(lambda: services.live.current is not None, timeout=20_000)
    client = client_with_card(services, "Cleo")
    bill = invoice(services, client, 60_00)
    with services.uow_factory() as uow:
        method = uow.payment_methods.list_for_client(client)[0]
    services.billing.charge_now(bill.id, method.id)
    services.admin.set_once(PASSPHRASE)
    window.open_client(client)
    qtbot.waitUntil(lambda: window.current_client is not None)
    tab = window.billing_ui.tab  # type: ignore[attr-defined]
    tabs = window.profile_page.tabs
    tabs.setCurrentIndex(tabs.indexOf(tab))
    qtbot.waitUntil(lambda: tab.payments.rowCount() == 1, timeout=10_000)
    button = ui(window).tab_refund_button
    assert button is not None
    assert button.isVisible()
    tab.payments.selectRow(0)  # the tab selects the newest payment itself, too
    qtbot.waitUntil(button.isEnabled)
    button.click()
    qtbot.waitUntil(lambda: ui(window).refund_dialog is not None, timeout=10_000)
    refund = ui(window).refund_dialog
    assert refund is not None
    assert refund.amount.value() == 60.00  # all that is left, by default
    refund.reason.setCurrentIndex(refund.reason.findData("duplicate"))
    refund.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(refund.refunded, timeout=20_000) as done:
        refund.refund_button.click()
    assert (done.args[0].amount, done.args[0].reason) == (60_00, "duplicate")
    with services.uow_factory() as uow:
        trail = [e.action for e in uow.audit.list_for_client(client)]
    assert trail[0] == "refund"
