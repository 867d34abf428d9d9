"""Fault injection (sandbox only): latency, 500, 429 with Retry-After, refused and dropped
connections, from Python and over HTTP, global or per desk."""

from __future__ import annotations

import socket
import time

import pytest
import stripe

from owl_desktop.sandbox.server import SandboxServer
from tests.integration.sandbox.http import call
from tests.stripe_env import StripeEnv


def test_500(sandbox: SandboxServer, stripe_client: stripe.StripeClient) -> None:
    sandbox.faults.set(error_500_rate=1.0)
    with pytest.raises(stripe.APIError) as info:
        stripe_client.v1.customers.list()
    assert info.value.http_status == 500
    assert info.value.json_body is not None
    assert info.value.json_body["error"]["type"] == "api_error"
    assert info.value.request_id
    sandbox.faults.clear()
    assert stripe_client.v1.customers.list().object == "list"


def test_429_with_retry_after(sandbox: SandboxServer, stripe_client: stripe.StripeClient) -> None:
    sandbox.faults.set(rate_limit_429_rate=1.0, retry_after_s=7)
    with pytest.raises(stripe.RateLimitError) as info:
        stripe_client.v1.customers.create(params={"name": "x"})
    assert info.value.http_status == 429
    assert info.value.headers is not None
    assert info.value.headers.get("Retry-After") == "7"
    sandbox.faults.clear()
    assert stripe_client.v1.customers.list().data == []  # the refused create did nothing


def test_latency(sandbox: SandboxServer, stripe_client: stripe.StripeClient) -> None:
    sandbox.faults.set(latency_ms=300)
    start = time.monotonic()
    stripe_client.v1.customers.list()
    assert time.monotonic() - start >= 0.3


def test_refused_connections(sandbox: SandboxServer, stripe_client: stripe.StripeClient) -> None:
    sandbox.faults.set(refuse_connections=True)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", sandbox.port), timeout=2).close()
    with pytest.raises(stripe.APIConnectionError):
        stripe_client.v1.customers.list()
    # The control port stays up so another process can switch it back.
    reply = call(sandbox.control_url, "DELETE", "/_sandbox/faults")
    assert reply.status == 200
    assert stripe_client.v1.customers.list().object == "list"


def test_dropped_connections(sandbox: SandboxServer, stripe_client: stripe.StripeClient) -> None:
    sandbox.faults.set(drop_connections_rate=1.0)
    with pytest.raises(stripe.APIConnectionError):
        stripe_client.v1.customers.create(params={"name": "lost"})
    sandbox.faults.clear()
    assert stripe_client.v1.customers.list().object == "list"


def test_faults_over_the_control_socket(sandbox: SandboxServer,
                                        stripe_client: stripe.StripeClient) -> None:
    reply = call(sandbox.control_url, "POST", "/_sandbox/faults",
                 json_body={"error_500_rate": 1.0})
    assert reply.status == 200
    with pytest.raises(stripe.APIError):
        stripe_client.v1.customers.list()
    assert call(sandbox.control_url, "DELETE", "/_sandbox/faults").status == 200
    assert stripe_client.v1.customers.list().object == "list"
    form = call(sandbox.control_url, "POST", "/_sandbox/faults", {"rate_limit_429_rate": "1"})
    assert form.status == 415  # JSON only
    assert stripe_client.v1.customers.list().object == "list"
    bad = call(sandbox.control_url, "POST", "/_sandbox/faults", json_body={"explode": True})
    assert bad.status == 400


def test_faults_scoped_to_a_desk(sandbox: SandboxServer, stripe_env: StripeEnv) -> None:
    sandbox.faults.set(desk="front", error_500_rate=1.0)
    front = call(stripe_env.api_base, "GET", "/v1/customers", key=stripe_env.secret_key,
                 headers={"X-Owl-Desk": "front"})
    back = call(stripe_env.api_base, "GET", "/v1/customers", key=stripe_env.secret_key,
                headers={"X-Owl-Desk": "back"})
    plain = call(stripe_env.api_base, "GET", "/v1/customers", key=stripe_env.secret_key)
    assert (front.status, back.status, plain.status) == (500, 200, 200)
    sandbox.faults.clear(desk="front")
    again = call(stripe_env.api_base, "GET", "/v1/customers", key=stripe_env.secret_key,
                 headers={"X-Owl-Desk": "front"})
    assert again.status == 200


def test_clock_controls(sandbox: SandboxServer, stripe_client: stripe.StripeClient) -> None:
    before = sandbox.now()
    sandbox.advance(3600)
    assert sandbox.now() >= before + 3600
    cus = stripe_client.v1.customers.create(params={"name": "later"})
    assert cus.created >= before + 3600
    sandbox.set_clock(1_700_000_000)
    assert abs(sandbox.now() - 1_700_000_000) <= 2


def test_refuse_switched_over_the_control_socket(sandbox: SandboxServer,
                                                 stripe_client: stripe.StripeClient) -> None:
    """Another process (the app under test) can be cut off and reconnected over HTTP."""
    reply = call(sandbox.control_url, "POST", "/_sandbox/faults",
                 json_body={"refuse_connections": True})
    assert reply.status == 200
    with pytest.raises(stripe.APIConnectionError):
        stripe_client.v1.customers.list()
    state = call(sandbox.control_url, "GET", "/_sandbox/faults")
    assert state.body["global"]["refuse_connections"] is True
    assert call(sandbox.control_url, "POST", "/_sandbox/faults",
                json_body={"refuse_connections": False}).status == 200
    assert stripe_client.v1.customers.list().object == "list"


def test_scoped_refusal_drops_only_that_desk(sandbox: SandboxServer,
                                             stripe_env: StripeEnv) -> None:
    import urllib.error

    sandbox.faults.set(desk="kiosk", refuse_connections=True)
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        call(stripe_env.api_base, "GET", "/v1/customers", key=stripe_env.secret_key,
             headers={"X-Owl-Desk": "kiosk"})
    other = call(stripe_env.api_base, "GET", "/v1/customers", key=stripe_env.secret_key,
                 headers={"X-Owl-Desk": "front"})
    assert other.status == 200


def test_rate_limit_like_stripe(sandbox: SandboxServer,
                                stripe_client: stripe.StripeClient) -> None:
    sandbox.faults.set(rate_limit_rps=5, retry_after_s=1)
    outcomes = []
    for _ in range(12):
        try:
            stripe_client.v1.customers.list(params={"limit": 1})
            outcomes.append("ok")
        except stripe.RateLimitError as error:
            outcomes.append(str(error.http_status))
    assert outcomes[:5] == ["ok"] * 5
    assert "429" in outcomes
    time.sleep(0.5)
    assert stripe_client.v1.customers.list(params={"limit": 1}).object == "list"
