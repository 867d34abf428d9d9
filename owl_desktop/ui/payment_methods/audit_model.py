"""The audit trail of a client's payment methods as a Qt table model.

Fed plain audit entries (who, when, which desk, what, which method by type and last 4) from the
audit service; entries stay after the method itself is gone, so the trail never needs the
method row. Action codes are turned into words here, in the user's language.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from owl_desktop.domain.audit import IN_THE_PORTAL
from owl_desktop.domain.billing import BillingAuditAction
from owl_desktop.domain.payment_methods import AuditAction, AuditEntry
from owl_desktop.domain.refunds import REFUND_FAILED_AUDIT
from owl_desktop.services.audit import NOTICED_BY_SYNC
from owl_desktop.services.autopay import AUTOPAY_CLINIC_DEFAULT, AUTOPAY_OFF, AUTOPAY_ON
from owl_desktop.services.refunds import REFUND_AUDIT
from owl_desktop.ui.payment_methods import texts
from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

_AnyIndex = QModelIndex | QPersistentModelIndex

# Action codes written by the services, and how the trail names them.
_ACTIONS: dict[str, str] = {
    AuditAction.ADDED: QT_TRANSLATE_NOOP("AuditTrail", "Added"),
    AuditAction.ADDED_PENDING: QT_TRANSLATE_NOOP(
        "AuditTrail", "Added, awaiting verification"),
    AuditAction.VERIFIED: QT_TRANSLATE_NOOP(
        "AuditTrail", "Verified (micro-deposits confirmed)"),
    AuditAction.REMOVED: QT_TRANSLATE_NOOP("AuditTrail", "Removed"),
    AuditAction.SET_DEFAULT: QT_TRANSLATE_NOOP("AuditTrail", "Set as default"),
    AuditAction.DEFAULT_CLEARED: QT_TRANSLATE_NOOP("AuditTrail", "No longer the default"),
    AUTOPAY_ON: QT_TRANSLATE_NOOP("AuditTrail", "Autopay turned on"),
    AUTOPAY_OFF: QT_TRANSLATE_NOOP("AuditTrail", "Autopay turned off"),
    AUTOPAY_CLINIC_DEFAULT: QT_TRANSLATE_NOOP("AuditTrail",
                                              "Autopay set to follow the clinic's setting"),
    REFUND_AUDIT: QT_TRANSLATE_NOOP("AuditTrail", "Refunded"),  # detail: amount and reason
    REFUND_FAILED_AUDIT: QT_TRANSLATE_NOOP("AuditTrail", "Refund refused by the bank"),
    # Billing (issue 16): the invoice and amount follow, from the entry's detail.
    BillingAuditAction.CHARGE_SUCCEEDED: QT_TRANSLATE_NOOP("AuditTrail", "Charged"),
    BillingAuditAction.CHARGE_PROCESSING: QT_TRANSLATE_NOOP("AuditTrail", "Bank debit sent"),
    BillingAuditAction.CHARGE_FAILED: QT_TRANSLATE_NOOP("AuditTrail", "Charge declined"),
    BillingAuditAction.CHARGE_REQUIRES_ACTION: QT_TRANSLATE_NOOP(
        "AuditTrail", "Charge awaiting the client's confirmation"),
    BillingAuditAction.DEBIT_SETTLED: QT_TRANSLATE_NOOP("AuditTrail", "Bank debit settled"),
    BillingAuditAction.DEBIT_FAILED: QT_TRANSLATE_NOOP("AuditTrail", "Bank debit failed"),
    BillingAuditAction.PAYMENT_RECORDED: QT_TRANSLATE_NOOP("AuditTrail", "Payment recorded"),
    BillingAuditAction.INVOICE_VOIDED: QT_TRANSLATE_NOOP("AuditTrail", "Invoice voided"),
}
_BILLING_DETAIL = QT_TRANSLATE_NOOP("AuditTrail", "{action} (invoice {number}, {amount})")
_RECORDED_METHODS = {"cash": QT_TRANSLATE_NOOP("AuditTrail", "Cash"),
                     "cheque": QT_TRANSLATE_NOOP("AuditTrail", "Cheque"),
                     "e_transfer": QT_TRANSLATE_NOOP("AuditTrail", "E-transfer")}


def action_text(code: str) -> str:
    source = _ACTIONS.get(code)
    return QCoreApplication.translate("AuditTrail", source) if source else code


# A removal noticed through sync: Stripe says a method is gone, not who removed it (its detach
# carries no metadata), so the trail says where it may have happened.
_REMOVED_ELSEWHERE = QT_TRANSLATE_NOOP("AuditTrail", "Removed at another desk or in Stripe")


def entry_action_text(entry: AuditEntry) -> str:
    if entry.action == AuditAction.REMOVED and from_elsewhere(entry):
        return QCoreApplication.translate("AuditTrail", _REMOVED_ELSEWHERE)
    detail = _billing_detail(entry)
    if detail:
        amount = QLocale().toCurrencyString(int(detail.get("amount_cents", 0)) / 100, "$")
        text = QCoreApplication.translate("AuditTrail", _BILLING_DETAIL)
        text = text.replace("{action}", action_text(entry.action)).replace(
            "{number}", str(detail.get("invoice", ""))).replace("{amount}", amount)
        return f"{text}: {detail['reason']}" if detail.get("reason") else text
    return action_text(entry.action)


def _billing_detail(entry: AuditEntry) -> dict[str, Any]:
    """A billing entry's detail (JSON written by ``core/audit.record_billing_event``)."""
    if not entry.detail.startswith("{"):
        return {}
    try:
        found = json.loads(entry.detail)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


# Changes noticed through sync, made outside this desk: who and where aren't known (a desk
# that names itself, in a SetupIntent's or the customer's metadata, is recorded by name).
_ELSEWHERE_WHO = QT_TRANSLATE_NOOP("AuditTrail", "Stripe")
_ELSEWHERE_DESK = QT_TRANSLATE_NOOP("AuditTrail", "Elsewhere")
_ELSEWHERE_TIP = QT_TRANSLATE_NOOP(
    "AuditTrail", "Made outside this desk (Stripe's Dashboard, another desk or the client's "
                  "self-service) and picked up by sync.")


def from_elsewhere(entry: AuditEntry) -> bool:
    return entry.detail == NOTICED_BY_SYNC or bool(_billing_detail(entry).get(NOTICED_BY_SYNC))


# Changes the client made in the client portal (domain.audit.IN_THE_PORTAL): the row reads
# "By the client, In the portal".
_PORTAL_WHO = QT_TRANSLATE_NOOP("AuditTrail", "By the client")
_PORTAL_DESK = QT_TRANSLATE_NOOP("AuditTrail", "In the portal")


def in_the_portal(entry: AuditEntry) -> bool:
    return (entry.actor, entry.desk) == (IN_THE_PORTAL.actor, IN_THE_PORTAL.desk)


def who_text(entry: AuditEntry) -> str:
    if from_elsewhere(entry):
        return QCoreApplication.translate("AuditTrail", _ELSEWHERE_WHO)
    if in_the_portal(entry):
        return QCoreApplication.translate("AuditTrail", _PORTAL_WHO)
    return entry.actor


def desk_text(entry: AuditEntry) -> str:
    if from_elsewhere(entry):
        return QCoreApplication.translate("AuditTrail", _ELSEWHERE_DESK)
    if in_the_portal(entry):
        return QCoreApplication.translate("AuditTrail", _PORTAL_DESK)
    return entry.desk


def method_text(entry: AuditEntry) -> str:
    """'Visa •••• 4242' from what the entry kept; empty for entries about no method."""
    if not entry.last4 and not entry.method_type:
        return ""
    if entry.method_type in _RECORDED_METHODS:
        return QCoreApplication.translate("AuditTrail", _RECORDED_METHODS[entry.method_type])
    # The label is the brand (cards) or bank name as stored; the services' plain fallbacks
    # ("Card", "Bank account") are shown in the user's language.
    label = entry.method_label
    if not label or label in ("Card", "Bank account"):
        title = texts.type_name(entry.method_type)
    elif entry.method_type == "card":
        title = texts.brand_name(label)
    else:
        title = label
    return f"{title} {texts.masked_last4(entry.last4)}" if entry.last4 else title


def when_text(at: datetime) -> str:
    """The local date and time in the user's locale's short format."""
    local = QDateTime.fromSecsSinceEpoch(int(at.timestamp())).toLocalTime()
    return QLocale().toString(local, QLocale.FormatType.ShortFormat)


# Removing the default records "Removed" then "No longer the default" for the same method, a
# few microseconds apart, in one staff action.
ONE_ACTION = timedelta(seconds=1)


def _same_method(a: AuditEntry, b: AuditEntry) -> bool:
    return (a.actor, a.desk, a.method_type, a.method_label, a.last4) == \
        (b.actor, b.desk, b.method_type, b.method_label, b.last4)


def in_reading_order(entries: Sequence[AuditEntry]) -> list[AuditEntry]:
    """Newest first, except that one removal of the default reads in the order it happened:
    "Removed", then "No longer the default" (newest-first would list them backwards)."""
    ordered = sorted(entries, key=lambda e: (e.at, e.id), reverse=True)
    for i in range(len(ordered) - 1):
        newer, older = ordered[i], ordered[i + 1]
        if newer.action == AuditAction.DEFAULT_CLEARED and older.action == AuditAction.REMOVED \
                and _same_method(newer, older) and newer.at - older.at <= ONE_ACTION:
            ordered[i], ordered[i + 1] = older, newer
    return ordered


class AuditTrailModel(QAbstractTableModel):
    """Newest entry first; one removal of the default reads "Removed", then "No longer the
    default" (see ``in_reading_order``). Signals: only Qt's own."""

    class Column(IntEnum):
        WHEN = 0
        WHO = 1
        DESK = 2
        ACTION = 3
        METHOD = 4

    _HEADERS: ClassVar[dict[int, str]] = {
        Column.WHEN: QT_TRANSLATE_NOOP("AuditTrail", "When"),
        Column.WHO: QT_TRANSLATE_NOOP("AuditTrail", "Who"),
        Column.DESK: QT_TRANSLATE_NOOP("AuditTrail", "Desk"),
        Column.ACTION: QT_TRANSLATE_NOOP("AuditTrail", "Action"),
        Column.METHOD: QT_TRANSLATE_NOOP("AuditTrail", "Payment method"),
    }

    ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[AuditEntry] = []

    def set_entries(self, entries: Sequence[AuditEntry]) -> None:
        self.beginResetModel()
        self._entries = in_reading_order(entries)
        self.endResetModel()

    def entries(self) -> list[AuditEntry]:
        return list(self._entries)

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.Column)

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.Column):
            return QCoreApplication.translate("AuditTrail", self._HEADERS[section])
        return None

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() \
                or not 0 <= index.row() < len(self._entries) \
                or not 0 <= index.column() < len(self.Column):
            return None
        entry = self._entries[index.row()]
        column = self.Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.Column.WHEN:
            return entry.at.isoformat(timespec="seconds")
        if role == Qt.ItemDataRole.ToolTipRole and from_elsewhere(entry) \
                and column in (self.Column.WHO, self.Column.DESK):
            return QCoreApplication.translate("AuditTrail", _ELSEWHERE_TIP)
        if role == self.ENTRY_ID_ROLE:
            return entry.id
        return None

    @classmethod
    def _text(cls, entry: AuditEntry, column: AuditTrailModel.Column) -> str:
        if column == cls.Column.WHEN:
            return when_text(entry.at)
        if column == cls.Column.WHO:
            return who_text(entry)
        if column == cls.Column.DESK:
            return desk_text(entry)
        if column == cls.Column.ACTION:
            return entry_action_text(entry)
        return method_text(entry)
