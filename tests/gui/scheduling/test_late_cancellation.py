"""Cancelling inside the clinic's cancellation notice: the desk asks whether to record a late
cancellation (proposed), cancel without a fee, or keep the appointment."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from owl_desktop.domain.scheduling import AppointmentStatus, BookingRules
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.scheduling.schedule_view import ScheduleView
from tests.gui.scheduling.helpers import DeskClinic, idle, scheduling_ui, set_up_clinic


def book_tomorrow(window: MainWindow, clinic: DeskClinic) -> int:
    zone = clinic.service.rules().zone
    tomorrow = date.today() + timedelta(days=1)
    start = datetime.combine(tomorrow, time(10), tzinfo=zone)
    client_id = window.search_panel.model.summary(0).id  # type: ignore[union-attr]
    return clinic.service.book(clinic.practitioner_id, client_id, clinic.service_id, start).id


def press_delete_on_the_appointment(qtbot: QtBot, window: MainWindow, view: ScheduleView,
                                    appointment_id: int) -> None:
    view.reload()
    idle(qtbot, window)
    assert view._loaded is not None
    row = next(i for i, r in enumerate(view._loaded.rows)
               if r.appointment is not None and r.appointment.id == appointment_id)
    view.activateWindow()
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus)
    view.table.selectRow(row)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    idle(qtbot, window)


def status(clinic: DeskClinic, appointment_id: int) -> AppointmentStatus:
    with clinic.service._uow() as uow:
        return uow.appointments.get(appointment_id).status


def click(qtbot: QtBot, view: ScheduleView, name: str) -> None:
    assert view.late_box is not None
    button = view.late_box.findChild(QPushButton, name)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_cancelling_inside_the_notice_proposes_a_late_cancellation(
        qtbot: QtBot, main_window: MainWindow) -> None:
    window = main_window
    clinic = set_up_clinic(window)
    clinic.service.save_rules(BookingRules(cancellation_notice_hours=24 * 14))
    first, second = book_tomorrow(window, clinic), None
    view = scheduling_ui(window).open_schedule()
    view.day.setDate(QDate.currentDate().addDays(1))

    press_delete_on_the_appointment(qtbot, window, view, first)
    box = view.late_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert box.text() == "This appointment is inside the clinic's cancellation notice."
    assert box.defaultButton().objectName() == "markLateButton"
    assert box.escapeButton().objectName() == "keepAppointmentButton"
    assert status(clinic, first) is AppointmentStatus.BOOKED  # nothing done before the answer
    click(qtbot, view, "markLateButton")
    idle(qtbot, window)
    assert status(clinic, first) is AppointmentStatus.LATE_CANCELLATION
    statuses = [view.table.item(r, 3).text() for r in range(view.table.rowCount())]
    assert "Late cancellation" in statuses

    second = book_tomorrow(window, clinic)  # the time is free again
    press_delete_on_the_appointment(qtbot, window, view, second)
    click(qtbot, view, "keepAppointmentButton")
    idle(qtbot, window)
    assert status(clinic, second) is AppointmentStatus.BOOKED
    press_delete_on_the_appointment(qtbot, window, view, second)
    click(qtbot, view, "cancelWithoutFeeButton")
    idle(qtbot, window)
    assert status(clinic, second) is AppointmentStatus.CANCELLED

    # With the notice given, Delete simply cancels: no question.
    clinic.service.save_rules(BookingRules(cancellation_notice_hours=0))
    third = book_tomorrow(window, clinic)
    view.late_box = None
    press_delete_on_the_appointment(qtbot, window, view, third)
    assert view.late_box is None
    assert status(clinic, third) is AppointmentStatus.CANCELLED
