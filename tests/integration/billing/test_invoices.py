"""Invoices: one per attended session (the service's fee), the clinic's no-show and
late-cancellation fees when set, invoices made by hand, voids with a reason, the balance and
payments recorded by hand; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from owl_desktop.core.charging import AlreadyChargedError
from owl_desktop.domain.audit import Workstation
from owl_desktop.domain.billing import (
    BillingAuditAction,
    InvoiceDraft,
    InvoiceKind,
    InvoiceStatus,
    PaymentMethodKind,
    PaymentStatus,
    charge_key,
)
from owl_desktop.domain.scheduling import AppointmentStatus
from owl_desktop.errors import UserFacingError, ValidationFailed
from owl_desktop.services.billing import BillingService
from owl_desktop.services.payment_settings import PaymentSettings, PaymentSettingsService
from owl_desktop.services.scheduling import SchedulingService
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory
from tests.integration.scheduling.helpers import MONDAY, at, make_clinic

DESK = Workstation(actor="reception1", desk="desk-A")


def here(_uow: UnitOfWork) -> Workstation:
    return DESK


def billing(uow_factory: UnitOfWorkFactory) -> BillingService:
    return BillingService(uow_factory, clock=lambda: at(MONDAY, 16), workstation=here)


def later_scheduling(uow_factory: UnitOfWorkFactory) -> SchedulingService:
    return SchedulingService(uow_factory, clock=lambda: at(MONDAY, 16), workstation=here)


def test_attended_session_makes_one_invoice_for_the_service_fee(
        uow_factory: UnitOfWorkFactory) -> None:
    clinic = make_clinic(uow_factory)
    booked = clinic.service.book(clinic.practitioner_id, clinic.client_id, clinic.hour_id,
                                 at(MONDAY, 10))
    s = later_scheduling(uow_factory)
    s.mark(booked.id, AppointmentStatus.ATTENDED)
    s.mark(booked.id, AppointmentStatus.ATTENDED)  # marked twice: still one invoice
    overview = billing(uow_factory).overview(clinic.client_id)
    assert len(overview.invoices) == 1
    invoice = overview.invoices[0]
    assert (invoice.kind, invoice.amount_cents, invoice.currency, invoice.status) == (
        InvoiceKind.SERVICE, 95_00, "CAD", InvoiceStatus.OPEN)
    assert (invoice.service_id, invoice.practitioner_id, invoice.appointment_id) == (
        clinic.hour_id, clinic.practitioner_id, booked.id)
    assert invoice.service_date == MONDAY
    assert invoice.description == "Massage 60"
    assert len(invoice.uuid) == 36
    assert overview.balance_cents == 95_00


def test_no_show_fee_only_when_the_clinic_sets_one(uow_factory: UnitOfWorkFactory) -> None:
    clinic = make_clinic(uow_factory)
    first = clinic.service.book(clinic.practitioner_id, clinic.client_id, clinic.hour_id,
                                at(MONDAY, 10))
    s = later_scheduling(uow_factory)
    s.mark(first.id, AppointmentStatus.NO_SHOW)
    assert billing(uow_factory).overview(clinic.client_id).invoices == ()
    PaymentSettingsService(uow_factory).save(PaymentSettings(no_show_fee_cents=40_00,
                                                             late_cancellation_fee_cents=25_00))
    second = clinic.service.book(clinic.practitioner_id, clinic.client_id, clinic.half_id,
                                 at(MONDAY, 13))
    s.mark(second.id, AppointmentStatus.NO_SHOW)
    third = clinic.service.book(clinic.practitioner_id, clinic.client_id, clinic.half_id,
                                at(MONDAY, 15))
    s.mark(third.id, AppointmentStatus.LATE_CANCELLATION)
    invoices = billing(uow_factory).overview(clinic.client_id).invoices
    assert sorted((i.kind, i.amount_cents) for i in invoices) == [
        (InvoiceKind.LATE_CANCELLATION, 25_00), (InvoiceKind.NO_SHOW, 40_00)]


def test_a_corrected_mark_voids_the_unpaid_invoice_and_makes_the_right_one(
        uow_factory: UnitOfWorkFactory) -> None:
    clinic = make_clinic(uow_factory)
    PaymentSettingsService(uow_factory).save(PaymentSettings(no_show_fee_cents=40_00))
    booked = clinic.service.book(clinic.practitioner_id, clinic.client_id, clinic.hour_id,
                                 at(MONDAY, 10))
    s = later_scheduling(uow_factory)
    s.mark(booked.id, AppointmentStatus.NO_SHOW)
    s.mark(booked.id, AppointmentStatus.ATTENDED)
    overview = billing(uow_factory).overview(clinic.client_id)
    by_kind = {i.kind: i for i in overview.invoices}
    assert by_kind[InvoiceKind.NO_SHOW].status is InvoiceStatus.VOID
    assert by_kind[InvoiceKind.NO_SHOW].void_reason == "attendance corrected"
    assert by_kind[InvoiceKind.SERVICE].status is InvoiceStatus.OPEN
    assert overview.balance_cents == 95_00
    with uow_factory() as uow:
        actions = [e.action for e in uow.audit.list_for_client(clinic.client_id)]
    assert actions == [BillingAuditAction.INVOICE_VOIDED]


def test_invoice_by_hand_void_and_record_payment(uow_factory: UnitOfWorkFactory) -> None:
    clinic = make_clinic(uow_factory)
    service = billing(uow_factory)
    with pytest.raises(ValidationFailed) as refused:
        service.make_invoice(InvoiceDraft(clinic.client_id, " ", 0, MONDAY))
    assert refused.value.field_errors == {"description": "required",
                                          "amount_cents": "out_of_range"}
    made = service.make_invoice(InvoiceDraft(clinic.client_id, "  Orthèse   plantaire ",
                                             120_00, date(2030, 1, 3),
                                             service_id=clinic.half_id,
                                             practitioner_id=clinic.practitioner_id))
    assert (made.kind, made.description, made.amount_cents) == (
        InvoiceKind.MANUAL, "Orthèse plantaire", 120_00)
    other = service.make_invoice(InvoiceDraft(clinic.client_id, "Report", 30_00, MONDAY))
    with pytest.raises(ValidationFailed):
        service.void(other.id, "   ")
    voided = service.void(other.id, "Made by mistake")
    assert (voided.status, voided.void_reason) == (InvoiceStatus.VOID, "Made by mistake")
    assert service.overview(clinic.client_id).balance_cents == 120_00
    with uow_factory() as uow:  # what autopay would charge
        assert [i.id for i in uow.invoices.list_open()] == [made.id]
        assert uow.invoices.list_open(clinic.client_id + 1) == []
    with pytest.raises(ValidationFailed):  # more than is due
        service.record_payment(made.id, PaymentMethodKind.CASH, 120_01)
    with pytest.raises(ValidationFailed) as future:
        service.record_payment(made.id, PaymentMethodKind.CASH, 10_00,
                               received_on=date(2030, 1, 8))
    assert future.value.field_errors == {"received_on": "future"}
    part = service.record_payment(made.id, PaymentMethodKind.CHEQUE, 20_00, reference="#123")
    assert (part.status, part.reference, part.actor, part.desk) == (
        PaymentStatus.SUCCEEDED, "#123", "reception1", "desk-A")
    assert service.invoice(made.id).status is InvoiceStatus.OPEN
    service.record_payment(made.id, PaymentMethodKind.E_TRANSFER, 100_00)
    assert service.invoice(made.id).status is InvoiceStatus.PAID
    overview = service.overview(clinic.client_id)
    assert overview.balance_cents == 0
    assert [p.method for p in overview.payments] == [PaymentMethodKind.E_TRANSFER,
                                                     PaymentMethodKind.CHEQUE]
    with pytest.raises(UserFacingError, match="with a payment"):
        service.void(made.id, "too late")
    with pytest.raises(AlreadyChargedError):
        service.record_payment(other.id, PaymentMethodKind.CASH, 10_00)
    with uow_factory() as uow:
        trail = uow.audit.list_for_client(clinic.client_id)
    assert [e.action for e in trail] == [BillingAuditAction.PAYMENT_RECORDED,
                                         BillingAuditAction.PAYMENT_RECORDED,
                                         BillingAuditAction.INVOICE_VOIDED]
    assert {(e.actor, e.desk) for e in trail} == {("reception1", "desk-A")}
    assert '"reason": "Made by mistake"' in trail[-1].detail


def test_charge_keys_name_the_invoice_uuid_and_attempt() -> None:
    assert charge_key("6f1c2b1e-0000-4000-8000-000000000001", 2) == \
        "charge:6f1c2b1e-0000-4000-8000-000000000001:2"


def test_the_registration_number_is_kept(uow_factory: UnitOfWorkFactory) -> None:
    clinic = make_clinic(uow_factory)
    p = clinic.service.practitioners()[0]
    from owl_desktop.domain.scheduling import PractitionerDraft

    saved = clinic.service.save_practitioner(p.id, PractitionerDraft(
        p.name, p.takes_online_bookings, p.service_ids, registration_number=" OPPQ 12345 "))
    assert saved.registration_number == "OPPQ 12345"
