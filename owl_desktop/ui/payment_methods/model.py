"""The list of a client's payment methods as a Qt item model.

Fed plain ``StoredPaymentMethod`` rows from the payment methods service (never ORM objects), it
answers everything the row widgets, the autopay panel and screen readers need through typed
roles. States (expired, expires soon, pending verification, pending sync) are worked out here
from the domain rules and today's date, so every view shows the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from owl_desktop.domain.payment_methods import PENDING_VERIFICATION, REMOVED, StoredPaymentMethod
from owl_desktop.ui.payment_methods import texts
from owl_desktop.ui.payment_methods.icons import icon_file, method_icon
from owl_desktop.ui.plain import plain_tooltip
from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

_AnyIndex = QModelIndex | QPersistentModelIndex


class MethodState:
    """State codes a row can carry (several at once); ``texts.state_label`` names them."""

    EXPIRED = "expired"
    EXPIRES_SOON = "expires_soon"
    PENDING_VERIFICATION = "pending_verification"
    PENDING_SYNC = "pending_sync"
    REMOVING = "removing"


# Detail labels, translated through texts.tr (same context).
_LBL_HOLDER = QT_TRANSLATE_NOOP("PaymentMethodTexts", "Account holder")
_LBL_BANK = QT_TRANSLATE_NOOP("PaymentMethodTexts", "Bank")
_LBL_EXPIRY = QT_TRANSLATE_NOOP("PaymentMethodTexts", "Expiry")
_LBL_BILLING = QT_TRANSLATE_NOOP("PaymentMethodTexts", "Billing address")
_LBL_NAME = QT_TRANSLATE_NOOP("PaymentMethodTexts", "Name on card")
_NOT_GIVEN = QT_TRANSLATE_NOOP("PaymentMethodTexts", "Not given")
_LBL_VERIFICATION = QT_TRANSLATE_NOOP("PaymentMethodTexts", "Verification")


def method_states(method: StoredPaymentMethod, today: date) -> list[str]:
    """The states shown for a method, most important first."""
    states: list[str] = []
    if method.status == REMOVED:
        states.append(MethodState.REMOVING)
    if method.status == PENDING_VERIFICATION:
        states.append(MethodState.PENDING_VERIFICATION)
    if method.is_expired(today):
        states.append(MethodState.EXPIRED)
    elif method.expires_soon(today):
        states.append(MethodState.EXPIRES_SOON)
    if method.pending_sync and method.status != REMOVED:
        states.append(MethodState.PENDING_SYNC)
    return states


def method_details(method: StoredPaymentMethod) -> list[tuple[str, str]]:
    """(label, value) pairs shown when a row is expanded: never more than the last 4 digits."""
    t = texts.tr
    if method.type == "acss_debit":
        details = [
            (t(_LBL_HOLDER), method.holder_name or t(_NOT_GIVEN)),
            (t(_LBL_BANK), method.bank_name or t(_NOT_GIVEN)),
        ]
        if method.status == PENDING_VERIFICATION:
            details.append((t(_LBL_VERIFICATION), texts.verification_next()))
        return details
    address = method.billing_address.one_line() if method.billing_address else ""
    return [
        (t(_LBL_EXPIRY), texts.expiry_text(method.exp_month, method.exp_year) or t(_NOT_GIVEN)),
        (t(_LBL_BILLING), address or t(_NOT_GIVEN)),
        (t(_LBL_NAME), method.holder_name or t(_NOT_GIVEN)),
    ]



class PaymentMethodListModel(QAbstractListModel):
    """One row per payment method of one client, in the order the service gives them.

    Signals: only QAbstractItemModel's own. ``set_methods`` resets the model when the set of
    methods changes and emits ``dataChanged`` when only their contents changed, so views keep
    their expanded rows and focus across a sync.
    """

    class Role(IntEnum):
        METHOD_ID = Qt.ItemDataRole.UserRole + 1
        METHOD_TYPE = Qt.ItemDataRole.UserRole + 2
        TITLE = Qt.ItemDataRole.UserRole + 3
        LAST4 = Qt.ItemDataRole.UserRole + 4
        EXPIRY = Qt.ItemDataRole.UserRole + 5
        IS_DEFAULT = Qt.ItemDataRole.UserRole + 6
        STATES = Qt.ItemDataRole.UserRole + 7
        STATE_LABELS = Qt.ItemDataRole.UserRole + 8
        DETAILS = Qt.ItemDataRole.UserRole + 9
        CAN_SET_DEFAULT = Qt.ItemDataRole.UserRole + 10
        CAN_REMOVE = Qt.ItemDataRole.UserRole + 11
        ICON_NAME = Qt.ItemDataRole.UserRole + 12
        ICON_LABEL = Qt.ItemDataRole.UserRole + 13

    def __init__(self, parent: QObject | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._methods: list[StoredPaymentMethod] = []
        self._today = today

    # -- feeding ---------------------------------------------------------------------------

    def set_methods(self, methods: Sequence[StoredPaymentMethod]) -> None:
        """Show these methods. Same ids in the same order: rows are updated in place."""
        new = list(methods)
        if [m.id for m in new] == [m.id for m in self._methods]:
            changed = [i for i, (a, b) in enumerate(zip(self._methods, new, strict=True))
                       if a != b]
            self._methods = new
            for row in changed:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, [])
            return
        self.beginResetModel()
        self._methods = new
        self.endResetModel()

    def refresh_dates(self) -> None:
        """Re-evaluate date-based states (a desk left open past midnight)."""
        if self._methods:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._methods) - 1, 0), [])

    def methods(self) -> list[StoredPaymentMethod]:
        return list(self._methods)

    def method(self, row: int) -> StoredPaymentMethod:
        return self._methods[row]

    def row_of(self, method_id: int) -> int:
        """The row of a method id, or -1."""
        for row, method in enumerate(self._methods):
            if method.id == method_id:
                return row
        return -1

    def default_method(self) -> StoredPaymentMethod | None:
        return next((m for m in self._methods if m.is_default and m.status != REMOVED), None)

    # -- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._methods)

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        for role in self.Role:
            names[int(role)] = QByteArray(role.name.lower().encode())
        return names

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() or index.column() != 0 \
                or not 0 <= index.row() < len(self._methods):
            return None
        method = self._methods[index.row()]
        return self._data(method, role)

    def _data(self, method: StoredPaymentMethod, role: int) -> Any:
        r = self.Role
        title = texts.method_title(method.type, method.brand, method.bank_name)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{title} {texts.masked_last4(method.last4)}"
        if role == Qt.ItemDataRole.DecorationRole:
            return method_icon(method.type, method.brand)
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            summary = texts.spoken_summary(title, method.last4, self._expiry(method),
                                           method.is_default, self._states(method))
            return summary if role == Qt.ItemDataRole.AccessibleTextRole \
                else plain_tooltip(summary)
        if role == r.METHOD_ID:
            return method.id
        if role == r.METHOD_TYPE:
            return method.type
        if role == r.TITLE:
            return title
        if role == r.LAST4:
            return texts.masked_last4(method.last4)
        if role == r.EXPIRY:
            return self._expiry(method)
        if role == r.IS_DEFAULT:
            return method.is_default
        if role == r.STATES:
            return self._states(method)
        if role == r.STATE_LABELS:
            return [texts.state_label(s) for s in self._states(method)]
        if role == r.DETAILS:
            return method_details(method)
        if role == r.CAN_SET_DEFAULT:
            return (not method.is_default and method.status == "active"
                    and method.is_usable(self._today()))
        if role == r.CAN_REMOVE:
            return method.status != REMOVED
        if role == r.ICON_NAME:
            return icon_file(method.type, method.brand)
        if role == r.ICON_LABEL:
            return texts.type_name(method.type) if method.type == "acss_debit" else title
        return None

    def _states(self, method: StoredPaymentMethod) -> list[str]:
        return method_states(method, self._today())

    @staticmethod
    def _expiry(method: StoredPaymentMethod) -> str:
        return texts.expiry_text(method.exp_month, method.exp_year) \
            if method.type == "card" else ""
