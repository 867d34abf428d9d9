"""The week as a grid: one column per day, one row per start time shown that week, each
appointment a block spanning the rows it lasts, each free start a cell. Arrow keys move from
cell to cell; the schedule view's keys (Enter, M, Delete, A, N, L) act on the current cell.

Cancelled and late-cancelled appointments no longer take time: the grid leaves them out (the
day view lists them)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from owl_desktop.domain.scheduling import Appointment
from owl_desktop.ui.scheduling.texts import local_time, status_text, weekday_text


class GridRow(Protocol):
    @property
    def start(self) -> datetime: ...
    @property
    def appointment(self) -> Appointment | None: ...


R = TypeVar("R", bound=GridRow)


def short_date(day: date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day),
                              QLocale.FormatType.ShortFormat)


def make_grid(parent: QWidget) -> QTableWidget:
    grid = QTableWidget(0, 7, parent)
    grid.setObjectName("scheduleWeekGrid")
    grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    grid.setWordWrap(True)
    return grid


def fill_grid(grid: QTableWidget, rows: Sequence[R], first_day: date, zone: ZoneInfo,
              language: str) -> dict[tuple[int, int], R]:
    """Lay ``rows`` out on ``grid``; returns what each occupied cell (row, column) holds."""
    shown = [r for r in rows if r.appointment is None or r.appointment.active]

    def local(instant: datetime) -> datetime:
        return instant.astimezone(zone)

    times: set[str] = set()
    for r in shown:
        times.add(local_time(r.start, zone))
        if r.appointment is not None:  # where a block ends, the next row starts
            times.add(local_time(r.appointment.ends_at, zone))
    starts = sorted(times)
    if shown:  # a trailing end time alone isn't a row
        last_start = max(local_time(r.start, zone) for r in shown)
        starts = [t for t in starts if t <= last_start]
    grid.clearSpans()
    grid.clear()
    grid.setRowCount(len(starts))
    grid.setVerticalHeaderLabels(starts)
    days = [first_day + timedelta(days=i) for i in range(7)]
    grid.setHorizontalHeaderLabels([f"{weekday_text(d.weekday())}\n{short_date(d)}"
                                    for d in days])
    row_of = {t: i for i, t in enumerate(starts)}
    cells: dict[tuple[int, int], R] = {}
    for r in shown:
        start = local(r.start)
        column = (start.date() - first_day).days
        if not 0 <= column < 7:
            continue
        top = row_of[local_time(r.start, zone)]
        a = r.appointment
        if a is None:
            text = QCoreApplication.translate("ScheduleView", "— free —")
            item = QTableWidgetItem(f"{local_time(r.start, zone)} {text}")
        else:
            end = local_time(a.ends_at, zone)
            bottom = next((i for i, t in enumerate(starts) if t >= end), len(starts))
            if local(a.ends_at).date() != start.date():
                bottom = len(starts)
            service = a.service_name_fr if language.startswith("fr") else a.service_name_en
            item = QTableWidgetItem(f"{local_time(r.start, zone)}–{end} {a.client_name}\n"
                                    f"{service} · {status_text(a.status)}")
            item.setBackground(grid.palette().alternateBase())
            if bottom - top > 1:
                grid.setSpan(top, column, bottom - top, 1)
        item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        grid.setItem(top, column, item)
        cells[(top, column)] = r
    grid.resizeRowsToContents()
    return cells
