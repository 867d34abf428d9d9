"""The sync part of the status bar and the *Sync now* / *Sync problems* actions.

Drives the main window's ``StatusIndicators`` (online / offline with N waiting) from the
``SyncController`` and adds, next to it, what only sync knows: "Syncing…" with progress, and a
button naming the number of sync problems that opens the problems view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from owl_desktop.sync.engine import SyncStatus, SyncSummary
from owl_desktop.sync.online import OnlineState
from owl_desktop.sync.progress import FULL, SENDING, SyncProgress
from owl_desktop.ui import style
from owl_desktop.ui.status_indicators import StatusIndicators
from owl_desktop.ui.stripe_texts import run_error_text
from owl_desktop.ui.sync.controller import SyncController


class SyncStatusWidget(QWidget):
    """Signals: ``problems_requested()`` when staff click the problems button."""

    problems_requested = Signal()

    def __init__(self, controller: SyncController, indicators: StatusIndicators | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.indicators = indicators
        self.activity_label = QLabel(self)
        self.activity_label.setObjectName("syncActivity")
        self.problems_button = QToolButton(self)
        self.problems_button.setObjectName("syncProblemsButton")
        self.problems_button.setAutoRaise(True)
        self.problems_button.setVisible(False)
        self.problems_button.clicked.connect(self.problems_requested)
        self.sync_now_action = QAction(self.tr("&Sync now"), self)
        self.sync_now_action.setObjectName("syncNowAction")
        self.sync_now_action.setShortcut(QKeySequence(self.tr("F5")))
        self.sync_now_action.setStatusTip(
            self.tr("Send waiting changes to Stripe and fetch changes made elsewhere"))
        self.sync_now_action.triggered.connect(self.on_sync_now_triggered)
        self.problems_action = QAction(self.tr("Sync &problems\u2026"), self)
        self.problems_action.setObjectName("syncProblemsAction")
        self.problems_action.triggered.connect(self.problems_requested)
        self.sync_now_button = QToolButton(self)
        self.sync_now_button.setObjectName("syncNowButton")
        self.sync_now_button.setDefaultAction(self.sync_now_action)
        self.sync_now_button.setAutoRaise(True)
        self._reserve_room()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SPACE.S)
        layout.addWidget(self.activity_label)
        layout.addWidget(self.problems_button)
        layout.addWidget(self.sync_now_button)
        controller.status_changed.connect(self.on_status_changed)
        controller.run_started.connect(self.on_run_started)
        controller.run_finished.connect(self.on_run_finished)
        controller.progress.connect(self.on_progress)

    @Slot()
    def on_sync_now_triggered(self) -> None:
        self.controller.sync_now()

    @Slot(object)
    def on_status_changed(self, status: SyncStatus) -> None:
        if self.indicators is not None and status.online is not OnlineState.UNKNOWN:
            self.indicators.set_online(status.online is OnlineState.ONLINE, status.waiting)
        elif self.indicators is not None and status.waiting:
            self.indicators.set_online(True, status.waiting)
        self.problems_button.setVisible(status.problems > 0)
        self.problems_button.setText(
            self.tr("%n sync problem(s)", "", status.problems))
        self.problems_button.setToolTip(
            self.tr("Some changes could not be sent to Stripe. Click to see what to do."))

    def _reserve_room(self) -> None:
        """The status bar keeps its layout while sync starts and ends: the activity text has
        a fixed width (room for its usual texts; longer ones are shortened, whole in the
        tooltip), and the Sync now button never shrinks below its text ("Syncir")."""
        metrics = self.activity_label.fontMetrics()
        usual = (self.tr("Syncing\u2026"), self.tr("Syncing\u2026 %n change(s) sent", "", 88),
                 self.tr("Last sync didn't finish; it will retry."))
        self.activity_label.setFixedWidth(
            min(max(metrics.horizontalAdvance(t) for t in usual) + style.SPACE.XS,
                metrics.horizontalAdvance("M") * 14))
        self.activity_label.setAlignment(Qt.AlignmentFlag.AlignRight
                                         | Qt.AlignmentFlag.AlignVCenter)
        for button in (self.sync_now_button, self.problems_button):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.sync_now_button.setMinimumWidth(self.sync_now_button.sizeHint().width())

    def _set_activity(self, text: str, tooltip: str = "") -> None:
        label = self.activity_label
        shown = label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                               label.width() - style.SPACE.XS)
        label.setText(shown)
        label.setAccessibleName(text)
        label.setToolTip(tooltip or (text if shown != text else ""))

    @Slot()
    def on_run_started(self) -> None:
        self._set_activity(self.tr("Syncing\u2026"))
        self.sync_now_action.setEnabled(False)

    @Slot(object)
    def on_progress(self, progress: SyncProgress) -> None:
        if progress.phase == FULL and progress.total:
            text = self.tr("Syncing all clients with Stripe: {done} of {total}").format(
                done=progress.done, total=progress.total)
        elif progress.phase == SENDING and progress.done:
            text = self.tr("Syncing\u2026 %n change(s) sent", "", progress.done)
        else:
            text = self.tr("Syncing\u2026")
        self._set_activity(text)

    @Slot(object)
    def on_run_finished(self, summary: SyncSummary) -> None:
        self._set_activity("")
        self.sync_now_action.setEnabled(True)
        if summary.error and summary.online:
            self._set_activity(self.tr("Last sync didn't finish; it will retry."),
                               run_error_text(summary))
