"""Refunds: those made here (written before the Stripe call, with its idempotency key) and
those Stripe told us of (the Dashboard), keyed by Stripe's id so both meet in one row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from owl_desktop.domain.refunds import CANCELED, COUNTED, FAILED, SENDING, Refund
from owl_desktop.store.autopay_models import RefundRow
from owl_desktop.store.change_journal_repo import note
from owl_desktop.store.sched_times import from_db, to_db
from owl_desktop.store.upsert import insert_ignore


def to_refund(row: RefundRow) -> Refund:
    return Refund(id=row.id, payment_intent_id=row.payment_intent_id,
                  stripe_refund_id=row.stripe_refund_id, amount=row.amount,
                  currency=row.currency, status=row.status, reason=row.reason, note=row.note,
                  created_at=from_db(row.created_at), client_id=row.client_id,
                  charge_id=row.charge_id, failure_reason=row.failure_reason,
                  actor=row.actor, desk=row.desk, idempotency_key=row.idempotency_key)


class RefundRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def start(self, *, key: str, payment_intent_id: str, client_id: int | None, amount: int,
              currency: str, reason: str, note_text: str, actor: str, desk: str,
              now: datetime, livemode: bool) -> Refund:
        """A refund about to be asked of Stripe, with the key its call will carry."""
        row = RefundRow(idempotency_key=key, payment_intent_id=payment_intent_id,
                        client_id=client_id, amount=amount, currency=currency, status=SENDING,
                        reason=reason, note=note_text, actor=actor[:100], desk=desk[:100],
                        livemode=livemode, created_at=to_db(now), updated_at=to_db(now))
        self._session.add(row)
        self._session.flush()
        note(self._session, client_id)
        return to_refund(row)

    def by_key(self, key: str) -> Refund | None:
        row = self._session.scalar(select(RefundRow).where(RefundRow.idempotency_key == key))
        return None if row is None else to_refund(row)

    def record_answer(self, key: str, *, stripe_refund_id: str, charge_id: str, status: str,
                      failure_reason: str, now: datetime) -> None:
        row = self._session.scalar(select(RefundRow).where(RefundRow.idempotency_key == key)
                                   .with_for_update())
        if row is None:
            return
        row.stripe_refund_id = stripe_refund_id
        row.charge_id, row.status, row.failure_reason = charge_id, status, failure_reason
        row.updated_at = to_db(now)
        self._session.flush()
        note(self._session, row.client_id)

    def forget_unsent(self, key: str) -> None:
        """Stripe refused the refund (no refund exists): drop the row written before."""
        row = self._session.scalar(select(RefundRow).where(RefundRow.idempotency_key == key))
        if row is not None and row.stripe_refund_id is None:
            self._session.delete(row)
            self._session.flush()
            note(self._session, row.client_id)

    def upsert_from_stripe(self, *, stripe_refund_id: str, payment_intent_id: str,
                           charge_id: str, client_id: int | None, amount: int, currency: str,
                           status: str, reason: str, failure_reason: str, livemode: bool,
                           created: datetime, now: datetime, key: str | None = None) -> bool:
        """A refund Stripe told us of (an event, or the answer to ours): insert it, or bring
        the row up to date. ``key``: Stripe echoes no idempotency key, but a refund we made
        carries ours in its metadata, which finds the row written before the call. True if
        this is a refund not known before."""
        row = None
        if key:
            row = self._session.scalar(select(RefundRow).where(
                RefundRow.idempotency_key == key).with_for_update())
        if row is None:
            inserted = insert_ignore(self._session, RefundRow, {
                "stripe_refund_id": stripe_refund_id, "payment_intent_id": payment_intent_id,
                "charge_id": charge_id, "client_id": client_id, "amount": amount,
                "currency": currency, "status": status, "reason": reason, "note": "",
                "failure_reason": failure_reason, "livemode": livemode, "actor": "",
                "desk": "", "created_at": to_db(created), "updated_at": to_db(now)},
                ("stripe_refund_id",))
            if inserted:
                note(self._session, client_id)
                return True
            row = self._session.scalar(select(RefundRow).where(
                RefundRow.stripe_refund_id == stripe_refund_id).with_for_update())
            if row is None:
                return False
        row.stripe_refund_id = stripe_refund_id
        row.status, row.failure_reason, row.charge_id = status, failure_reason, charge_id
        row.updated_at = to_db(now)
        self._session.flush()
        note(self._session, row.client_id)
        return False

    def by_stripe_id(self, stripe_refund_id: str, *, lock: bool = False) -> Refund | None:
        query = select(RefundRow).where(RefundRow.stripe_refund_id == stripe_refund_id)
        row = self._session.scalar(query.with_for_update() if lock else query)
        return None if row is None else to_refund(row)

    def for_payment(self, payment_intent_id: str) -> list[Refund]:
        rows = self._session.scalars(select(RefundRow).where(
            RefundRow.payment_intent_id == payment_intent_id).order_by(RefundRow.id))
        return [to_refund(r) for r in rows]

    def unanswered(self) -> list[Refund]:
        """Refunds written before their call and never answered (a crash, the network)."""
        rows = self._session.scalars(select(RefundRow).where(
            RefundRow.status == SENDING, RefundRow.stripe_refund_id.is_(None))
            .order_by(RefundRow.id))
        return [to_refund(r) for r in rows]

    def may_change(self, since: datetime) -> list[Refund]:
        """Refunds Stripe made since ``since`` that may still change (not failed or canceled:
        a card refund Stripe accepted can fail later)."""
        rows = self._session.scalars(select(RefundRow).where(
            RefundRow.stripe_refund_id.is_not(None), RefundRow.created_at >= to_db(since),
            RefundRow.status.not_in((FAILED, CANCELED))).order_by(RefundRow.id))
        return [to_refund(r) for r in rows]

    def counted_since(self, since: datetime) -> dict[str, int]:
        """How much of each payment the refunds made since ``since`` take back (those that
        went through or may still), by PaymentIntent: one query, however many payments."""
        rows = self._session.execute(
            select(RefundRow.payment_intent_id, func.sum(RefundRow.amount))
            .where(RefundRow.created_at >= to_db(since), RefundRow.status.in_(COUNTED))
            .group_by(RefundRow.payment_intent_id))
        return {pi: int(total or 0) for pi, total in rows}

    def for_client(self, client_id: int) -> list[Refund]:
        rows = self._session.scalars(select(RefundRow).where(
            RefundRow.client_id == client_id).order_by(RefundRow.id.desc()))
        return [to_refund(r) for r in rows]
