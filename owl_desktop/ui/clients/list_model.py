"""The client list's item model: plain ``ClientSummary`` rows in, table cells out."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from owl_desktop.domain.clients import ClientSummary
from owl_desktop.ui.plain import plain_tooltip

AnyIndex = QModelIndex | QPersistentModelIndex

CLIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class Column(enum.IntEnum):
    NAME = 0
    PHONE = 1
    EMAIL = 2
    CITY = 3


class ClientListModel(QAbstractTableModel):
    """Search results. Rows are replaced wholesale: a new query means a new list."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ClientSummary] = []
        self._headers = {
            Column.NAME: self.tr("Name"),
            Column.PHONE: self.tr("Phone"),
            Column.EMAIL: self.tr("Email"),
            Column.CITY: self.tr("City"),
        }

    def set_rows(self, rows: list[ClientSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def summary(self, row: int) -> ClientSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, client_id: int) -> int:
        """The row showing ``client_id``, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == client_id), -1)

    # Qt overrides
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = {
                Column.NAME: row.full_name,
                Column.PHONE: row.phone,
                Column.EMAIL: row.email,
                Column.CITY: row.city,
            }[column]
            return text if role == Qt.ItemDataRole.DisplayRole else plain_tooltip(text)
        if role == CLIENT_ID_ROLE:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(Column)):
            return self._headers[Column(section)]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren
