"""Issue 11, items 5 and 6: odd characters and over-long phones are refused (or tidied) before
anything is saved, the same way on SQLite and PostgreSQL (PostgreSQL alone would refuse NUL with
a raw driver error; SQLite would keep it)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.errors import ValidationFailed
from owl_desktop.services.clients import ClientService
from owl_desktop.store.uow import UnitOfWorkFactory

ADDRESS = Address("12 rue Principale", "", "Montréal", "QC", "H2X 1Y4")
GOOD = ClientDraft("Élise", "Tremblay", "elise@example.ca", "514 555 0199", ADDRESS)


@pytest.fixture
def service(uow_factory: UnitOfWorkFactory) -> ClientService:
    return ClientService(uow_factory)


@pytest.mark.parametrize(("changes", "field"), [
    ({"first_name": "Él\x00ise"}, "first_name"),
    ({"last_name": "Trem\ud800blay"}, "last_name"),  # a lone surrogate (a broken paste)
    ({"phone": "+33 1 23\x00 45 67 89"}, "phone"),
    ({"address": replace(ADDRESS, line1="12 rue\x00 Principale")}, "line1"),
    ({"address": replace(ADDRESS, city="Montr\x1béal")}, "city"),
    ({"address": replace(ADDRESS, line2="app.\x0b3")}, "line2"),
    ({"email": "eli\x00se@example.ca"}, "email"),
    ({"email": "eli\u200bse@example.ca"}, "email"),  # invisible, inside the address
])
def test_control_characters_and_lone_surrogates_are_refused_before_saving(
        service: ClientService, changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        service.create(replace(GOOD, **changes))  # type: ignore[arg-type]
    assert field in caught.value.field_errors
    assert service.count() == 0
    client = service.create(GOOD)
    with pytest.raises(ValidationFailed) as caught:
        service.update(client.id, replace(GOOD, **changes))  # type: ignore[arg-type]
    assert field in caught.value.field_errors
    assert service.get(client.id).as_draft() == GOOD.normalized()


def test_invisible_characters_at_the_ends_are_trimmed(service: ClientService) -> None:
    pasted = replace(GOOD, first_name="\u200b\tÉlise\ufeff",
                     email="\ufeff elise@example.ca\u200b\u2060 ",
                     address=replace(ADDRESS, city="Montréal\u200d", postal_code="\u200bh2x1y4"))
    client = service.get(service.create(pasted).id)
    assert client.first_name == "Élise"
    assert client.email == "elise@example.ca"
    assert client.has_valid_email
    assert client.address.city == "Montréal"
    assert client.address.postal_code == "H2X 1Y4"


def test_a_phone_longer_than_stripe_takes_is_refused(service: ClientService) -> None:
    long_phone = "+44 (020) 7946-0958 #12"  # 23 characters: Stripe takes 20
    with pytest.raises(ValidationFailed) as caught:
        service.create(replace(GOOD, phone=long_phone))
    assert caught.value.field_errors == {"phone": "too_long"}
    assert service.create(replace(GOOD, phone="+44 20 7946 0958")).phone == "+44 20 7946 0958"
