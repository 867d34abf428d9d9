"""Billing → Failed payments at a sandbox desk: after an action the list is sorted anew and the
selection stays on the invoice staff chose (never slides onto another client's row), and each
column — the reason in full, and *When* — fits the dialog without scrolling sideways."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from owl_desktop.composition import Services
from owl_desktop.ui.main_window import MainWindow
from tests.gui.test_autopay_desk import (  # noqa: F401 - the desk fixture
    client_with_card,
    desk,
    invoice,
    ui,
)


def test_the_selection_follows_the_invoice_after_a_retry(
        qtbot: QtBot, desk: tuple[Services, MainWindow]) -> None:  # noqa: F811
    services, window = desk
    qtbot.waitUntil(lambda: services.live.current is not None, timeout=20_000)
    first = invoice(services, client_with_card(services, "Ana", "pm_card_chargeCustomerFail"))
    second = invoice(services, client_with_card(services, "Ben", "pm_card_chargeCustomerFail"))
    services.autopay_runner.run("desk")
    autopay = ui(window)
    autopay.failed_action.trigger()
    failed = autopay.failed_dialog
    assert failed is not None
    qtbot.waitUntil(lambda: failed.table.rowCount() == 2, timeout=10_000)
    row = next(i for i, r in enumerate(failed.rows) if r.invoice_id == first.id)
    before = [r.invoice_id for r in failed.rows]
    failed.table.selectRow(row)
    failed.retry()
    # Ana's new failure is now the newest: the rows swap places.
    qtbot.waitUntil(lambda: [r.invoice_id for r in failed.rows] != before
                    and "failed again" in failed.status.text(), timeout=20_000)
    chosen = failed.selected()
    assert chosen is not None
    assert chosen.invoice_id == first.id, "the selection slid onto another client's invoice"
    assert second.id != chosen.invoice_id


def test_the_reason_wraps_and_when_stays_in_view(
        qtbot: QtBot, desk: tuple[Services, MainWindow]) -> None:  # noqa: F811
    services, window = desk
    qtbot.waitUntil(lambda: services.live.current is not None, timeout=20_000)
    invoice(services, client_with_card(services, "Cy", "pm_card_chargeCustomerFail"))
    services.autopay_runner.run("desk")
    autopay = ui(window)
    autopay.failed_action.trigger()
    failed = autopay.failed_dialog
    assert failed is not None
    qtbot.waitUntil(lambda: failed.table.rowCount() == 1, timeout=10_000)
    qtbot.waitExposed(failed)
    qtbot.wait(50)  # the header lays its sections out on the event loop
    header = failed.table.horizontalHeader()
    viewport = failed.table.viewport().width()
    last = failed.table.columnCount() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= viewport
    assert not failed.table.horizontalScrollBar().isVisible()
    reason = failed.table.item(0, 4).text()
    metrics = failed.table.fontMetrics()
    assert metrics.horizontalAdvance(reason) > header.sectionSize(4)  # long: it must wrap
    assert failed.table.rowHeight(0) >= 2 * metrics.lineSpacing()


def test_run_autopay_now_hidden_with_escape_and_asked_again_shows_the_same_run(
        qtbot: QtBot, desk: tuple[Services, MainWindow]) -> None:  # noqa: F811
    services, window = desk
    qtbot.waitUntil(lambda: services.live.current is not None, timeout=20_000)
    bill = invoice(services, client_with_card(services, "Dee"))
    autopay = ui(window)
    autopay.run_action.trigger()
    first = autopay.run_dialog
    assert first is not None
    first.reject()  # Escape: the run goes on in the background
    autopay.run_action.trigger()  # pressed again at once
    assert autopay.run_dialog is first
    assert first.isVisible()
    qtbot.waitUntil(lambda: first.summary is not None, timeout=30_000)
    assert not first.summary.busy
    assert first.status.text().startswith("Done, 1 invoice: 1 paid")
    with services.uow_factory() as uow:
        assert [p.status.value for p in uow.payments.for_invoice(bill.id)] == ["succeeded"]
    first.close()
    autopay.run_action.trigger()  # a finished run: a new one
    assert autopay.run_dialog is not first


def test_a_charge_not_sent_is_not_called_failed(
        qtbot: QtBot, desk: tuple[Services, MainWindow]) -> None:  # noqa: F811
    """Stripe out of reach: the charge waits and the next run sends it; the summary says so
    rather than count it failed and send staff to Failed payments, where it isn't."""
    services, window = desk
    qtbot.waitUntil(lambda: services.live.current is not None, timeout=20_000)
    invoice(services, client_with_card(services, "Eli"))
    controls = services.sandbox_controls
    assert controls is not None
    controls.go_offline()
    try:
        autopay = ui(window)
        autopay.run_action.trigger()
        dialog = autopay.run_dialog
        assert dialog is not None
        qtbot.waitUntil(lambda: dialog.summary is not None, timeout=60_000)
    finally:
        controls.go_online()
    assert dialog.status.text() == (
        "Done, 1 invoice: 0 paid, 0 bank debits sent, 0 failed, 0 skipped. 1 not sent (Stripe "
        "couldn't be reached), to be sent by the next run.")
