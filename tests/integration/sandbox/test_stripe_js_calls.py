"""What Stripe.js sends with the publishable key on SetupIntents (``expand``,
``mandate_data[...][online][infer_from_client]``), and the sandbox-only routes behind the
Stripe.js double's bank dialog (``/_sandbox/acss/...``: options, instant bank login)."""

from __future__ import annotations

from typing import Any

import pytest
import stripe

from owl_desktop.sandbox import testdata
from owl_desktop.sandbox.acss_js import TEST_BANK_ACCOUNTS
from owl_desktop.sandbox.server import SandboxServer
from tests.integration.sandbox.conftest import Browser, acss_setup_intent
from tests.integration.sandbox.http import Reply, call
from tests.stripe_env import StripeEnv

INFERRED = {"customer_acceptance": {"type": "online", "online": {"infer_from_client": True}}}


def card_setup_intent(client: stripe.StripeClient, customer_id: str) -> stripe.SetupIntent:
    return client.v1.setup_intents.create(params={
        "customer": customer_id, "allowed_payment_method_types": ["card"], "usage": "off_session"})


# ---- expand with the publishable key -----------------------------------------------------------


def test_browser_confirm_expands_the_payment_method(stripe_client: stripe.StripeClient,
                                                    browser: Browser,
                                                    customer: stripe.Customer) -> None:
    si = card_setup_intent(stripe_client, customer.id)
    pm = browser.card_pm().body
    done = browser.post(f"/v1/setup_intents/{si.id}/confirm", {
        "client_secret": si.client_secret, "payment_method": pm["id"],
        "expand": ["payment_method"]})
    assert done.status == 200, done.body
    assert done.body["status"] == "succeeded"
    expanded = done.body["payment_method"]
    assert isinstance(expanded, dict)
    assert expanded["id"] == pm["id"]
    assert expanded["card"]["last4"] == "4242"
    assert "customer" not in done.body  # still the browser's view of the SetupIntent


def test_browser_retrieve_expands_the_payment_method(stripe_client: stripe.StripeClient,
                                                     browser: Browser,
                                                     customer: stripe.Customer) -> None:
    si = card_setup_intent(stripe_client, customer.id)
    plain = browser.get(f"/v1/setup_intents/{si.id}", {
        "client_secret": si.client_secret, "expand": ["payment_method"]})
    assert plain.status == 200, plain.body
    assert plain.body["payment_method"] is None  # nothing to expand yet
    stripe_client.v1.setup_intents.confirm(si.id, params={"payment_method": "pm_card_visa"})
    after = browser.get(f"/v1/setup_intents/{si.id}", {
        "client_secret": si.client_secret, "expand": ["payment_method"]})
    assert after.status == 200, after.body
    assert after.body["payment_method"]["object"] == "payment_method"
    assert after.body["payment_method"]["card"]["brand"] == "visa"
    unexpanded = browser.get(f"/v1/setup_intents/{si.id}", {"client_secret": si.client_secret})
    assert isinstance(unexpanded.body["payment_method"], str)


@pytest.mark.parametrize("path", ["customer", "mandate", "payment_method.customer"])
def test_browser_may_expand_only_the_payment_method(stripe_client: stripe.StripeClient,
                                                    browser: Browser,
                                                    customer: stripe.Customer,
                                                    path: str) -> None:
    si = card_setup_intent(stripe_client, customer.id)
    pm = browser.card_pm().body
    refused = browser.post(f"/v1/setup_intents/{si.id}/confirm", {
        "client_secret": si.client_secret, "payment_method": pm["id"], "expand": [path]})
    assert refused.status == 400
    assert refused.error["param"] == "expand"
    assert path in refused.error["message"]
    # Refused before anything happened.
    assert stripe_client.v1.setup_intents.retrieve(si.id).status == "requires_payment_method"
    got = browser.get(f"/v1/setup_intents/{si.id}", {"client_secret": si.client_secret,
                                                    "expand": [path]})
    assert got.status == 400


# ---- mandate_data[customer_acceptance][online][infer_from_client] ------------------------------


def test_browser_confirm_with_infer_from_client_records_the_browser(
        stripe_client: stripe.StripeClient, browser: Browser, customer: stripe.Customer) -> None:
    si = acss_setup_intent(stripe_client, customer.id)
    pm = browser.acss_pm("000123456789").body
    done = browser.post(f"/v1/setup_intents/{si.id}/confirm", {
        "client_secret": si.client_secret, "payment_method": pm["id"],
        "mandate_data": INFERRED})
    assert done.status == 200, done.body
    assert done.body["status"] == "requires_action"
    full = stripe_client.v1.setup_intents.retrieve(si.id, params={"expand": ["mandate"]})
    mandate = full.mandate
    assert isinstance(mandate, stripe.Mandate)
    online = mandate.customer_acceptance.online
    assert online is not None
    assert online.ip_address  # the browser's address, inferred by the API
    assert online.user_agent


def test_infer_from_client_is_unknown_to_a_secret_key(stripe_client: stripe.StripeClient,
                                                      browser: Browser,
                                                      customer: stripe.Customer,
                                                      stripe_env: StripeEnv) -> None:
    si = acss_setup_intent(stripe_client, customer.id)
    pm = browser.acss_pm("000123456789").body
    reply = call(stripe_env.api_base, "POST", f"/v1/setup_intents/{si.id}/confirm",
                 {"payment_method": pm["id"], "mandate_data": INFERRED},
                 key=stripe_env.secret_key)
    assert reply.status == 400
    assert reply.error["param"] == "mandate_data[customer_acceptance][online][infer_from_client]"
    assert stripe_client.v1.setup_intents.retrieve(si.id).status == "requires_payment_method"


# ---- the bank dialog's sandbox-only routes -----------------------------------------------------


def bank_login(sandbox: SandboxServer, si: stripe.SetupIntent, account: str = "success",
               **overrides: Any) -> Reply:
    body = {"client_secret": si.client_secret, "account": account, "name": "Ada Lovelace",
            "email": "ada@example.com", **overrides}
    return call(sandbox.url, "POST", f"/_sandbox/acss/{si.id}/bank_login", json_body=body)


def test_dialog_options_need_the_client_secret(sandbox: SandboxServer,
                                               stripe_client: stripe.StripeClient,
                                               customer: stripe.Customer) -> None:
    si = acss_setup_intent(stripe_client, customer.id, verification_method="automatic")
    got = call(sandbox.url, "GET", f"/_sandbox/acss/{si.id}", {"client_secret": si.client_secret})
    assert got.status == 200, got.body
    assert got.body["verification_method"] == "automatic"
    assert got.body["mandate_options"]["payment_schedule"] == "sporadic"
    assert call(sandbox.url, "GET", f"/_sandbox/acss/{si.id}",
                {"client_secret": "seti_x_secret_y"}).status == 400
    assert call(sandbox.url, "GET", f"/_sandbox/acss/{si.id}").status == 400


@pytest.mark.parametrize("verification", ["automatic", "instant"])
def test_bank_login_then_confirm_succeeds_with_an_active_mandate(
        sandbox: SandboxServer, stripe_client: stripe.StripeClient, browser: Browser,
        customer: stripe.Customer, verification: str) -> None:
    si = acss_setup_intent(stripe_client, customer.id, verification_method=verification)
    login = bank_login(sandbox, si)
    assert login.status == 200, login.body
    assert set(login.body) == {"payment_method", "bank_name", "last4"}
    assert login.body["last4"] == "6789"
    assert "000123456789" not in str(login.body)
    done = browser.post(f"/v1/setup_intents/{si.id}/confirm", {
        "client_secret": si.client_secret, "payment_method": login.body["payment_method"],
        "mandate_data": INFERRED, "expand": ["payment_method"]})
    assert done.status == 200, done.body
    assert done.body["status"] == "succeeded"
    assert done.body["next_action"] is None
    assert done.body["payment_method"]["acss_debit"]["bank_name"] == testdata.PAD_BANK_NAME
    full = stripe_client.v1.setup_intents.retrieve(si.id, params={
        "expand": ["mandate", "payment_method"]})
    assert isinstance(full.mandate, stripe.Mandate)
    assert full.mandate.status == "active"
    pm = full.payment_method
    assert isinstance(pm, stripe.PaymentMethod)
    assert pm.customer == customer.id
    assert pm.billing_details.email == "ada@example.com"
    assert pm.acss_debit is not None
    assert pm.acss_debit.institution_number == "000"


def test_same_account_by_login_or_by_hand_has_one_fingerprint(
        sandbox: SandboxServer, stripe_client: stripe.StripeClient, browser: Browser,
        customer: stripe.Customer) -> None:
    si = acss_setup_intent(stripe_client, customer.id, verification_method="automatic")
    login = bank_login(sandbox, si, "insufficient_funds")
    by_login = stripe_client.v1.payment_methods.retrieve(login.body["payment_method"])
    by_hand = browser.acss_pm(TEST_BANK_ACCOUNTS["insufficient_funds"]).body
    assert by_login.acss_debit is not None
    assert by_login.acss_debit.fingerprint == by_hand["acss_debit"]["fingerprint"]


def test_instantly_verified_failing_account_fails_its_debits(
        sandbox: SandboxServer, stripe_client: stripe.StripeClient, browser: Browser,
        customer: stripe.Customer) -> None:
    si = acss_setup_intent(stripe_client, customer.id, verification_method="automatic")
    pm_id = bank_login(sandbox, si, "insufficient_funds").body["payment_method"]
    done = browser.post(f"/v1/setup_intents/{si.id}/confirm", {
        "client_secret": si.client_secret, "payment_method": pm_id, "mandate_data": INFERRED})
    assert done.body["status"] == "succeeded"  # verification is not the debit
    pi = stripe_client.v1.payment_intents.create(params={
        "amount": 5000, "currency": "cad", "customer": customer.id, "payment_method": pm_id,
        "allowed_payment_method_types": ["acss_debit"], "off_session": True, "confirm": True})
    assert pi.status == "processing"
    sandbox.advance(testdata.PAD_SETTLE_SECONDS + 60)
    failed = stripe_client.v1.payment_intents.retrieve(pi.id)
    assert failed.status == "requires_payment_method"
    assert failed.last_payment_error is not None
    assert failed.last_payment_error.code == "insufficient_funds"


def test_bank_login_refusals(sandbox: SandboxServer, stripe_client: stripe.StripeClient,
                             customer: stripe.Customer) -> None:
    si = acss_setup_intent(stripe_client, customer.id, verification_method="automatic")
    assert bank_login(sandbox, si, client_secret="seti_x_secret_y").status == 400
    assert bank_login(sandbox, si, "000123456789").error["param"] == "account"
    assert bank_login(sandbox, si, email="").error["param"] == "billing_details[email]"
    micro = acss_setup_intent(stripe_client, customer.id, verification_method="microdeposits")
    refused = bank_login(sandbox, micro)
    assert refused.status == 400
    assert "microdeposits" in refused.error["message"]
    stripe_client.v1.setup_intents.cancel(si.id)
    assert bank_login(sandbox, si).error["code"] == "setup_intent_unexpected_state"
    card = card_setup_intent(stripe_client, customer.id)
    assert bank_login(sandbox, card).status == 400
    missing = call(sandbox.url, "POST", "/_sandbox/acss/seti_nothere/bank_login",
                   json_body={"client_secret": "seti_nothere_secret_x", "account": "success"})
    assert missing.status == 404
