"""Settings → Payments saved behind the clinic administrator's passphrase, with the change
recorded in the administrator's history, and how many clients a change of *Process manually /
automatically* affects (those who follow the clinic's choice)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from owl_desktop.domain.admin_history import settings_detail
from owl_desktop.domain.autopay import AUTOMATIC, LAST_NIGHT_KEY
from owl_desktop.services.admin_passphrase import AdminAction, AdminPassphraseService
from owl_desktop.services.autopay import AutopayService
from owl_desktop.services.autopay_nightly import ClinicZone, clinic_time_zone
from owl_desktop.services.payment_settings import PaymentSettings, PaymentSettingsService
from owl_desktop.store.uow import UnitOfWorkFactory


def changes(before: PaymentSettings, after: PaymentSettings) -> dict[str, tuple[Any, Any]]:
    """``{field: (old, new)}`` per changed field, for the history."""
    return {f.name: (getattr(before, f.name), getattr(after, f.name))
            for f in fields(PaymentSettings)
            if getattr(before, f.name) != getattr(after, f.name)}


class ProtectedPaymentSettings:
    def __init__(self, uow: UnitOfWorkFactory, settings: PaymentSettingsService,
                 admin: AdminPassphraseService, autopay: AutopayService) -> None:
        self._uow = uow
        self._settings = settings
        self._admin = admin
        self._autopay = autopay

    def load(self) -> PaymentSettings:
        return self._settings.load()

    def passphrase_set(self) -> bool:
        return self._admin.is_set()

    def time_zone(self) -> ClinicZone:
        """The zone the nightly hour is in (the clinic's, else the default every desk uses)."""
        with self._uow() as uow:
            return clinic_time_zone(uow)

    def clients_affected(self) -> int:
        """Clients whose autopay follows the clinic: a change of processing affects them."""
        return self._autopay.clients_following_clinic()

    def save(self, settings: PaymentSettings, passphrase: str) -> PaymentSettings:
        """Check the passphrase (``PassphraseError``), store (``ValidationFailed``), record."""
        self._admin.verify(passphrase, AdminAction.PAYMENT_SETTINGS)
        before = self._settings.load()
        saved = self._settings.save(settings)
        with self._uow(write=True) as uow:
            if saved.processing == AUTOMATIC and before.processing != AUTOMATIC:
                # The first nightly run is the next hour to come, not one already past.
                uow.settings.delete(LAST_NIGHT_KEY)
            self._admin.record(uow, AdminAction.PAYMENT_SETTINGS,
                               settings_detail(changes(before, saved)))
            uow.commit()
        return saved
