"""Fixtures for the gateway and the payment services, over real HTTP to ``stripe_env``."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import stripe

from owl_desktop.domain.audit import Workstation
from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.payments.gateway import BillingAddress, CustomerDetails
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.services.customers import CustomerService
from owl_desktop.services.payment_methods import PaymentMethodService
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory
from tests.stripe_env import StripeEnv, account_of

TEST_BANK = {"institution_number": "000", "transit_number": "11000",
             "account_number": "000123456789"}


@pytest.fixture
def gateway(stripe_env: StripeEnv) -> StripeGateway:
    return StripeGateway(stripe_env.secret_key, api_base=stripe_env.api_base, timeout_s=10)


def unique_details(client_id: int | None = None, email: str | None = None) -> CustomerDetails:
    """Client ids are unique per run so tests can share one real Stripe test account."""
    cid = client_id if client_id is not None else uuid.uuid4().int % 10**9
    return CustomerDetails(
        client_id=cid, name="Élise Tremblay",
        email=email if email is not None else f"elise.{cid}@example.com",
        phone="(514) 555-0199",
        address=BillingAddress(line1="12 rue Principale", city="Montréal", state="QC",
                               postal_code="H2X 1Y4", country="CA"))


def confirm_card(client: stripe.StripeClient, setup_intent_id: str,
                 payment_method: str = "pm_card_visa") -> stripe.SetupIntent:
    """What Stripe.js does in the entry page, done server-side with a test method."""
    return client.v1.setup_intents.confirm(setup_intent_id,
                                           params={"payment_method": payment_method})


def confirm_bank(client: stripe.StripeClient, setup_intent_id: str,
                 name: str = "Élise Tremblay", email: str = "elise@example.com"
                 ) -> stripe.SetupIntent:
    return client.v1.setup_intents.confirm(setup_intent_id, params={
        "payment_method_data": {
            "type": "acss_debit",
            "acss_debit": {"institution_number": TEST_BANK["institution_number"],
                           "transit_number": TEST_BANK["transit_number"],
                           "account_number": TEST_BANK["account_number"]},
            "billing_details": {"name": name, "email": email}},
        "mandate_data": {"customer_acceptance": {"type": "offline"}},
    })


class Clock:
    """A clock tests can move (e.g. past Stripe's 24-hour idempotency window)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def customers(uow_factory: UnitOfWorkFactory, gateway: StripeGateway,
              clock: Clock) -> CustomerService:
    return CustomerService(uow_factory, gateway, account_of(gateway), clock)


def fixed_workstation(uow: UnitOfWork) -> Workstation:
    return Workstation(actor="reception1", desk="desk-A")


@pytest.fixture
def methods(uow_factory: UnitOfWorkFactory, gateway: StripeGateway,
            customers: CustomerService, clock: Clock) -> PaymentMethodService:
    return PaymentMethodService(uow_factory, gateway, customers, clock, fixed_workstation)


@pytest.fixture
def make_client(uow_factory: UnitOfWorkFactory, clock: Clock) -> Callable[..., int]:
    def make(first: str = "Élise", last: str = "Tremblay", email: str = "elise@example.com"
             ) -> int:
        draft = ClientDraft(first, last, email, "(514) 555-0199",
                            Address("12 rue Principale", "", "Montréal", "QC", "H2X 1Y4", "CA"))
        with uow_factory() as uow:
            client = uow.clients.add(draft, clock())
            uow.commit()
        return client.id
    return make
