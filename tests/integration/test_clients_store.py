"""Clients saved, edited and searched in the real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.errors import NotFoundError, ValidationFailed
from owl_desktop.services.clients import ClientService
from owl_desktop.store.uow import UnitOfWorkFactory


def draft(first: str, last: str, email: str = "", phone: str = "") -> ClientDraft:
    return ClientDraft(first, last, email, phone,
                       Address("12 rue Principale", "", "Montréal", "QC", "H2X 1Y4"))


@pytest.fixture
def service(uow_factory: UnitOfWorkFactory) -> ClientService:
    return ClientService(uow_factory)


def test_create_then_open_returns_what_was_saved(service: ClientService) -> None:
    created = service.create(draft("Élise", "Tremblay", "elise@example.ca", "514 555 0199"))
    opened = service.get(created.id)
    assert opened.full_name == "Élise Tremblay"
    assert opened.phone == "(514) 555-0199"
    assert opened.address.city == "Montréal"


def test_search_ignores_accents_and_case(service: ClientService) -> None:
    service.create(draft("Élise", "Tremblay", "elise@example.ca"))
    service.create(draft("Robert", "Smith", "bob@example.com"))
    assert [c.full_name for c in service.search("elise")] == ["Élise Tremblay"]
    assert [c.full_name for c in service.search("TREMB")] == ["Élise Tremblay"]
    assert [c.full_name for c in service.search("Éli trem")] == ["Élise Tremblay"]
    assert service.search("zzz") == []


def test_search_matches_email_and_phone(service: ClientService) -> None:
    service.create(draft("Ann", "Lee", "ann.lee@clinic.ca", "(604) 555-0123"))
    service.create(draft("Bo", "Kim", "bo@else.ca", "416-555-9876"))
    assert [c.full_name for c in service.search("ann.lee@cl")] == ["Ann Lee"]
    assert [c.full_name for c in service.search("604555")] == ["Ann Lee"]
    assert [c.full_name for c in service.search("9876")] == ["Bo Kim"]
    assert [c.full_name for c in service.search("555-9876")] == ["Bo Kim"]
    assert [c.full_name for c in service.search("(604) 555-01")] == ["Ann Lee"]


def test_search_follows_edits(service: ClientService) -> None:
    client = service.create(draft("Marc", "Roy"))
    service.update(client.id, draft("Marcel", "Gagnon"))
    assert service.search("roy") == []
    assert [c.full_name for c in service.search("gagnon")] == ["Marcel Gagnon"]


def test_rejected_form_saves_nothing(service: ClientService) -> None:
    bad = ClientDraft("Ann", "Lee", "not-an-email", "", Address("1 Main", "", "Toronto", "ON",
                                                                "ZZZ 999"))
    with pytest.raises(ValidationFailed) as caught:
        service.create(bad)
    assert caught.value.field_errors == {"email": "email_format", "postal_code": "postal_format"}
    assert service.count() == 0


def test_opening_a_missing_client_says_so(service: ClientService) -> None:
    with pytest.raises(NotFoundError):
        service.get(12345)


def test_broad_terms_walk_the_name_index_with_the_same_answer(
        service: ClientService, monkeypatch: pytest.MonkeyPatch) -> None:
    """The path for terms matching thousands of clients gives what the selective path gives."""
    from owl_desktop.store import clients_repo

    for first, last in [("Zoé", "Aubin"), ("Émile", "Zed"), ("Anne", "Émond"), ("Éva", "Côté"),
                        ("Bob", "Lee")]:
        service.create(draft(first, last, f"{first[0].lower()}@mail.ca"))
    queries = ["e", "é", "co", "mail", "z", "b", "514", ""]
    selective = {q: service.search(q, limit=3) for q in queries}
    monkeypatch.setattr(clients_repo, "FTS_CANDIDATES", 0)
    assert {q: service.search(q, limit=3) for q in queries} == selective
    assert [c.full_name for c in selective["e"]] == ["Éva Côté", "Anne Émond", "Émile Zed"]
