"""Settings → Online portal's values: checked, stored in the database, read by both sides."""

from __future__ import annotations

import pytest

from owl_desktop.errors import ValidationFailed
from owl_desktop.services.portal_settings import (
    PortalSettings,
    PortalSettingsService,
    public_url_problem,
)
from owl_desktop.store.uow import UnitOfWorkFactory


@pytest.mark.parametrize(("url", "problem"), [
    ("", ""),
    ("https://portal.clinic.example", ""),
    ("https://portal.clinic.example:8443/owl", ""),
    ("http://127.0.0.1:8765", ""),
    ("http://localhost:8080", ""),
    ("http://portal.clinic.example", "not_https"),
    ("portal.clinic.example", "invalid"),
    ("ftp://portal.clinic.example", "invalid"),
    ("https://", "invalid"),
    ("https://portal.clinic.example/?a=1", "invalid"),
    ("https://user:pw@portal.clinic.example", "invalid"),
    ("https://portal.clinic.example:99999", "invalid"),
    ("https://portal clinic.example", "invalid"),
])
def test_the_public_address_is_https_except_on_this_machine(url: str, problem: str) -> None:
    assert public_url_problem(url) == problem


def test_settings_are_stored_and_read_back(uow_factory: UnitOfWorkFactory) -> None:
    service = PortalSettingsService(uow_factory)
    assert service.load() == PortalSettings()
    saved = service.save(PortalSettings(public_url=" https://portal.clinic.example/ ",
                                        clinic_name="  Clinique   des Hiboux ",
                                        clinic_contact="514 555-0100",
                                        email_sender="portal@clinic.example"))
    assert saved.public_url == "https://portal.clinic.example"
    assert saved.clinic_name == "Clinique des Hiboux"
    assert PortalSettingsService(uow_factory).load() == saved
    assert saved.invitation_link("abc") == "https://portal.clinic.example/invitation/abc"
    # Emptied fields are removed, not kept.
    service.save(PortalSettings(clinic_name="Owl"))
    assert service.load() == PortalSettings(clinic_name="Owl")
    assert service.load().invitation_link("abc") == ""


def test_wrong_values_are_refused_field_by_field(uow_factory: UnitOfWorkFactory) -> None:
    service = PortalSettingsService(uow_factory)
    with pytest.raises(ValidationFailed) as refused:
        service.save(PortalSettings(public_url="http://portal.clinic.example",
                                    clinic_name="x" * 201, email_sender="not an email"))
    assert refused.value.field_errors == {"public_url": "not_https", "clinic_name": "too_long",
                                          "email_sender": "invalid"}
    assert service.load() == PortalSettings()


def test_the_sandbox_points_the_address_at_its_portal(uow_factory: UnitOfWorkFactory) -> None:
    service = PortalSettingsService(uow_factory)
    service.point_at("http://127.0.0.1:8123/")
    assert service.load().public_url == "http://127.0.0.1:8123"


def test_the_portal_reads_them_at_most_every_ttl(uow_factory: UnitOfWorkFactory) -> None:
    from owl_desktop.portal.app import cached_settings

    service = PortalSettingsService(uow_factory)
    service.save(PortalSettings(clinic_name="Owl"))
    clock = [100.0]
    current = cached_settings(service, ttl=30, now=lambda: clock[0])
    assert current().clinic_name == "Owl"
    service.save(PortalSettings(clinic_name="Hibou"))
    assert current().clinic_name == "Owl"
    clock[0] += 31
    assert current().clinic_name == "Hibou"
