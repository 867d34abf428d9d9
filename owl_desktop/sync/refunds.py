"""Refunds Stripe tells of (``refund.*`` events): made in Stripe's Dashboard, or by this app
(their answer lost to a crash) — each is re-fetched and recorded in the ``refunds`` table, so
a payment's refunds are the same at every desk. Registered as a listener of the event pull;
recording is an upsert keyed by Stripe's id, so a replayed event changes nothing.

A refund can change after Stripe accepted it (the card's bank refuses it: ``refund.failed``).
A full reconcile reads objects, not the events in between, so after one (``recheck``) every
refund younger than :data:`RECHECK_WITHIN` that could still change is fetched again."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import cast

from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.domain.audit import ELSEWHERE, NOTICED_BY_SYNC
from owl_desktop.domain.refunds import FAILED, REFUND_FAILED_AUDIT
from owl_desktop.payments.errors import StripeRequestError
from owl_desktop.payments.gateway import StripeEvent
from owl_desktop.payments.refunds import RefundGateway, RefundInfo
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

REFUND_EVENT_TYPES = ("refund.created", "refund.updated", "refund.failed")
# How long after it was made a refund is still asked about after a full reconcile (Stripe
# keeps events 30 days: a change older than that is seen by a full reconcile only).
RECHECK_WITHIN = timedelta(days=30)


def record_refund(uow_factory: UnitOfWorkFactory, info: RefundInfo, now: datetime) -> bool:
    """Insert or update the local row of a Stripe refund; True if it wasn't known here. A
    refund known here as going through that has failed goes in the client's history once
    (its row locked while it is read and written)."""
    with uow_factory(write=True) as uow:
        client_id = (uow.customer_links.client_for_customer(info.customer_id)
                     if info.customer_id else None)
        before = uow.refunds.by_stripe_id(info.id, lock=True)
        new = uow.refunds.upsert_from_stripe(
            stripe_refund_id=info.id, payment_intent_id=info.payment_intent_id or "",
            charge_id=info.charge_id or "", client_id=client_id, amount=info.amount,
            currency=info.currency, status=info.status, reason=info.reason or "",
            failure_reason=info.failure_reason or "", livemode=info.livemode,
            created=datetime.fromtimestamp(info.created, UTC), now=now, key=info.owl_key)
        who = before.client_id if before is not None and before.client_id else client_id
        if info.status == FAILED and before is not None and before.status != FAILED and who:
            uow.audit.record(client_id=who, at=now, actor=ELSEWHERE.actor,
                             desk=ELSEWHERE.desk, action=REFUND_FAILED_AUDIT,
                             detail=NOTICED_BY_SYNC)
        uow.commit()
    return new


class RefundSync:
    """``puller.listeners.append(RefundSync(uow, gateway))``."""

    def __init__(self, uow: UnitOfWorkFactory, gateway: object, clock: Clock = utc_now) -> None:
        self._uow = uow
        self._gateway = cast(RefundGateway, gateway)
        self._clock = clock
        self.recorded = 0

    def __call__(self, events: Sequence[StripeEvent]) -> None:
        wanted = {e.object_id for e in events if e.type in REFUND_EVENT_TYPES}
        for refund_id in sorted(wanted):
            try:
                info = self._gateway.retrieve_refund(refund_id)
            except StripeRequestError as error:
                if error.is_missing:
                    continue  # another mode or account's refund: nothing of ours
                raise
            if record_refund(self._uow, info, self._clock()):
                self.recorded += 1
                log.info("refund %s recorded from Stripe (made elsewhere)", refund_id)

    def recheck(self) -> set[int]:
        """After a full reconcile: fetch again the refunds that may have changed meanwhile;
        returns the clients whose refunds changed."""
        with self._uow() as uow:
            refunds = uow.refunds.may_change(self._clock() - RECHECK_WITHIN)
        changed: set[int] = set()
        for refund in refunds:
            assert refund.stripe_refund_id is not None
            try:
                info = self._gateway.retrieve_refund(refund.stripe_refund_id)
            except StripeRequestError as error:
                if error.is_missing:
                    continue  # another mode or account's refund
                raise
            if (info.status, info.failure_reason or "") == (refund.status,
                                                            refund.failure_reason):
                continue
            record_refund(self._uow, info, self._clock())
            log.info("refund %s now %s", info.id, info.status)
            if refund.client_id is not None:
                changed.add(refund.client_id)
        return changed
