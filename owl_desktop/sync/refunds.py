"""Refunds Stripe tells of (``refund.*`` events): made in Stripe's Dashboard, or by this app
(their answer lost to a crash) — each is re-fetched and recorded in the ``refunds`` table, so
a payment's refunds are the same at every desk. Registered as a listener of the event pull;
recording is an upsert keyed by Stripe's id, so a replayed event changes nothing.

A full reconcile reads objects, not the events in between (a new database's first sync starts
its cursor at "now"; a desk away longer than Stripe keeps events starts a new one), so after
one (``after_full``):

- ``catch_up`` asks Stripe for the refunds of the charges this database made that a refund may
  still be made of (succeeded, not wholly refunded here, younger than :data:`CATCH_UP_WITHIN`)
  and records those it doesn't know, through ``record_refund`` as events do: a refund made in
  the Dashboard before the first sync, or while the desk was away, is recorded once and the
  client's history says it was noticed by sync. Cheap in calls: one listing of the account's
  refunds since the oldest such charge (``created[gte]``, a call per page of 100), which for a
  clinic is one call; should the account hold many refunds of other charges (software
  sharing it), it stops paging once the pages read match the charges still uncovered and
  asks for those charges' refunds one by one (``payment_intent``, a call each), so a run
  never costs more than about twice one call per charge.
- ``recheck``: a refund can change after Stripe accepted it (the card's bank refuses it:
  ``refund.failed``); every refund younger than :data:`RECHECK_WITHIN` that could still change
  and that the catch-up didn't just read is fetched again."""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from datetime import UTC, datetime, timedelta
from typing import cast

from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.domain.audit import ELSEWHERE, NOTICED_BY_SYNC
from owl_desktop.domain.refunds import FAILED, REFUND_AUDIT, REFUND_FAILED_AUDIT
from owl_desktop.payments.errors import StripeRequestError
from owl_desktop.payments.gateway import StripeEvent
from owl_desktop.payments.refunds import RefundGateway, RefundInfo
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

REFUND_EVENT_TYPES = ("refund.created", "refund.updated", "refund.failed")
# How long after it was made a refund is still asked about after a full reconcile (Stripe
# keeps events 30 days: a change older than that is seen by a full reconcile only).
RECHECK_WITHIN = timedelta(days=30)
# How old a charge may be and still be asked about by ``catch_up``. Stripe sets no single
# deadline for card refunds (bank debits allow about 180 days): a year covers what a clinic
# refunds in practice and keeps the listing short.
CATCH_UP_WITHIN = timedelta(days=365)
# Charges are stamped by this desk's clock and refunds by Stripe's: list from a day earlier,
# so a desk clock running ahead can't hide a refund made just after its charge.
CLOCK_SLACK = timedelta(days=1)


def record_refund(uow_factory: UnitOfWorkFactory, info: RefundInfo, now: datetime) -> bool:
    """Insert or update the local row of a Stripe refund; True if it wasn't known here.

    The client's history says so once (the row is locked while read and written, and only
    the transaction that inserts it writes "Refunded"): a refund new here was made elsewhere
    (the Dashboard, the API, a desk with another database), noticed by sync; one known here
    as going through that has failed is "refused by the bank"."""
    with uow_factory(write=True) as uow:
        client_id = (uow.customer_links.client_for_customer(info.customer_id)
                     if info.customer_id else None)
        if client_id is None and info.payment_intent_id:
            paid = uow.payments.by_intent(info.payment_intent_id)  # a charge made here
            client_id = paid.client_id if paid is not None else None
        before = uow.refunds.by_stripe_id(info.id, lock=True)
        new = uow.refunds.upsert_from_stripe(
            stripe_refund_id=info.id, payment_intent_id=info.payment_intent_id or "",
            charge_id=info.charge_id or "", client_id=client_id, amount=info.amount,
            currency=info.currency, status=info.status, reason=info.reason or "",
            failure_reason=info.failure_reason or "", livemode=info.livemode,
            created=datetime.fromtimestamp(info.created, UTC), now=now, key=info.owl_key)
        who = before.client_id if before is not None and before.client_id else client_id
        actions = []
        if new:
            actions.append(REFUND_AUDIT)
        if info.status == FAILED and (new or (before is not None and before.status != FAILED)):
            actions.append(REFUND_FAILED_AUDIT)
        for action in actions:
            if who is not None:
                uow.audit.record(client_id=who, at=now, actor=ELSEWHERE.actor,
                                 desk=ELSEWHERE.desk, action=action, detail=NOTICED_BY_SYNC)
        uow.commit()
    return new


class RefundSync:
    """``puller.listeners.append(RefundSync(uow, gateway))``; ``after_full()`` after a full
    reconcile. ``page_size``: refunds a listing call asks for (Stripe's maximum, 100)."""

    def __init__(self, uow: UnitOfWorkFactory, gateway: object, clock: Clock = utc_now, *,
                 page_size: int = 100) -> None:
        self._uow = uow
        self._gateway = cast(RefundGateway, gateway)
        self._clock = clock
        self.page_size = page_size
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

    def after_full(self) -> set[int]:
        """What a full reconcile owes refunds: ``catch_up``, then ``recheck`` of the rest;
        returns the clients whose refunds changed."""
        changed, seen = self.catch_up()
        return changed | self.recheck(skip=seen)

    def catch_up(self) -> tuple[set[int], set[str]]:
        """Record the refunds Stripe has of this database's refundable charges that aren't
        known here, and bring known ones up to date; returns the clients whose refunds
        changed and the ids of every refund read."""
        now = self._clock()
        since = now - CATCH_UP_WITHIN
        with self._uow() as uow:
            charges = uow.payments.charges_succeeded_since(since)
            counted = uow.refunds.counted_since(since - CLOCK_SLACK)
        # Wholly refunded here: nothing more can be refunded of it (a refund that failed
        # isn't counted, so its charge is asked about again).
        open_since = {p.payment_intent_id: p.created_at for p in charges
                      if p.payment_intent_id
                      and p.amount_cents > counted.get(p.payment_intent_id, 0)}
        found = self._refunds_of(open_since)
        changed: set[int] = set()
        for info in sorted(found.values(), key=lambda r: (r.created, r.id)):
            with self._uow() as uow:
                known = uow.refunds.by_stripe_id(info.id)
            if known is not None and (known.status, known.failure_reason) == (
                    info.status, info.failure_reason or ""):
                continue
            if record_refund(self._uow, info, self._clock()):
                self.recorded += 1
                log.info("refund %s recorded from Stripe (made elsewhere, no event read)",
                         info.id)
            else:
                log.info("refund %s now %s", info.id, info.status)
            with self._uow() as uow:
                stored = uow.refunds.by_stripe_id(info.id)
            if stored is not None and stored.client_id is not None:
                changed.add(stored.client_id)
        return changed, set(found)

    def _refunds_of(self, open_since: dict[str, datetime]) -> dict[str, RefundInfo]:
        """Stripe's refunds of the charges ``open_since`` names (PaymentIntent -> when
        charged), by refund id: the account's refunds listed newest first from the oldest
        charge on, page by page, until every charge is covered or the pages read match the
        charges left; then one listing per charge left (see the module doc)."""
        found: dict[str, RefundInfo] = {}
        floors = {pi: int((at - CLOCK_SLACK).timestamp()) for pi, at in open_since.items()}
        left = sorted(floors)
        if len(floors) > 1:
            after: str | None = None
            pages = 0
            while True:
                page, has_more = self._gateway.list_refunds_since(
                    min(floors.values()), limit=self.page_size, starting_after=after)
                pages += 1
                found.update((r.id, r) for r in page if r.payment_intent_id in floors)
                if not has_more or not page:
                    return found
                # Every refund created after the page's oldest has been read: a charge made
                # after it is covered (its refunds are younger than itself).
                reached = page[-1].created
                left = sorted(pi for pi, floor in floors.items() if floor <= reached)
                if pages >= len(left):
                    break
                after = page[-1].id
        for payment_intent_id in left:
            found.update((r.id, r) for r in self._gateway.list_refunds(payment_intent_id))
        return found

    def recheck(self, skip: Collection[str] = ()) -> set[int]:
        """After a full reconcile: fetch again the refunds that may have changed meanwhile
        (but those in ``skip``, just read); returns the clients whose refunds changed."""
        with self._uow() as uow:
            refunds = uow.refunds.may_change(self._clock() - RECHECK_WITHIN)
        changed: set[int] = set()
        for refund in refunds:
            assert refund.stripe_refund_id is not None
            if refund.stripe_refund_id in skip:
                continue
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
