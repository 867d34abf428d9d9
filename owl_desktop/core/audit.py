"""The one writer of the audit trail: every row about a payment method, autopay or billing goes
through here, whether a desk, the portal or the sync made or noticed the change, so each row
has the same shape (who, which desk, which method, and "noticed by sync" for changes made
elsewhere)."""

from __future__ import annotations

import json
from datetime import datetime

from owl_desktop.domain.audit import ELSEWHERE, NOTICED_BY_SYNC, Workstation
from owl_desktop.domain.billing import Invoice, Payment
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


def record_billing_event(uow: UnitOfWork, client_id: int, action: str, who: Workstation,
                         at: datetime, *, invoice: Invoice, payment: Payment | None = None,
                         reason: str = "") -> None:
    """A charge (its outcome), a debit settling, a payment recorded, an invoice voided.
    ``detail`` is JSON the desk words: the invoice's number, the amount, a decline code, the
    void's reason."""
    detail: dict[str, object] = {"invoice": invoice.number, "currency": invoice.currency,
                                 "amount_cents": (payment.amount_cents if payment is not None
                                                  else invoice.amount_cents)}
    if payment is not None and payment.failure_code:
        detail["code"] = payment.failure_code
    if reason:
        detail["reason"] = reason
    if who == ELSEWHERE:
        detail["noticed_by_sync"] = True
    uow.audit.record(client_id=client_id, at=at, actor=who.actor, desk=who.desk,
                     action=action, method_type=payment.method.value if payment else "",
                     method_label=payment.brand if payment else "",
                     last4=payment.last4 if payment else "",
                     detail=json.dumps(detail, sort_keys=True))
