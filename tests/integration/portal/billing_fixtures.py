"""Billing for the portal's Billing tab tests, over the portal of ``conftest.py`` (Noor and
Sami signed up, the Stripe sandbox or Stripe test mode): the desk's billing service charging
through the real gateway over HTTP, refunds behind the administrator's passphrase, and the
portal's app rebuilt with the client billing service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
import stripe
from argon2 import PasswordHasher

from owl_desktop.domain.audit import Workstation
from owl_desktop.domain.billing import (
    Invoice,
    InvoiceDraft,
    Payment,
    PaymentMethodKind,
    PaymentStatus,
)
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.portal.app import build_deps, create_app
from owl_desktop.services.admin_passphrase import AdminPassphraseService
from owl_desktop.services.billing import BillingService
from owl_desktop.services.client_billing import ClientBillingService
from owl_desktop.services.refunds import RefundService
from owl_desktop.store.uow import UnitOfWork
from tests.integration.payments.conftest import TEST_BANK, confirm_card
from tests.integration.portal.conftest import Portal

PASSPHRASE = "clinic administrator 1"


def at_desk(_uow: UnitOfWork) -> Workstation:
    return Workstation(actor="reception1", desk="desk-A")


@dataclass
class Ledger:
    portal: Portal
    billing: BillingService
    refunds: RefundService
    stripe_client: stripe.StripeClient
    billing_gateway: StripeGateway

    def invoice(self, client_id: int, amount_cents: int = 95_00,
                description: str = "Massage 60") -> Invoice:
        return self.billing.make_invoice(InvoiceDraft(client_id, description, amount_cents,
                                                      date(2030, 1, 7)))

    def paid_by_card(self, client_id: int, amount_cents: int = 95_00,
                     description: str = "Massage 60") -> tuple[Invoice, Payment]:
        """An invoice charged to a Visa saved as the portal's dialog would (*Charge now*)."""
        setup = self.portal.methods.start_setup(client_id, "card")
        confirm_card(self.stripe_client, setup.id, "pm_card_visa")
        card = self.portal.methods.complete_setup(client_id, setup.id)
        invoice = self.invoice(client_id, amount_cents, description)
        outcome = self.billing.charge_now(invoice.id, card.id)
        assert outcome.status is PaymentStatus.SUCCEEDED, outcome
        return invoice, outcome.payment

    def debited(self, client_id: int, amount_cents: int = 70_00) -> tuple[Invoice, Payment]:
        """An invoice charged to a verified bank account: the debit is processing."""
        setup = self.portal.methods.start_setup(client_id, "acss_debit")
        self.stripe_client.v1.setup_intents.confirm(setup.id, params={
            "payment_method_data": {
                "type": "acss_debit", "acss_debit": dict(TEST_BANK),
                "billing_details": {"name": "Noor Haddad", "email": "noor@example.com"}},
            "mandate_data": {"customer_acceptance": {"type": "offline"}}})
        self.portal.methods.complete_setup(client_id, setup.id)
        self.stripe_client.v1.setup_intents.verify_microdeposits(
            setup.id, params={"amounts": [32, 45]})
        gateway = self.billing_gateway
        bank = self.portal.methods.record_setup_intent(
            client_id, gateway.retrieve_setup_intent(setup.id))
        assert bank is not None
        invoice = self.invoice(client_id, amount_cents, "Acupuncture")
        outcome = self.billing.charge_now(invoice.id, bank.id)
        assert outcome.status is PaymentStatus.PROCESSING, outcome
        return invoice, outcome.payment

    def paid_in_cash(self, client_id: int, amount_cents: int = 60_00) -> Payment:
        invoice = self.invoice(client_id, amount_cents, "Physio 30")
        return self.billing.record_payment(invoice.id, PaymentMethodKind.CASH, amount_cents)


@pytest.fixture(name="ledger")
def ledger_fixture(portal: Portal, stripe_client: stripe.StripeClient) -> Ledger:
    """(Import ``ledger_fixture`` into a test module to use the ``ledger`` fixture.)"""
    env = portal.env
    gateway = StripeGateway(env.secret_key, api_base=env.api_base, timeout_s=5)
    billing = BillingService(portal.uow, portal.clock, workstation=at_desk,
                             gateway=lambda: gateway)
    admin = AdminPassphraseService(portal.uow, portal.clock, at_desk,
                                   PasswordHasher(time_cost=1, memory_cost=1024,
                                                  parallelism=1))
    admin.set_once(PASSPHRASE)
    refunds = RefundService(portal.uow, gateway, admin, portal.clock, at_desk)
    deps = build_deps(portal.accounts, lambda: portal.methods, lambda: env.publishable_key,
                      env.js_url, billing=ClientBillingService(portal.uow, billing))
    portal.app = create_app(deps)
    return Ledger(portal, billing, refunds, stripe_client, gateway)
