"""Small choosers the schedule view opens: a client (search as you type) and a free slot."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.domain.clients import ClientSummary
from owl_desktop.services.clients import ClientService
from owl_desktop.ui.scheduling.texts import local_date, local_time
from owl_desktop.ui.tasks import TaskRunner


class _Chooser(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)

    def chosen(self) -> Any:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)


class ClientPicker(_Chooser):
    """Type a name, email or phone; Down into the list; Enter books for that client."""

    def __init__(self, clients: ClientService, tasks: TaskRunner, current: Any,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientPicker")
        self.setWindowTitle(self.tr("Book for which client?"))
        self._clients, self._tasks = clients, tasks
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search by name, email or phone"))
        self.search.textChanged.connect(self.on_search_text_changed)
        self.search.returnPressed.connect(self.accept)
        self.body.addWidget(self.search)
        self.body.addWidget(self.list)
        self.body.addWidget(self.buttons)
        if current is not None:
            self._show([ClientSummary(current.id, current.full_name, current.email,
                                      current.phone, current.address.city)])

    @property
    def client_id(self) -> int | None:
        chosen = self.chosen()
        return None if chosen is None else int(chosen)

    def on_search_text_changed(self, text: str) -> None:
        clients = self._clients
        self._tasks.run(lambda: clients.search(text, 20), on_success=self._show,
                        key="book-client-search")

    def _show(self, found: list[ClientSummary]) -> None:
        self.list.clear()
        for summary in found:
            item = QListWidgetItem(" · ".join(p for p in (summary.full_name, summary.email,
                                                          summary.phone) if p), self.list)
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
        if found:
            self.list.setCurrentRow(0)


class SlotPicker(_Chooser):
    """The practitioner's next free starts for this appointment's service."""

    def __init__(self, load: Callable[[], list[datetime]], tasks: TaskRunner, zone: ZoneInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("slotPicker")
        self.setWindowTitle(self.tr("Move to which time?"))
        self._zone = zone
        self.body.addWidget(self.list)
        self.body.addWidget(self.buttons)
        tasks.run(load, on_success=self._show)

    @property
    def start(self) -> datetime | None:
        chosen = self.chosen()
        return chosen if isinstance(chosen, datetime) else None

    def _show(self, slots: list[datetime]) -> None:
        for start in slots:
            item = QListWidgetItem(f"{local_date(start, self._zone)} "
                                   f"{local_time(start, self._zone)}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, start)
        if slots:
            self.list.setCurrentRow(0)
        self.list.setFocus()
