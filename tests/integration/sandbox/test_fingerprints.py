"""Fingerprints as Stripe gives them (its support article on duplicate cards): the same card
number or bank account gets the same fingerprint within an account, whatever the path that
made the PaymentMethod (Stripe.js's fields, a ``pm_card_*`` test id), and another fingerprint
in another account; a renewed card (new expiry) keeps its fingerprint."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import stripe

from owl_desktop.sandbox.keys import SandboxAccount, SandboxKeys
from owl_desktop.sandbox.server import SandboxServer
from tests.integration.payments.conftest import TEST_BANK

VISA = "4242424242424242"


@pytest.fixture
def two_accounts(sandbox: SandboxServer) -> Iterator[SandboxServer]:
    keys = SandboxKeys(accounts=[
        SandboxAccount(id="acct_1Clinic0000000A", secret_keys=["sk_test_clinicA0001"],
                       publishable_keys=["pk_test_clinicA0001"]),
        SandboxAccount(id="acct_1Clinic0000000B", secret_keys=["sk_test_clinicB0001"],
                       publishable_keys=["pk_test_clinicB0001"]),
    ])
    with SandboxServer(keys=keys) as server:
        yield server


def client(base: str, key: str) -> stripe.StripeClient:
    stripe.enable_telemetry = False
    return stripe.StripeClient(key, base_addresses={"api": base}, max_network_retries=0)


def typed_card(browser: stripe.StripeClient, number: str, exp_year: int) -> stripe.PaymentMethod:
    return browser.v1.payment_methods.create(params={
        "type": "card", "card": {"number": number, "exp_month": 12, "exp_year": exp_year,
                                 "cvc": "123"}})  # type: ignore[typeddict-item]


def typed_bank(browser: stripe.StripeClient) -> stripe.PaymentMethod:
    return browser.v1.payment_methods.create(params={
        "type": "acss_debit", "acss_debit": TEST_BANK,  # type: ignore[typeddict-item]
        "billing_details": {"name": "Élise Tremblay", "email": "elise@example.com"}})


def test_same_number_same_fingerprint_within_an_account_not_across(
        two_accounts: SandboxServer) -> None:
    a = client(two_accounts.url, "pk_test_clinicA0001")
    b = client(two_accounts.url, "pk_test_clinicB0001")
    first, renewed = typed_card(a, VISA, 2031), typed_card(a, VISA, 2033)
    assert first.id != renewed.id
    assert first.card is not None
    assert renewed.card is not None
    assert first.card.fingerprint == renewed.card.fingerprint
    token = client(two_accounts.url, "sk_test_clinicA0001").v1.payment_methods.retrieve(
        "pm_card_visa")
    assert token.card is not None
    assert token.card.fingerprint == first.card.fingerprint  # the test id is the same number
    mastercard = typed_card(a, "5555555555554444", 2031)
    assert mastercard.card is not None
    assert mastercard.card.fingerprint != first.card.fingerprint
    elsewhere = typed_card(b, VISA, 2031)
    assert elsewhere.card is not None
    assert elsewhere.card.fingerprint != first.card.fingerprint  # another account

    bank_a, bank_a2, bank_b = typed_bank(a), typed_bank(a), typed_bank(b)
    assert bank_a.acss_debit is not None
    assert bank_a2.acss_debit is not None
    assert bank_b.acss_debit is not None
    assert bank_a.acss_debit.fingerprint == bank_a2.acss_debit.fingerprint
    assert bank_a.acss_debit.fingerprint != bank_b.acss_debit.fingerprint
