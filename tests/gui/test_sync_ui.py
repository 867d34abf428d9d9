"""The sync status bar, Sync now and the Sync problems view, on a real window against the
sandbox over HTTP. The engine runs on the controller's worker thread, never the UI's."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import stripe
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.sync.engine import SyncSummary
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.sync.setup import SyncUi, install_sync
from tests.gui.windows import make_window
from tests.integration.sync.desk import (
    Desk,
    add_client,
    attach_card,
    link,
    local_edit_profile,
    local_remove,
    local_set_default,
    new_customer,
    open_desk,
)
from tests.stripe_env import StripeEnv

RUN_MS = 20_000


@pytest.fixture
def desk(stripe_env: StripeEnv, tmp_path: Path) -> Iterator[Desk]:
    d = open_desk("gui", f"sqlite:///{tmp_path / 'gui.sqlite3'}", stripe_env.api_base,
                  stripe_env.secret_key, desk_header="gui-desk")
    yield d
    d.close()


@pytest.fixture
def window_and_sync(qtbot: QtBot, desk: Desk, translations: Translations
                    ) -> Iterator[tuple[MainWindow, SyncUi]]:
    window = make_window(qtbot, desk.uow, seed=False)
    ui = install_sync(window, desk.engine, indicators=window.status, start=False,
                      interval_s=3600)
    yield window, ui
    ui.stop()
    window.close()


def _run(qtbot: QtBot, ui: SyncUi) -> SyncSummary:
    with qtbot.waitSignal(ui.controller.run_finished, timeout=RUN_MS) as blocker:
        ui.widget.sync_now_action.trigger()
    qtbot.waitUntil(lambda: ui.controller.last_status is not None
                    and not ui.controller.running)
    summary = blocker.args[0]
    assert isinstance(summary, SyncSummary)
    return summary


def _client_with_cards(desk: Desk, sc: stripe.StripeClient, name: str) -> tuple[int, list[str]]:
    cid = add_client(desk, name)
    cus = new_customer(sc, name, cid)
    link(desk, cid, cus)
    return cid, [attach_card(sc, cus), attach_card(sc, cus)]


def test_sync_now_sends_waiting_changes_and_the_status_bar_follows(
        qtbot: QtBot, window_and_sync: tuple[MainWindow, SyncUi], desk: Desk,
        stripe_client: stripe.StripeClient, sandbox: SandboxServer) -> None:
    window, ui = window_and_sync
    cid, (pm1, pm2) = _client_with_cards(desk, stripe_client, "Ada")
    _run(qtbot, ui)
    sandbox.faults.set(desk="gui-desk", drop_connections_rate=1.0)
    local_set_default(desk, cid, pm2)
    local_remove(desk, cid, pm1)
    offline = _run(qtbot, ui)
    assert not offline.online
    qtbot.waitUntil(lambda: window.status.online is False)
    assert window.status.pending == 2
    assert "Offline" in window.status.connection_label.text()
    assert "2" in window.status.connection_label.text()

    sandbox.faults.clear("gui-desk")
    with qtbot.waitSignal(ui.controller.data_changed, timeout=RUN_MS) as changed:
        back = _run(qtbot, ui)
    assert changed.args == [[cid]]
    assert back.sent == 2
    qtbot.waitUntil(lambda: window.status.online is True and window.status.pending == 0)
    assert ui.widget.activity_label.text() == ""
    assert ui.widget.sync_now_action.isEnabled()


def test_the_ui_thread_never_waits_on_stripe(
        qtbot: QtBot, window_and_sync: tuple[MainWindow, SyncUi], desk: Desk,
        stripe_client: stripe.StripeClient, sandbox: SandboxServer) -> None:
    _window, ui = window_and_sync
    cid, (_pm1, pm2) = _client_with_cards(desk, stripe_client, "Bo")
    desk.sync()
    local_set_default(desk, cid, pm2)
    latency_s = 2.5
    sandbox.faults.set(desk="gui-desk", latency_ms=int(latency_s * 1000))
    started = time.monotonic()
    with qtbot.waitSignal(ui.controller.run_started, timeout=1000):
        ui.controller.sync_now()
    # Back long before Stripe's first answer: the UI thread didn't wait for it. (Half the
    # latency, not a few hundred ms: a loaded machine is slow to return even without waiting.)
    assert time.monotonic() - started < latency_s / 2
    assert ui.controller.running
    assert "Syncing" in ui.widget.activity_label.text()
    assert not ui.widget.sync_now_action.isEnabled()
    sandbox.faults.clear("gui-desk")  # the call in flight keeps its latency; the rest is quick
    qtbot.waitUntil(lambda: not ui.controller.running, timeout=RUN_MS)
    assert ui.controller.last_summary is not None
    assert ui.controller.last_summary.sent == 1


def test_sync_problems_lists_a_refused_change_with_retry_and_discard(
        qtbot: QtBot, window_and_sync: tuple[MainWindow, SyncUi], desk: Desk,
        stripe_client: stripe.StripeClient) -> None:
    _window, ui = window_and_sync
    cid, (pm1, _pm2) = _client_with_cards(desk, stripe_client, "Cy")
    _run(qtbot, ui)
    stripe_client.v1.payment_methods.detach(pm1)  # gone elsewhere
    local_set_default(desk, cid, pm1)  # so Stripe refuses this
    local_edit_profile(desk, cid, "cy@example.com")  # unrelated: doesn't wait behind it
    summary = _run(qtbot, ui)
    assert summary.failed == 1
    assert summary.waiting == 0
    qtbot.waitUntil(lambda: ui.widget.problems_button.isVisible())
    assert "1 sync problem" in ui.widget.problems_button.text()

    with qtbot.waitSignal(ui.controller.problems_loaded, timeout=RUN_MS):
        dialog = ui.show_problems()
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "Cy Tester"
    assert "default" in dialog.table.item(0, 1).text()
    assert dialog.table.item(0, 2).text()  # what failed
    assert dialog.table.item(0, 3).text()  # what to do
    assert not dialog.retry_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.retry_button.isEnabled()

    with qtbot.waitSignal(ui.controller.run_finished, timeout=RUN_MS):
        dialog.retry_button.click()  # same cause: fails again
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)

    dialog.table.selectRow(0)
    with qtbot.waitSignal(ui.controller.run_finished, timeout=RUN_MS):
        dialog.discard(dialog.problems[0].entry_id)
    qtbot.waitUntil(lambda: not dialog.table.isVisible() and dialog.empty_label.isVisible(),
                    timeout=RUN_MS)
    # A plain empty state: no explanation of refused changes, no Retry / Discard, no gaps.
    assert not dialog.intro_label.isVisible()
    assert not dialog.retry_button.isVisible()
    assert not dialog.discard_button.isVisible()
    assert dialog.height() <= dialog.minimumSizeHint().height() + 4
    qtbot.waitUntil(lambda: not ui.widget.problems_button.isVisible(), timeout=RUN_MS)
    with desk.uow() as uow:
        customer_id = uow.customer_links.customer_of(cid)
    assert customer_id is not None
    assert stripe_client.v1.customers.retrieve(customer_id).email == "cy@example.com"
    dialog.reject()


def test_back_online_the_outbox_drains_by_itself(
        qtbot: QtBot, window_and_sync: tuple[MainWindow, SyncUi], desk: Desk,
        stripe_client: stripe.StripeClient, sandbox: SandboxServer) -> None:
    """No timer, no Sync now: any Stripe call that succeeds again (here another service's,
    through the shared metered gateway) sets the waiting changes off."""
    window, ui = window_and_sync
    cid, (pm1, pm2) = _client_with_cards(desk, stripe_client, "Di")
    _run(qtbot, ui)
    sandbox.faults.set(desk="gui-desk", drop_connections_rate=1.0)
    local_set_default(desk, cid, pm2)
    local_remove(desk, cid, pm1)
    assert not _run(qtbot, ui).online
    sandbox.faults.clear("gui-desk")
    with qtbot.waitSignal(ui.controller.run_finished, timeout=RUN_MS) as finished:
        desk.engine.metered.as_gateway().latest_event(["customer.updated"])
    assert finished.args[0].sent == 2
    qtbot.waitUntil(lambda: window.status.online is True and window.status.pending == 0)


def test_the_status_bar_neither_jumps_nor_clips_as_sync_starts_and_ends(
        qtbot: QtBot, desk: Desk, translations: Translations,
        stripe_client: stripe.StripeClient, sandbox: SandboxServer) -> None:
    """French at the smallest supported size: « Synchroniser maintenant » whole, nothing
    moving."""
    translations.install("fr")
    window = make_window(qtbot, desk.uow, seed=False)
    ui = install_sync(window, desk.engine, indicators=window.status, start=False,
                      interval_s=3600)
    window.resize(900, 600)
    cid, (_pm1, pm2) = _client_with_cards(desk, stripe_client, "Eve")
    _run(qtbot, ui)
    button, activity = ui.widget.sync_now_button, ui.widget.activity_label

    def layout() -> tuple[object, ...]:
        qtbot.wait(30)  # the status bar lays out on the next pass
        return (button.geometry(), activity.geometry(), ui.widget.geometry())

    def whole(b: QToolButton) -> bool:
        return b.width() >= b.fontMetrics().horizontalAdvance(b.text().replace("&", "")) + 6

    idle = layout()
    assert whole(button), (button.text(), button.width())
    local_set_default(desk, cid, pm2)
    sandbox.faults.set(desk="gui-desk", latency_ms=600)
    with qtbot.waitSignal(ui.controller.run_started, timeout=1000):
        ui.controller.sync_now()
    assert activity.text().startswith("Synchronisation")
    running = layout()
    qtbot.waitUntil(lambda: not ui.controller.running, timeout=RUN_MS)
    sandbox.faults.clear("gui-desk")
    finished = layout()
    assert idle == running == finished
    assert whole(button)
    assert button.text().replace("&", "") == "Synchroniser maintenant"
    ui.stop()
    window.close()
