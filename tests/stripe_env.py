"""Pytest plugin: a Stripe endpoint for tests, the local sandbox or a real one.

``stripe_env`` yields a :class:`StripeEnv`. By default it is the in-process sandbox (one server
per test session, its state reset before each test). When ``OWL_TEST_STRIPE_API_BASE``,
``OWL_TEST_STRIPE_SECRET_KEY``, ``OWL_TEST_STRIPE_PUBLISHABLE_KEY`` and
``OWL_TEST_STRIPE_JS_URL`` are all set, it points at that endpoint instead (Stripe test mode, or
any Stripe-compatible server) and ``sandbox`` is ``None``; tests that need sandbox-only controls
(faults, clock) ask for the ``sandbox`` fixture, which skips them there.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import stripe

from owl_desktop.domain.stripe_records import StripeAccount
from owl_desktop.sandbox.server import SandboxServer

_ENV_VARS = ("OWL_TEST_STRIPE_API_BASE", "OWL_TEST_STRIPE_SECRET_KEY",
             "OWL_TEST_STRIPE_PUBLISHABLE_KEY", "OWL_TEST_STRIPE_JS_URL")
SANDBOX_SECRET_KEY = "sk_test_owlSandboxSecret0000000000"
SANDBOX_PUBLISHABLE_KEY = "pk_test_owlSandboxPublishable000000"

# stripe-python would otherwise send telemetry headers and keep client ids around.
stripe.enable_telemetry = False


@dataclass(frozen=True)
class StripeEnv:
    """Where the tests' Stripe lives and the keys to use there."""

    api_base: str
    secret_key: str
    publishable_key: str
    js_url: str
    sandbox: SandboxServer | None


def external_env() -> StripeEnv | None:
    values = [os.environ.get(name, "") for name in _ENV_VARS]
    if not all(values):
        return None
    return StripeEnv(values[0].rstrip("/"), values[1], values[2], values[3], None)


@pytest.fixture(scope="session")
def _stripe_sandbox_server() -> Iterator[SandboxServer | None]:
    if external_env() is not None:
        yield None
        return
    server = SandboxServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def stripe_env(_stripe_sandbox_server: SandboxServer | None) -> Iterator[StripeEnv]:
    """A Stripe endpoint; the sandbox's state, faults and clock are reset for each test."""
    external = external_env()
    if external is not None:
        yield external
        return
    server = _stripe_sandbox_server
    assert server is not None
    server.reset()
    yield StripeEnv(server.url, SANDBOX_SECRET_KEY, SANDBOX_PUBLISHABLE_KEY,
                    server.stripe_js_url, server)
    server.faults.clear()


def account_of(gateway: object) -> StripeAccount:
    """The account and mode ``gateway`` (a ``StripeGateway``) talks to: links record it."""
    identified = gateway.identify_account()  # type: ignore[attr-defined]
    return StripeAccount(identified.id or "acct_unknown", livemode=False)


@pytest.fixture
def sandbox(stripe_env: StripeEnv) -> SandboxServer:
    """The sandbox server, for sandbox-only controls; skips against a real Stripe."""
    if stripe_env.sandbox is None:
        pytest.skip("needs the local Stripe sandbox (faults, clock): "
                    "OWL_TEST_STRIPE_* points at an external Stripe")
    return stripe_env.sandbox


@pytest.fixture
def stripe_client(stripe_env: StripeEnv) -> stripe.StripeClient:
    """A StripeClient on ``stripe_env`` with the secret key, no retries, no telemetry."""
    stripe.enable_telemetry = False
    return stripe.StripeClient(stripe_env.secret_key,
                               base_addresses={"api": stripe_env.api_base},
                               max_network_retries=0)
