"""Billing fixtures: a client with saved methods at the Stripe double (or Stripe test mode),
an invoice, and the billing service charging through the real gateway over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
import stripe

from owl_desktop.domain.audit import Workstation
from owl_desktop.domain.billing import Invoice, InvoiceDraft
from owl_desktop.domain.payment_methods import StoredPaymentMethod
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.services.billing import BillingService
from owl_desktop.services.payment_methods import PaymentMethodService
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory
from tests.integration.payments.conftest import (  # noqa: F401 - fixtures
    TEST_BANK,
    Clock,
    clock,
    confirm_card,
    customers,
    gateway,
    make_client,
    methods,
)
from tests.integration.sandbox.http import call

DESK = Workstation(actor="reception1", desk="desk-A")


def at_desk(_uow: UnitOfWork) -> Workstation:
    return DESK


@pytest.fixture
def billing(uow_factory: UnitOfWorkFactory, gateway: StripeGateway,  # noqa: F811
            clock: Clock) -> BillingService:  # noqa: F811
    return BillingService(uow_factory, clock, workstation=at_desk, gateway=lambda: gateway)


@dataclass
class Saver:
    """Saves test methods for a client, as the entry page would (confirmed server-side)."""

    methods: PaymentMethodService
    stripe_client: stripe.StripeClient
    gateway: StripeGateway

    def card(self, client_id: int, pm: str = "pm_card_visa") -> StoredPaymentMethod:
        si = self.methods.start_setup(client_id, "card")
        confirm_card(self.stripe_client, si.id, pm)
        return self.methods.complete_setup(client_id, si.id)

    def card_after_3ds(self, client_id: int, pm: str, sandbox: SandboxServer
                       ) -> StoredPaymentMethod:
        """A card whose bank asks for 3-D Secure at setup, confirmed through the double's
        challenge page (sandbox only: Stripe test mode has no API for it)."""
        si = self.methods.start_setup(client_id, "card")
        confirmed = confirm_card(self.stripe_client, si.id, pm)
        assert confirmed.status == "requires_action"
        done = call(sandbox.url, "POST", f"/_sandbox/3ds/{si.id}/complete",
                    {"client_secret": si.client_secret})
        assert done.status == 200
        return self.methods.complete_setup(client_id, si.id)

    def bank(self, client_id: int, account: str = "000123456789", *, verify: bool = True
             ) -> StoredPaymentMethod:
        si = self.methods.start_setup(client_id, "acss_debit")
        self.stripe_client.v1.setup_intents.confirm(si.id, params={
            "payment_method_data": {
                "type": "acss_debit",
                "acss_debit": {"institution_number": TEST_BANK["institution_number"],
                               "transit_number": TEST_BANK["transit_number"],
                               "account_number": account},
                "billing_details": {"name": "Élise Tremblay", "email": "elise@example.com"}},
            "mandate_data": {"customer_acceptance": {"type": "offline"}}})
        stored = self.methods.complete_setup(client_id, si.id)
        if not verify:
            return stored
        self.stripe_client.v1.setup_intents.verify_microdeposits(
            si.id, params={"amounts": [32, 45]})
        verified = self.methods.record_setup_intent(
            client_id, self.gateway.retrieve_setup_intent(si.id))
        assert verified is not None
        return verified


@pytest.fixture
def saver(methods: PaymentMethodService, stripe_client: stripe.StripeClient,  # noqa: F811
          gateway: StripeGateway) -> Saver:  # noqa: F811
    return Saver(methods, stripe_client, gateway)


@pytest.fixture
def invoice_for(billing: BillingService) -> Callable[..., Invoice]:
    def make(client_id: int, amount_cents: int = 45_00, description: str = "Massage 60"
             ) -> Invoice:
        return billing.make_invoice(InvoiceDraft(client_id, description, amount_cents,
                                                 date(2030, 1, 7)))
    return make
