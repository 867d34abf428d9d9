"""Invoices (``invoices``): made from attendance or by hand, paid, or voided with a reason."""

from __future__ import annotations

import uuid as uuid_mod
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from owl_desktop.domain.billing import (
    Invoice,
    InvoiceKind,
    InvoiceStatus,
    PaymentStatus,
)
from owl_desktop.errors import NotFoundError
from owl_desktop.store.billing_models import InvoiceRow, PaymentRow
from owl_desktop.store.change_journal_repo import note
from owl_desktop.store.sched_times import from_db, to_db


class InvoiceRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, *, client_id: int, kind: InvoiceKind, description: str, amount_cents: int,
            currency: str, service_date: date, now: datetime,
            appointment_id: int | None = None, service_id: int | None = None,
            practitioner_id: int | None = None) -> Invoice:
        row = InvoiceRow(uuid=str(uuid_mod.uuid4()), client_id=client_id, kind=kind.value,
                         description=description[:200], amount_cents=amount_cents,
                         currency=currency.upper(), service_date=service_date,
                         status=InvoiceStatus.OPEN.value, appointment_id=appointment_id,
                         service_id=service_id, practitioner_id=practitioner_id,
                         void_reason="", created_at=to_db(now), updated_at=to_db(now))
        self._session.add(row)
        self._session.flush()
        note(self._session, client_id)
        return self._to(row, 0)

    def get(self, invoice_id: int, *, lock: bool = False) -> Invoice:
        """``lock``: hold the row until the unit of work ends (PostgreSQL ``FOR UPDATE``;
        SQLite's write unit of work holds the database lock already)."""
        query = select(InvoiceRow).where(InvoiceRow.id == invoice_id)
        if lock:
            query = query.with_for_update()
        row = self._session.scalar(query)
        if row is None:
            raise NotFoundError("This invoice no longer exists.",
                                hint="Close this window and open the client again.")
        return self._to(row, self._paid([row.id]).get(row.id, 0))

    def get_by_uuid(self, invoice_uuid: str) -> Invoice | None:
        row = self._session.scalar(select(InvoiceRow).where(InvoiceRow.uuid == invoice_uuid))
        return None if row is None else self._to(row, self._paid([row.id]).get(row.id, 0))

    def for_appointment(self, appointment_id: int) -> list[Invoice]:
        """The appointment's invoices not void."""
        rows = list(self._session.scalars(select(InvoiceRow).where(
            InvoiceRow.appointment_id == appointment_id,
            InvoiceRow.status != InvoiceStatus.VOID.value)))
        paid = self._paid([r.id for r in rows])
        return [self._to(r, paid.get(r.id, 0)) for r in rows]

    def list_for_client(self, client_id: int) -> list[Invoice]:
        """Newest service date first."""
        rows = list(self._session.scalars(
            select(InvoiceRow).where(InvoiceRow.client_id == client_id)
            .order_by(InvoiceRow.service_date.desc(), InvoiceRow.id.desc())))
        paid = self._paid([r.id for r in rows])
        return [self._to(r, paid.get(r.id, 0)) for r in rows]

    def list_open(self, client_id: int | None = None) -> list[Invoice]:
        """Open invoices (of one client, or every client), oldest service date first: what
        autopay charges. A charge may be in flight on some (``core/charging`` refuses those)."""
        query = select(InvoiceRow).where(InvoiceRow.status == InvoiceStatus.OPEN.value)
        if client_id is not None:
            query = query.where(InvoiceRow.client_id == client_id)
        rows = list(self._session.scalars(query.order_by(InvoiceRow.service_date,
                                                         InvoiceRow.id)))
        paid = self._paid([r.id for r in rows])
        return [self._to(r, paid.get(r.id, 0)) for r in rows]

    def set_status(self, invoice_id: int, status: InvoiceStatus, now: datetime, *,
                   reason: str = "") -> None:
        row = self._session.get(InvoiceRow, invoice_id)
        if row is None:
            raise NotFoundError("This invoice no longer exists.")
        row.status = status.value
        row.updated_at = to_db(now)
        if status is InvoiceStatus.VOID:
            row.void_reason = reason[:300]
            row.voided_at = to_db(now)
        self._session.flush()
        note(self._session, row.client_id)

    def _paid(self, ids: list[int]) -> dict[int, int]:
        if not ids:
            return {}
        rows = self._session.execute(
            select(PaymentRow.invoice_id, func.sum(PaymentRow.amount_cents))
            .where(PaymentRow.invoice_id.in_(ids),
                   PaymentRow.status == PaymentStatus.SUCCEEDED.value)
            .group_by(PaymentRow.invoice_id))
        return {invoice_id: int(total or 0) for invoice_id, total in rows}

    @staticmethod
    def _to(row: InvoiceRow, paid: int) -> Invoice:
        return Invoice(id=row.id, uuid=row.uuid, client_id=row.client_id,
                       kind=InvoiceKind(row.kind), description=row.description,
                       amount_cents=row.amount_cents, currency=row.currency,
                       service_date=row.service_date, status=InvoiceStatus(row.status),
                       created_at=from_db(row.created_at), appointment_id=row.appointment_id,
                       service_id=row.service_id, practitioner_id=row.practitioner_id,
                       void_reason=row.void_reason or "",
                       voided_at=from_db(row.voided_at) if row.voided_at else None,
                       paid_cents=paid)
