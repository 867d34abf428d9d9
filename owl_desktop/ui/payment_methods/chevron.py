"""The arrow that expands a payment method row, and the "expanded" state screen readers hear.

Qt widgets have no property for "expanded": a screen reader learns it from the accessible
interface's state (``QAccessible.State.expandable`` / ``expanded`` / ``collapsed``), which Qt
fills only for its own trees. So rows and their chevrons get a small accessible interface
(installed once through ``QAccessible.installFactory``) that reports it, and a state-change
event is sent each time a row opens or closes.

The chevron is a checkable tool button (checked = expanded): assistive tools that don't read
"expanded" still hear "pressed". It takes no keyboard focus of its own: the row has it, and
Enter, Space, Right and Left already open and close the row.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface, QAccessibleStateChangeEvent
from PySide6.QtWidgets import QAccessibleWidget, QToolButton, QWidget

from owl_desktop.ui import style

CHEVRON_SIZE = QSize(16, 16)


class Expandable(Protocol):
    @property
    def is_expanded(self) -> bool: ...


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
        announce_expanded(self)


class _ExpandableAccessible(QAccessibleWidget):
    """The widget's usual interface plus expandable / expanded / collapsed."""

    def __init__(self, widget: QWidget, role: QAccessible.Role) -> None:
        super().__init__(widget, role)
        self._widget = widget

    def state(self) -> QAccessible.State:
        state = super().state()
        expanded = bool(getattr(self._widget, "is_expanded", False))
        state.expandable = True
        state.expanded = expanded
        state.collapsed = not expanded
        if isinstance(self._widget, QToolButton):
            state.checkable = True
            state.checked = expanded
        return state


# Which widgets report an expanded state, by their objectName, and the role they keep.
_ROLES: dict[str, QAccessible.Role] = {
    "expandChevron": QAccessible.Role.Button,
    "paymentMethodRow": QAccessible.Role.ListItem,
}
_installed = False


def _factory(_class_name: str, obj: QObject) -> QAccessibleInterface | None:
    if isinstance(obj, QWidget) and hasattr(obj, "is_expanded"):
        role = _ROLES.get(obj.objectName())
        if role is not None:
            return _ExpandableAccessible(obj, role)
    return None


def install_accessibility() -> None:
    """Make rows and chevrons report "expanded" (once per process)."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True


def expanded_state(widget: QWidget) -> tuple[bool, bool]:
    """(expandable, expanded) as a screen reader reads it from ``widget``."""
    iface = QAccessible.queryAccessibleInterface(widget)
    if iface is None:
        return False, False
    state = iface.state()
    return bool(state.expandable), bool(state.expanded)


def announce_expanded(widget: QWidget) -> None:
    """Tell assistive tools that ``widget``'s expanded state changed."""
    if not QAccessible.isActive():
        return
    changed = QAccessible.State()
    changed.expanded = True
    changed.collapsed = True
    QAccessible.updateAccessibility(QAccessibleStateChangeEvent(widget, changed))
