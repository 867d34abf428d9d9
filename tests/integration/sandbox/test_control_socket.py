"""The sandbox's trainer and test controls answer only on the control socket, only to a local
program: JSON only, no CORS, Host and Origin checked. The API port keeps Stripe-like CORS and
the double's own pages' same-origin routes (authorized by the intent's client secret)."""

from __future__ import annotations

import socket

import pytest
import stripe

from owl_desktop.sandbox.server import SandboxServer
from tests.integration.sandbox.conftest import Browser, acss_setup_intent
from tests.integration.sandbox.http import call
from tests.stripe_env import StripeEnv

CONTROLS = [("GET", "/_sandbox/health", None), ("GET", "/_sandbox/faults", None),
            ("POST", "/_sandbox/faults", {"latency_ms": 1}), ("DELETE", "/_sandbox/faults", None),
            ("POST", "/_sandbox/advance", {"seconds": 1}),
            ("POST", "/_sandbox/clock", {"epoch": 1_900_000_000}),
            ("POST", "/_sandbox/verify_microdeposits", {}),
            ("POST", "/_sandbox/reset", {})]


def raw_http(port: int, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """One raw HTTP/1.0 exchange, for headers urllib won't send (or will add)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


@pytest.mark.parametrize(("method", "path", "body"), CONTROLS)
def test_no_control_on_the_api_port(sandbox: SandboxServer, stripe_client: stripe.StripeClient,
                                    method: str, path: str, body: dict[str, object] | None
                                    ) -> None:
    stripe_client.v1.customers.create(params={"name": "Still here"})
    reply = call(sandbox.url, method, path, json_body=body)
    assert reply.status == 404
    assert "Access-Control-Allow-Origin" not in reply.headers
    assert len(stripe_client.v1.customers.list().data) == 1  # reset, clock: nothing happened
    assert sandbox.faults.snapshot()["global"]["latency_ms"] == 0


@pytest.mark.parametrize(("method", "path", "body"), CONTROLS)
def test_every_control_on_the_control_socket(sandbox: SandboxServer, method: str, path: str,
                                             body: dict[str, object] | None) -> None:
    reply = call(sandbox.control_url, method, path, json_body=body)
    assert reply.status == 200, reply.body
    assert not any(h.lower().startswith("access-control-") for h in reply.headers)


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded",
                                   "multipart/form-data; boundary=x", None])
def test_controls_are_json_only(sandbox: SandboxServer, ctype: str | None) -> None:
    """A page can send these content types cross-site without a preflight: 415, no effect."""
    body = b'{"error_500_rate": 1}'
    port = int(sandbox.control_url.rsplit(":", 1)[1])
    ctype_line = f"Content-Type: {ctype}\r\n".encode() if ctype else b""
    status, headers, _ = raw_http(port, b"POST /_sandbox/faults HTTP/1.0\r\n"
                                  b"Host: 127.0.0.1:" + str(port).encode() + b"\r\n" +
                                  ctype_line + b"Content-Length: " + str(len(body)).encode() +
                                  b"\r\n\r\n" + body)
    assert "access-control-allow-origin" not in headers
    assert status == 415
    assert sandbox.faults.snapshot()["global"]["error_500_rate"] == 0.0
    ok = call(sandbox.control_url, "POST", "/_sandbox/faults", json_body={"latency_ms": 5},
              headers={"Content-Type": "application/json; charset=utf-8"})
    assert ok.status == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1",
                                  "127.0.0.1:1", "localhost:{port}.evil.example",
                                  "127.0.0.2:{port}", "0.0.0.0:{port}", ""])
def test_host_header_checked(sandbox: SandboxServer, host: str) -> None:
    """DNS rebinding: a page of evil.example resolved to 127.0.0.1 sends its own Host."""
    port = int(sandbox.control_url.rsplit(":", 1)[1])
    body = b'{"error_500_rate": 1}'
    host_line = b"Host: " + host.format(port=port).encode() + b"\r\n" if host else b""
    status, headers, _ = raw_http(port, b"POST /_sandbox/faults HTTP/1.0\r\n" + host_line +
                                  b"Content-Type: application/json\r\nContent-Length: " +
                                  str(len(body)).encode() + b"\r\n\r\n" + body)
    assert status == 403
    assert "access-control-allow-origin" not in headers
    assert sandbox.faults.snapshot()["global"]["error_500_rate"] == 0.0


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}",
                                  "[::1]:{port}"])
def test_loopback_hosts_with_the_right_port(sandbox: SandboxServer, host: str) -> None:
    port = int(sandbox.control_url.rsplit(":", 1)[1])
    reply = call(sandbox.control_url, "GET", "/_sandbox/faults",
                 headers={"Host": host.format(port=port)})
    assert reply.status == 200


def test_origin_refused_unless_same(sandbox: SandboxServer) -> None:
    port = int(sandbox.control_url.rsplit(":", 1)[1])
    for origin in ("https://evil.example", "null", sandbox.url, "http://localhost:" + str(port),
                   f"http://127.0.0.1:{port}.evil.example"):
        reply = call(sandbox.control_url, "POST", "/_sandbox/faults",
                     json_body={"error_500_rate": 1}, headers={"Origin": origin})
        assert reply.status == 403, origin
        assert "Access-Control-Allow-Origin" not in reply.headers
    assert sandbox.faults.snapshot()["global"]["error_500_rate"] == 0.0
    same = call(sandbox.control_url, "POST", "/_sandbox/faults", json_body={"latency_ms": 2},
                headers={"Origin": sandbox.control_url})
    assert same.status == 200
    cross_site = call(sandbox.control_url, "POST", "/_sandbox/reset", json_body={},
                      headers={"Sec-Fetch-Site": "cross-site"})
    assert cross_site.status == 403


def test_preflight_gets_no_cors(sandbox: SandboxServer) -> None:
    pre = call(sandbox.control_url, "OPTIONS", "/_sandbox/faults", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert pre.status == 403
    assert not any(h.lower().startswith("access-control-") for h in pre.headers)
    local = call(sandbox.control_url, "OPTIONS", "/_sandbox/faults")
    assert local.status == 405
    assert not any(h.lower().startswith("access-control-") for h in local.headers)


def test_the_api_keeps_stripe_like_cors(sandbox: SandboxServer) -> None:
    pre = call(sandbox.url, "OPTIONS", "/v1/setup_intents/seti_x", headers={
        "Origin": "https://portal.example", "Access-Control-Request-Method": "GET"})
    assert pre.headers.get("Access-Control-Allow-Origin") == "*"


def test_page_routes_same_origin_only(sandbox: SandboxServer, stripe_client: stripe.StripeClient
                                      ) -> None:
    """The 3-D Secure page's route stays on the API port, without CORS; another origin is
    refused before the client secret is even looked at."""
    cus = stripe_client.v1.customers.create(params={"name": "Ada"})
    si = stripe_client.v1.setup_intents.create(params={
        "customer": cus.id, "allowed_payment_method_types": ["card"]})
    stripe_client.v1.setup_intents.confirm(si.id, params={
        "payment_method": "pm_card_authenticationRequiredOnSetup"})
    path = f"/_sandbox/3ds/{si.id}/complete"
    foreign = call(sandbox.url, "POST", path, {"client_secret": si.client_secret},
                   headers={"Origin": "https://evil.example"})
    assert foreign.status == 403
    assert stripe_client.v1.setup_intents.retrieve(si.id).status == "requires_action"
    wrong = call(sandbox.url, "POST", path, {"client_secret": "seti_1_secret_2"},
                 headers={"Origin": sandbox.url})
    assert wrong.status == 400
    done = call(sandbox.url, "POST", path, {"client_secret": si.client_secret},
                headers={"Origin": sandbox.url})
    assert done.status == 200, done.body
    assert "Access-Control-Allow-Origin" not in done.headers
    assert stripe_client.v1.setup_intents.retrieve(si.id).status == "succeeded"
    assert call(sandbox.control_url, "POST", path,
                json_body={"client_secret": si.client_secret}).status == 404


def test_verify_microdeposits_completes_every_pending_bank_account(
        sandbox: SandboxServer, stripe_client: stripe.StripeClient, stripe_env: StripeEnv) -> None:
    """The trainer's shortcut (issue 12, item 10), as Stripe would after the right amounts."""
    customer = stripe_client.v1.customers.create(params={"name": "Ada", "email": "a@b.ca"})
    si = acss_setup_intent(stripe_client, customer.id)
    browser = Browser(stripe_env)
    pm = browser.acss_pm("000123456789").body
    confirmed = browser.post(f"/v1/setup_intents/{si.id}/confirm", {
        "client_secret": si.client_secret, "payment_method": pm["id"],
        "mandate_data": {"customer_acceptance": {"type": "online"}}})
    assert confirmed.body["status"] == "requires_action"

    reply = call(sandbox.control_url, "POST", "/_sandbox/verify_microdeposits", json_body={})
    assert reply.status == 200
    assert reply.body == {"verified": 1}
    assert stripe_client.v1.setup_intents.retrieve(si.id).status == "succeeded"
    assert stripe_client.v1.payment_methods.retrieve(pm["id"]).customer == customer.id
    succeeded = stripe_client.v1.events.list(params={"type": "setup_intent.succeeded"})
    assert [e.data.object.id for e in succeeded.data] == [si.id]
    assert sandbox.verify_microdeposits() == 0  # nothing left
