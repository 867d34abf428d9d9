"""Refunds in the double, as Stripe does them: whole and part of a PaymentIntent (or its
charge), what is left to refund, Stripe's own error sentences, list and retrieve, the events
(``refund.created``, ``charge.refunded``, ``refund.updated`` when a bank refund settles), and
every answer shaped as Stripe's API definitions say. Over HTTP with stripe-python, so these also
run against Stripe test mode (except the sandbox-clock step)."""

from __future__ import annotations

from typing import Any

import pytest
import stripe

from owl_desktop.sandbox import testdata
from owl_desktop.sandbox.server import SandboxServer
from tests.integration.sandbox.conftest import Browser
from tests.integration.sandbox.http import call
from tests.integration.sandbox.stripe_schema import Checker
from tests.integration.sandbox.test_payment_intents import saved_bank
from tests.stripe_env import StripeEnv


def paid(client: stripe.StripeClient, customer_id: str, amount: int = 5445,
         token: str = "pm_card_visa") -> stripe.PaymentIntent:
    pm = client.v1.payment_methods.attach(token, params={"customer": customer_id}).id
    return client.v1.payment_intents.create(params={
        "amount": amount, "currency": "cad", "customer": customer_id, "payment_method": pm,
        "off_session": True, "confirm": True})


def events_of(client: stripe.StripeClient, types: list[str], after: str | None = None
              ) -> list[stripe.Event]:
    params: dict[str, Any] = {"types": types, "limit": 100}
    if after:
        params["ending_before"] = after
    return list(client.v1.events.list(params=params).data)  # type: ignore[arg-type]


def test_part_then_the_rest_then_nothing_left(stripe_client: stripe.StripeClient,
                                              customer: stripe.Customer,
                                              stripe_env: StripeEnv) -> None:
    pi = paid(stripe_client, customer.id)
    part = stripe_client.v1.refunds.create(params={
        "payment_intent": pi.id, "amount": 1000, "reason": "requested_by_customer",
        "metadata": {"owl_refund_key": "refund:abc:1"}})
    assert part.object == "refund"
    assert part.id.startswith("re_")
    assert (part.amount, part.currency, part.status) == (1000, "cad", "succeeded")
    assert part.payment_intent == pi.id
    assert part.charge == pi.latest_charge
    assert part.reason == "requested_by_customer"
    assert part.metadata is not None
    assert part.metadata.to_dict() == {"owl_refund_key": "refund:abc:1"}

    with pytest.raises(stripe.InvalidRequestError) as too_much:
        stripe_client.v1.refunds.create(params={"payment_intent": pi.id, "amount": 5000})
    assert too_much.value.code == "amount_too_large"
    assert too_much.value.param == "amount"  # type: ignore[attr-defined]
    assert too_much.value.user_message == ("Refund amount ($50.00) is greater than unrefunded "
                                           "amount on charge ($44.45)")

    rest = stripe_client.v1.refunds.create(params={"charge": str(pi.latest_charge)})
    assert rest.amount == 4445  # without an amount: whatever is left
    with pytest.raises(stripe.InvalidRequestError) as again:
        stripe_client.v1.refunds.create(params={"payment_intent": pi.id})
    assert again.value.code == "charge_already_refunded"
    assert again.value.user_message == f"Charge {pi.latest_charge} has already been refunded."

    assert stripe_client.v1.refunds.retrieve(part.id).amount == 1000
    listed = stripe_client.v1.refunds.list(params={"payment_intent": pi.id})
    assert [r.id for r in listed.data] == [rest.id, part.id]

    refund_events = events_of(stripe_client, ["refund.created", "charge.refunded"])
    mine = [e for e in refund_events
            if e.data.object.to_dict().get("payment_intent") == pi.id]
    charges = [e.data.object.to_dict() for e in mine if e.type == "charge.refunded"]
    assert [(c["amount_refunded"], c["refunded"]) for c in charges] == [(5445, True),
                                                                        (1000, False)]
    assert sorted(e.data.object.to_dict()["id"] for e in mine
                  if e.type == "refund.created") == sorted([part.id, rest.id])

    checker = Checker()
    for path in (f"/v1/refunds/{part.id}", f"/v1/refunds?payment_intent={pi.id}"):
        reply = call(stripe_env.api_base, "GET", path, None, key=stripe_env.secret_key)
        assert checker.answer(reply.body) == []
    for event in mine:
        reply = call(stripe_env.api_base, "GET", f"/v1/events/{event.id}", None,
                     key=stripe_env.secret_key)
        assert checker.answer(reply.body) == []


def test_more_than_the_charge_and_nothing_to_refund(stripe_client: stripe.StripeClient,
                                                    customer: stripe.Customer) -> None:
    pi = paid(stripe_client, customer.id, amount=5445)
    with pytest.raises(stripe.InvalidRequestError) as too_much:
        stripe_client.v1.refunds.create(params={"payment_intent": pi.id, "amount": 9390})
    assert too_much.value.code == "amount_too_large"
    assert too_much.value.user_message == ("Refund amount ($93.90) is greater than charge "
                                           "amount ($54.45)")
    with pytest.raises(stripe.InvalidRequestError) as missing:
        stripe_client.v1.refunds.create(params={"payment_intent": "pi_doesNotExist0000"})
    assert missing.value.code == "resource_missing"
    with pytest.raises(stripe.InvalidRequestError) as unknown:
        stripe_client.v1.refunds.retrieve("re_doesNotExist0000")
    assert unknown.value.code == "resource_missing"
    assert unknown.value.user_message == "No such refund: 're_doesNotExist0000'"


def test_a_bank_refund_is_pending_then_succeeds(sandbox: SandboxServer,
                                                stripe_client: stripe.StripeClient,
                                                customer: stripe.Customer,
                                                browser: Browser) -> None:
    pm = saved_bank(stripe_client, browser, customer.id, "000123456789")
    pi = stripe_client.v1.payment_intents.create(params={
        "amount": 12000, "currency": "cad", "customer": customer.id,
        "payment_method": pm, "off_session": True, "confirm": True})
    assert pi.status == "processing"
    with pytest.raises(stripe.InvalidRequestError) as not_yet:
        stripe_client.v1.refunds.create(params={"payment_intent": pi.id})
    assert "does not have a successful charge to refund" in str(not_yet.value.user_message)
    sandbox.advance(testdata.PAD_SETTLE_SECONDS + 60)
    refund = stripe_client.v1.refunds.create(params={"payment_intent": pi.id, "amount": 2000})
    assert refund.status == "pending"
    sandbox.advance(testdata.PAD_SETTLE_SECONDS + 60)
    assert stripe_client.v1.refunds.retrieve(refund.id).status == "succeeded"
    updated = [e.to_dict() for e in events_of(stripe_client, ["refund.updated"])
               if e.data.object.to_dict()["id"] == refund.id]
    assert [e["data"]["object"]["status"] for e in updated] == ["succeeded"]
    assert updated[0]["data"]["previous_attributes"] == {"status": "pending"}


def test_refunds_listed_by_when_they_were_made(sandbox: SandboxServer,
                                               stripe_client: stripe.StripeClient,
                                               customer: stripe.Customer,
                                               stripe_env: StripeEnv) -> None:
    """``GET /v1/refunds`` with ``created`` (a range, or one second) as the sync's catch-up
    lists them: newest first, Stripe's list envelope, cursor pages within the filter, other
    filters combined, and an integer refused as Stripe refuses it."""
    first_pi = paid(stripe_client, customer.id)
    older = stripe_client.v1.refunds.create(params={"payment_intent": first_pi.id,
                                                    "amount": 100})
    sandbox.advance(10)
    pi = paid(stripe_client, customer.id)
    middle = stripe_client.v1.refunds.create(params={"payment_intent": pi.id, "amount": 200})
    sandbox.advance(10)
    newest = stripe_client.v1.refunds.create(params={"payment_intent": pi.id, "amount": 300})

    def listed(query: str) -> dict[str, Any]:
        reply = call(stripe_env.api_base, "GET", f"/v1/refunds?{query}", None,
                     key=stripe_env.secret_key)
        assert reply.status == 200, reply.body
        assert Checker().answer(reply.body) == []
        body: dict[str, Any] = reply.body
        return body

    since = f"created[gte]={middle.created}"
    page = listed(f"{since}&limit=1")
    assert (page["object"], page["url"], page["has_more"]) == ("list", "/v1/refunds", True)
    assert [r["id"] for r in page["data"]] == [newest.id]
    rest = listed(f"{since}&limit=1&starting_after={newest.id}")
    assert ([r["id"] for r in rest["data"]], rest["has_more"]) == ([middle.id], False)
    assert [r["id"] for r in listed(f"created[gt]={older.created}")["data"]] == [
        newest.id, middle.id]
    assert [r["id"] for r in listed(f"created={middle.created}")["data"]] == [middle.id]
    assert listed(f"{since}&payment_intent={first_pi.id}")["data"] == []
    assert [r.id for r in stripe_client.v1.refunds.list(
        params={"created": {"gte": middle.created}, "limit": 1}).auto_paging_iter()] == [
        newest.id, middle.id]
    bad = call(stripe_env.api_base, "GET", "/v1/refunds?created[gte]=soon", None,
               key=stripe_env.secret_key)
    assert bad.status == 400
    assert (bad.body["error"]["code"], bad.body["error"]["param"]) == (
        "parameter_invalid_integer", "created[gte]")
