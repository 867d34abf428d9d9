"""Every object kind the API returns has the fields of Stripe's own fixture for its resource
(``fixtures3.json``), with the same JSON types, or null where Stripe's reference says the field
is nullable. Objects are fetched over HTTP, so this also holds against real Stripe test mode."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import stripe

from tests.integration.sandbox.conftest import Browser, acss_setup_intent
from tests.integration.sandbox.http import call
from tests.stripe_env import StripeEnv

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "stripe" / "fixtures3.json"

# Top-level fields Stripe's API reference marks nullable, per resource.
NULLABLE: dict[str, set[str]] = {
    "customer": {"address", "currency", "default_source", "description", "discount", "email",
                 "invoice_prefix", "name", "phone", "preferred_locales", "shipping",
                 "tax_exempt", "test_clock"},
    "payment_method": {"customer", "customer_account"},
    "setup_intent": {"application", "automatic_payment_methods", "cancellation_reason",
                     "client_secret", "customer", "description", "excluded_payment_method_types",
                     "flow_directions", "last_setup_error", "latest_attempt", "mandate",
                     "metadata", "next_action", "on_behalf_of", "payment_method",
                     "payment_method_configuration_details", "payment_method_options",
                     "single_use_mandate"},
    "payment_intent": {"application", "application_fee_amount", "automatic_payment_methods",
                       "canceled_at", "cancellation_reason", "client_secret", "customer",
                       "customer_account", "description", "excluded_payment_method_types",
                       "last_payment_error", "latest_charge", "managed_payments", "metadata",
                       "next_action", "on_behalf_of", "payment_method",
                       "payment_method_configuration_details", "payment_method_options",
                       "processing", "receipt_email", "review", "setup_future_usage",
                       "shipping", "source", "statement_descriptor",
                       "statement_descriptor_suffix", "transfer_data", "transfer_group"},
    "mandate": set(),
    "event": {"api_version", "request"},
    "account": {"business_profile", "business_type", "email", "settings", "tos_acceptance",
                "controller", "future_requirements", "requirements", "external_accounts"},
    "deleted_customer": set(),
    "refund": {"balance_transaction", "charge", "customer", "customer_account", "metadata",
               "payment_intent", "payment_method", "reason", "receipt_number",
               "source_transfer_reversal", "status", "transfer_reversal"},
}
# Hashes whose shape varies with a type or a state (the fixture shows one variant): only
# "is a hash" is checked.
POLYMORPHIC = {"next_action", "last_setup_error", "last_payment_error", "payment_method_options",
               "payment_method_details", "processing", "discount", "shipping", "data",
               "transfer_data", "amount_details", "automatic_payment_methods",
               "payment_method_configuration_details", "generated_from", "wallet", "metadata",
               "multi_use", "customer_acceptance", "capabilities", "settings",
               "rendering_options"}
# Fields added after the fixture was published (2026-08-21): endive 2026-09-30 added these
# (checked against that version's definitions by test_api_definitions.py).
NEWER_THAN_FIXTURE: dict[str, set[str]] = {
    "setup_intent": {"allowed_payment_method_types"},
    "payment_intent": {"allowed_payment_method_types", "payment_record"},
}
ACSS_FIELDS = {"bank_name", "fingerprint", "institution_number", "last4", "transit_number"}


def fixtures() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURES.read_text(encoding="utf-8"))
    return data["resources"]


def same_type(ours: Any, theirs: Any) -> bool:
    if isinstance(theirs, bool):
        return isinstance(ours, bool)
    if isinstance(theirs, int):
        return isinstance(ours, int) and not isinstance(ours, bool)
    if isinstance(theirs, float):
        return isinstance(ours, int | float) and not isinstance(ours, bool)
    return isinstance(ours, type(theirs))


def check_shape(ours: dict[str, Any], theirs: dict[str, Any], nullable: set[str],
                path: str = "") -> list[str]:
    """Problems found; top level must have exactly the fixture's keys, nested at least them."""
    problems: list[str] = []
    missing = set(theirs) - set(ours)
    extra = set(ours) - set(theirs)
    if missing:
        problems.append(f"{path or '<top>'}: missing {sorted(missing)}")
    if not path and extra:
        problems.append(f"<top>: not in the fixture {sorted(extra)}")
    for key, their_value in theirs.items():
        if key not in ours:
            continue
        where = f"{path}.{key}" if path else key
        value = ours[key]
        if value is None:
            if their_value is not None and path == "" and key not in nullable:
                problems.append(f"{where}: null, but not nullable")
            continue
        if their_value is None:
            continue
        if not same_type(value, their_value):
            problems.append(f"{where}: {type(value).__name__}, fixture has "
                            f"{type(their_value).__name__}")
            continue
        if isinstance(their_value, dict) and key not in POLYMORPHIC:
            problems.extend(check_shape(value, their_value, nullable, where))
        if isinstance(their_value, list) and their_value and value and \
                not same_type(value[0], their_value[0]):
            problems.append(f"{where}[0]: {type(value[0]).__name__}")
    return problems


def raw(env: StripeEnv, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    reply = call(env.api_base, "GET", path, params, key=env.secret_key)
    assert reply.status == 200, reply.body
    return reply.body


@pytest.fixture
def samples(stripe_env: StripeEnv, stripe_client: stripe.StripeClient,
            browser: Browser) -> dict[str, list[dict[str, Any]]]:
    """One or more objects of each kind, in several states, as JSON from the API."""
    bare = stripe_client.v1.customers.create()
    full = stripe_client.v1.customers.create(params={
        "name": "Ada", "email": "ada@example.com", "phone": "+15145550100",
        "address": {"line1": "1 Main", "city": "Montréal", "country": "CA"},
        "metadata": {"owl_client_id": "1"}})
    card_si = stripe_client.v1.setup_intents.create(params={
        "customer": full.id, "allowed_payment_method_types": ["card"]})
    done = stripe_client.v1.setup_intents.confirm(card_si.id,
                                                  params={"payment_method": "pm_card_visa"})
    assert isinstance(done.payment_method, str)
    pending = stripe_client.v1.setup_intents.create(params={"customer": full.id})
    bank_si = acss_setup_intent(stripe_client, full.id)
    bank_pm = browser.acss_pm().body
    waiting = browser.post(f"/v1/setup_intents/{bank_si.id}/confirm", {
        "client_secret": bank_si.client_secret, "payment_method": bank_pm["id"],
        "mandate_data": {"customer_acceptance": {"type": "online"}}})
    assert waiting.status == 200, waiting.body
    verified = browser.post(f"/v1/setup_intents/{bank_si.id}/verify_microdeposits", {
        "client_secret": bank_si.client_secret, "amounts": [32, 45]})
    assert verified.status == 200, verified.body
    paid = stripe_client.v1.payment_intents.create(params={
        "amount": 2000, "currency": "cad", "customer": full.id,
        "payment_method": done.payment_method, "off_session": True, "confirm": True})
    debit = stripe_client.v1.payment_intents.create(params={
        "amount": 2000, "currency": "cad", "customer": full.id,
        "payment_method": bank_pm["id"], "off_session": True, "confirm": True})
    declined_pm = stripe_client.v1.payment_methods.attach(
        "pm_card_chargeCustomerFail", params={"customer": full.id})
    with pytest.raises(stripe.CardError) as failed:
        stripe_client.v1.payment_intents.create(params={
            "amount": 2000, "currency": "cad", "customer": full.id,
            "payment_method": declined_pm.id, "off_session": True, "confirm": True})
    assert failed.value.json_body is not None
    failed_id = failed.value.json_body["error"]["payment_intent"]["id"]
    refund = stripe_client.v1.refunds.create(params={"payment_intent": paid.id, "amount": 500,
                                                     "reason": "requested_by_customer"})
    gone = stripe_client.v1.customers.create(params={"name": "Gone"})
    deleted = call(stripe_env.api_base, "DELETE", f"/v1/customers/{gone.id}",
                   key=stripe_env.secret_key).body
    seti_full = raw(stripe_env, f"/v1/setup_intents/{bank_si.id}")
    assert isinstance(seti_full["mandate"], str)
    return {
        "customer": [raw(stripe_env, f"/v1/customers/{c.id}") for c in (bare, full)],
        "payment_method": [raw(stripe_env, f"/v1/payment_methods/{done.payment_method}"),
                           raw(stripe_env, f"/v1/payment_methods/{bank_pm['id']}")],
        "setup_intent": [raw(stripe_env, f"/v1/setup_intents/{i}")
                         for i in (card_si.id, pending.id, bank_si.id)],
        "payment_intent": [raw(stripe_env, f"/v1/payment_intents/{i}")
                           for i in (paid.id, debit.id, failed_id)],
        "mandate": [raw(stripe_env, f"/v1/mandates/{seti_full['mandate']}")],
        "event": raw(stripe_env, "/v1/events", {"limit": 5})["data"],
        "account": [raw(stripe_env, "/v1/account")],
        "deleted_customer": [deleted, raw(stripe_env, f"/v1/customers/{gone.id}")],
        "refund": [raw(stripe_env, f"/v1/refunds/{refund.id}")],
    }


def test_every_object_kind_matches_its_fixture(
        samples: dict[str, list[dict[str, Any]]]) -> None:
    resources = fixtures()
    problems: list[str] = []
    for kind, objects in samples.items():
        assert objects, kind
        fixture = resources[kind]
        for obj in objects:
            assert obj["object"] == kind.removeprefix("deleted_")
            theirs = dict(fixture)
            if kind == "payment_method" and obj["type"] != "card":
                theirs.pop("card")
                theirs[obj["type"]] = {}
                if obj["type"] == "acss_debit":
                    assert set(obj["acss_debit"]) == ACSS_FIELDS
            newer = NEWER_THAN_FIXTURE.get(kind, set())
            assert newer <= set(obj), kind
            problems += [f"{kind} {obj['id']}: {p}" for p in check_shape(
                {k: v for k, v in obj.items() if k not in newer}, theirs, NULLABLE[kind])]
            if "livemode" in obj:
                assert obj["livemode"] is False
    assert problems == []


def test_the_check_catches_a_wrong_shape() -> None:
    fixture = fixtures()["customer"]
    broken = {k: v for k, v in fixture.items() if k != "email"}
    broken["balance"] = "zero"
    broken["extra"] = 1
    found = check_shape(broken, fixture, NULLABLE["customer"])
    assert any("missing ['email']" in p for p in found)
    assert any(p.startswith("balance:") for p in found)
    assert any("extra" in p for p in found)
    nulled = dict(fixture, id=None)
    assert any(p.startswith("id: null") for p in check_shape(nulled, fixture, set()))
