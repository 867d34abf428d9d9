"""Marking a session attended in the schedule makes its invoice, and the open profile's
*Billing* tab shows it at once (the change bus), with the service's fee."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from owl_desktop.domain.scheduling import AppointmentStatus
from owl_desktop.ui.billing.tab import BillingTab
from owl_desktop.ui.main_window import MainWindow
from tests.gui.scheduling.helpers import idle, open_first_client, scheduling_ui, set_up_clinic
from tests.gui.windows import OPEN_SERVICES


def test_marking_attended_bills_the_session(qtbot: QtBot,
                                           sqlite_main_window: MainWindow) -> None:
    window = sqlite_main_window
    clinic = set_up_clinic(window)
    client_id = open_first_client(qtbot, window)
    tab: BillingTab = window.billing_ui.tab  # type: ignore[attr-defined]
    window.profile_page.tabs.setCurrentIndex(window.profile_page.tabs.indexOf(tab))
    idle(qtbot, window)
    assert tab.invoices.rowCount() == 0
    # A session that started an hour ago (written directly: the desk books only from now on).
    start = (datetime.now(UTC) - timedelta(hours=1)).replace(second=0, microsecond=0)
    with OPEN_SERVICES[-1].uow_factory() as uow:
        uow.appointments.add(practitioner_id=clinic.practitioner_id, client_id=client_id,
                             service_id=clinic.service_id, start=start,
                             end=start + timedelta(minutes=60), booked_online=False,
                             now=start)
        uow.commit()
    view = scheduling_ui(window).open_schedule()
    local = start.astimezone(clinic.service.rules().zone)
    view.day.setDate(QDate(local.year, local.month, local.day))
    idle(qtbot, window)
    row = next(r for r in range(view.table.rowCount())
               if view.table.item(r, 3) is not None
               and view.table.item(r, 3).text() == "Booked")
    view.table.selectRow(row)
    view.mark_selected(AppointmentStatus.ATTENDED)
    qtbot.waitUntil(lambda: tab.invoices.rowCount() == 1, timeout=10000)
    assert tab.invoices.item(0, 2).text() == "Massage 60"
    assert tab.invoices.item(0, 3).text() == "$95.00"
    assert tab.balance.text() == "Balance: $95.00"
    view.close()
