"""Settings → Payments' values: checked, stored in the database, read back by every process."""

from __future__ import annotations

import pytest

from owl_desktop.errors import ValidationFailed
from owl_desktop.services.payment_settings import (
    PaymentSettings,
    PaymentSettingsService,
    read_payment_settings,
)
from owl_desktop.store.uow import UnitOfWorkFactory


def test_defaults_are_cad_without_fees(uow_factory: UnitOfWorkFactory) -> None:
    assert PaymentSettingsService(uow_factory).load() == PaymentSettings(
        currency="CAD", no_show_fee_cents=None, late_cancellation_fee_cents=None,
        clinic_address="", tax_number="")


def test_settings_are_stored_and_read_back(uow_factory: UnitOfWorkFactory) -> None:
    service = PaymentSettingsService(uow_factory)
    saved = service.save(PaymentSettings(
        currency="cad", no_show_fee_cents=4000, late_cancellation_fee_cents=2500,
        clinic_address="  12 rue des Pins \n\n Montréal QC  H2X 1Y4 ",
        tax_number="123456789rt0001"))
    assert saved == PaymentSettings("CAD", 4000, 2500, "12 rue des Pins\nMontréal QC  H2X 1Y4",
                                    "123456789 RT 0001")
    assert PaymentSettingsService(uow_factory).load() == saved
    with uow_factory() as uow:
        assert read_payment_settings(uow.settings.get) == saved
    # A fee set back to none (or 0) is removed, not kept.
    service.save(PaymentSettings(no_show_fee_cents=0, clinic_address="x"))
    assert service.load() == PaymentSettings(clinic_address="x")
    with uow_factory() as uow:
        assert "payments.no_show_fee_cents" not in uow.settings.all()


def test_wrong_values_are_refused_field_by_field(uow_factory: UnitOfWorkFactory) -> None:
    service = PaymentSettingsService(uow_factory)
    with pytest.raises(ValidationFailed) as refused:
        service.save(PaymentSettings(currency="EUR", no_show_fee_cents=-5,
                                     late_cancellation_fee_cents=10_000_01,
                                     clinic_address="x" * 501, tax_number="12345"))
    assert refused.value.field_errors == {
        "currency": "unsupported", "no_show_fee_cents": "out_of_range",
        "late_cancellation_fee_cents": "out_of_range", "clinic_address": "too_long",
        "tax_number": "invalid"}
    assert service.load() == PaymentSettings()
