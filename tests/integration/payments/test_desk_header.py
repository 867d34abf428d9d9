"""``X-Owl-Desk`` on the wire: a real HTTP server on 127.0.0.1 records what the gateway sends.

The header names the desk to the sandbox (faults scoped by desk), so it must reach a loopback
API base; that it never reaches Stripe is ``tests/unit/payments/test_desk_header.py``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.payments.stripe.client import DESK_HEADER

ACCOUNT = {"id": "acct_1DeskHeader", "object": "account", "livemode": False}


class _Recorder(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[tuple[str, dict[str, str]]] = []


class _Handler(BaseHTTPRequestHandler):
    server: _Recorder

    def do_GET(self) -> None:
        self.server.requests.append((self.path, dict(self.headers.items())))
        body = json.dumps(ACCOUNT).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # not on the test's stderr
        pass


@pytest.fixture
def recorder() -> Iterator[_Recorder]:
    server = _Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_loopback_api_base_gets_the_desk_header(recorder: _Recorder, host: str) -> None:
    port = recorder.server_address[1]
    gateway = StripeGateway("sk_test_desk", api_base=f"http://{host}:{port}", timeout_s=5,
                            desk="front")
    assert gateway.retrieve_account().id == ACCOUNT["id"]
    [(path, headers)] = recorder.requests
    assert path == "/v1/account"
    assert headers[DESK_HEADER] == "front"


def test_without_a_desk_name_there_is_no_header(recorder: _Recorder) -> None:
    port = recorder.server_address[1]
    StripeGateway("sk_test_desk", api_base=f"http://127.0.0.1:{port}", timeout_s=5
                  ).retrieve_account()
    [(_, headers)] = recorder.requests
    assert DESK_HEADER.lower() not in {name.lower() for name in headers}
