"""The rules the list, autopay and the booking rule rely on."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from owl_desktop.domain.payment_methods import (
    StoredPaymentMethod,
    choose_default,
    has_usable_method,
    should_become_default,
    visible,
)

TODAY = date(2026, 11, 22)


def card(id_: int = 1, *, month: int = 8, year: int = 2030, **kw: object) -> StoredPaymentMethod:
    base = StoredPaymentMethod(id=id_, client_id=7, stripe_id=f"pm_{id_}", type="card",
                               last4="4242", status="active", brand="visa", exp_month=month,
                               exp_year=year)
    return replace(base, **kw)  # type: ignore[arg-type]


def bank(id_: int = 2, **kw: object) -> StoredPaymentMethod:
    base = StoredPaymentMethod(id=id_, client_id=7, stripe_id=f"pm_{id_}", type="acss_debit",
                               last4="6789", status="active", bank_name="TD Canada Trust",
                               mandate_status="active")
    return replace(base, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("month", "year", "expired", "soon"), [
    (10, 2026, True, False),   # last month
    (11, 2026, False, True),   # this month: still good to the end of it
    (12, 2026, False, True),   # next month
    (1, 2027, False, False),   # in two months
    (12, 2025, True, False),
])
def test_expiry(month: int, year: int, expired: bool, soon: bool) -> None:
    method = card(month=month, year=year)
    assert method.is_expired(TODAY) is expired
    assert method.expires_soon(TODAY) is soon
    assert method.is_usable(TODAY) is not expired


def test_bank_accounts_never_expire_but_need_an_active_mandate() -> None:
    assert bank().is_usable(TODAY)
    assert not bank().is_expired(TODAY)
    assert not bank(mandate_status="pending").is_usable(TODAY)
    assert not bank(mandate_status="inactive").is_usable(TODAY)
    assert not bank(status="pending_verification", mandate_status="pending").is_usable(TODAY)


def test_removed_is_hidden_and_unusable() -> None:
    gone = card(status="removed")
    assert not gone.is_usable(TODAY)
    assert visible([gone, card(2)]) == [card(2)]


def test_first_usable_method_becomes_default() -> None:
    new = card(1)
    assert should_become_default(new, [new], has_default=False, today=TODAY)
    assert not should_become_default(new, [new], has_default=True, today=TODAY)
    # Another usable method that staff left without default (autopay paused on purpose).
    assert not should_become_default(new, [new, card(2)], has_default=False, today=TODAY)
    # Others that can't be charged don't count.
    assert should_become_default(new, [new, card(2, year=2020), card(3, status="removed")],
                                 has_default=False, today=TODAY)
    # A method that isn't usable yet never becomes default.
    pending = bank(status="pending_verification", mandate_status="pending")
    assert not should_become_default(pending, [pending], has_default=False, today=TODAY)


def test_choose_default_pauses_on_an_unusable_default() -> None:
    assert choose_default([card(1), card(2, is_default=True)], TODAY) == card(2, is_default=True)
    assert choose_default([card(1), card(2, is_default=True, year=2020)], TODAY) is None
    assert choose_default([card(1)], TODAY) is None
    assert has_usable_method([card(1, year=2020), bank()], TODAY)
    assert not has_usable_method([card(1, year=2020)], TODAY)


def test_labels_never_show_more_than_last4() -> None:
    assert card().masked == "•••• 4242"
    assert card().label == "Visa"
    assert card(brand="amex").brand_name == "American Express"
    assert card(brand="").label == "Card"
    assert bank().label == "TD Canada Trust"
    assert bank(bank_name="").label == "Bank account"
