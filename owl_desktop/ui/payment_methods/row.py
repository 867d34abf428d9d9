"""One payment method in the list: a focusable row that expands to its details.

The row is a real widget (not a painted delegate) so that screen readers see a named item, the
actions button is a real focusable button, and every action works from the keyboard:

- click (on the row or its arrow), Enter or Space: show or hide the details; Right shows them,
  Left hides them. The arrow turns, and screen readers hear it as checked while the details
  show (``chevron.py``);
- Menu key, Shift+F10 or the ⋮ button (Tab reaches it): the actions menu;
- Up and Down: the previous or next row (handled by the list).

The row reads everything from the model through its roles and never talks to services: it asks
for actions through signals and the section decides what happens.
"""

from __future__ import annotations

from PySide6.QtCore import QPersistentModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.ui import style
from owl_desktop.ui.payment_methods import texts
from owl_desktop.ui.payment_methods.chevron import ExpandChevron
from owl_desktop.ui.payment_methods.model import PaymentMethodListModel
from owl_desktop.ui.plain import plain, plain_tooltip

ICON_SIZE = QSize(40, 26)
Role = PaymentMethodListModel.Role


def _badge(text: str, style_key: str, parent: QWidget) -> QLabel:
    label = plain(QLabel(text, parent))
    label.setObjectName(f"badge_{style_key}")
    # Colours from the desk's palette (contrast measured by tests/unit/test_style.py); the
    # meaning is always also written out.
    label.setStyleSheet(style.badge_css(str(style_key)))
    style.set_type(label, style.TYPE.CAPTION)
    label.setAccessibleName(text)
    return label


class PaymentMethodRow(QFrame):
    """A payment method row bound to one model row.

    Signals:
        expanded_changed(int, bool): the details of method id were shown (True) or hidden.
        set_default_requested(int): staff chose *Set as default* for this method id.
        remove_requested(int): staff chose *Remove* for this method id (not yet confirmed).
        navigate_requested(int): Up (-1) or Down (+1) was pressed; the list moves focus.
    """

    expanded_changed = Signal(int, bool)
    set_default_requested = Signal(int)
    remove_requested = Signal(int)
    navigate_requested = Signal(int)

    def __init__(self, model: PaymentMethodListModel, row: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._index = QPersistentModelIndex(model.index(row, 0))
        # Kept: after a model reset the index is invalid, yet the list still asks which
        # method the old row showed (to keep its focus on the rebuilt one).
        self._method_id = int(self._index.data(Role.METHOD_ID))
        self._expanded = False
        self.setObjectName("paymentMethodRow")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#paymentMethodRow { border: 1px solid palette(mid); border-radius: 6px; }"
            "#paymentMethodRow:focus { border: 2px solid palette(highlight); }")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        self.chevron = ExpandChevron(self)
        self.chevron.clicked.connect(self._on_chevron_clicked)
        self.icon_label = QLabel(self)
        self.icon_label.setFixedSize(ICON_SIZE)
        self.title_label = plain(QLabel(self))
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.last4_label = plain(QLabel(self))
        self.expiry_label = plain(QLabel(self))
        self.expiry_label.setObjectName("expiryLabel")
        self.default_badge = _badge(self.tr("Default"), "default", self)
        self.state_badges: dict[str, QLabel] = {}
        self._badges_box = QHBoxLayout()
        self._badges_box.setSpacing(4)

        self.menu = QMenu(self)
        self.menu.setObjectName("paymentMethodMenu")
        self.set_default_action = QAction(self.tr("Set as &default"), self)
        self.set_default_action.triggered.connect(self._on_set_default_triggered)
        self.remove_action = QAction(self.tr("&Remove…"), self)
        self.remove_action.triggered.connect(self._on_remove_triggered)
        self.no_edit_action = QAction(
            self.tr("Can't be edited: remove it and add it again"), self)
        self.no_edit_action.setEnabled(False)
        self.menu.addAction(self.set_default_action)
        self.menu.addAction(self.remove_action)
        self.menu.addSeparator()
        self.menu.addAction(self.no_edit_action)
        self.menu.aboutToShow.connect(self._update_actions)
        # A greyed entry says why in its text; its tooltip says what happens next.
        self.menu.setToolTipsVisible(True)

        self.menu_button = QToolButton(self)
        self.menu_button.setObjectName("paymentMethodMenuButton")
        self.menu_button.setText("\u22ee")
        self.menu_button.setAutoRaise(True)
        self.menu_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_button.setMenu(self.menu)
        # The ⋮ says "menu" already; no extra arrow.
        self.menu_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")

        # Two lines, so that a narrow pane (900-px window, French) never needs a horizontal
        # scroll bar and the ⋮ stays on screen: what the method is on the first, beside its
        # actions; its expiry and states (« Synchronisation en attente »…) under the title.
        header = QHBoxLayout()
        header.setSpacing(style.SPACE.S)
        header.addWidget(self.chevron)
        header.addWidget(self.icon_label)
        header.addWidget(self.title_label)
        header.addWidget(self.last4_label)
        header.addStretch(1)
        header.addWidget(self.default_badge)
        header.addWidget(self.menu_button)
        self._status_line = QHBoxLayout()
        self._status_line.setSpacing(style.SPACE.S)
        self._status_line.setContentsMargins(self._indent(), 0, 0, 0)
        self._status_line.addWidget(self.expiry_label)
        self._status_line.addLayout(self._badges_box)
        self._status_line.addStretch(1)

        self.details = QWidget(self)
        self.details.setObjectName("paymentMethodDetails")
        self._details_form = QFormLayout(self.details)
        # Details line up under the title: past the arrow and the icon.
        self._details_form.setContentsMargins(self._indent(), 0, 0, 0)
        self.details.setVisible(False)

        layout = QVBoxLayout(self)
        style.set_margins(layout, style.SPACE.S, style.SPACE.XS)
        layout.setSpacing(style.SPACE.XXS)
        layout.addLayout(header)
        layout.addLayout(self._status_line)
        layout.addWidget(self.details)

        self.update_from_model()

    # -- public ----------------------------------------------------------------------------

    @property
    def method_id(self) -> int:
        return self._method_id

    @property
    def is_expanded(self) -> bool:
        return self._expanded

    def set_expanded(self, expanded: bool) -> None:
        if expanded == self._expanded:
            return
        self._expanded = expanded
        self.details.setVisible(expanded)
        self.chevron.setChecked(expanded)
        self._show_expiry()
        self._update_description()
        self.expanded_changed.emit(self.method_id, expanded)

    def toggle(self) -> None:
        self.set_expanded(not self._expanded)

    def open_menu(self, at: QPoint | None = None) -> None:
        """Show the actions menu, under the ⋮ button unless a position is given."""
        self._update_actions()
        pos = at or self.menu_button.mapToGlobal(QPoint(0, self.menu_button.height()))
        self.menu.popup(pos)
        if self.menu.actions():
            self.menu.setActiveAction(next(
                (a for a in self.menu.actions() if a.isEnabled()), self.menu.actions()[0]))

    def shown_details(self) -> list[tuple[str, str]]:
        """(label, value) pairs of the details panel, as shown."""
        form = self._details_form
        pairs = []
        for i in range(form.rowCount()):
            label_item = form.itemAt(i, QFormLayout.ItemRole.LabelRole)
            value_item = form.itemAt(i, QFormLayout.ItemRole.FieldRole)
            label = label_item.widget() if label_item is not None else None
            value = value_item.widget() if value_item is not None else None
            if isinstance(label, QLabel) and isinstance(value, QLabel):
                pairs.append((label.text(), value.text()))
        return pairs

    def update_from_model(self) -> None:
        """Re-read the model row (after a sync, or a state change)."""
        index = self._index
        if not index.isValid():
            return
        title = index.data(Role.TITLE)
        # Drawn from the SVG at the screen's pixel ratio: sharp at 200 %.
        self.icon_label.setPixmap(index.data(Qt.ItemDataRole.DecorationRole).pixmap(
            ICON_SIZE, self.devicePixelRatioF()))
        self.icon_label.setAccessibleName(index.data(Role.ICON_LABEL))
        self.title_label.setText(title)
        self.last4_label.setText(index.data(Role.LAST4))
        expiry = index.data(Role.EXPIRY)
        self.expiry_label.setText(self.tr("Expires {date}").replace("{date}", expiry)
                                  if expiry else "")
        self._show_expiry()
        self.default_badge.setVisible(bool(index.data(Role.IS_DEFAULT)))
        self._rebuild_state_badges(index.data(Role.STATES), index.data(Role.STATE_LABELS))
        self._rebuild_details(index.data(Role.DETAILS))
        summary = index.data(Qt.ItemDataRole.AccessibleTextRole)
        self.setAccessibleName(summary)
        self.setToolTip(plain_tooltip(summary))
        self.chevron.set_subject(f"{title} {index.data(Role.LAST4)}")
        self.menu_button.setAccessibleName(self.tr("Actions for {method}").replace(
            "{method}", f"{title} {index.data(Role.LAST4)}"))
        self.menu_button.setToolTip(self.tr("Actions"))
        self.menu.setAccessibleName(self.menu_button.accessibleName())
        self._update_actions()
        self._update_description()

    # -- events ----------------------------------------------------------------------------

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.toggle()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) \
                and mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            self.toggle()
        elif key == Qt.Key.Key_Menu or (key == Qt.Key.Key_F10
                                        and mods & Qt.KeyboardModifier.ShiftModifier):
            self.open_menu()
        elif key == Qt.Key.Key_Up and mods == Qt.KeyboardModifier.NoModifier:
            self.navigate_requested.emit(-1)
        elif key == Qt.Key.Key_Down and mods == Qt.KeyboardModifier.NoModifier:
            self.navigate_requested.emit(1)
        elif key == Qt.Key.Key_Right and not self._expanded:
            self.set_expanded(True)
        elif key == Qt.Key.Key_Left and self._expanded:
            self.set_expanded(False)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            self.open_menu(event.globalPos())
        else:
            self.open_menu()
        event.accept()

    # -- internals -------------------------------------------------------------------------

    def _show_expiry(self) -> None:
        """Under the title while folded; expanded, the details say it (no second "Expires")."""
        self.expiry_label.setVisible(bool(self.expiry_label.text()) and not self._expanded)

    def _indent(self) -> int:
        """Where the title starts: past the arrow and the icon."""
        return self.chevron.sizeHint().width() + ICON_SIZE.width() + 2 * style.SPACE.S

    def _on_chevron_clicked(self) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        # The button toggled itself already; the row follows (and re-checks it).
        self.set_expanded(self.chevron.isChecked())

    def _on_set_default_triggered(self) -> None:
        self.set_default_requested.emit(self.method_id)

    def _on_remove_triggered(self) -> None:
        self.remove_requested.emit(self.method_id)

    def _update_actions(self) -> None:
        if not self._index.isValid():
            return
        can_set = bool(self._index.data(Role.CAN_SET_DEFAULT))
        self.set_default_action.setEnabled(can_set)
        states = self._index.data(Role.STATES) or []
        why = next((texts.set_default_unavailable(s) for s in states
                    if not can_set and texts.set_default_unavailable(s)), "")
        self.set_default_action.setText(why or self.tr("Set as &default"))
        self.set_default_action.setToolTip(
            texts.verification_next() if "pending_verification" in states and not can_set
            else texts.state_explanation("expired") if why else "")
        self.remove_action.setEnabled(bool(self._index.data(Role.CAN_REMOVE)))
        # A removal waiting for the connection: the row is greyed, its actions are over.
        removing = "removing" in states
        for label in (self.chevron, self.icon_label, self.title_label, self.last4_label,
                      self.expiry_label):
            label.setEnabled(not removing)
        self.menu_button.setEnabled(not removing)

    def _update_description(self) -> None:
        if self._expanded:
            text = self.tr("Details shown. Press Enter to hide them. Press the Menu key for "
                           "actions.")
        else:
            text = self.tr("Press Enter to show details. Press the Menu key for actions.")
        self.setAccessibleDescription(text)

    def _rebuild_state_badges(self, states: list[str], labels: list[str]) -> None:
        for badge in self.state_badges.values():
            self._badges_box.removeWidget(badge)
            badge.hide()
            badge.deleteLater()
        self.state_badges = {}
        for code, label in zip(states, labels, strict=True):
            badge = _badge(label, code, self)
            badge.setToolTip(texts.state_explanation(code))
            badge.setAccessibleDescription(texts.state_explanation(code))
            self._badges_box.addWidget(badge)
            self.state_badges[code] = badge

    def _rebuild_details(self, details: list[tuple[str, str]]) -> None:
        while self._details_form.rowCount():
            self._details_form.removeRow(0)
        for label, value in details:
            value_label = plain(QLabel(value, self.details))
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value_label.setWordWrap(True)
            value_label.setAccessibleName(f"{label}: {value}")
            self._details_form.addRow(label, value_label)

    def sizeHint(self) -> QSize:
        return super().sizeHint().expandedTo(QSize(360, 40))
