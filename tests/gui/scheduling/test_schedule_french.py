"""The schedule in French: headers, statuses, day names, and the sentence that offers the
next free times when a slot was just taken (its times filled into a translated sentence)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from owl_desktop.domain.scheduling import AppointmentStatus
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.scheduling.pickers import ClientPicker
from tests.gui.scheduling.helpers import idle, open_first_client, scheduling_ui, set_up_clinic


def accept(picker: ClientPicker) -> QDialog.DialogCode:
    return QDialog.DialogCode.Accepted


def test_a_slot_just_taken_offers_the_next_free_times_in_french(
        qtbot: QtBot, main_window: MainWindow, translations: Translations,
        monkeypatch: object) -> None:
    window = main_window
    clinic = set_up_clinic(window)
    client_id = open_first_client(qtbot, window)
    translations.install("fr")
    view = scheduling_ui(window).open_schedule()
    view.day.setDate(QDate.currentDate().addDays(1))
    idle(qtbot, window)
    view.table.selectRow(0)
    row = view.selected()
    assert row is not None
    assert row.appointment is None
    # Another desk books that time while this one is looking at it.
    clinic.service.book(clinic.practitioner_id, client_id, clinic.service_id, row.start)
    monkeypatch.setattr(ClientPicker, "exec", accept)  # type: ignore[attr-defined]
    view.book_selected()
    idle(qtbot, window)
    box = window.presenter.last_box
    assert box is not None
    assert box.text() == "Cette heure vient d’être réservée par quelqu’un d’autre."
    hint = box.informativeText()
    assert re.fullmatch(r"Prochaines heures libres\xa0: \d{4}-\d\d-\d\d \d\d:\d\d"
                        r"(, \d{4}-\d\d-\d\d \d\d:\d\d)*\.", hint), hint
    box.close()


def test_the_schedule_in_french(qtbot: QtBot, main_window: MainWindow,
                                translations: Translations) -> None:
    window = main_window
    clinic = set_up_clinic(window)
    client_id = window.search_panel.model.summary(0).id  # type: ignore[union-attr]
    tomorrow = date.today() + timedelta(days=1)
    zone = clinic.service.rules().zone
    booked = clinic.service.book(clinic.practitioner_id, client_id, clinic.service_id,
                                 datetime.combine(tomorrow, time(10), tzinfo=zone))
    translations.install("fr")
    view = scheduling_ui(window).open_schedule()
    view.day.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    idle(qtbot, window)
    assert view.windowTitle() == "Horaire"
    headers = [view.table.horizontalHeaderItem(c).text() for c in range(4)]
    assert headers == ["Quand", "Client", "Service", "Statut"]
    assert [view.span.itemText(i) for i in range(2)] == ["Jour", "Semaine"]
    rows = {view.table.item(r, 0).text(): view.table.item(r, 3).text()
            for r in range(view.table.rowCount())}
    assert rows["10:00–11:00"] == "Réservé"
    free = [view.table.item(r, 1).text() for r in range(view.table.rowCount())
            if view.table.item(r, 3).text() == ""]
    assert free
    assert set(free) == {"— libre —"}
    clinic.service.mark(booked.id, AppointmentStatus.LATE_CANCELLATION)
    view.span.setCurrentIndex(1)  # the week: the days' names head the grid's columns
    idle(qtbot, window)
    french_days = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche")
    grid = view.grid
    headers = [grid.horizontalHeaderItem(c).text().split("\n")[0] for c in range(7)]
    assert headers == [french_days[(tomorrow + timedelta(days=i)).weekday()] for i in range(7)]
    cells = " ".join(grid.item(r, c).text() for r in range(grid.rowCount())
                     for c in range(7) if grid.item(r, c) is not None)
    assert "libre" in cells
    assert "free" not in cells
    # The late cancellation no longer takes time in the grid; the day view lists it.
    view.span.setCurrentIndex(0)
    idle(qtbot, window)
    statuses = {view.table.item(r, 3).text() for r in range(view.table.rowCount())}
    assert "Annulation tardive" in statuses
