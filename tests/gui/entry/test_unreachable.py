"""Stripe.js out of reach: the view says so instead of preparing forever, and so does the dialog."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from owl_desktop.domain.clients import Client
from owl_desktop.ui.payment_methods.add_dialog import AddPaymentMethodDialog
from owl_desktop.ui.payment_methods.add_machine import CARD
from owl_desktop.ui.web.view import EntrySettings, EntryView
from tests.gui.entry.conftest import AddEnv
from tests.gui.entry.helpers import flush_deletes, wait_until


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers (a network that hangs)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield listener.getsockname()[1]
    listener.close()


@pytest.fixture
def closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port: int = probe.getsockname()[1]
    probe.close()
    return port


def make_view(entry_pool: Any, settings: EntrySettings, js_url: str, **kwargs: Any) -> EntryView:
    return EntryView(entry_pool.profile, replace(settings, stripe_js_url=js_url), **kwargs)


def test_a_hanging_network_ends_in_a_timeout(entry_pool: Any, entry_settings: EntrySettings,
                                             silent_port: int) -> None:
    view = make_view(entry_pool, entry_settings, f"http://127.0.0.1:{silent_port}/v3/",
                     prepare_timeout_ms=500)
    try:
        wait_until(lambda: view.failure, what="the view to give up")
        assert view.failure == "timeout"
    finally:
        view.dispose()
        flush_deletes()


def test_unreachable_stripe_js_fails_at_once_and_the_dialog_says_so(
        add_env: AddEnv, entry_pool: Any, entry_settings: EntrySettings, closed_port: int,
        stripe_client: Any) -> None:
    view = make_view(entry_pool, entry_settings, f"http://127.0.0.1:{closed_port}/v3/")
    wait_until(lambda: view.failure, what="the view to fail")
    assert view.failure == "stripe_js_unavailable"
    client: Client = add_env.make_client()
    # On a real Stripe test mode the account keeps other runs' SetupIntents: only new ones count.
    before = {si.id for si in stripe_client.v1.setup_intents.list({"limit": 100}).data}
    dialog = AddPaymentMethodDialog(client, CARD, view, add_env.methods, add_env.tasks,
                                    add_env.window)
    dialog.open()
    dialog.start()
    assert dialog.stage.value == "broken"
    assert "can't be loaded" in dialog.status_text()
    assert not dialog.save_button.isEnabled()
    assert view.isHidden()
    assert not add_env.tasks.is_busy()  # nothing asked of Stripe
    dialog.reject()
    after = {si.id for si in stripe_client.v1.setup_intents.list({"limit": 100}).data}
    assert after == before
