"""A charge waiting for the client's 3-D Secure confirmation, for the portal's *Confirm
payment* tests: over billing's ledger (``billing_fixtures.py``), a card whose bank asks for
authentication on every payment (Stripe's 4000 0027 6000 3184, saved after its setup challenge
at the sandbox's 3-D Secure page), an invoice, and the nightly autopay run charging it
off-session: Stripe declines it ``authentication_required`` and the attempt waits for the
client. The portal's app is rebuilt with the confirmation service."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from owl_desktop.domain.autopay import AUTOMATIC, PROCESSING_KEY
from owl_desktop.domain.billing import Invoice, Payment, PaymentStatus
from owl_desktop.domain.payment_methods import StoredPaymentMethod
from owl_desktop.portal.app import build_deps, create_app
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.services.autopay_run import AutopayRunner, Outcome
from owl_desktop.services.client_billing import ClientBillingService
from owl_desktop.services.payment_confirmation import PaymentConfirmationService
from tests.integration.portal.billing_fixtures import Ledger, at_desk
from tests.integration.portal.conftest import in_the_portal
from tests.integration.sandbox.http import Reply, call

THREE_DS_ALWAYS = "pm_card_authenticationRequired"  # 4000 0027 6000 3184


@dataclass
class Waiting:
    ledger: Ledger
    sandbox: SandboxServer
    confirmations: PaymentConfirmationService
    runner: AutopayRunner

    def card_3ds(self, client_id: int, pm: str = THREE_DS_ALWAYS) -> StoredPaymentMethod:
        """A card saved after its bank's challenge at setup (the client did it in the
        entry dialog; here through the sandbox's 3-D Secure page)."""
        methods = self.ledger.portal.methods
        setup = methods.start_setup(client_id, "card")
        confirmed = self.ledger.stripe_client.v1.setup_intents.confirm(
            setup.id, params={"payment_method": pm})
        assert confirmed.status == "requires_action"
        done = call(self.sandbox.url, "POST", f"/_sandbox/3ds/{setup.id}/complete",
                    {"client_secret": setup.client_secret})
        assert done.status == 200, done.body
        return methods.complete_setup(client_id, setup.id)

    def autopay_needing_confirmation(self, client_id: int, amount_cents: int = 85_00,
                                     description: str = "Massage 60"
                                     ) -> tuple[Invoice, Payment]:
        """The autopay run charges the invoice off-session: the bank wants the client."""
        uow = self.ledger.portal.uow
        with uow() as u:
            u.settings.set(PROCESSING_KEY, AUTOMATIC)
            u.commit()
        invoice = self.ledger.invoice(client_id, amount_cents, description)
        summary = self.runner.run("desk")
        line = next(x for x in summary.lines if x.invoice_id == invoice.id)
        assert line.outcome == Outcome.REQUIRES_ACTION, summary
        with uow() as u:
            payment = u.payments.latest_attempt(invoice.id)
        assert payment is not None
        assert payment.status is PaymentStatus.REQUIRES_ACTION
        assert payment.payment_intent_id
        return invoice, payment

    def stripe_js_confirm(self, client_secret: str, payment_method: str) -> Reply:
        """What ``stripe.confirmCardPayment`` sends: the publishable key, the secret."""
        intent = client_secret.split("_secret_")[0]
        return call(self.sandbox.url, "POST", f"/v1/payment_intents/{intent}/confirm",
                    {"client_secret": client_secret, "payment_method": payment_method},
                    key=self.ledger.portal.env.publishable_key)

    def challenge(self, client_secret: str, action: str) -> None:
        """The client completes (``complete``) or fails (``fail``) the bank's challenge."""
        intent = client_secret.split("_secret_")[0]
        done = call(self.sandbox.url, "POST", f"/_sandbox/3ds/{intent}/{action}",
                    {"client_secret": client_secret})
        assert done.status == 200, done.body


@pytest.fixture(name="waiting")
def waiting_fixture(ledger: Ledger, sandbox: SandboxServer) -> Waiting:
    """(Import ``waiting_fixture`` and ``ledger_fixture`` to use the ``waiting`` fixture.)"""
    portal = ledger.portal
    env = portal.env
    gateway = ledger.billing_gateway
    confirmations = PaymentConfirmationService(portal.uow, lambda: gateway, portal.clock,
                                               in_the_portal)
    deps = build_deps(portal.accounts, lambda: portal.methods, lambda: env.publishable_key,
                      env.js_url, billing=ClientBillingService(portal.uow, ledger.billing),
                      confirmations=confirmations)
    portal.app = create_app(deps)
    runner = AutopayRunner(portal.uow, lambda: gateway, portal.clock, at_desk,
                           sleep=lambda _s: None)
    return Waiting(ledger, sandbox, confirmations, runner)
