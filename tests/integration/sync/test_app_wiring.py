"""The composition root builds the sync engine for the connected account, and ``OWL_DESK``
names the desk to the sandbox, so two app instances can be cut off separately."""

from __future__ import annotations

from pathlib import Path

import pytest
import stripe

from owl_desktop.composition import build_services
from owl_desktop.config import load_config
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.sync.online import OnlineState
from tests.stripe_env import StripeEnv


def test_connected_desk_gets_a_sync_engine_that_honours_its_desk_name(
        tmp_path: Path, stripe_env: StripeEnv, sandbox: SandboxServer,
        stripe_client: stripe.StripeClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OWL_STRIPE_API_BASE", stripe_env.api_base)
    monkeypatch.setenv("OWL_DESK", "front-desk-2")
    config = load_config(["--data-dir", str(tmp_path)])
    services = build_services(config)
    try:
        assert services.sync_engine is None  # not connected yet: nothing to sync with
        assert services.stripe_connection is not None
        check = services.stripe_connection.check_keys(stripe_env.publishable_key,
                                                      stripe_env.secret_key)
        assert check.ok, check.problems
        services.stripe_connection.connect(check, stripe_env.secret_key)
    finally:
        services.close()

    services = build_services(config)  # the next start
    try:
        engine = services.sync_engine
        assert engine is not None
        first = engine.run_once()
        assert first.online
        assert first.error == ""
        sandbox.faults.set(desk="front-desk-2", drop_connections_rate=1.0)
        cut = engine.run_once()
        assert not cut.online
        assert engine.status().online is OnlineState.OFFLINE
        sandbox.faults.set(desk="another-desk", drop_connections_rate=1.0)
        sandbox.faults.clear("front-desk-2")
        assert engine.run_once().online
    finally:
        services.close()
