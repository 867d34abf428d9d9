"""The one writer of the audit trail: every row about a payment method or autopay goes
through here, whether a desk, the portal or the sync made or noticed the change, so each row
has the same shape (who, which desk, which method, and "noticed by sync" for changes made
elsewhere)."""

from __future__ import annotations

from datetime import datetime

from owl_desktop.domain.audit import ELSEWHERE, NOTICED_BY_SYNC, Workstation
from owl_desktop.domain.payment_methods import AuditAction, StoredPaymentMethod
from owl_desktop.store.uow import UnitOfWork


def record_method_change(uow: UnitOfWork, method: StoredPaymentMethod, action: str,
                         who: Workstation, at: datetime) -> None:
    """A method was added, verified, removed, made default or cleared as default."""
    uow.audit.record(client_id=method.client_id, at=at, actor=who.actor, desk=who.desk,
                     action=action, method_type=method.type, method_label=method.label,
                     last4=method.last4, detail=NOTICED_BY_SYNC if who == ELSEWHERE else "")


def record_autopay_change(uow: UnitOfWork, client_id: int, mode: str, who: Workstation,
                          at: datetime) -> None:
    """The client's autopay choice: "on", "off" or "default" (follow the clinic)."""
    action = {"on": AuditAction.AUTOPAY_ON, "off": AuditAction.AUTOPAY_OFF}.get(
        mode, AuditAction.AUTOPAY_CLINIC_DEFAULT)
    uow.audit.record(client_id=client_id, at=at, actor=who.actor, desk=who.desk,
                     action=action)
