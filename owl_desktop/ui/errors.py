"""The one place errors become dialogs: users see sentences, the log sees details.

A ``UserFacingError`` shows its (translated) message and hint; anything else is a bug: it is
logged with its traceback and the user gets a generic sentence pointing at the log file. Never
``str(exception)`` of an unknown error on screen (it may hold paths, SQL or worse).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from owl_desktop.errors import UserCancelled, UserFacingError
from owl_desktop.ui.messages import error_texts
from owl_desktop.ui.plain import plain_box

log = logging.getLogger(__name__)


class ErrorPresenter(QObject):
    """Shows errors from anywhere in the UI; non-blocking so background callbacks can use it.

    Signals:
        presented(str, str): the message and hint just shown (tests and the smoke test use it).
    """

    presented = Signal(str, str)

    def __init__(self, parent_widget: QWidget | None = None, *,
                 log_path: Path | None = None, log_failed: bool = False) -> None:
        super().__init__(parent_widget)
        self._parent_widget = parent_widget
        self._log_path = log_path
        self._log_failed = log_failed
        self.last_box: QMessageBox | None = None

    def set_parent_widget(self, widget: QWidget) -> None:
        self._parent_widget = widget

    def texts_for(self, error: BaseException) -> tuple[str, str]:
        """(message, hint) for an error, logging what the user doesn't see."""
        if isinstance(error, UserFacingError):
            log.info("shown to user: %s (%s) %s", type(error).__name__, error.message,
                     error.detail)
            return error_texts(error)
        log.error("unexpected error", exc_info=error)
        hint = self.tr("The details were written to the log file.")
        if self._log_path is not None:
            hint = self.tr("The details were written to the log file: {path}").format(
                path=str(self._log_path))
        return self.tr("Something went wrong."), hint

    def present(self, error: BaseException, *, title: str = "") -> None:
        """Show ``error`` in a window-modal box that doesn't block the caller."""
        if isinstance(error, UserCancelled):
            return
        message, hint = self.texts_for(error)
        box = self._box(title, message, hint)
        self.last_box = box
        box.open()
        self.presented.emit(message, hint)

    def log_note(self) -> str:
        """Where the log is, or that none could be written ('' when not known)."""
        if self._log_path is not None:
            return self.tr("The log is in {path}").format(path=str(self._log_path))
        if self._log_failed:
            return self.tr("No log file could be written.")
        return ""

    def fatal_texts(self, error: BaseException) -> tuple[str, str]:
        """(message, hint) when the app can't start: the error's sentence and next step, then
        where the log is (or that there is none)."""
        message, hint = self.texts_for(error)
        if isinstance(error, UserFacingError):
            hint = "\n\n".join(text for text in (hint, self.log_note()) if text)
        elif self._log_path is None and self._log_failed:
            hint = self.log_note()
        return message, hint

    def present_fatal(self, error: BaseException, *, title: str = "") -> None:
        """Show ``error`` and wait for the user: used when the app can't start at all."""
        message, hint = self.fatal_texts(error)
        box = self._box(title or self.tr("Owl Desktop can't start"), message, hint)
        box.setIcon(QMessageBox.Icon.Critical)
        self.last_box = box
        self.presented.emit(message, hint)
        box.exec()

    def _box(self, title: str, message: str, hint: str) -> QMessageBox:
        box = QMessageBox(self._parent_widget)
        box.setObjectName("errorBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title or self.tr("Owl Desktop"))
        box.setText(message)
        if hint:
            box.setInformativeText(hint)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        return plain_box(box)
