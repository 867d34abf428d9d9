"""*Sync problems*: changes Stripe refused, what failed, what to do, and Retry / Discard.

A permanent failure holds back the client's changes that depend on it, so staff must see it:
nothing is dropped without
someone choosing *Discard* (which then shows the client as Stripe has it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.sync.engine import (
    KIND_CUSTOMER_CREATE,
    KIND_CUSTOMER_UPDATE,
    KIND_DETACH,
    KIND_SET_DEFAULT,
    SyncProblem,
)
from owl_desktop.ui.plain import plain_box, plain_tooltip
from owl_desktop.ui.stripe_texts import sync_problem_texts
from owl_desktop.ui.sync.controller import SyncController

COLUMNS = 5


class SyncProblemsDialog(QDialog):
    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncProblemsDialog")
        self.setWindowTitle(self.tr("Sync problems"))
        self.controller = controller
        self.problems: list[SyncProblem] = []
        self.intro_label = intro = QLabel(self.tr(
            "These changes were saved on this desk but Stripe refused them. Later changes "
            "to the same payment method, default or profile wait behind them; the client's "
            "other changes go ahead. Retry once the cause is fixed, or discard a change to "
            "keep what Stripe has."), self)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setObjectName("syncProblemsTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Client"), self.tr("Change"), self.tr("What failed"),
            self.tr("What to do"), self.tr("Tries")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel(self.tr("No sync problems: every change reached Stripe "
                                          "or is waiting its turn."), self)
        self.empty_label.setObjectName("noSyncProblems")
        self.empty_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.retry_button = QPushButton(self.tr("&Retry"), self)
        self.retry_button.setObjectName("retryProblemButton")
        self.discard_button = QPushButton(self.tr("&Discard change\u2026"), self)
        self.discard_button.setObjectName("discardProblemButton")
        buttons.addButton(self.retry_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.retry_button.clicked.connect(self.on_retry_clicked)
        self.discard_button.clicked.connect(self.on_discard_clicked)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addStretch(0)  # with no table, the sentence sits at the top, not mid-air
        layout.addWidget(buttons)
        controller.problems_loaded.connect(self.on_problems_loaded)
        # A retried change may fail again (or succeed): show what the run found.
        controller.run_finished.connect(self.on_run_finished)
        self.resize(900, 360)
        self._update_buttons()
        controller.load_problems()

    @Slot(object)
    def on_run_finished(self, _summary: object) -> None:
        self.controller.load_problems()

    def kind_text(self, problem: SyncProblem) -> str:
        label = problem.method_label
        if problem.kind == KIND_DETACH:
            return (self.tr("Remove {method}").format(method=label) if label
                    else self.tr("Remove a payment method"))
        if problem.kind == KIND_SET_DEFAULT:
            return (self.tr("Make {method} the default").format(method=label) if label
                    else self.tr("Change the default payment method"))
        if problem.kind == KIND_CUSTOMER_UPDATE:
            return self.tr("Update contact details in Stripe")
        if problem.kind == KIND_CUSTOMER_CREATE:
            return self.tr("Create the client in Stripe")
        return problem.kind

    @Slot(list)
    def on_problems_loaded(self, problems: list[SyncProblem]) -> None:
        self.problems = list(problems)
        self.table.setRowCount(len(self.problems))
        for row, problem in enumerate(self.problems):
            message, hint = sync_problem_texts(problem)
            cells = [problem.client_name or self.tr("(client removed)"), self.kind_text(problem),
                     message, hint, str(problem.attempts)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(plain_tooltip(text))
                item.setData(Qt.ItemDataRole.UserRole, problem.entry_id)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        # No problems: a plain empty state, not the explanation of problems there aren't.
        shown = bool(self.problems)
        for widget in (self.intro_label, self.table, self.retry_button, self.discard_button):
            widget.setVisible(shown)
        self.empty_label.setVisible(not shown)
        if shown:
            self.resize(max(self.width(), 900), max(self.height(), 360))
        else:
            self.resize(520, self.minimumSizeHint().height())
        self._update_buttons()

    def selected(self) -> SyncProblem | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0].row()
        return self.problems[index] if 0 <= index < len(self.problems) else None

    @Slot()
    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.retry_button.setEnabled(chosen)
        self.discard_button.setEnabled(chosen)

    @Slot()
    def on_retry_clicked(self) -> None:
        problem = self.selected()
        if problem is not None:
            self.controller.retry_problem(problem.entry_id)

    @Slot()
    def on_discard_clicked(self) -> None:
        problem = self.selected()
        if problem is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question, self.tr("Discard change"),
            self.tr("Discard \u201c{change}\u201d for {client}? Stripe keeps what it has, and "
                    "this desk will show that instead.").format(
                change=self.kind_text(problem), client=problem.client_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        if plain_box(box).exec() == QMessageBox.StandardButton.Yes:
            self.discard(problem.entry_id)

    def discard(self, entry_id: int) -> None:
        """Discard without asking (the question is in ``on_discard_clicked``)."""
        self.controller.discard_problem(entry_id)
