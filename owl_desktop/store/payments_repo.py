"""Payments (``payments``): Stripe charge attempts and payments recorded by hand.

A charge attempt is inserted as *pending* with its idempotency key and committed before Stripe
is called; its outcome is written by ``set_outcome`` afterwards (the desk, autopay, or sync for
a PAD debit settling days later).
"""

from __future__ import annotations

import uuid as uuid_mod
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from owl_desktop.domain.billing import FailureMail, Payment, PaymentMethodKind, PaymentStatus
from owl_desktop.errors import NotFoundError
from owl_desktop.store.billing_models import PaymentRow
from owl_desktop.store.change_journal_repo import note
from owl_desktop.store.sched_times import from_db, to_db

_OUTCOME_FIELDS = frozenset({"payment_intent_id", "failure_code", "failure_message",
                             "brand", "last4"})


class PaymentRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, *, invoice_id: int, client_id: int, method: PaymentMethodKind,
            amount_cents: int, currency: str, status: PaymentStatus, now: datetime,
            actor: str, desk: str, attempt: int | None = None,
            idempotency_key: str | None = None, payment_method_id: int | None = None,
            stripe_payment_method_id: str = "", customer_id: str = "", mandate_id: str = "",
            brand: str = "", last4: str = "", reference: str = "") -> Payment:
        settled = to_db(now) if status is PaymentStatus.SUCCEEDED else None
        row = PaymentRow(uuid=str(uuid_mod.uuid4()), invoice_id=invoice_id,
                         client_id=client_id, method=method.value, amount_cents=amount_cents,
                         currency=currency.upper(), status=status.value, attempt=attempt,
                         idempotency_key=idempotency_key, payment_method_id=payment_method_id,
                         stripe_payment_method_id=stripe_payment_method_id,
                         customer_id=customer_id, mandate_id=mandate_id, brand=brand[:100],
                         last4=last4[-4:], reference=reference[:100], failure_code="",
                         failure_message="", actor=actor[:100], desk=desk[:100],
                         created_at=to_db(now), updated_at=to_db(now), settled_at=settled)
        self._session.add(row)
        self._session.flush()
        note(self._session, client_id)
        return self._to(row)

    def get(self, payment_id: int) -> Payment:
        row = self._session.get(PaymentRow, payment_id)
        if row is None:
            raise NotFoundError("This payment no longer exists.")
        return self._to(row)

    def by_intent(self, payment_intent_id: str) -> Payment | None:
        row = self._session.scalar(select(PaymentRow).where(
            PaymentRow.payment_intent_id == payment_intent_id))
        return None if row is None else self._to(row)

    def latest_attempt(self, invoice_id: int) -> Payment | None:
        """The invoice's charge attempt with the highest number, if any."""
        row = self._session.scalar(
            select(PaymentRow).where(PaymentRow.invoice_id == invoice_id,
                                     PaymentRow.attempt.is_not(None))
            .order_by(PaymentRow.attempt.desc()).limit(1))
        return None if row is None else self._to(row)

    def for_invoice(self, invoice_id: int) -> list[Payment]:
        rows = self._session.scalars(select(PaymentRow).where(
            PaymentRow.invoice_id == invoice_id).order_by(PaymentRow.id))
        return [self._to(r) for r in rows]

    def list_for_client(self, client_id: int) -> list[Payment]:
        """Newest first."""
        rows = self._session.scalars(
            select(PaymentRow).where(PaymentRow.client_id == client_id)
            .order_by(PaymentRow.created_at.desc(), PaymentRow.id.desc()))
        return [self._to(r) for r in rows]

    def with_status(self, status: PaymentStatus) -> list[Payment]:
        rows = self._session.scalars(select(PaymentRow).where(
            PaymentRow.status == status.value).order_by(PaymentRow.id))
        return [self._to(r) for r in rows]

    def charges_succeeded_since(self, since: datetime) -> list[Payment]:
        """Stripe charges of this database that succeeded since ``since`` (those a refund
        may yet be made of), oldest first."""
        rows = self._session.scalars(select(PaymentRow).where(
            PaymentRow.status == PaymentStatus.SUCCEEDED.value,
            PaymentRow.method.in_((PaymentMethodKind.CARD.value, PaymentMethodKind.PAD.value)),
            PaymentRow.payment_intent_id.is_not(None), PaymentRow.created_at >= to_db(since))
            .order_by(PaymentRow.created_at, PaymentRow.id))
        return [self._to(r) for r in rows]

    def set_outcome(self, payment_id: int, status: PaymentStatus, now: datetime,
                    **fields: Any) -> Payment:
        """Stripe's answer: the status, the PaymentIntent, a failure's code and message."""
        unknown = set(fields) - _OUTCOME_FIELDS
        if unknown:
            raise ValueError(f"not outcome fields: {sorted(unknown)}")
        row = self._session.get(PaymentRow, payment_id, with_for_update=True)
        if row is None:
            raise NotFoundError("This payment no longer exists.")
        row.status = status.value
        row.updated_at = to_db(now)
        if status is PaymentStatus.SUCCEEDED and row.settled_at is None:
            row.settled_at = to_db(now)
        for name, value in fields.items():
            if value is not None:
                setattr(row, name, value)
        self._session.flush()
        note(self._session, row.client_id)
        return self._to(row)

    def set_failure_mail(self, payment_id: int, state: FailureMail, *, now: datetime,
                         expected: FailureMail | None = None,
                         changed_before: datetime | None = None) -> bool:
        """Move the failure mail's state (and note when); with ``expected``, only from that
        state (one conditional UPDATE, so of several processes exactly one wins); with
        ``changed_before``, only when it has been in it since before then (or since a time
        unknown). True when moved."""
        query = update(PaymentRow).where(PaymentRow.id == payment_id)
        if expected is not None:
            query = query.where(PaymentRow.failure_mail == expected.value)
        if changed_before is not None:
            query = query.where(or_(PaymentRow.failure_mail_at.is_(None),
                                    PaymentRow.failure_mail_at < to_db(changed_before)))
        result = self._session.execute(query.values(failure_mail=state.value,
                                                    failure_mail_at=to_db(now)))
        return bool(getattr(result, "rowcount", 0))

    def failure_mails_due(self) -> list[Payment]:
        rows = self._session.scalars(select(PaymentRow).where(
            PaymentRow.failure_mail == FailureMail.DUE.value).order_by(PaymentRow.id))
        return [self._to(r) for r in rows]

    def failure_mails_taken_before(self, before: datetime) -> list[Payment]:
        """Mails a process took (``sending``) before ``before`` (or at a time unknown) and
        whose outcome was never recorded."""
        rows = self._session.scalars(select(PaymentRow).where(
            PaymentRow.failure_mail == FailureMail.SENDING.value,
            or_(PaymentRow.failure_mail_at.is_(None),
                PaymentRow.failure_mail_at < to_db(before))).order_by(PaymentRow.id))
        return [self._to(r) for r in rows]

    @staticmethod
    def _to(row: PaymentRow) -> Payment:
        return Payment(id=row.id, uuid=row.uuid, invoice_id=row.invoice_id,
                       client_id=row.client_id, method=PaymentMethodKind(row.method),
                       amount_cents=row.amount_cents, currency=row.currency,
                       status=PaymentStatus(row.status), created_at=from_db(row.created_at),
                       attempt=row.attempt, idempotency_key=row.idempotency_key or "",
                       payment_intent_id=row.payment_intent_id or "",
                       payment_method_id=row.payment_method_id,
                       stripe_payment_method_id=row.stripe_payment_method_id,
                       customer_id=row.customer_id, mandate_id=row.mandate_id,
                       brand=row.brand, last4=row.last4, reference=row.reference,
                       failure_code=row.failure_code, failure_message=row.failure_message,
                       settled_at=from_db(row.settled_at) if row.settled_at else None,
                       actor=row.actor, desk=row.desk,
                       failure_mail=FailureMail(row.failure_mail or ""),
                       failure_mail_at=(from_db(row.failure_mail_at) if row.failure_mail_at
                                        else None))
