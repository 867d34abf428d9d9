"""Invoices made by the schedule: one per attended session (the service's fee), and the clinic's
fee for a no-show or a late cancellation when Settings → Payments sets one.

Called by the scheduling service inside the unit of work that records the attendance, so the
mark and its invoice commit together (or neither does). A corrected mark voids the open,
unpaid invoice the earlier mark made and makes the one the new mark calls for; an invoice with
a payment (or a charge in flight) is left as is, for staff to handle.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from owl_desktop.core.audit import record_billing_event
from owl_desktop.domain.audit import Workstation
from owl_desktop.domain.billing import (
    BillingAuditAction,
    Invoice,
    InvoiceKind,
    InvoiceStatus,
    PaymentStatus,
)
from owl_desktop.domain.scheduling import Appointment, AppointmentStatus
from owl_desktop.store.uow import UnitOfWork

KIND_OF_STATUS: dict[AppointmentStatus, InvoiceKind] = {
    AppointmentStatus.ATTENDED: InvoiceKind.SERVICE,
    AppointmentStatus.NO_SHOW: InvoiceKind.NO_SHOW,
    AppointmentStatus.LATE_CANCELLATION: InvoiceKind.LATE_CANCELLATION,
}
CORRECTED = "attendance corrected"


def invoice_attendance(uow: UnitOfWork, appointment: Appointment, status: AppointmentStatus,
                       now: datetime, zone: ZoneInfo, who: Workstation, *,
                       fees: Mapping[InvoiceKind, int | None], currency: str
                       ) -> Invoice | None:
    """The invoice ``status`` calls for (made if missing), or None (no fee, or no invoice for
    this status). ``fees``: the clinic's no-show and late-cancellation fees (Settings →
    Payments). Idempotent: marking twice makes one invoice."""
    kind = KIND_OF_STATUS.get(status)
    existing = uow.invoices.for_appointment(appointment.id)
    for invoice in existing:
        if invoice.kind is not kind and _untouched(uow, invoice):
            uow.invoices.set_status(invoice.id, InvoiceStatus.VOID, now, reason=CORRECTED)
            record_billing_event(uow, invoice.client_id, BillingAuditAction.INVOICE_VOIDED,
                                 who, now, invoice=invoice, reason=CORRECTED)
    if kind is None:
        return None
    same = [i for i in existing if i.kind is kind]
    if same:
        return same[0]
    service = uow.service_catalog.get(appointment.service_id)
    if kind is InvoiceKind.SERVICE:
        amount: int | None = service.fee_cents
    else:
        amount = fees.get(kind)
    if not amount:
        return None
    return uow.invoices.add(
        client_id=appointment.client_id, kind=kind, description=service.name_en,
        amount_cents=amount, currency=currency,
        service_date=appointment.starts_at.astimezone(zone).date(), now=now,
        appointment_id=appointment.id, service_id=service.id,
        practitioner_id=appointment.practitioner_id)


def _untouched(uow: UnitOfWork, invoice: Invoice) -> bool:
    """Open, and nothing paid or being charged on it: safe to void on a corrected mark."""
    if invoice.status is not InvoiceStatus.OPEN:
        return False
    return not any(p.status in (PaymentStatus.PENDING, PaymentStatus.PROCESSING,
                                PaymentStatus.SUCCEEDED)
                   for p in uow.payments.for_invoice(invoice.id))
