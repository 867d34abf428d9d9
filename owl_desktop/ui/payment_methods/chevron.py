"""The arrow that expands a payment method row, and what screen readers hear of it.

The chevron is a checkable tool button: checked = expanded. Qt's own accessible interface
reports it as a check box, *checked* when the row is expanded, and sends the state change
itself. Its accessible name says what a press does ("Show details of Visa •••• 4242" /
"Hide details of …") and its description the state ("Expanded" / "Collapsed"); the row's own
description says the same ("Details shown…").

Qt widgets have no "expanded" property of their own: only a custom accessible interface
installed with ``QAccessible.installFactory`` could report ``State.expanded``, and a Python
factory, called for every object Qt asks about (pages' views included, some mid-destruction),
crashed QtWebEngine's pop-up teardown in the GUI tests. So: Qt's button states, no factory.

It takes no keyboard focus of its own: the row has it, and Enter, Space, Right and Left
already open and close the row.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QToolButton, QWidget

from owl_desktop.ui import style

CHEVRON_SIZE = QSize(16, 16)


class ExpandChevron(QToolButton):
    """A right-pointing arrow that turns down when its row is expanded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("expandChevron")
        self.setCheckable(True)
        self.setAutoRaise(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setIconSize(CHEVRON_SIZE)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.setStyleSheet("QToolButton { border: none; padding: 2px; }")
        self._subject = ""
        self.toggled.connect(self._render)
        self._render(False)

    @property
    def is_expanded(self) -> bool:
        return self.isChecked()

    def set_subject(self, subject: str) -> None:
        """What the arrow opens, for its accessible name (e.g. "Visa •••• 4242")."""
        self._subject = subject
        self._render(self.isChecked())

    def _render(self, expanded: bool) -> None:
        self.setIcon(style.icon("chevron_down" if expanded else "chevron_right"))
        if expanded:
            name = self.tr("Hide details of {method}")
            tip = self.tr("Hide details")
        else:
            name = self.tr("Show details of {method}")
            tip = self.tr("Show details")
        self.setAccessibleName(name.replace("{method}", self._subject).strip())
        self.setToolTip(tip)
        self.setAccessibleDescription(self.tr("Expanded") if expanded else self.tr("Collapsed"))


def toggle_state(widget: QWidget) -> tuple[bool, bool]:
    """(checkable, checked) as a screen reader reads them from ``widget``'s interface."""
    iface = QAccessible.queryAccessibleInterface(widget)
    if iface is None:
        return False, False
    state = iface.state()
    return bool(state.checkable), bool(state.checked)
