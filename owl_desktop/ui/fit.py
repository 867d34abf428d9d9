"""Grow a shown window so wrapped text fits, instead of letting Qt squeeze rows together.

A top-level window's layout sets its minimum size from size hints, which ignore
height-for-width: when a word-wrapped label gets a longer text (an error message under a field,
a refusal in a settings dialog), the window keeps its height and the layout squeezes the label
under its neighbours or cuts it off. Calling :func:`grow_to_fit` after such a change resizes
the window to what its layout needs at the current width (at most most of the screen; past
that, the caller shows the text in a scroll area).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


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
