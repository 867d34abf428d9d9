"""What a finished SetupIntent leaves on file: the method it saved (or is verifying), with the
same bookkeeping wherever the outcome is noticed — the add dialog at a desk, the portal, or
the sync (a bank account whose micro-deposits were verified later).

The bookkeeping: the method is stored (never more than Stripe's last 4 digits), its audit row
written ("added", "added, pending verification", or "verified" when a pending bank account
became usable), and a client's first usable method becomes the default (queued to Stripe).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from owl_desktop.core.audit import record_method_change
from owl_desktop.domain.audit import Workstation, by_payload
from owl_desktop.domain.outbox import KIND_SET_DEFAULT
from owl_desktop.domain.payment_methods import (
    ACTIVE,
    PENDING_VERIFICATION,
    REMOVED,
    AuditAction,
    MethodStatus,
    StoredPaymentMethod,
    should_become_default,
)
from owl_desktop.domain.stripe_records import VERIFY_WITH_MICRODEPOSITS
from owl_desktop.payments.gateway import BankVerification, PaymentGateway, SetupIntentInfo
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

# A SetupIntent's create key says how its bank account is verified, so whoever re-sends the
# key (a retry at the portal, the sync's sweep) sends the same parameters Stripe replays.
_INSTANT = "instant"


def new_setup_key(client_id: int, token: str, verification: BankVerification) -> str:
    """``setup:{client}:{token}``, or ``setup:{client}:instant:{token}`` for a bank account
    that may be verified only instantly (the portal's booking hold)."""
    return (f"setup:{client_id}:{_INSTANT}:{token}" if verification == "instant"
            else f"setup:{client_id}:{token}")


def verification_of(key: str) -> BankVerification:
    return "instant" if key.split(":")[2:3] == [_INSTANT] else "automatic"


def outcome_status(info: SetupIntentInfo) -> MethodStatus | None:
    """The local status of what the SetupIntent saved; None if it saved nothing (yet)."""
    if info.status == "succeeded":
        return ACTIVE
    if info.status == "processing" or (info.status == "requires_action"
                                       and info.next_action_type == VERIFY_WITH_MICRODEPOSITS):
        return PENDING_VERIFICATION
    return None


def apply_default(uow: UnitOfWork, method: StoredPaymentMethod, who: Workstation,
                  now: datetime) -> None:
    """Make ``method`` the client's default here and queue it to Stripe, audited."""
    uow.payment_methods.set_default(method.client_id, method.id, now)
    uow.outbox.enqueue(KIND_SET_DEFAULT, client_id=method.client_id,
                       payload={"payment_method": method.stripe_id, "by": by_payload(who)},
                       now=now)
    record_method_change(uow, method, AuditAction.SET_DEFAULT, who, now)


def record_setup_outcome(uow_factory: UnitOfWorkFactory, gateway: PaymentGateway,
                         client_id: int, info: SetupIntentInfo, *, who: Workstation,
                         first_default_by: Workstation, clock: Callable[[], datetime],
                         ) -> StoredPaymentMethod | None:
    """Store the method a SetupIntent saved, or is verifying; None if it saved nothing.

    ``who``: recorded as having added (or verified) it — this workstation, or ``ELSEWHERE``
    when the sync noticed it. ``first_default_by``: the first-default rule is applied by this
    process (it sends it to Stripe), so it is audited as this workstation's. Network first
    (the method and mandate if not expanded), then one write unit of work.
    """
    status = outcome_status(info)
    if status is None:
        return None
    pm = info.payment_method
    if pm is None:
        if info.payment_method_id is None:
            return None
        pm = gateway.retrieve_payment_method(info.payment_method_id)
    mandate_status = info.mandate_status
    if pm.type == "acss_debit" and mandate_status is None and info.mandate_id:
        mandate_status = gateway.retrieve_mandate(info.mandate_id).status
    if pm.type == "acss_debit" and status == PENDING_VERIFICATION:
        mandate_status = mandate_status or "pending"
    now = clock()
    with uow_factory(write=True) as uow:
        uow.clients.lock(client_id)
        before = uow.payment_methods.by_stripe_id(pm.id)
        if before is not None and before.status == REMOVED:
            return before  # removed here while Stripe was still saving it: stays removed
        stored = uow.payment_methods.upsert(
            pm, client_id, now, status=status, setup_intent_id=info.id,
            mandate_id=info.mandate_id, mandate_status=mandate_status).method
        newly = before is None or before.status != stored.status
        if newly:
            if status != ACTIVE:
                action = AuditAction.ADDED_PENDING
            elif before is not None and before.status == PENDING_VERIFICATION:
                action = AuditAction.VERIFIED
            else:
                action = AuditAction.ADDED
            record_method_change(uow, stored, action, who, now)
        others = uow.payment_methods.list_for_client(client_id)
        has_default = any(m.is_default for m in others)
        if should_become_default(stored, others, has_default, now.date()):
            apply_default(uow, stored, first_default_by, now)
            stored = uow.payment_methods.get(stored.id)
        uow.commit()
    if newly:
        log.info("payment method %s stored for client %s (%s)", stored.id, client_id,
                 stored.status)
    return stored
