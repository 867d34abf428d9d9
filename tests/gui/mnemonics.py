"""Which Alt+letter shortcuts a window shows, and where: to find letters used twice.

Qt gives a widget a mnemonic when its text has ``&`` before a letter (``&&`` is a literal
ampersand): buttons, check boxes, group box titles, tab titles, menu bar entries, and labels
with a buddy. Only what is visible counts, since only that reacts to Alt+letter.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMainWindow,
    QTabBar,
    QWidget,
)


def mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` (lower case), or None."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] == "&":
                i += 2
                continue
            return text[i + 1].lower()
        i += 1
    return None


def shows_literal_ampersand_wrongly(label: QLabel) -> bool:
    """A label without buddy whose plain text has a single ``&``: Qt hides it (it would be a
    mnemonic), so "Contact & Clinic" would read "Contact _Clinic"."""
    return label.buddy() is None and label.textFormat() != label.textFormat().RichText \
        and mnemonic(label.text()) is not None


def visible_mnemonics(window: QWidget) -> dict[str, list[str]]:
    """letter -> the texts using it, for everything visible in ``window``."""
    found: dict[str, list[str]] = defaultdict(list)

    def add(text: str) -> None:
        letter = mnemonic(text)
        if letter is not None:
            found[letter].append(text)

    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            if action.isVisible():
                add(action.text())
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton):
            add(widget.text())
        elif isinstance(widget, QGroupBox):
            add(widget.title())
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            add(widget.text())
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                if widget.isTabVisible(i):
                    add(widget.tabText(i))
    return dict(found)


def clashes(window: QWidget) -> dict[str, list[str]]:
    return {k: v for k, v in visible_mnemonics(window).items() if len(v) > 1}
