"""The clinic administrator's history, read-only (Billing → Administrator history…, and
Settings → Payments → History…): when, who (the OS user), at which desk, and what was done
with the passphrase — refunds, changes to Settings → Payments, the passphrase set, changed,
cleared or typed wrong. Newest first, from the shared database (every desk's, and the
server's commands).

Keyboard: the table has the focus (arrows move, Tab leaves it for *Refresh* and *Close*, Esc
closes); the *What* column wraps, so the window fits a 900×600 screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.domain.admin_history import AdminEntry
from owl_desktop.services.admin_passphrase import AdminPassphraseService
from owl_desktop.ui.autopay.history_texts import entry_text
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.payment_methods.audit_model import when_text
from owl_desktop.ui.plain import plain
from owl_desktop.ui.tasks import TaskRunner


class AdminHistoryDialog(QDialog):
    """Signals: none (read-only)."""

    def __init__(self, admin: AdminPassphraseService, tasks: TaskRunner,
                 presenter: ErrorPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminHistoryDialog")
        self.setWindowTitle(self.tr("Administrator history"))
        self._admin, self._tasks, self._presenter = admin, tasks, presenter
        self.entries: list[AdminEntry] = []
        self.loaded = False
        intro = plain(QLabel(self.tr(
            "What was done with the clinic administrator\u2019s passphrase, at every desk: "
            "refunds, changes to Settings \u2192 Payments, the passphrase itself. Newest "
            "first."), self))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("adminHistoryTable")
        self.table.setAccessibleName(self.tr("Administrator history"))
        self.table.setHorizontalHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("Desk"),
                                              self.tr("What")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.table.setWordWrap(True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.empty_label = plain(QLabel(self.tr("Nothing recorded yet."), self))
        self.empty_label.setObjectName("adminHistoryEmpty")
        self.empty_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.refresh_button = self.buttons.addButton(self.tr("&Refresh"),
                                                     QDialogButtonBox.ButtonRole.ActionRole)
        self.refresh_button.setObjectName("adminHistoryRefresh")
        self.refresh_button.clicked.connect(self.reload)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(760, 460)
        self.table.setFocus()
        self.reload()

    def reload(self) -> None:
        self._tasks.run(self._admin.history, on_success=self._show,
                        on_failure=self._presenter.present, key="admin-history")

    def _show(self, entries: list[AdminEntry]) -> None:
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            cells = (when_text(entry.at), entry.actor, entry.desk, entry_text(entry))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
                if column == 0:
                    item.setToolTip(entry.at.isoformat(timespec="seconds"))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.empty_label.setVisible(not entries)
        self.table.setVisible(bool(entries))
        if entries:
            self.table.setCurrentCell(0, 0)
        self.loaded = True

    def texts(self) -> list[str]:
        """The *What* column, top to bottom."""
        items = (self.table.item(row, 3) for row in range(self.table.rowCount()))
        return [item.text() if item is not None else "" for item in items]

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.table.resizeRowsToContents()  # wrapped lines follow the new width
