"""Billing → Run autopay now: runs it in the background with a progress bar and a line per
invoice, then a summary. When another desk or the server is running it, says so (one run at a
time across all desks)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QListWidget,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.services.autopay_run import AutopayRunner, Outcome, RunLine, RunSummary
from owl_desktop.ui.autopay.texts import amount_text, line_text
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.plain import plain
from owl_desktop.ui.tasks import TaskRunner


class _Relay(QObject):
    """Carries progress from the worker thread to the dialog (queued to the main thread)."""

    advanced = Signal(int, int, object)


class RunAutopayDialog(QDialog):
    """Signals:
        finished_run(object): the ``RunSummary`` (``busy`` when another run was under way).
    """

    finished_run = Signal(object)

    def __init__(self, runner: AutopayRunner, tasks: TaskRunner, presenter: ErrorPresenter,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runAutopayDialog")
        self.setWindowTitle(self.tr("Run autopay now"))
        self._presenter = presenter
        self.summary: RunSummary | None = None
        self.ended = False  # the run finished or failed (Escape may hide the dialog before)
        self.status = plain(QLabel(self.tr("Charging open invoices of enrolled clients to "
                                           "their default method\u2026"), self))
        self.status.setObjectName("autopayRunStatus")
        self.status.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("autopayRunProgress")
        self.bar.setRange(0, 0)
        self.lines = QListWidget(self)
        self.lines.setObjectName("autopayRunLines")
        # A line says why in a sentence: wrapped, never cut off behind a sideways scroll.
        self.lines.setWordWrap(True)
        self.lines.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lines.setResizeMode(QListView.ResizeMode.Adjust)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.buttons.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.lines)
        layout.addWidget(self.buttons)
        self.resize(560, 420)
        self._relay = _Relay()
        self._relay.advanced.connect(self._on_advanced)
        relay = self._relay
        tasks.run(lambda: runner.run("desk", progress=lambda d, t, line:
                                     relay.advanced.emit(d, t, line)),
                  on_success=self._on_done, on_failure=self._on_failed)

    def _on_advanced(self, done: int, total: int, line: RunLine) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        self.status.setText(self.tr("Charging %n open invoice(s) of enrolled clients to their "
                                    "default method…", "", total))
        self.lines.addItem(self.tr("Invoice {number} ({amount}): {what}")
                           .replace("{number}", line.invoice_number)
                           .replace("{amount}", amount_text(line.amount_cents, line.currency))
                           .replace("{what}", line_text(line)))

    def _on_done(self, summary: RunSummary) -> None:
        self.summary = summary
        self.ended = True
        self.buttons.setEnabled(True)
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        if summary.busy:
            self.status.setText(self.tr("Autopay is already running at another desk or on the "
                                        "server (a run that stopped unfinished, e.g. a desk "
                                        "that was shut down, keeps its turn two minutes more). "
                                        "Nothing was charged here: try again in a few "
                                        "minutes."))
        elif not summary.lines:
            self.status.setText(self.tr("Nothing to charge: no open invoice of an enrolled "
                                        "client."))
        else:
            self.status.setText(self.summary_text(summary))
        self.finished_run.emit(summary)

    def summary_text(self, summary: RunSummary) -> str:
        """"Done, 2 invoices: 1 paid, 1 bank debit sent, 0 failed, 0 skipped." with each
        count in its own plural form (Qt's %n, one number per sentence part); where failed
        payments are listed when some failed; charges not sent apart (not failed: kept, the
        next run sends them)."""
        failed = summary.count(Outcome.FAILED) + summary.count(Outcome.REQUIRES_ACTION)
        not_sent = summary.count(Outcome.NOT_SENT)
        parts = ", ".join((
            self.tr("%n paid", "", summary.count(Outcome.CHARGED)),
            self.tr("%n bank debit(s) sent", "", summary.count(Outcome.PROCESSING)),
            self.tr("%n failed", "", failed),
            self.tr("%n skipped", "", summary.count(Outcome.SKIPPED))))
        text = self.tr("Done, %n invoice(s): {counts}.", "", len(summary.lines)).replace(
            "{counts}", parts)
        if failed:
            text += " " + self.tr("Failed payments are listed in Billing → Failed payments.")
        if not_sent:
            text += " " + self.tr("%n not sent (Stripe couldn't be reached), to be sent by "
                                  "the next run.", "", not_sent)
        return text

    def _on_failed(self, error: BaseException) -> None:
        self.ended = True
        self.buttons.setEnabled(True)
        self.status.setText(self.tr("Autopay didn't run."))
        self._presenter.present(error, title=self.tr("Run autopay now"))
