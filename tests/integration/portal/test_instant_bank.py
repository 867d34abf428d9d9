"""Issue 15, item 2: during a held booking, a bank account must be able to become valid within
the hold, so the add dialog there asks Stripe for instant verification only
(``payment_method_options.acss_debit.verification_method = "instant"``: the bank login, no
numbers typed in, no micro-deposits); *My account* keeps ``automatic``. Routes with Starlette's
TestClient, against the sandbox or Stripe test mode."""

from __future__ import annotations

import re

import stripe

from owl_desktop.core.setups import new_setup_key, verification_of
from tests.integration.portal.booking_fixtures import Clinic, clinic_fixture  # noqa: F401
from tests.integration.portal.conftest import account_csrf, csrf_of
from tests.integration.portal.test_booking_routes import booking_form


def verification_at_stripe(sc: stripe.StripeClient, seti_id: str) -> str | None:
    seti = sc.v1.setup_intents.retrieve(seti_id)
    options = seti.payment_method_options
    assert options is not None
    assert options.acss_debit is not None
    return options.acss_debit.verification_method


def test_the_hold_asks_for_instant_verification_my_account_doesnt(
        clinic: Clinic, stripe_client: stripe.StripeClient) -> None:
    clinic.rule(True)
    noor = clinic.portal.signed_in()
    hold_url = noor.post("/book", data={**booking_form(clinic),
                                        "csrf": csrf_of(noor, "/book")}).headers["location"]
    assert re.fullmatch(r"/book/holds/\d+", hold_url)
    assert 'data-instant-bank="1"' in noor.get(hold_url).text
    assert 'data-instant-bank=""' in noor.get("/account").text

    token = csrf_of(noor, hold_url)
    held = noor.post("/account/setups", data={"csrf": token, "kind": "acss_debit",
                                              "instant": "1"}).json()
    assert held["ok"], held
    assert verification_at_stripe(stripe_client, held["id"]) == "instant"
    # A retry of the hold's dialog reuses nothing made for My account, and the other way.
    mine = noor.post("/account/setups", data={"csrf": account_csrf(noor),
                                              "kind": "acss_debit"}).json()
    assert mine["ok"], mine
    assert mine["id"] != held["id"]
    assert verification_at_stripe(stripe_client, mine["id"]) == "automatic"
    # A card ignores it.
    card = noor.post("/account/setups", data={"csrf": token, "kind": "card",
                                              "instant": "1"}).json()
    seti = stripe_client.v1.setup_intents.retrieve(card["id"])
    assert seti.payment_method_types == ["card"]


def test_the_create_key_says_the_verification() -> None:
    """Whoever re-sends a create key (a retry, the sync's sweep) sends the same parameters."""
    assert verification_of(new_setup_key(7, "abc", "instant")) == "instant"
    assert verification_of(new_setup_key(7, "abc", "automatic")) == "automatic"
    assert new_setup_key(7, "abc", "automatic") == "setup:7:abc"
    assert verification_of("setup:7:0123456789abcdef") == "automatic"  # keys made before
