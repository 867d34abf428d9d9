"""The list of payment method rows, kept in step with a ``PaymentMethodListModel``.

A client has a handful of methods, so rows are plain widgets rebuilt when the set of methods
changes (model reset) and refreshed in place when only their contents change (``dataChanged``).
Which rows are expanded, and which row has focus, survive both, keyed by method id: a sync that
lands while staff read a card's details doesn't fold it away.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from owl_desktop.ui.payment_methods.model import PaymentMethodListModel
from owl_desktop.ui.payment_methods.row import PaymentMethodRow


class PaymentMethodListView(QWidget):
    """Rows for every method in the model, or a line saying there are none.

    Signals:
        set_default_requested(int): a row asked to make method id the default.
        remove_requested(int): a row asked to remove method id (confirmation still to come).
    """

    set_default_requested = Signal(int)
    remove_requested = Signal(int)

    def __init__(self, model: PaymentMethodListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._rows: list[PaymentMethodRow] = []
        self._expanded: set[int] = set()
        self.setAccessibleName(self.tr("Payment methods"))

        self.empty_label = QLabel(self.tr("No payment methods on file."), self)
        self.empty_label.setObjectName("paymentMethodsEmpty")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._layout.addWidget(self.empty_label)

        model.modelReset.connect(self._on_model_reset)
        model.rowsInserted.connect(self._on_model_reset)
        model.rowsRemoved.connect(self._on_model_reset)
        model.dataChanged.connect(self._on_model_data_changed)
        self._rebuild()

    # -- public ----------------------------------------------------------------------------

    def rows(self) -> list[PaymentMethodRow]:
        return list(self._rows)

    def row_for(self, method_id: int) -> PaymentMethodRow | None:
        return next((r for r in self._rows if r.method_id == method_id), None)

    def focus_first(self) -> None:
        if self._rows:
            self._rows[0].setFocus(Qt.FocusReason.OtherFocusReason)

    # -- model -----------------------------------------------------------------------------

    def _on_model_reset(self, *_args: object) -> None:
        self._rebuild()

    def _on_model_data_changed(self, top_left: QModelIndex | QPersistentModelIndex,
                               bottom_right: QModelIndex | QPersistentModelIndex,
                               _roles: list[int] | None = None) -> None:
        for row in range(top_left.row(), bottom_right.row() + 1):
            if 0 <= row < len(self._rows):
                self._rows[row].update_from_model()

    def _rebuild(self) -> None:
        # The window's focus widget, not hasFocus(): a reload (a sync's) while another window
        # is active must not lose the row that gets the keyboard back.
        keyboard = self.window().focusWidget()
        focused = next((r.method_id for r in self._rows if r.hasFocus() or r is keyboard),
                       None)
        for row in self._rows:
            self._layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self._rows = []
        present = set()
        for i in range(self._model.rowCount()):
            row = PaymentMethodRow(self._model, i, self)
            present.add(row.method_id)
            row.set_expanded(row.method_id in self._expanded)
            row.expanded_changed.connect(self._on_row_expanded_changed)
            row.set_default_requested.connect(self.set_default_requested)
            row.remove_requested.connect(self.remove_requested)
            row.navigate_requested.connect(self._on_row_navigate_requested)
            self._layout.addWidget(row)
            row.show()  # at once, not on the layout's queued show: tests and focus need it
            self._rows.append(row)
        self._expanded &= present
        self.empty_label.setVisible(not self._rows)
        if focused is not None:
            again = self.row_for(focused)
            if again is not None:
                again.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- rows ------------------------------------------------------------------------------

    def _on_row_expanded_changed(self, method_id: int, expanded: bool) -> None:
        if expanded:
            self._expanded.add(method_id)
        else:
            self._expanded.discard(method_id)

    def _on_row_navigate_requested(self, step: int) -> None:
        sender = self.sender()
        if not isinstance(sender, PaymentMethodRow) or sender not in self._rows:
            return
        target = self._rows.index(sender) + step
        if 0 <= target < len(self._rows):
            self._rows[target].setFocus(Qt.FocusReason.TabFocusReason)
