"""The administrator's history in words (``domain/admin_history.py``): a refund with its amount,
invoice, client and reason; each change to Settings → Payments with its old and new value; the
passphrase set, changed, cleared, or typed wrong and for what. Rows from before the details
were recorded as JSON show their text as it was kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from owl_desktop.domain.admin_history import AdminAction, AdminEntry, parse_detail, refused_for
from owl_desktop.ui.billing.texts import money
from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

_C = "AdminHistory"

_PLAIN = {
    AdminAction.PASSPHRASE_SET: QT_TRANSLATE_NOOP(
        "AdminHistory", "Set the clinic administrator's passphrase."),
    AdminAction.PASSPHRASE_CHANGED: QT_TRANSLATE_NOOP(
        "AdminHistory", "Changed the clinic administrator's passphrase."),
    AdminAction.PASSPHRASE_RESET: QT_TRANSLATE_NOOP(
        "AdminHistory", "Cleared the forgotten passphrase with the command {command}; the next "
                        "refund or change to Settings → Payments sets a new one."),
}
_REFUSED = {
    AdminAction.REFUND: QT_TRANSLATE_NOOP(
        "AdminHistory", "Wrong passphrase typed for a refund: nothing was refunded."),
    AdminAction.PAYMENT_SETTINGS: QT_TRANSLATE_NOOP(
        "AdminHistory", "Wrong passphrase typed for Settings → Payments: nothing was "
                        "changed."),
    AdminAction.PASSPHRASE_CHANGED: QT_TRANSLATE_NOOP(
        "AdminHistory", "Wrong current passphrase typed to change it: it wasn't changed."),
}
_REFUSED_OTHER = QT_TRANSLATE_NOOP("AdminHistory", "Wrong passphrase typed.")
_REASONS = {
    "requested_by_customer": QT_TRANSLATE_NOOP("AdminHistory", "requested by the client"),
    "duplicate": QT_TRANSLATE_NOOP("AdminHistory", "charged twice"),
    "fraudulent": QT_TRANSLATE_NOOP("AdminHistory", "fraudulent"),
    "": QT_TRANSLATE_NOOP("AdminHistory", "other reason"),
}
_REFUND = QT_TRANSLATE_NOOP("AdminHistory", "Refund of {amount} on invoice {number} "
                                            "({client}): {reason}.")
_REFUND_NO_INVOICE = QT_TRANSLATE_NOOP("AdminHistory", "Refund of {amount} of payment "
                                                       "{payment}: {reason}.")
_REFUND_BARE = QT_TRANSLATE_NOOP("AdminHistory", "Refund (no details recorded).")
_NOTE = QT_TRANSLATE_NOOP("AdminHistory", "Note: {note}")
_OLD_ROW = {
    AdminAction.REFUND: QT_TRANSLATE_NOOP("AdminHistory", "Refund: {detail}"),
    AdminAction.PAYMENT_SETTINGS: QT_TRANSLATE_NOOP("AdminHistory",
                                                    "Settings → Payments: {detail}"),
}
_NO_CHANGE = QT_TRANSLATE_NOOP("AdminHistory", "Settings → Payments saved with no change.")
_CHANGED = {
    "processing": QT_TRANSLATE_NOOP("AdminHistory", "Payment processing changed from {old} to "
                                                    "{new}."),
    "autopay_hour": QT_TRANSLATE_NOOP("AdminHistory", "Autopay's nightly hour changed from "
                                                      "{old} to {new}."),
    "no_show_fee_cents": QT_TRANSLATE_NOOP("AdminHistory", "No-show fee changed from {old} to "
                                                           "{new}."),
    "late_cancellation_fee_cents": QT_TRANSLATE_NOOP(
        "AdminHistory", "Late cancellation fee changed from {old} to {new}."),
    "currency": QT_TRANSLATE_NOOP("AdminHistory", "Currency changed from {old} to {new}."),
    "tax_number": QT_TRANSLATE_NOOP("AdminHistory", "GST/HST number changed from {old} to "
                                                    "{new}."),
    "clinic_address": QT_TRANSLATE_NOOP("AdminHistory", "Clinic address (receipts) changed."),
}
_OTHER_CHANGE = QT_TRANSLATE_NOOP("AdminHistory", "{field} changed.")
_PROCESSING = {"manual": QT_TRANSLATE_NOOP("AdminHistory", "manual"),
               "automatic": QT_TRANSLATE_NOOP("AdminHistory", "automatic")}
_NO_FEE = QT_TRANSLATE_NOOP("AdminHistory", "no fee")
_NONE = QT_TRANSLATE_NOOP("AdminHistory", "none")


def _t(source: str) -> str:
    return QCoreApplication.translate(_C, source)


def entry_text(entry: AdminEntry) -> str:
    """What the row records, as one or a few sentences in the desk's language."""
    detail = parse_detail(entry.detail)
    if entry.action in _PLAIN:
        return _t(_PLAIN[entry.action]).replace(
            "{command}", str(detail.get("command", "owl-desktop reset-admin-passphrase")))
    if entry.action == AdminAction.REFUSED:
        source = _REFUSED.get(refused_for(entry.detail), _REFUSED_OTHER)
        return _t(source)
    if not detail and entry.detail and entry.action in _OLD_ROW:
        return _t(_OLD_ROW[entry.action]).replace("{detail}", entry.detail)
    if entry.action == AdminAction.REFUND:
        return _refund_text(detail) if detail else _t(_REFUND_BARE)
    if entry.action == AdminAction.PAYMENT_SETTINGS:
        return _settings_text(detail)
    return f"{entry.action} {entry.detail}".strip()


def _refund_text(detail: dict[str, Any]) -> str:
    amount = money(int(detail.get("amount_cents", 0)), str(detail.get("currency", "CAD")))
    reason = _t(_REASONS.get(str(detail.get("reason", "")), _REASONS[""]))
    if detail.get("invoice"):
        text = _t(_REFUND).replace("{number}", str(detail["invoice"]))
        text = text.replace("{client}", str(detail.get("client", "")))
    else:
        text = _t(_REFUND_NO_INVOICE).replace("{payment}", str(detail.get("payment_intent", "")))
    text = text.replace("{amount}", amount).replace("{reason}", reason)
    if detail.get("note"):
        text += " " + _t(_NOTE).replace("{note}", str(detail["note"]))
    return text


def _settings_text(detail: dict[str, Any]) -> str:
    changed = detail.get("changes")
    if not isinstance(changed, dict) or not changed:
        return _t(_NO_CHANGE)
    parts = []
    order = list(_CHANGED)  # autopay's first, then as the page lists them
    for field, values in sorted(changed.items(), key=lambda kv: (
            order.index(kv[0]) if kv[0] in order else len(order), kv[0])):
        old, new = [*values, None, None][:2] if isinstance(values, list) else (None, None)
        source = _CHANGED.get(field)
        if source is None:
            parts.append(_t(_OTHER_CHANGE).replace("{field}", field))
            continue
        parts.append(_t(source).replace("{old}", value_text(field, old))
                     .replace("{new}", value_text(field, new)))
    return " ".join(parts)


def value_text(field: str, value: Any) -> str:
    """A setting's value as the history shows it."""
    if field == "processing":
        return _t(_PROCESSING.get(str(value), str(value)))
    if field == "autopay_hour":
        return f"{int(value):02d}:00" if isinstance(value, int) else str(value)
    if field.endswith("_fee_cents"):
        return money(int(value)) if isinstance(value, int) and value else _t(_NO_FEE)
    return str(value) if value else _t(_NONE)
