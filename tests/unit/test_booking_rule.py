"""The online-booking rule, table-driven: valid = usable on the appointment's date."""

from __future__ import annotations

from datetime import date

import pytest

from owl_desktop.domain.booking import (
    EXPIRED,
    NO_METHOD,
    NOT_USABLE,
    PENDING,
    RULE_OFF,
    VALID_METHOD,
    booking_check,
)
from owl_desktop.domain.payment_methods import StoredPaymentMethod
from owl_desktop.services.booking_settings import BookingRule, normalized_message


def card(exp: tuple[int, int] = (2031, 12), status: str = "active", id_: int = 1
         ) -> StoredPaymentMethod:
    return StoredPaymentMethod(id=id_, client_id=7, stripe_id=f"pm_{id_}", type="card",
                               last4="4242", status=status,  # type: ignore[arg-type]
                               brand="visa", exp_year=exp[0], exp_month=exp[1])


def bank(status: str = "active", mandate: str = "active", id_: int = 2) -> StoredPaymentMethod:
    return StoredPaymentMethod(id=id_, client_id=7, stripe_id=f"pm_{id_}", type="acss_debit",
                               last4="6789", status=status,  # type: ignore[arg-type]
                               mandate_status=mandate, bank_name="TD")


DAY = date(2030, 6, 15)


@pytest.mark.parametrize(("required", "methods", "day", "allowed", "reason"), [
    (False, [], DAY, True, RULE_OFF),
    (False, [card((2029, 1))], DAY, True, RULE_OFF),
    (True, [], DAY, False, NO_METHOD),
    (True, [card((2031, 1))], DAY, True, VALID_METHOD),
    # good through the last day of its expiry month
    (True, [card((2030, 6))], DAY, True, VALID_METHOD),
    (True, [card((2030, 6))], date(2030, 7, 1), False, EXPIRED),
    (True, [card((2030, 5))], DAY, False, EXPIRED),
    (True, [bank("pending_verification", "pending")], DAY, False, PENDING),
    (True, [bank("pending_verification", "pending"), card((2030, 1))], DAY, False, PENDING),
    (True, [bank("pending_verification", "pending"), card()], DAY, True, VALID_METHOD),
    (True, [bank()], DAY, True, VALID_METHOD),
    (True, [bank(mandate="inactive")], DAY, False, NOT_USABLE),
    (True, [card(status="removed")], DAY, False, NO_METHOD),
])
def test_booking_check(required: bool, methods: list[StoredPaymentMethod], day: date,
                       allowed: bool, reason: str) -> None:
    check = booking_check(required, methods, day)
    assert (check.allowed, check.reason) == (allowed, reason)


def test_the_message_keeps_line_breaks_and_falls_back_to_the_other_language() -> None:
    assert normalized_message("  Line one  \r\n\r\nLine two\n\n") == "Line one\n\nLine two"
    rule = BookingRule(True, "Policy", "")
    assert rule.message("fr") == "Policy"
    assert BookingRule(True, "Policy", "Politique").message("fr") == "Politique"
