"""``X-Owl-Desk`` goes only to a loopback API base (the sandbox), never to Stripe.

No network: the requests these tests follow end at a stand-in for ``requests.Session.request``
that records what would have been sent (the real-server case is in
``tests/integration/payments/test_desk_header.py``).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.payments.stripe.client import DESK_HEADER, desk_headers

ACCOUNT = {"id": "acct_1DeskHeader", "object": "account", "livemode": False}


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8765/v1/customers",
    "http://127.0.0.1:8765",
    "http://localhost:8765/v1/account",
    "http://LOCALHOST.:8765/v1/account",
    "http://[::1]:8765/v1/events",
])
def test_a_loopback_url_gets_the_desk_header(url: str) -> None:
    assert desk_headers(url, "front") == {DESK_HEADER: "front"}


@pytest.mark.parametrize("url", [
    "https://api.stripe.com",
    "https://api.stripe.com/v1/customers",
    "https://files.stripe.com/v1/files",
    "https://127.0.0.1.example.com/v1/account",  # looks loopback, isn't
    "https://localhost.example.com/v1/account",
    "https://127.0.0.1@api.stripe.com/v1/account",  # user info, the host is Stripe's
    "https://stripe-double.example.org/v1/account",
    "http://[::1/v1/account",  # unparsable
    "",
])
def test_any_other_url_gets_none(url: str) -> None:
    assert desk_headers(url, "front") == {}


def test_no_desk_no_header() -> None:
    assert desk_headers("http://127.0.0.1:8765/v1/account", None) == {}
    assert desk_headers("http://127.0.0.1:8765/v1/account", "") == {}


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, str]]]:
    """Every request the gateway would send, as (url, headers); each gets an account back."""
    seen: list[tuple[str, dict[str, str]]] = []

    def request(self: requests.Session, method: str, url: str, **kwargs: Any
                ) -> requests.Response:
        seen.append((url, dict(kwargs.get("headers") or {})))
        response = requests.Response()
        response.status_code = 200
        response.headers["Content-Type"] = "application/json"
        response._content = json.dumps(ACCOUNT).encode()
        return response

    monkeypatch.setattr(requests.Session, "request", request)
    return seen


def test_stripe_never_gets_the_desk_header(sent: list[tuple[str, dict[str, str]]]) -> None:
    gateway = StripeGateway("sk_test_unit", api_base="https://api.stripe.com", desk="front")
    assert gateway.retrieve_account().id == ACCOUNT["id"]
    [(url, headers)] = sent
    assert url == "https://api.stripe.com/v1/account"
    assert DESK_HEADER.lower() not in {name.lower() for name in headers}
    assert "front" not in headers.values()


def test_the_same_call_to_a_loopback_base_carries_it(
        sent: list[tuple[str, dict[str, str]]]) -> None:
    """The counterpart of the test above, through the same stand-in: it would see the header."""
    gateway = StripeGateway("sk_test_unit", api_base="http://127.0.0.1:9", desk="front")
    gateway.retrieve_account()
    [(url, headers)] = sent
    assert url == "http://127.0.0.1:9/v1/account"
    assert headers[DESK_HEADER] == "front"
