"""Grow a shown window so wrapped text fits, instead of letting Qt squeeze rows together.

A top-level window's layout sets its minimum size from size hints, which ignore
height-for-width: when a word-wrapped label gets a longer text (an error message under a field,
a refusal in a settings dialog), the window keeps its height and the layout squeezes the label
under its neighbours or cuts it off. Calling :func:`grow_to_fit` after such a change resizes
the window to what its layout needs at the current width (at most most of the screen; past
that, the caller shows the text in a scroll area).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QWindow
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QMessageBox, QWidget

# Room a title bar takes besides its text: the window icon, the close / minimise / maximise
# buttons and the window manager's margins (generous: Windows, KDE and GNOME differ).
TITLE_BAR_CHROME = 150


def needed_height(window: QWidget) -> int:
    """The height the window's layout needs at the window's current width."""
    layout = window.layout()
    if layout is None:
        return window.sizeHint().height()
    layout.activate()
    if layout.hasHeightForWidth():
        return layout.totalHeightForWidth(window.width())
    return layout.totalSizeHint().height()


def grow_to_fit(window: QWidget) -> None:
    """Make ``window`` tall enough for its content (never shrinks it, never past 90 % of
    the screen), and keep that as its minimum so the user can't squeeze it back."""
    screen = window.screen()
    limit = screen.availableGeometry().height() * 9 // 10 if screen is not None else 800
    wanted = min(needed_height(window), limit)
    window.setMinimumHeight(max(wanted, 0))
    if wanted > window.height():
        window.resize(window.width(), wanted)


def title_width(window: QWidget) -> int:
    """How wide ``window`` must be for its title bar to show its whole title."""
    font = QFont(QApplication.font())
    font.setBold(True)  # most title bars use a bold (or larger) face than the window's text
    return QFontMetrics(font).horizontalAdvance(window.windowTitle()) + TITLE_BAR_CHROME


def fit_title(window: QWidget) -> None:
    """Widen ``window`` (never past 90 % of the screen) so its title isn't cut off.

    Fixed-size windows (message boxes size themselves) get a wider fixed width; others a
    minimum width, so the user can't squeeze the title away either."""
    screen = window.screen()
    limit = screen.availableGeometry().width() * 9 // 10 if screen is not None else 1200
    wanted = min(title_width(window), limit)
    if window.width() >= wanted and window.minimumWidth() >= min(wanted, window.width()):
        return
    label = window.findChild(QLabel, "qt_msgbox_label") if isinstance(window, QMessageBox) \
        else None
    if label is not None:
        # A message box sizes itself from its layout at every layout pass: widen its text.
        label.setMinimumWidth(label.width() + wanted - window.width())
        window.adjustSize()
    elif window.minimumWidth() == window.maximumWidth():
        window.setFixedWidth(max(wanted, window.width()))
    else:
        window.setMinimumWidth(max(wanted, window.minimumWidth()))
        if window.width() < wanted:
            window.resize(wanted, window.height())


class TitleFitter(QObject):
    """Application-wide: each dialog and main window, once it is the active window, is made
    wide enough for its title (French titles are longer; message boxes are often narrow).

    It follows ``focusWindowChanged``, and only later, from the event loop, looks at the
    active window: the signal comes while windows close, and touching a window being destroyed
    (or filtering every event of the application in Python) crashed pop-ups' teardown."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        app.focusWindowChanged.connect(self.on_app_focus_window_changed)

    def on_app_focus_window_changed(self, window: QWindow | None) -> None:
        if window is not None:
            QTimer.singleShot(0, self, self._fit_active_window)

    def _fit_active_window(self) -> None:
        widget = QApplication.activeWindow()
        if isinstance(widget, QDialog | QMainWindow) and widget.windowTitle():
            fit_title(widget)
            # Message boxes settle their size on their first layout pass, after this.
            QTimer.singleShot(0, widget, partial(fit_title, widget))


_fitter: TitleFitter | None = None


def install_title_fit(app: QApplication) -> TitleFitter:
    """Fit every window's title from now on (once per application)."""
    global _fitter
    if _fitter is None:
        _fitter = TitleFitter(app)
    return _fitter
