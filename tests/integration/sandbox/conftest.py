"""Helpers shared by the sandbox's API tests (they also run against real Stripe test mode)."""

from __future__ import annotations

from typing import Any

import pytest
import stripe

from tests.integration.sandbox.http import Reply, call
from tests.stripe_env import StripeEnv


class Browser:
    """Calls the API the way Stripe.js does: publishable key, form bodies."""

    def __init__(self, env: StripeEnv) -> None:
        self.env = env

    def post(self, path: str, params: dict[str, Any] | None = None) -> Reply:
        return call(self.env.api_base, "POST", path, params, key=self.env.publishable_key)

    def get(self, path: str, params: dict[str, Any] | None = None) -> Reply:
        return call(self.env.api_base, "GET", path, params, key=self.env.publishable_key)

    def card_pm(self, number: str = "4242424242424242", *, exp_month: int = 12,
                exp_year: int = 2034, cvc: str = "123", name: str = "Ada Lovelace") -> Reply:
        return self.post("/v1/payment_methods", {
            "type": "card",
            "card": {"number": number, "exp_month": exp_month, "exp_year": exp_year,
                     "cvc": cvc},
            "billing_details": {"name": name, "address": {"postal_code": "H2X 1Y4",
                                                          "country": "CA"}},
        })

    def acss_pm(self, account: str = "000123456789", *, institution: str = "000",
                transit: str = "11000", name: str = "Ada Lovelace",
                email: str = "ada@example.com") -> Reply:
        return self.post("/v1/payment_methods", {
            "type": "acss_debit",
            "acss_debit": {"institution_number": institution, "transit_number": transit,
                           "account_number": account},
            "billing_details": {"name": name, "email": email},
        })


@pytest.fixture
def browser(stripe_env: StripeEnv) -> Browser:
    return Browser(stripe_env)


@pytest.fixture
def customer(stripe_client: stripe.StripeClient) -> stripe.Customer:
    return stripe_client.v1.customers.create(params={
        "name": "Ada Lovelace", "email": "ada@example.com",
        "metadata": {"owl_client_id": "42"}})


ACSS_OPTIONS: dict[str, Any] = {
    "currency": "cad",
    "verification_method": "microdeposits",
    "mandate_options": {"payment_schedule": "sporadic", "transaction_type": "personal"},
}


def acss_setup_intent(client: stripe.StripeClient, customer_id: str,
                      **options: Any) -> stripe.SetupIntent:
    acss = {**ACSS_OPTIONS, **options}
    return client.v1.setup_intents.create(params={
        "customer": customer_id, "allowed_payment_method_types": ["acss_debit"],
        "usage": "off_session", "payment_method_options": {"acss_debit": acss}})
