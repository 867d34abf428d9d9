"""Every answer the double gives is shaped exactly as Stripe's published API definitions for
2026-10-28.endive say (vendored in tests/fixtures/stripe/, see ``stripe_schema``): each property
present when Stripe always sends it and absent when Stripe doesn't define it, of its type, null
only where Stripe allows it, enum values among Stripe's. Expanded fields, lists, search results,
events (their ``data.object`` as the type their ``type`` names) and errors included.

A scenario drives every route of the double through its states (cards that succeed, need
3-D Secure or decline; bank accounts awaiting micro-deposits, verified, debited; deletions;
faults), records every answer of the API, and checks them all; it also checks that it reached
every route, so a route added later is checked too.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import stripe

from owl_desktop.sandbox.app import Request, Response, router
from owl_desktop.sandbox.server import SandboxServer
from tests.integration.sandbox.conftest import Browser, acss_setup_intent
from tests.integration.sandbox.http import call
from tests.integration.sandbox.stripe_schema import Checker, definitions
from tests.stripe_env import StripeEnv

Seen = list[tuple[Request, Response]]


@pytest.fixture
def answers(sandbox: SandboxServer, monkeypatch: pytest.MonkeyPatch) -> Seen:
    """Every (request, answer) of the API while the test runs."""
    seen: Seen = []
    real = sandbox.app.handle_api

    def recording(req: Request, client_ip: str = "127.0.0.1", *args: Any, **kwargs: Any
                  ) -> Response:
        resp = real(req, client_ip, *args, **kwargs)
        seen.append((req, resp))
        return resp

    monkeypatch.setattr(sandbox.app, "handle_api", recording)
    return seen


def scenario(env: StripeEnv, sandbox: SandboxServer, client: stripe.StripeClient,
             browser: Browser) -> list[tuple[str, int, Any, bool]]:
    """Drive every route; returns answers made outside ``handle_api`` (faults) to check too."""
    sk = env.secret_key

    def get(path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        reply = call(env.api_base, "GET", path, params, key=sk)
        assert reply.status == 200, (path, reply.body)
        return reply.body

    def post(path: str, params: dict[str, Any] | None = None, status: int = 200
             ) -> dict[str, Any]:
        reply = call(env.api_base, "POST", path, params, key=sk)
        assert reply.status == status, (path, reply.body)
        return reply.body

    get("/v1/account")
    bare = post("/v1/customers")
    full = post("/v1/customers", {
        "name": "Ada", "email": "ada@example.com", "phone": "+15145550100",
        "address": {"line1": "1 Main", "city": "Montréal", "country": "CA",
                    "postal_code": "H2X 1Y4", "state": "QC"},
        "metadata": {"owl_client_id": "1"}, "preferred_locales": ["fr-CA"]})
    post(f"/v1/customers/{bare['id']}", {"name": "Bare", "description": "x"})
    # Cards: saved, 3-D Secure, declined at setup.
    card = browser.card_pm().body
    post(f"/v1/payment_methods/{card['id']}/attach", {"customer": full["id"]})
    post(f"/v1/payment_methods/{card['id']}", {"billing_details": {"name": "Ada L"},
                                               "metadata": {"k": "v"}})
    post(f"/v1/customers/{full['id']}", {
        "invoice_settings": {"default_payment_method": card["id"]}})
    seti = post("/v1/setup_intents", {"customer": full["id"],
                                      "allowed_payment_method_types": ["card"],
                                      "usage": "off_session", "metadata": {"a": "b"}})
    post(f"/v1/setup_intents/{seti['id']}", {"description": "card setup"})
    post(f"/v1/setup_intents/{seti['id']}/confirm", {"payment_method": "pm_card_visa",
                                                     "expand": ["payment_method", "customer"]})
    three_ds = post("/v1/setup_intents", {"customer": full["id"],
                                          "allowed_payment_method_types": ["card"]})
    post(f"/v1/setup_intents/{three_ds['id']}/confirm",
         {"payment_method": "pm_card_authenticationRequiredOnSetup"})
    browser.get(f"/v1/setup_intents/{three_ds['id']}", {
        "client_secret": three_ds["client_secret"], "expand": ["payment_method"]})
    declined = post("/v1/setup_intents", {"customer": full["id"],
                                          "allowed_payment_method_types": ["card"]})
    post(f"/v1/setup_intents/{declined['id']}/confirm",
         {"payment_method": "pm_card_chargeDeclined"}, status=402)
    post(f"/v1/setup_intents/{three_ds['id']}/cancel",
         {"cancellation_reason": "abandoned"})
    post("/v1/setup_intents", {"customer": full["id"]})  # no types: Stripe's defaults
    # Stripe.js confirming with the publishable key.
    js_seti = post("/v1/setup_intents", {"customer": full["id"],
                                         "allowed_payment_method_types": ["card"]})
    js_card = browser.card_pm("5555555555554444").body
    browser.post(f"/v1/setup_intents/{js_seti['id']}/confirm", {
        "client_secret": js_seti["client_secret"], "payment_method": js_card["id"],
        "expand": ["payment_method"]})
    # Bank account: micro-deposits, then verified; a second one with a custom mandate URL.
    bank_si = acss_setup_intent(client, full["id"])
    bank_pm = browser.acss_pm().body
    assert browser.post(f"/v1/setup_intents/{bank_si.id}/confirm", {
        "client_secret": bank_si.client_secret, "payment_method": bank_pm["id"],
        "mandate_data": {"customer_acceptance": {"type": "online"}}}).status == 200
    browser.post(f"/v1/setup_intents/{bank_si.id}/verify_microdeposits", {
        "client_secret": bank_si.client_secret, "amounts": [10, 99]})
    assert browser.post(f"/v1/setup_intents/{bank_si.id}/verify_microdeposits", {
        "client_secret": bank_si.client_secret, "amounts": [32, 45]}).status == 200
    acss_setup_intent(client, full["id"], mandate_options={
        "payment_schedule": "interval", "interval_description": "monthly",
        "transaction_type": "personal", "custom_mandate_url": "https://example.com/mandate"})
    seti_full = get(f"/v1/setup_intents/{bank_si.id}",
                    {"expand": ["payment_method", "mandate", "customer"]})
    mandate_id = seti_full["mandate"]["id"]
    get(f"/v1/mandates/{mandate_id}")
    get(f"/v1/mandates/{mandate_id}", {"expand": ["payment_method"]})
    # Charges: card off-session (paid, declined, needs authentication), PAD debit, cancel.
    paid = post("/v1/payment_intents", {
        "amount": 2000, "currency": "cad", "customer": full["id"], "payment_method": card["id"],
        "off_session": True, "confirm": True, "metadata": {"invoice": "1"},
        "expand": ["customer", "payment_method"]})
    post("/v1/payment_intents", {
        "amount": 2000, "currency": "cad", "customer": full["id"],
        "payment_method": bank_pm["id"], "off_session": True, "confirm": True})
    failing = client.v1.payment_methods.attach("pm_card_chargeCustomerFail",
                                               params={"customer": full["id"]})
    declined = post("/v1/payment_intents", {
        "amount": 2000, "currency": "cad", "customer": full["id"], "payment_method": failing.id,
        "off_session": True, "confirm": True}, status=402)["error"]["payment_intent"]
    auth = client.v1.payment_methods.attach("pm_card_authenticationRequired",
                                            params={"customer": full["id"]})
    post("/v1/payment_intents", {
        "amount": 2000, "currency": "cad", "customer": full["id"], "payment_method": auth.id,
        "off_session": True, "confirm": True}, status=402)
    on_session = post("/v1/payment_intents", {
        "amount": 3000, "currency": "cad", "customer": full["id"], "payment_method": auth.id,
        "allowed_payment_method_types": ["card"]})
    post(f"/v1/payment_intents/{on_session['id']}/confirm")
    browser.get(f"/v1/payment_intents/{on_session['id']}",
                {"client_secret": on_session["client_secret"]})
    browser.post(f"/v1/payment_intents/{on_session['id']}/confirm",
                 {"client_secret": on_session["client_secret"]})
    open_pi = post("/v1/payment_intents", {"amount": 1000, "currency": "cad",
                                           "customer": full["id"]})
    post(f"/v1/payment_intents/{open_pi['id']}/cancel", {"cancellation_reason": "abandoned"})
    get(f"/v1/payment_intents/{paid['id']}", {"expand": ["customer", "payment_method"]})
    # Refunds: part, too much, the rest (by charge), a bank refund that settles later.
    part = post("/v1/refunds", {"payment_intent": paid["id"], "amount": 500,
                                "reason": "requested_by_customer", "metadata": {"k": "v"}})
    post("/v1/refunds", {"payment_intent": paid["id"], "amount": 99999}, status=400)
    post("/v1/refunds", {"charge": part["charge"], "expand": ["charge", "payment_intent"]})
    post("/v1/refunds", {"payment_intent": paid["id"]}, status=400)
    get(f"/v1/refunds/{part['id']}", {"expand": ["charge"]})
    get("/v1/refunds", {"payment_intent": paid["id"], "expand": ["data.charge"]})
    sandbox.advance(4 * 24 * 3600)  # the PAD debit settles
    bank_paid = [o for o in get("/v1/payment_intents", {"limit": 100})["data"]
                 if o["payment_method"] == bank_pm["id"] and o["status"] == "succeeded"]
    post("/v1/refunds", {"payment_intent": bank_paid[0]["id"], "amount": 700})
    sandbox.advance(4 * 24 * 3600)  # the bank refund settles (refund.updated)
    # Lists, search, per-customer methods, expansions on items.
    get("/v1/customers", {"limit": 3, "expand": ["data.invoice_settings.default_payment_method"]})
    get("/v1/customers/search", {"query": "email:'ada@example.com'",
                                 "expand": ["data.invoice_settings.default_payment_method"]})
    get("/v1/customers/search", {"query": "name~'nobody'"})
    get(f"/v1/customers/{full['id']}", {"expand": ["invoice_settings.default_payment_method"]})
    get(f"/v1/customers/{full['id']}/payment_methods", {"expand": ["data.customer"]})
    get(f"/v1/customers/{full['id']}/payment_methods/{card['id']}")
    get(f"/v1/payment_methods/{card['id']}", {"expand": ["customer"]})
    get("/v1/payment_methods", {"customer": full["id"], "type": "card"})
    get("/v1/setup_intents", {"customer": full["id"],
                               "expand": ["data.payment_method", "data.mandate"]})
    # A refunded payment's charge is kept: it expands to a whole Charge (checked like the rest);
    # a charge never refunded isn't modelled, and expanding it is refused, never a bare id.
    get(f"/v1/payment_intents/{paid['id']}", {"expand": ["latest_charge"]})
    unmodelled = call(env.api_base, "GET", f"/v1/payment_intents/{declined['id']}",
                      {"expand": ["latest_charge"]}, key=sk)
    assert unmodelled.status == 400
    get("/v1/payment_intents", {"customer": full["id"], "expand": ["data.customer"]})
    events = get("/v1/events", {"limit": 100})
    get(f"/v1/events/{events['data'][0]['id']}")
    post(f"/v1/payment_methods/{card['id']}/detach")
    call(env.api_base, "DELETE", f"/v1/customers/{bare['id']}", key=sk)
    get(f"/v1/customers/{bare['id']}")
    get("/v1/events", {"limit": 100, "ending_before": events["data"][0]["id"]})
    # Errors.
    call(env.api_base, "GET", "/v1/customers/cus_missing", key=sk)
    call(env.api_base, "POST", "/v1/customers", {"bogus": 1}, key=sk)
    call(env.api_base, "GET", "/v1/customers")
    call(env.api_base, "GET", "/v1/customers", key="sk_test_")
    call(env.api_base, "GET", "/v1/nothing_here", key=sk)
    browser.card_pm("4000000000000069", exp_year=2010)
    # Answers made by faults, outside the API pipeline.
    outside: list[tuple[str, int, Any, bool]] = []
    for fault in ({"error_500_rate": 1.0}, {"rate_limit_429_rate": 1.0}):
        sandbox.faults.set(**fault)
        reply = call(env.api_base, "GET", "/v1/customers", key=sk)
        outside.append((f"fault {fault}", reply.status, reply.body, False))
        sandbox.faults.clear()
    return outside


def test_every_answer_matches_stripes_definitions(
        stripe_env: StripeEnv, sandbox: SandboxServer, stripe_client: stripe.StripeClient,
        browser: Browser, answers: Seen) -> None:
    outside = scenario(stripe_env, sandbox, stripe_client, browser)
    checker = Checker()
    problems: list[str] = []
    reached = set()
    kinds: set[str] = set()
    for req, resp in answers:
        found = router.match(req.method, req.path)
        if found is not None:
            reached.add((found[0].method, found[0].pattern.pattern))
        if req.method == "OPTIONS":
            continue
        body = json.loads(resp.body)
        publishable = "pk_" in (req.header("Authorization") or "")
        label = f"{req.method} {req.path} -> {resp.status}"
        problems += [f"{label}: {p}" for p in checker.answer(
            body, status=resp.status, partial=publishable and resp.status < 400)]
        kinds.add(body.get("object", "error"))
        for item in body.get("data", []) if isinstance(body.get("data"), list) else []:
            kinds.add(item.get("object"))
            if item.get("object") == "event":
                kinds.add("event:" + item["type"])
    for label, status, body, partial in outside:
        problems += [f"{label}: {p}" for p in checker.answer(body, status=status,
                                                             partial=partial)]
    assert problems == [], "\n".join(problems)
    every_route = {(r.method, r.pattern.pattern) for r in router.routes}
    assert every_route - reached == set()
    assert {"customer", "payment_method", "setup_intent", "payment_intent", "mandate",
            "account", "event", "list", "search_result", "error"} <= kinds
    for event_type in ("setup_intent.succeeded", "setup_intent.setup_failed",
                       "setup_intent.requires_action", "setup_intent.canceled",
                       "payment_intent.succeeded", "payment_intent.payment_failed",
                       "payment_intent.processing", "payment_intent.canceled",
                       "payment_method.attached", "payment_method.detached",
                       "payment_method.updated", "customer.created", "customer.updated",
                       "customer.deleted", "mandate.updated"):
        assert f"event:{event_type}" in kinds, event_type


def test_the_vendored_definitions_are_endive() -> None:
    source = definitions()["source"]
    assert source["api_version"] == stripe.api_version == "2026-10-28.endive"
    assert source["openapi_spec_release"]
    schemas = definitions()["schemas"]
    seti = schemas["SetupIntent"]["properties"]["allowed_payment_method_types"]
    assert seti["required"] is True
    assert {"type": "null"} in seti["anyOf"]
    assert schemas["PaymentIntent"]["properties"]["payment_record"]["required"] is True
    acss = schemas["SetupIntent.PaymentMethodOptions.AcssDebit.MandateOptions"]
    assert acss["properties"]["custom_mandate_url"] == {"required": False, "type": "string"}


SETUP_INTENT = {
    "id": "seti_1", "object": "setup_intent", "allowed_payment_method_types": ["card"],
    "application": None, "automatic_payment_methods": None, "cancellation_reason": None,
    "client_secret": "seti_1_secret_x", "created": 1, "customer": None, "description": None,
    "excluded_payment_method_types": None, "last_setup_error": None, "latest_attempt": None,
    "livemode": False, "mandate": None, "metadata": {}, "next_action": None,
    "on_behalf_of": None, "payment_method": None, "payment_method_configuration_details": None,
    "payment_method_options": {}, "payment_method_types": ["card"], "single_use_mandate": None,
    "status": "requires_payment_method", "usage": "off_session",
}


@pytest.mark.parametrize(("change", "expected"), [
    (lambda o: o.pop("allowed_payment_method_types"),
     "allowed_payment_method_types: missing"),
    (lambda o: o.update(allowed_payment_method_types=["carte"]),
     "allowed_payment_method_types[0]: \"carte\" is not one of"),
    (lambda o: o.update(created="1"), "created: string"),
    (lambda o: o.update(payment_method_types=None), "payment_method_types: null"),
    (lambda o: o.update(status="done"), "status: \"done\" is not one of"),
    (lambda o: o.update(extra=1), "extra: not in Stripe's definition"),
    (lambda o: o.update(latest_attempt={"id": "setatt_1", "object": "setup_attempt"}),
     "latest_attempt: an expanded SetupAttempt"),
    (lambda o: o.update(payment_method_options={"acss_debit": {
        "currency": "cad", "verification_method": "automatic", "mandate_options": {
            "custom_mandate_url": None, "default_for": [], "interval_description": None,
            "payment_schedule": "sporadic", "transaction_type": "personal"}}}),
     "payment_method_options.acss_debit.mandate_options.custom_mandate_url: null"),
    (lambda o: o.update(metadata={"n": 1}), "metadata.n: number"),
    (lambda o: o.update(customer={"id": "cus_1", "object": "customer", "deleted": True,
                                  "name": "x"}), "customer.name: not in Stripe's definition"),
])
def test_the_check_catches_each_kind_of_difference(change: Any, expected: str) -> None:
    checker = Checker()
    assert checker.answer(SETUP_INTENT) == []
    broken = copy.deepcopy(SETUP_INTENT)
    change(broken)
    found = checker.answer(broken)
    assert any(p.startswith(expected) for p in found), found


def test_the_check_reads_lists_events_and_errors() -> None:
    checker = Checker()
    listing = {"object": "list", "data": [SETUP_INTENT], "has_more": False, "url": "/v1/x"}
    assert checker.answer(listing) == []
    assert checker.answer({**listing, "data": [{**SETUP_INTENT, "usage": None}]}) == \
        ["data[0].usage: null, but Stripe never sends null here"]
    event = {"id": "evt_1", "object": "event", "api_version": "2026-10-28.endive", "created": 1,
             "data": {"object": SETUP_INTENT, "previous_attributes": {"status": "processing",
                                                         "next_action": None}},
             "livemode": False, "pending_webhooks": 0,
             "request": {"id": None, "idempotency_key": None}, "type": "setup_intent.created"}
    assert checker.answer(event) == []
    assert checker.answer({**event, "type": "setup_intent.exploded"})
    as_customer = {**event, "type": "customer.created"}
    assert any(p.startswith("data.object.") for p in checker.answer(as_customer))
    error = {"error": {"type": "card_error", "code": "card_declined", "message": "Declined.",
                       "decline_code": "generic_decline"}}
    assert checker.answer(error, status=402) == []
    assert checker.answer({"error": {**error["error"], "type": "bad_error"}}, status=402)


def test_a_version_2_state_file_gets_these_shapes(tmp_path: Path, sandbox: SandboxServer) -> None:
    """State saved before (version 2) is upgraded: its objects and events then pass too."""
    path = tmp_path / "sandbox.json"
    sk = "sk_test_upgrade0001"
    with SandboxServer(state_path=path) as first:
        client = stripe.StripeClient(sk, base_addresses={"api": first.url},
                                     max_network_retries=0)
        cus = client.v1.customers.create(params={"name": "Old"})
        seti = acss_setup_intent(client, cus.id)
        client.v1.setup_intents.update(seti.id, params={"description": "later"})
        client.v1.payment_intents.create(params={"amount": 500, "currency": "cad",
                                                 "customer": cus.id},
                                         options={"idempotency_key": "old-pi"})
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = 2
    (account,) = data["accounts"].values()
    text = json.dumps(account).replace('"allowed_payment_method_types": null, ', "") \
        .replace('"payment_record": null, ', "") \
        .replace('"mandate_options": {', '"mandate_options": {"custom_mandate_url": null, ')
    account = json.loads(text)
    for record in account["idempotency"].values():
        body = json.loads(record["body"])
        body.pop("allowed_payment_method_types", None)
        body.pop("payment_record", None)
        record["body"] = json.dumps(body)
    account["events"].append({**account["events"][-1], "id": "evt_old_update",
                              "type": "setup_intent.updated"})
    data["accounts"] = {k: account for k in data["accounts"]}
    assert "custom_mandate_url" in json.dumps(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    with SandboxServer(state_path=path) as second:
        env = StripeEnv(second.url, sk, "pk_test_upgrade0001", second.stripe_js_url, second)
        checker = Checker()
        events = call(env.api_base, "GET", "/v1/events", {"limit": 100}, key=sk).body
        assert "setup_intent.updated" not in {e["type"] for e in events["data"]}
        replay = call(env.api_base, "POST", "/v1/payment_intents",
                      {"amount": 500, "currency": "cad", "customer": cus.id}, key=sk,
                      headers={"Idempotency-Key": "old-pi"})
        assert replay.headers.get("Idempotent-Replayed") == "true"
        answers = [events, replay.body,
                   call(env.api_base, "GET", f"/v1/setup_intents/{seti.id}", key=sk).body]
        assert [p for body in answers for p in checker.answer(body)] == []
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 3
