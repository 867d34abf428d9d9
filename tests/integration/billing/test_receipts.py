"""Receipts: a PDF per payment, in English and French, with what insurers ask for; its text
read back with pypdf. Made without Qt."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from owl_desktop.domain.billing import PaymentMethodKind
from owl_desktop.domain.scheduling import AppointmentStatus, PractitionerDraft
from owl_desktop.errors import UserFacingError
from owl_desktop.services.billing import BillingService
from owl_desktop.services.payment_settings import PaymentSettings, PaymentSettingsService
from owl_desktop.services.portal_settings import PortalSettings, PortalSettingsService
from owl_desktop.services.receipts import money
from owl_desktop.services.scheduling import SchedulingService
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.billing.test_invoices import here
from tests.integration.scheduling.helpers import MONDAY, at, make_clinic

ROOT = Path(__file__).resolve().parents[3]


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


def paid_session(uow_factory: UnitOfWorkFactory) -> tuple[BillingService, int, int]:
    """A clinic with its receipt details, an attended session paid by cheque."""
    clinic = make_clinic(uow_factory)
    PortalSettingsService(uow_factory).save(PortalSettings(clinic_name="Clinique des Hiboux"))
    PaymentSettingsService(uow_factory).save(PaymentSettings(
        clinic_address="12 rue des Érables\nQuébec QC  G1R 2B5",
        tax_number="123456789 RT 0001", no_show_fee_cents=40_00))
    p = clinic.service.practitioners()[0]
    clinic.service.save_practitioner(p.id, PractitionerDraft(
        p.name, p.takes_online_bookings, p.service_ids, registration_number="OPPQ 12345"))
    booked = clinic.service.book(clinic.practitioner_id, clinic.client_id, clinic.hour_id,
                                 at(MONDAY, 10))
    SchedulingService(uow_factory, clock=lambda: at(MONDAY, 16),
                      workstation=here).mark(booked.id, AppointmentStatus.ATTENDED)
    billing = BillingService(uow_factory, clock=lambda: at(MONDAY, 16), workstation=here)
    invoice = billing.overview(clinic.client_id).invoices[0]
    payment = billing.record_payment(invoice.id, PaymentMethodKind.CHEQUE, 1234_50 // 13,
                                     reference="318")
    return billing, payment.id, invoice.id


def test_english_receipt_says_what_insurers_ask(uow_factory: UnitOfWorkFactory) -> None:
    billing, payment_id, _invoice = paid_session(uow_factory)
    name, pdf = billing.receipt_pdf(payment_id, "en")
    assert name.startswith("receipt-")
    assert name.endswith(".pdf")
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    for expected in ("Clinique des Hiboux", "12 rue des Érables", "Québec QC G1R 2B5",
                     "GST/HST no. 123456789 RT 0001", "Receipt", "Élise Tremblay",
                     "Dr. Anne Roy", "Registration no. OPPQ 12345", "Massage 60",
                     "Date of service", "January 7, 2030", "Cheque no. 318", "$94.96",
                     "Amount paid"):
        assert expected in text, (expected, text)


def test_french_receipt(uow_factory: UnitOfWorkFactory) -> None:
    billing, payment_id, _invoice = paid_session(uow_factory)
    name, pdf = billing.receipt_pdf(payment_id, "fr_CA")
    assert name.startswith("recu-")
    text = text_of(pdf)
    for expected in ("Clinique des Hiboux", "Reçu", "TPS/TVH", "123456789 RT 0001",
                     "Praticien·ne", "permis", "OPPQ 12345", "Massage 60",
                     "Date du service", "7 janvier 2030", "Chèque n", "318", "94,96",
                     "Montant payé", "Mode de paiement", "12 rue des Érables"):
        assert expected in text, (expected, text)
    assert "Amount paid" not in text


def test_card_and_bank_methods_and_money_in_both_languages() -> None:
    from owl_desktop.services.receipts import method_text

    assert method_text(PaymentMethodKind.CARD, "Visa", "4242", "", "en") == \
        "Visa card ending in 4242"
    assert method_text(PaymentMethodKind.CARD, "Visa", "4242", "", "fr") == \
        "Carte Visa se terminant par 4242"
    assert "STRIPE TEST BANK" in method_text(PaymentMethodKind.PAD, "STRIPE TEST BANK", "6789",
                                             "", "fr")
    assert money(123456, "CAD", "en") == "$1,234.56"
    assert money(123456, "CAD", "fr") == "1\u00a0234,56\u00a0$"


def test_only_a_payment_that_went_through_has_a_receipt(
        uow_factory: UnitOfWorkFactory) -> None:
    billing, payment_id, invoice_id = paid_session(uow_factory)
    with uow_factory() as uow:
        from owl_desktop.domain.billing import PaymentStatus

        uow.payments.set_outcome(payment_id, PaymentStatus.FAILED, at(MONDAY, 17))
        uow.commit()
    with pytest.raises(UserFacingError, match="went through"):
        billing.receipt_pdf(payment_id, "en")
    assert invoice_id


def test_receipts_are_made_without_qt(sqlite_url: str) -> None:
    """The portal's process has no Qt: rendering a receipt must not import it."""
    code = ("import sys; from owl_desktop.services import receipts, billing; "
            "from datetime import date; "
            "r = receipts.Receipt('fr', 'AB12', date(2030,1,7), 'Owl', '', '', '', 'Zoé', '',"
            " '', '', 'Suivi', date(2030,1,7), '000001', 4500, 'CAD', 'Comptant', "
            "date(2030,1,7)); pdf = receipts.render_pdf(r); "
            "assert pdf.startswith(b'%PDF'); "
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
