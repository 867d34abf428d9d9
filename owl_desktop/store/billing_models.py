"""ORM models of billing (migration 0007): invoices and payments.

A payment row is one attempt to settle an invoice: a Stripe charge (with its attempt number and
idempotency key, stored and committed *before* Stripe is called) or a payment recorded by hand.
Instants are stored in UTC (``sched_times``), as for the schedule.

Guards in the database, whoever writes:
- one invoice per appointment and kind, among invoices not void (partial unique index);
- one attempt number per invoice, and one row per idempotency key and per PaymentIntent.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from owl_desktop.store.models import Base

# The partial unique index's condition (also written by migration 0007).
INVOICE_NOT_VOID = "status != 'void'"


class InvoiceRow(Base):
    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    description: Mapped[str] = mapped_column(String(200))
    amount_cents: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    service_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="SET NULL"), nullable=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"), nullable=True)
    practitioner_id: Mapped[int | None] = mapped_column(ForeignKey("practitioners.id"),
                                                        nullable=True)
    void_reason: Mapped[str] = mapped_column(String(300), default="")
    voided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_invoices_client", "client_id", "service_date"),
        Index("ux_invoices_appointment_kind", "appointment_id", "kind", unique=True,
              sqlite_where=text(INVOICE_NOT_VOID), postgresql_where=text(INVOICE_NOT_VOID)),
    )


class PaymentRow(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    method: Mapped[str] = mapped_column(String(16))
    amount_cents: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20))
    attempt: Mapped[int | None] = mapped_column(Integer, nullable=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(120), nullable=True,
                                                        unique=True)
    payment_intent_id: Mapped[str | None] = mapped_column(String(255), nullable=True,
                                                          unique=True)
    payment_method_id: Mapped[int | None] = mapped_column(
        ForeignKey("payment_methods.id", ondelete="SET NULL"), nullable=True)
    stripe_payment_method_id: Mapped[str] = mapped_column(String(255), default="")
    customer_id: Mapped[str] = mapped_column(String(255), default="")
    mandate_id: Mapped[str] = mapped_column(String(255), default="")
    brand: Mapped[str] = mapped_column(String(100), default="")
    last4: Mapped[str] = mapped_column(String(4), default="")
    reference: Mapped[str] = mapped_column(String(100), default="")
    failure_code: Mapped[str] = mapped_column(String(100), default="")
    failure_message: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(100), default="")
    desk: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    settled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # The client's email about a charge that failed later: "", due, sending, sent, unsent.
    failure_mail: Mapped[str] = mapped_column(String(16), default="", server_default="")
    # When failure_mail last changed (for "sending": when a process took it).
    failure_mail_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                             nullable=True)

    __table_args__ = (
        UniqueConstraint("invoice_id", "attempt", name="uq_payments_invoice_attempt"),
        Index("ix_payments_client", "client_id", "created_at"),
        Index("ix_payments_invoice", "invoice_id"),
        Index("ix_payments_failure_mail", "failure_mail"),
    )
