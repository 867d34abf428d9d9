"""A refund the card's bank refuses later, as Stripe's test card ``4000000000005126``
(``pm_card_refundFail``) does: the refund is ``succeeded`` when made, then ``failed`` with its
``failure_reason`` and a ``failure_balance_transaction``; the charge counts it as refunded no
more; ``refund.updated``, ``charge.refund.updated`` and ``refund.failed`` tell of it. Every
answer and event shaped as Stripe's API definitions say."""

from __future__ import annotations

import pytest
import stripe

from owl_desktop.sandbox import testdata
from owl_desktop.sandbox.server import SandboxServer
from tests.integration.sandbox.conftest import Browser
from tests.integration.sandbox.http import call
from tests.integration.sandbox.stripe_schema import Checker
from tests.integration.sandbox.test_refunds import events_of, paid
from tests.stripe_env import StripeEnv

TYPES = ["refund.updated", "charge.refund.updated", "refund.failed"]


@pytest.mark.parametrize("entered", ["token", "typed"])
def test_a_refund_succeeds_then_fails(entered: str, sandbox: SandboxServer,
                                      stripe_client: stripe.StripeClient,
                                      customer: stripe.Customer, browser: Browser,
                                      stripe_env: StripeEnv) -> None:
    token = "pm_card_refundFail"
    if entered == "typed":  # the number typed in the card fields (Stripe.js)
        token = browser.card_pm("4000000000005126").body["id"]
    pi = paid(stripe_client, customer.id, amount=9000, token=token)
    assert pi.status == "succeeded"
    before = events_of(stripe_client, TYPES)
    refund = stripe_client.v1.refunds.create(params={"payment_intent": pi.id, "amount": 3000})
    assert refund.status == "succeeded"
    assert "failure_reason" not in refund.to_dict()
    assert events_of(stripe_client, TYPES) == before  # nothing yet

    sandbox.advance(testdata.REFUND_FAIL_SECONDS + 1)
    failed = stripe_client.v1.refunds.retrieve(refund.id)
    assert (failed.status, failed.failure_reason) == ("failed", "expired_or_canceled_card")
    assert str(failed.failure_balance_transaction).startswith("txn_")
    assert failed.amount == 3000
    # The money is the clinic's again: the whole charge can be refunded once more.
    again = stripe_client.v1.refunds.create(params={"payment_intent": pi.id})
    assert again.amount == 9000

    mine = [e for e in events_of(stripe_client, TYPES)
            if e.data.object.to_dict()["id"] == refund.id]
    assert sorted(e.type for e in mine) == sorted(TYPES)
    for event in mine:
        body = event.to_dict()
        assert body["data"]["object"]["status"] == "failed"
        assert body["request"] == {"id": None, "idempotency_key": None}  # Stripe's own doing
        if event.type.endswith(".updated"):
            assert body["data"]["previous_attributes"] == {
                "status": "succeeded", "failure_reason": None,
                "failure_balance_transaction": None}
    checker = Checker()
    reply = call(stripe_env.api_base, "GET", f"/v1/refunds/{refund.id}", None,
                 key=stripe_env.secret_key)
    assert checker.answer(reply.body) == []
    for event in mine:
        reply = call(stripe_env.api_base, "GET", f"/v1/events/{event.id}", None,
                     key=stripe_env.secret_key)
        assert checker.answer(reply.body) == []


def test_other_cards_refunds_stay_succeeded(sandbox: SandboxServer,
                                            stripe_client: stripe.StripeClient,
                                            customer: stripe.Customer) -> None:
    pi = paid(stripe_client, customer.id)
    refund = stripe_client.v1.refunds.create(params={"payment_intent": pi.id})
    sandbox.advance(testdata.REFUND_FAIL_SECONDS + 1)
    assert stripe_client.v1.refunds.retrieve(refund.id).status == "succeeded"
