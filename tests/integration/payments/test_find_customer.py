"""Two customers made for one client: the oldest is the canonical one, whatever order Stripe
lists them in (search promises no order)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

import pytest
import stripe

from owl_desktop.payments.gateway import CustomerInfo
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.payments.stripe.mapping import canonical_customer
from owl_desktop.sandbox.server import SandboxServer
from tests.stripe_env import StripeEnv


class ReorderingClient(stripe.RequestsClient):
    """stripe-python's requests client, handing search results back in the order given
    (``"as_is"``, ``"reversed"``): Stripe's search doesn't promise newest first."""

    def __init__(self, order: str) -> None:
        super().__init__(timeout=10)
        self.order = order

    def request(self, method: str, url: str,  # type: ignore[override]
                headers: Mapping[str, str] | None, post_data: Any = None) -> Any:
        content, status, response_headers = super().request(method, url, headers, post_data)
        if "/v1/customers/search" in url and status == 200 and self.order == "reversed":
            body = json.loads(content)
            body["data"] = list(reversed(body["data"]))
            content = json.dumps(body)
        return content, status, response_headers


def _customer(sc: stripe.StripeClient, client_id: int, ref: str, name: str) -> str:
    return sc.v1.customers.create(params={"name": name, "metadata": {
        "owl_client_id": str(client_id), "owl_client_ref": ref}}).id


@pytest.mark.parametrize("order", ["as_is", "reversed"])
def test_the_oldest_matching_customer_is_picked_whatever_the_order(
        order: str, stripe_env: StripeEnv, stripe_client: stripe.StripeClient,
        sandbox: SandboxServer) -> None:
    client_id = uuid.uuid4().int % 10**9
    ref = f"{client_id}:1700000000000000"
    oldest = _customer(stripe_client, client_id, ref, "First made")
    sandbox.advance(5)  # a later creation time, as a second desk's customer would have
    newer = _customer(stripe_client, client_id, ref, "Made again")
    _customer(stripe_client, client_id, f"{client_id}:1800000000000000", "Another database's")

    gateway = StripeGateway(stripe_env.secret_key, api_base=stripe_env.api_base,
                            http_client=ReorderingClient(order))
    found = gateway.find_customer_by_client_id(client_id, client_ref=ref)
    assert found is not None
    assert found.id == oldest
    assert found.id != newer
    assert found.created < stripe_client.v1.customers.retrieve(newer).created


def test_canonical_customer_is_the_oldest_then_the_lowest_id() -> None:
    def info(cid: str, created: int) -> CustomerInfo:
        return CustomerInfo(id=cid, livemode=False, default_payment_method_id=None,
                            created=created)
    a, b, c = info("cus_B", 100), info("cus_A", 100), info("cus_C", 50)
    assert canonical_customer([a, b, c]) == c
    assert canonical_customer([c, b, a]) == c
    assert canonical_customer([a, b]) == b
    assert canonical_customer([]) is None
