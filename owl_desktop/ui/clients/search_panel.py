"""Search as you type over clients, and the list of matches.

Typing restarts a short debounce; the query then runs on the task runner (never on the UI
thread) under one key, so an older, slower answer can't overwrite a newer one. Enter in the
search field opens the first match, waiting for the pending query if there is one.

The panel shows before the database is open (start-up, issue 18): it is built without a
service, keeps what is typed, and searches once ``set_service`` gave it one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.domain.clients import SEARCH_LIMIT, ClientSummary
from owl_desktop.ui.clients.list_model import ClientListModel, Column
from owl_desktop.ui.plain import plain
from owl_desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from owl_desktop.services.clients import ClientService

SEARCH_TASK_KEY = "client-search"
# Long enough to skip the intermediate queries of a fast typist, short enough to feel instant.
DEBOUNCE_MS = 120


class ClientSearchPanel(QWidget):
    """Search field, result count and result table.

    Signals:
        client_chosen(int): the user picked a client (click, arrow keys, Enter).
        results_shown(str, int): the list now shows the answer to this query (query, rows).
    """

    client_chosen = Signal(int)
    results_shown = Signal(str, int)

    def __init__(self, client_service: ClientService | None, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = client_service
        self._tasks = tasks
        self._open_first_when_ready = False
        self._select_when_ready: int | None = None
        self._shown_query: str | None = None
        self._pending_query: str | None = None
        self._selecting = False  # moving the highlight ourselves: not a user's choice

        self.search_field = QLineEdit(self)
        self.search_field.setObjectName("clientSearchField")
        self.search_field.setPlaceholderText(self.tr("Search by name, email or phone"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName(self.tr("Search clients"))
        self.search_field.installEventFilter(self)

        self.count_label = plain(QLabel(self))
        self.count_label.setObjectName("clientCountLabel")
        self.count_label.setWordWrap(True)

        self.model = ClientListModel(self)
        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the profile; arrows move inside
        self.table.setObjectName("clientTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setColumnHidden(Column.EMAIL, True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.PHONE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.CITY, QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)
        self.table.setAccessibleName(self.tr("Clients"))
        self.table.installEventFilter(self)
        self._column_widths: dict[int, int] = {}  # Phone, City as last fitted to rows

        self._header = QHBoxLayout()
        self._header.addWidget(self.search_field, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 0)
        layout.addLayout(self._header)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.on_debounce_timeout)
        self.search_field.textChanged.connect(self.on_search_field_text_changed)
        self.search_field.returnPressed.connect(self.on_search_field_return_pressed)
        self.table.activated.connect(self.on_table_activated)
        self.table.selectionModel().currentRowChanged.connect(self.on_table_current_row_changed)

    # public API
    def set_service(self, client_service: ClientService) -> None:
        """The database is open: searches run from now on (``refresh`` runs the first)."""
        self._service = client_service

    def add_header_widget(self, widget: QWidget) -> None:
        """Put a widget (e.g. a New client button) to the right of the search field."""
        self._header.addWidget(widget)

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def refresh(self) -> None:
        """Run the current query again (after a client was created or edited)."""
        self._debounce.stop()
        self._start_search()

    def refresh_if_listed(self, changed: frozenset[int]) -> None:
        """Data changed elsewhere: run the query again if it may concern what is listed
        (empty set: anything may have changed), keeping the highlighted client."""
        if not changed or any(self.model.row_of(c) >= 0 for c in changed):
            current = self.model.summary(self.table.currentIndex().row())
            if current is not None and self._select_when_ready is None:
                self._select_when_ready = current.id
            self.refresh()

    def show_client(self, client_id: int, full_name: str) -> None:
        """List a client just created: search for its name and highlight it when shown (the
        current query may not match it; staff expect to see what they just made)."""
        self._select_when_ready = client_id
        self.search_field.blockSignals(True)
        try:
            self.search_field.setText(full_name)
        finally:
            self.search_field.blockSignals(False)
        self.refresh()

    def select_client(self, client_id: int) -> None:
        """Highlight ``client_id`` in the list if it is shown, without emitting a choice."""
        row = self.model.row_of(client_id)
        if row < 0:
            return
        index = self.model.index(row, Column.NAME)
        self._selecting = True
        try:
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._selecting = False
        self.table.scrollTo(index)

    @property
    def shown_query(self) -> str | None:
        """The query whose results the list shows; None before the first answer."""
        return self._shown_query

    # slots
    def on_search_field_text_changed(self, _text: str) -> None:
        self._open_first_when_ready = False
        self._debounce.start()

    def on_debounce_timeout(self) -> None:
        self._start_search()

    def on_search_field_return_pressed(self) -> None:
        query = self.search_field.text()
        if self._debounce.isActive() or self._shown_query != query:
            self._debounce.stop()
            self._open_first_when_ready = True
            if not self._tasks.is_busy(SEARCH_TASK_KEY) or self._pending_query != query:
                self._start_search()
            return
        self._choose_row(0)

    def on_table_activated(self, index: QModelIndex) -> None:
        self._choose_row(index.row())

    def on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._selecting:
            self._choose_row(current.row(), select=False)

    # Qt override: keyboard moves between the field and the list
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.search_field and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) \
                    and self.model.rowCount() > 0:
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                if not self.table.currentIndex().isValid():
                    self._choose_row(0)
                return True
            if watched is self.table and (
                    key == Qt.Key.Key_Escape
                    or (key == Qt.Key.Key_Up and self.table.currentIndex().row() <= 0)):
                self.focus_search()
                return True
        return super().eventFilter(watched, event)

    # internals
    def _start_search(self) -> None:
        service = self._service
        if service is None:  # still starting: the first search runs once there is a service
            return
        query = self.search_field.text()
        self._pending_query = query
        # One row more than shown tells "exactly 50" apart from "50 and more".
        browsing = not query.strip()

        def run() -> tuple[list[ClientSummary], int | None]:
            rows = service.search(query, SEARCH_LIMIT + 1)
            # With no search text the list is a sample: say how many clients there are.
            total = service.count() if browsing and len(rows) > SEARCH_LIMIT else None
            return rows, total

        self._tasks.run(run, on_success=lambda result: self._on_results(query, *result),
                        key=SEARCH_TASK_KEY)

    def _on_results(self, query: str, rows: list[ClientSummary],
                    total: int | None = None) -> None:
        self._pending_query = None
        more = len(rows) > SEARCH_LIMIT
        rows = rows[:SEARCH_LIMIT]
        self.model.set_rows(rows)
        self._fit_columns(bool(rows))
        self._shown_query = query
        self._update_count_label(query, len(rows), more=more, total=total)
        if self._open_first_when_ready:
            self._open_first_when_ready = False
            if rows:
                self._choose_row(0)
        if self._select_when_ready is not None:
            self.select_client(self._select_when_ready)
            self._select_when_ready = None
        self.results_shown.emit(query, len(rows))

    def _fit_columns(self, has_rows: bool) -> None:
        """Phone and City fit their contents, but an empty list keeps them readable instead
        of shrinking them to their headers."""
        header = self.table.horizontalHeader()
        mode = QHeaderView.ResizeMode.ResizeToContents if has_rows \
            else QHeaderView.ResizeMode.Interactive
        metrics = self.table.fontMetrics()
        floors = {Column.PHONE: metrics.horizontalAdvance("(000) 000-0000") + 16,
                  Column.CITY: metrics.horizontalAdvance("Montréal-Nord") + 16}
        for column, floor in floors.items():
            header.setSectionResizeMode(column, mode)
            if not has_rows:
                header.resizeSection(column, max(floor, self._column_widths.get(column, 0)))
            else:
                self._column_widths[column] = header.sectionSize(column)

    def _update_count_label(self, query: str, count: int, *, more: bool,
                            total: int | None = None) -> None:
        if count == 0:
            text = self.tr("No client matches \u201c{query}\u201d.").format(query=query.strip()) \
                if query.strip() else self.tr("No clients yet. Add one with New client.")
        elif more and total is not None and not query.strip():
            text = self.tr("Showing {shown} of %n clients; type to search.", "",
                           total).replace("{shown}", str(count))
        elif more:
            text = self.tr("Showing the first %n matches; type more to narrow the list.", "",
                           count)
        else:
            text = self.tr("%n client(s)", "", count)
        self.count_label.setText(text)

    def _choose_row(self, row: int, *, select: bool = True) -> None:
        summary = self.model.summary(row)
        if summary is None:
            return
        if select:
            self.select_client(summary.id)
        self.client_chosen.emit(summary.id)
