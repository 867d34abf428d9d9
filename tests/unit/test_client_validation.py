"""The profile form's rules, as staff meet them."""

from __future__ import annotations

import pytest

from owl_desktop.domain.clients import Address, ClientDraft, format_phone, validate_client
from owl_desktop.domain.text import fold, search_terms

QC = Address("12 rue Principale", "", "Montréal", "QC", "H2X 1Y4")


def check(**changes: object) -> dict[str, str]:
    fields: dict[str, object] = {"first_name": "Élise", "last_name": "Tremblay",
                                 "email": "", "phone": "", "address": QC}
    fields.update(changes)
    return validate_client(ClientDraft(**fields).normalized())  # type: ignore[arg-type]


def test_a_complete_client_is_valid() -> None:
    assert check(email="elise@example.ca", phone="514-555-0199") == {}


def test_names_are_required() -> None:
    assert check(first_name="  ", last_name="") == {"first_name": "required",
                                                    "last_name": "required"}


@pytest.mark.parametrize("email", ["elise", "elise@", "@x.ca", "a b@x.ca", "e@x", "e@@x.ca"])
def test_bad_emails_are_refused(email: str) -> None:
    assert check(email=email) == {"email": "email_format"}


def test_email_is_optional() -> None:
    assert check(email="") == {}


@pytest.mark.parametrize("code", ["H2X1Y4", "h2x 1y4", " H2X 1Y4 "])
def test_postal_codes_are_normalized(code: str) -> None:
    draft = ClientDraft("A", "B", address=Address("1 rue", "", "Montréal", "QC", code))
    assert draft.normalized().address.postal_code == "H2X 1Y4"
    assert validate_client(draft.normalized()) == {}


@pytest.mark.parametrize("code", ["12345", "H2X 1Y", "D2X 1Y4", "H2X 1O4", "W1A 1A1"])
def test_bad_postal_codes_are_refused(code: str) -> None:
    assert check(address=Address("1 rue", "", "Montréal", "QC", code)) == {
        "postal_code": "postal_format"}


def test_postal_code_must_belong_to_the_province() -> None:
    assert check(address=Address("1 Main St", "", "Toronto", "ON", "H2X 1Y4")) == {
        "postal_code": "postal_province"}


def test_unknown_province_is_refused() -> None:
    errors = check(address=Address("1 Main St", "", "Nowhere", "ZZ", "K1A 0B1"))
    assert errors["province"] == "province_unknown"


def test_a_partial_address_asks_for_the_rest() -> None:
    assert check(address=Address("1 Main St", "", "", "", "")) == {
        "city": "required", "province": "required", "postal_code": "required"}


def test_an_empty_address_is_fine() -> None:
    assert check(address=Address()) == {}


def test_phone_numbers() -> None:
    assert format_phone("514.555.0199") == "(514) 555-0199"
    assert format_phone("+1 514 555 0199") == "(514) 555-0199"
    assert check(phone="555-01") == {"phone": "phone_format"}
    assert check(phone="call me") == {"phone": "phone_format"}


def test_too_long_values_are_refused() -> None:
    assert check(first_name="x" * 101) == {"first_name": "too_long"}


def test_folding_for_search() -> None:
    assert fold("  Élise   CÔTÉ ") == "elise cote"
    assert search_terms("Éli, côté!") == ["eli", "cote"]
    assert search_terms("(514) 555-0110") == ["514", "5550110"]
    assert search_terms("ann.lee@cl") == ["ann lee cl"]
