"""The schedule at the desk: one practitioner's day (a list in time order) or week (a grid:
days as columns, times as rows, appointments as blocks; ``week_grid.py``), appointments and
free slots, with every action on the keyboard (arrow keys move between the grid's cells).

Enter on a free slot books it (for the client chosen in the dialog, the open client first);
on an appointment: M moves it, Delete cancels it, A / N / L mark it attended, no-show or late
cancellation. Page Up / Page Down go to the previous / next day (or week); T goes to today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.domain.scheduling import Appointment, AppointmentStatus, Practitioner, Service
from owl_desktop.errors import SlotTakenError
from owl_desktop.services.clients import ClientService
from owl_desktop.services.scheduling import SchedulingService
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.scheduling.late_cancellation import late_cancellation_box
from owl_desktop.ui.scheduling.pickers import ClientPicker, SlotPicker
from owl_desktop.ui.scheduling.texts import local_time, status_text
from owl_desktop.ui.scheduling.week_grid import fill_grid, make_grid
from owl_desktop.ui.tasks import TaskRunner

LOAD_KEY = "schedule-load"


@dataclass(frozen=True)
class Row:
    """One line of the view: an appointment, or a free start (``appointment`` None)."""

    start: datetime
    appointment: Appointment | None


@dataclass(frozen=True)
class Loaded:
    practitioners: list[Practitioner]
    services: list[Service]
    zone: ZoneInfo
    rows: list[Row]


class ScheduleView(QDialog):
    """Signals:
        changed(object): a ``frozenset[int]`` of clients whose appointments changed here.
    """

    changed = Signal(object)

    def __init__(self, service: SchedulingService, clients: ClientService, tasks: TaskRunner,
                 presenter: ErrorPresenter, *, current_client: Any = None,
                 language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleView")
        self.setWindowTitle(self.tr("Schedule"))
        self._service, self._clients = service, clients
        self._tasks, self._presenter = tasks, presenter
        self._current_client = current_client  # () -> Client | None
        self._language = language
        self._loaded: Loaded | None = None
        self.late_box: QMessageBox | None = None  # the last late-cancellation question
        self.practitioner = QComboBox(self)
        self.practitioner.setObjectName("schedulePractitioner")
        self.service_box = QComboBox(self)
        self.service_box.setObjectName("scheduleService")
        for box in (self.practitioner, self.service_box):  # whole names, not "Dr. Anne Ro"
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDate(QDate.currentDate())
        self.span = QComboBox(self)
        self.span.addItem(self.tr("Day"), 1)
        self.span.addItem(self.tr("Week"), 7)
        today = QPushButton(self.tr("&Today"), self)
        today.setAutoDefault(False)  # Enter books or moves the selected line, never this
        today.clicked.connect(self.on_today_clicked)
        bar = QHBoxLayout()
        for label, widget in ((self.tr("&Practitioner:"), self.practitioner),
                              (self.tr("S&ervice:"), self.service_box),
                              (self.tr("&Date:"), self.day)):
            buddy = QLabel(label, self)
            buddy.setBuddy(widget)
            bar.addWidget(buddy)
            bar.addWidget(widget)
        bar.addWidget(self.span)
        bar.addWidget(today)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("scheduleTable")
        self.table.setHorizontalHeaderLabels([self.tr("When"), self.tr("Client"),
                                              self.tr("Service"), self.tr("Status")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # The client's and the service's names take the width; times and statuses fit.
        header = self.table.horizontalHeader()
        for column, mode in ((0, QHeaderView.ResizeMode.ResizeToContents),
                             (1, QHeaderView.ResizeMode.Stretch),
                             (2, QHeaderView.ResizeMode.Stretch),
                             (3, QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        self.table.verticalHeader().setVisible(False)
        self.table.activated.connect(lambda _index: self.act_on_selection())
        self.grid = make_grid(self)  # the week
        self.grid.activated.connect(lambda _index: self.act_on_selection())
        self.grid.hide()
        self._cells: dict[tuple[int, int], Row] = {}
        self.hint = QLabel(self.tr("Enter: book or move · M: move · Delete: cancel · A: "
                                   "attended · N: no-show · L: late cancellation"), self)
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.hint)
        self._actions()
        self.practitioner.currentIndexChanged.connect(lambda _i: self.reload())
        self.service_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.day.dateChanged.connect(lambda _d: self.reload())
        self.span.currentIndexChanged.connect(lambda _i: self.reload())
        self.resize(820, 560)  # fits a 900×600 screen with its title bar
        self.reload()

    def _actions(self) -> None:
        def add(text: str, keys: QKeySequence | QKeySequence.StandardKey | str,
                slot: Any) -> QAction:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            self.addAction(action)
            self.table.addAction(action)
            self.grid.addAction(action)
            return action

        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.book_action = add(self.tr("&Book…"), "Ctrl+B", self.book_selected)
        self.move_action = add(self.tr("&Move…"), "M", self.move_selected)
        self.cancel_action = add(self.tr("&Cancel appointment"), QKeySequence.StandardKey.Delete,
                                 self.cancel_selected)
        self.attended_action = add(self.tr("Mark &attended"), "A",
                                   lambda: self.mark_selected(AppointmentStatus.ATTENDED))
        self.no_show_action = add(self.tr("Mark &no-show"), "N",
                                  lambda: self.mark_selected(AppointmentStatus.NO_SHOW))
        self.late_action = add(self.tr("Mark &late cancellation"), "L",
                               lambda: self.mark_selected(AppointmentStatus.LATE_CANCELLATION))
        add(self.tr("Previous"), QKeySequence.StandardKey.MoveToPreviousPage,
            lambda: self._step(-1))
        add(self.tr("Next"), QKeySequence.StandardKey.MoveToNextPage, lambda: self._step(1))
        add(self.tr("Today"), "T", self.on_today_clicked)

    # loading
    @property
    def first_day(self) -> date:
        picked = self.day.date()
        return date(picked.year(), picked.month(), picked.day())

    def reload(self) -> None:
        service = self._service
        pid = self.practitioner.currentData()
        sid = self.service_box.currentData()
        first = self.first_day
        last = first + timedelta(days=int(self.span.currentData()) - 1)

        def load() -> Loaded:
            practitioners = service.practitioners(include_inactive=False)
            services = service.services(include_inactive=False)
            zone = service.rules().zone
            chosen = pid if pid in [p.id for p in practitioners] else (
                practitioners[0].id if practitioners else None)
            rows: list[Row] = []
            if chosen is not None:
                offered = [s.id for s in services
                           if s.id in next(p for p in practitioners if p.id == chosen).service_ids]
                rows = [Row(a.starts_at, a) for a in service.appointments(chosen, first, last)]
                use = sid if sid in offered else (offered[0] if offered else None)
                if use is not None:
                    rows += [Row(s, None) for s in service.free_slots(chosen, use, first, last)]
            rows.sort(key=lambda r: (r.start, r.appointment is None))
            return Loaded(practitioners, services, zone, rows)

        self._tasks.run(load, on_success=self._show, key=LOAD_KEY)

    def _show(self, loaded: Loaded) -> None:
        self._loaded = loaded
        for box, items in ((self.practitioner, [(p.name, p.id) for p in loaded.practitioners]),
                           (self.service_box, self._offered(loaded))):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            for text, value in items:
                box.addItem(text, value)
            index = box.findData(current)
            box.setCurrentIndex(index if index >= 0 else 0)
            box.blockSignals(False)
        week = int(self.span.currentData()) > 1
        focused = self.table.hasFocus() or self.grid.hasFocus()
        self.grid.setVisible(week)
        self.table.setVisible(not week)
        if focused:  # the keyboard stays on the schedule when switching day / week
            (self.grid if week else self.table).setFocus()
        if week:
            self._show_grid(loaded)
            return
        selected = self.table.currentRow()
        self.table.setRowCount(len(loaded.rows))
        for i, row in enumerate(loaded.rows):
            when = local_time(row.start, loaded.zone)
            a = row.appointment
            cells = [when, self.tr("— free —"), "", ""] if a is None else [
                f"{when}–{local_time(a.ends_at, loaded.zone)}", a.client_name,
                a.service_name_fr if self._language.startswith("fr") else a.service_name_en,
                status_text(a.status) + (self.tr(" (online)") if a.booked_online else "")]
            for column, text in enumerate(cells):
                self.table.setItem(i, column, QTableWidgetItem(text))
        if loaded.rows:
            self.table.selectRow(min(max(selected, 0), len(loaded.rows) - 1))

    def _show_grid(self, loaded: Loaded) -> None:
        row, column = self.grid.currentRow(), self.grid.currentColumn()
        self._cells = fill_grid(self.grid, loaded.rows, self.first_day, loaded.zone,
                                self._language)
        if (row, column) not in self._cells and self._cells:
            row, column = min(self._cells, key=lambda cell: (cell[1], cell[0]))
        if self.grid.rowCount():
            self.grid.setCurrentCell(max(row, 0), max(column, 0))

    def _offered(self, loaded: Loaded) -> list[tuple[str, int]]:
        pid = self.practitioner.currentData()
        chosen = next((p for p in loaded.practitioners if p.id == pid),
                      loaded.practitioners[0] if loaded.practitioners else None)
        return [(s.name(self._language), s.id) for s in loaded.services
                if chosen is not None and s.id in chosen.service_ids]

    # actions
    def selected(self) -> Row | None:
        if self.grid.isVisibleTo(self):
            return self._cells.get((self.grid.currentRow(), self.grid.currentColumn()))
        row = self.table.currentRow()
        if self._loaded is None or not 0 <= row < len(self._loaded.rows):
            return None
        return self._loaded.rows[row]

    def act_on_selection(self) -> None:
        row = self.selected()
        if row is not None and row.appointment is None:
            self.book_selected()
        elif row is not None:
            self.move_selected()

    def book_selected(self) -> None:
        row = self.selected()
        pid, sid = self.practitioner.currentData(), self.service_box.currentData()
        if row is None or row.appointment is not None or pid is None or sid is None:
            return
        current = self._current_client() if self._current_client else None
        picker = ClientPicker(self._clients, self._tasks, current, self)
        if picker.exec() != QDialog.DialogCode.Accepted or picker.client_id is None:
            return
        client_id, service, start = picker.client_id, self._service, row.start
        self._write(lambda: service.book(pid, client_id, sid, start))

    def move_selected(self) -> None:
        row = self.selected()
        if row is None or row.appointment is None or self._loaded is None:
            return
        a, service = row.appointment, self._service
        first = max(self.first_day, date.today())
        picker = SlotPicker(lambda: service.free_slots(a.practitioner_id, a.service_id, first,
                                                       first + timedelta(days=13)),
                            self._tasks, self._loaded.zone, self)
        if picker.exec() != QDialog.DialogCode.Accepted or picker.start is None:
            return
        start = picker.start
        self._write(lambda: service.move(a.id, start))

    def cancel_selected(self) -> None:
        """Cancel; inside the clinic's cancellation notice, ask first (late cancellation,
        cancel without a fee, or keep)."""
        row = self.selected()
        if row is None or row.appointment is None:
            return
        appointment_id, service = row.appointment.id, self._service

        def decide(late: bool) -> None:
            if late:
                self.late_box = late_cancellation_box(self, lambda: self._write(
                    lambda: service.mark(appointment_id, AppointmentStatus.LATE_CANCELLATION)),
                    lambda: self._write(lambda: service.cancel(appointment_id)))
                self.late_box.open()
            else:
                self._write(lambda: service.cancel(appointment_id))

        self._tasks.run(lambda: service.cancellation_is_late(appointment_id),
                        on_success=decide, on_failure=self._presenter.present)

    def mark_selected(self, status: AppointmentStatus) -> None:
        row = self.selected()
        if row is not None and row.appointment is not None:
            appointment_id, service = row.appointment.id, self._service
            self._write(lambda: service.mark(appointment_id, status))

    def _write(self, fn: Any) -> None:
        def done(appointment: Appointment) -> None:
            self.changed.emit(frozenset({appointment.client_id}))
            self.reload()

        def failed(error: BaseException) -> None:
            self._presenter.present(error)
            if isinstance(error, SlotTakenError):
                self.reload()  # show what is free now

        self._tasks.run(fn, on_success=done, on_failure=failed)

    def on_today_clicked(self) -> None:
        self.day.setDate(QDate.currentDate())

    def _step(self, direction: int) -> None:
        self.day.setDate(self.day.date().addDays(direction * int(self.span.currentData())))
