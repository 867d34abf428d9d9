"""The sandbox's public contract: server lifecycle, keys, a first round trip with StripeClient."""

from __future__ import annotations

import urllib.request

import stripe

from owl_desktop.sandbox.server import SandboxServer
from tests.stripe_env import StripeEnv


def test_customer_round_trip(stripe_client: stripe.StripeClient) -> None:
    created = stripe_client.v1.customers.create(params={"name": "Ada Lovelace",
                                                        "email": "ada@example.com"})
    fetched = stripe_client.v1.customers.retrieve(created.id)
    assert fetched.id == created.id
    assert fetched.email == "ada@example.com"
    assert fetched.livemode is False


def test_stripe_js_is_served(stripe_env: StripeEnv, sandbox: SandboxServer) -> None:
    with urllib.request.urlopen(stripe_env.js_url) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"].startswith("application/javascript")
        assert b"Stripe" in resp.read()
    assert sandbox.stripe_js_url == sandbox.url + "/v3/"
