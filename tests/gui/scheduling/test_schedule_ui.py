"""Scheduling at the desk, driven through the real window: Settings → Services and
Practitioners, the schedule view (book with the keyboard, mark attendance, cancel), and the
client's Appointments tab."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from owl_desktop.domain.scheduling import AppointmentStatus, BookingRules
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.scheduling.pickers import ClientPicker
from owl_desktop.ui.scheduling.setup import SchedulingUi


def scheduling_ui(window: MainWindow) -> SchedulingUi:
    assert window.findChild(type(window.edit_action), "scheduleAction") is not None
    return window.scheduling_ui  # type: ignore[attr-defined,no-any-return]


def idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.tasks.is_busy(), timeout=5000)


def test_set_up_book_mark_and_see_it_on_the_profile(qtbot: QtBot, main_window: MainWindow,
                                                     monkeypatch: object) -> None:
    window = main_window
    ui = scheduling_ui(window)
    services = ui.open_services()
    idle(qtbot, window)
    services.name_en.setText("Massage 60")
    services.name_fr.setText("Massage 60")
    services.duration.setValue(60)
    services.fee.setValue(95)
    qtbot.mouseClick(services.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    assert services.list.count() == 1
    services.close()

    dialog = ui.open_practitioners()
    idle(qtbot, window)
    dialog.name.setText("Dr. Anne Roy")
    dialog.offered.item(0).setCheckState(Qt.CheckState.Checked)
    for field in dialog.hours:
        field.setText("00:00-24:00")  # whatever time the test runs, there are slots ahead
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    assert dialog.problem.text() == ""
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == ["Dr. Anne Roy"]
    dialog.close()

    window.open_client(window.search_panel.model.summary(0).id)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: window.current_client is not None)
    client = window.current_client
    assert client is not None
    view = ui.open_schedule()
    view.day.setDate(QDate.currentDate().addDays(1))
    idle(qtbot, window)
    assert view.table.rowCount() > 0
    assert view.table.item(0, 1).text() == "— free —"

    def choose_open_client(picker: ClientPicker) -> QDialog.DialogCode:
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ClientPicker, "exec", choose_open_client)  # type: ignore[attr-defined]
    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    idle(qtbot, window)
    assert view.table.item(0, 1).text() == client.full_name
    assert view.table.item(0, 3).text() == "Booked"
    ui.tab.reload()
    idle(qtbot, window)
    assert ui.tab.table.rowCount() == 1
    assert ui.tab.table.item(0, 3).text() == "Booked"

    # Attendance is for appointments that have started: the service says so, plainly.
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    idle(qtbot, window)
    assert window.presenter.last_box is not None
    assert "once the appointment has started" in window.presenter.last_box.text()
    window.presenter.last_box.close()

    # With the notice given (none required here), Delete cancels without a question.
    ui._service.save_rules(BookingRules(cancellation_notice_hours=0))
    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    idle(qtbot, window)
    statuses = [view.table.item(r, 3).text() for r in range(view.table.rowCount())]
    assert "Cancelled" in statuses
    appointments = window.scheduling_ui._service.client_appointments(client.id)  # type: ignore[attr-defined]
    assert [a.status for a in appointments] == [AppointmentStatus.CANCELLED]
    assert appointments[0].starts_at > datetime.now().astimezone() - timedelta(days=1)


def test_booking_rules_dialog_saves(qtbot: QtBot, main_window: MainWindow) -> None:
    window = main_window
    ui = scheduling_ui(window)
    dialog = ui.open_rules()
    idle(qtbot, window)
    assert dialog.zone.currentText() == "America/Toronto"
    dialog.zone.setCurrentText("America/Halifax")
    dialog.on_save()
    idle(qtbot, window)
    assert ui._service.rules().time_zone == "America/Halifax"
