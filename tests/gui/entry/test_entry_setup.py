"""Wiring: the settings source, pre-warming after start-up, the smoke step."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from owl_desktop.ui.payment_methods.entry_setup import (
    SETTINGS_TTL_S,
    EntrySettingsSource,
    entry_view_smoke_step,
    install_add_payment_method,
)
from owl_desktop.ui.tasks import TaskRunner
from tests.gui.entry.helpers import flush_deletes, wait_until


class _Keys:
    def __init__(self) -> None:
        self.key = "pk_test_one"
        self.reads = 0

    def __call__(self) -> str:
        self.reads += 1
        return self.key


def test_settings_source_caches_the_key_and_hides_a_missing_one() -> None:
    keys = _Keys()
    now = [100.0]
    source = EntrySettingsSource(keys, stripe_js_url="https://js.stripe.com/v3/", language="fr",
                                 clock=lambda: now[0])
    first = source()
    assert first is not None
    assert (first.publishable_key, first.language) == ("pk_test_one", "fr")
    assert first.texts["card_heading"]
    assert source() is first
    assert keys.reads == 1
    keys.key = ""
    now[0] += SETTINGS_TTL_S + 1
    assert source() is None  # not connected: nothing to pre-warm
    keys.key = "pk_test_two"
    source.invalidate()
    again = source()
    assert again is not None
    assert again.publishable_key == "pk_test_two"


def test_install_prewarms_and_the_smoke_step_opens_a_view(qtbot: Any, sandbox: Any,
                                                          entry_settings: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    tasks = TaskRunner(window)
    flow = install_add_payment_method(window, service=None,  # type: ignore[arg-type]
                                      tasks=tasks, settings=lambda: entry_settings,
                                      prewarm_delay_ms=10)
    wait_until(lambda: flow.pool.spare is not None and flow.pool.spare.is_ready,
               what="the pre-warmed view")
    settled = entry_view_smoke_step(flow)
    wait_until(settled, what="the smoke step")
    flow.pool.close()
    flush_deletes()


def test_the_smoke_step_accepts_a_desk_without_stripe(qtbot: Any, sandbox: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    flow = install_add_payment_method(window, service=None,  # type: ignore[arg-type]
                                      tasks=TaskRunner(window), settings=lambda: None,
                                      prewarm_delay_ms=10)
    settled = entry_view_smoke_step(flow)
    wait_until(settled, what="the page to report not_connected")
    flow.pool.close()
    flush_deletes()


def test_the_smoke_step_works_without_a_flow(qtbot: Any, sandbox: Any) -> None:
    settled = entry_view_smoke_step(None)
    wait_until(settled, what="the page to load without Stripe")
    flush_deletes()
