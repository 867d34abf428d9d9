"""The gateway pins its API version, sends no telemetry, writes no files, logs no secrets."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import stripe

from owl_desktop.payments import errors as pe
from owl_desktop.payments.stripe import STRIPE_API_VERSION, StripeGateway
from tests.integration.payments.conftest import unique_details
from tests.stripe_env import StripeEnv


class RecordingClient(stripe.RequestsClient):
    """stripe-python's own requests client, remembering the headers it sent."""

    def __init__(self) -> None:
        super().__init__(timeout=10)
        self.sent: list[dict[str, str]] = []

    def request(self, method: str, url: str,  # type: ignore[override]
                headers: Mapping[str, str] | None, post_data: Any = None) -> Any:
        # The last hop: what goes on the wire, telemetry header included if any.
        self.sent.append(dict(headers or {}))
        return super().request(method, url, headers, post_data)


def test_version_pinned_no_telemetry(stripe_env: StripeEnv) -> None:
    assert stripe.api_version == STRIPE_API_VERSION  # the SDK's own types describe it
    recorder = RecordingClient()
    gateway = StripeGateway(stripe_env.secret_key, api_base=stripe_env.api_base,
                            http_client=recorder)
    customer = gateway.create_customer(unique_details(), idempotency_key="t:" + os.urandom(8).hex())
    gateway.retrieve_customer(customer.id)
    gateway.retrieve_customer(customer.id)
    assert len(recorder.sent) == 3
    for headers in recorder.sent:
        assert headers["Stripe-Version"] == STRIPE_API_VERSION
        assert not any(h.lower() == "x-stripe-client-telemetry" for h in headers)
    assert recorder.sent[0]["Idempotency-Key"].startswith("t:")


def test_nothing_written_to_home(stripe_env: StripeEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    # With telemetry on, stripe-python writes ~/.config/stripe/telemetry_id on first use; make
    # this process look fresh so that would happen here.
    from stripe import _telemetry_id
    monkeypatch.setattr(_telemetry_id, "_loaded", False)
    monkeypatch.setattr(_telemetry_id, "_cached_id", None)
    home = Path(os.environ["HOME"])  # a fresh temporary home (tests/conftest.py)
    before = sorted(home.rglob("*"))
    gateway = StripeGateway(stripe_env.secret_key, api_base=stripe_env.api_base)
    gateway.create_customer(unique_details(), idempotency_key="t:" + os.urandom(8).hex())
    gateway.retrieve_account()
    assert sorted(home.rglob("*")) == before


def test_failures_log_request_ids_not_keys(stripe_env: StripeEnv,
                                           caplog: pytest.LogCaptureFixture) -> None:
    secret = "sk_test_canaryCanaryCanary1234"
    gateway = StripeGateway(secret, api_base=stripe_env.api_base)
    with caplog.at_level(logging.DEBUG), pytest.raises(pe.PaymentError) as caught:
        gateway.retrieve_payment_method("pm_1NoSuchMethod000000000")
    assert "canaryCanary" not in caplog.text
    assert "canaryCanary" not in str(caught.value) + caught.value.detail + repr(gateway)
    assert caught.value.request_id
    assert caught.value.request_id in caplog.text
