"""The week as a grid: days as columns, times as rows, appointments as blocks spanning their
length; the keyboard moves from cell to cell and books, cancels and marks there."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from owl_desktop.domain.scheduling import AppointmentStatus, BookingRules
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.scheduling.pickers import ClientPicker
from tests.gui.scheduling.helpers import idle, open_first_client, scheduling_ui, set_up_clinic

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def accept(picker: ClientPicker) -> QDialog.DialogCode:
    return QDialog.DialogCode.Accepted


def test_the_week_grid(qtbot: QtBot, main_window: MainWindow, monkeypatch: object) -> None:
    window = main_window
    clinic = set_up_clinic(window)
    clinic.service.save_rules(BookingRules(cancellation_notice_hours=0))
    client_id = open_first_client(qtbot, window)
    tomorrow = date.today() + timedelta(days=1)
    zone = clinic.service.rules().zone
    booked = clinic.service.book(clinic.practitioner_id, client_id, clinic.service_id,
                                 datetime.combine(tomorrow, time(10), tzinfo=zone))
    view = scheduling_ui(window).open_schedule()
    view.day.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    idle(qtbot, window)
    view.span.setCurrentIndex(1)
    idle(qtbot, window)
    grid = view.grid
    assert grid.isVisible()
    assert not view.table.isVisible()
    assert grid.columnCount() == 7
    headers = [grid.horizontalHeaderItem(c).text() for c in range(7)]
    assert [h.split("\n")[0] for h in headers] == [
        DAYS[(tomorrow + timedelta(days=i)).weekday()] for i in range(7)]
    times = [grid.verticalHeaderItem(r).text() for r in range(grid.rowCount())]
    assert times[0] == "00:00"
    assert "10:00" in times
    assert "10:30" in times
    ten = times.index("10:00")
    client_name = window.current_client.full_name  # type: ignore[union-attr]
    assert client_name in grid.item(ten, 0).text()
    assert "Booked" in grid.item(ten, 0).text()
    assert grid.rowSpan(ten, 0) == 2  # 10:00–11:00 over the 10:00 and 10:30 rows
    assert "free" in grid.item(ten, 1).text()

    # The keyboard: from the appointment, Right goes to the same time the next day; Enter
    # books it.
    monkeypatch.setattr(ClientPicker, "exec", accept)  # type: ignore[attr-defined]
    view.activateWindow()
    grid.setFocus()
    qtbot.waitUntil(grid.hasFocus)
    grid.setCurrentCell(ten, 0)
    selected = view.selected()
    assert selected is not None
    assert selected.appointment is not None
    assert selected.appointment.id == booked.id
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert (grid.currentRow(), grid.currentColumn()) == (ten, 1)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    idle(qtbot, window)
    assert client_name in grid.item(ten, 1).text()
    assert grid.rowSpan(ten, 1) == 2

    # Delete on a block cancels it: its time is free again in the grid.
    grid.setFocus()
    grid.setCurrentCell(ten, 0)
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    idle(qtbot, window)
    appointments = clinic.service.client_appointments(client_id)
    assert {a.id: a.status for a in appointments}[booked.id] is AppointmentStatus.CANCELLED
    assert "free" in grid.item(ten, 0).text()
    assert grid.rowSpan(ten, 0) == 1
