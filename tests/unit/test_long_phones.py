"""Issue 11, item 6: a phone stored before the 20-character limit (Stripe's) is never sent to
Stripe, so it can't become a permanent sync problem; staff are asked to shorten it."""

from __future__ import annotations

from datetime import UTC, datetime

from owl_desktop.core.customers import customer_details, details_from_payload, details_payload
from owl_desktop.domain.clients import (
    STRIPE_PHONE_MAX,
    Address,
    Client,
    ClientDraft,
    validate_client,
)

LONG = "+44 (020) 7946-0958 #12"  # 23 characters, accepted before the limit
NOW = datetime(2026, 1, 5, tzinfo=UTC)


def client(phone: str) -> Client:
    return Client(3, "Élise", "Tremblay", "elise@example.ca", phone, Address(), NOW, NOW)


def test_the_form_takes_at_most_stripes_20_characters() -> None:
    assert STRIPE_PHONE_MAX == 20
    assert validate_client(ClientDraft("A", "B", phone=LONG)) == {"phone": "too_long"}


def test_a_stored_long_phone_is_left_out_of_what_stripe_gets() -> None:
    assert customer_details(client(LONG)).phone == ""
    assert customer_details(client("(514) 555-0199")).phone == "(514) 555-0199"
    # An update queued before the limit (still in the outbox) is sent without it too.
    queued = details_payload(customer_details(client("(514) 555-0199")))
    queued["details"]["phone"] = LONG
    assert details_from_payload(3, queued).phone == ""
