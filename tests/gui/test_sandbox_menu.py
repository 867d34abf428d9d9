"""Issue 12, item 10: the *Sandbox* menu — offline and back for this desk, pending bank
verifications completed, demo data reset — on a sandbox-mode desk with its own double."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from owl_desktop.composition import Services, build_services
from owl_desktop.config import load_config
from owl_desktop.sandbox.desk import SANDBOX_PUBLISHABLE_KEY, SandboxControls
from owl_desktop.sync.online import OnlineState
from owl_desktop.ui.application import GuiSession
from owl_desktop.ui.desk import build_main_window
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.sandbox_menu import SandboxMenu
from tests.integration.sandbox.conftest import Browser


@pytest.fixture
def sandbox_desk(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[Services, MainWindow]]:
    config = load_config(["--sandbox", "--data-dir", str(tmp_path), "--lang", "en"],
                         {"OWL_DESK": "front"})
    services = build_services(config)
    gui = GuiSession(config)
    window = build_main_window(services, gui)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield services, window
    window.close()
    services.close()
    gui.close()


def _menu(window: MainWindow) -> SandboxMenu:
    menu = window.findChild(QMenu, "sandboxMenu")
    assert isinstance(menu, SandboxMenu)
    return menu


def _online(services: Services) -> OnlineState:
    engine = services.sync_engine
    assert engine is not None
    return engine.status().online


def test_offline_and_back_online_for_this_desk(
        qtbot: QtBot, sandbox_desk: tuple[Services, MainWindow]) -> None:
    services, window = sandbox_desk
    menu = _menu(window)
    controls = services.sandbox_controls
    assert isinstance(controls, SandboxControls)
    assert controls.desk_name == "front"
    bar = window.menuBar().actions()
    assert bar.index(menu.menuAction()) == len(bar) - 2  # before Help
    assert [a.text() for a in menu.actions() if a.text()] == [
        "Simulate &offline (this desk)", "&Back online",
        "&Complete pending bank verifications", "&Fast-forward bank debits",
        "&Reset demo data\u2026"]
    assert menu.offline_action.isEnabled()
    assert not menu.online_action.isEnabled()

    menu.offline_action.trigger()
    qtbot.waitUntil(lambda: _online(services) is OnlineState.OFFLINE, timeout=20000)
    assert controls.is_offline()
    assert menu.online_action.isEnabled()
    assert not menu.offline_action.isEnabled()
    # only this desk is cut off: another desk's calls still go through
    other = Browser(SimpleNamespace(api_base=controls.server.url,  # type: ignore[arg-type]
                                    publishable_key=SANDBOX_PUBLISHABLE_KEY))
    assert other.card_pm().status == 200

    menu.online_action.trigger()
    qtbot.waitUntil(lambda: _online(services) is OnlineState.ONLINE, timeout=20000)
    assert not controls.is_offline()
    # the engine may see Stripe again (its own retry) before the menu's task reports back
    qtbot.waitUntil(lambda: "back online" in window.statusBar().currentMessage(),
                    timeout=20000)


def test_pending_bank_verifications_are_completed(
        qtbot: QtBot, sandbox_desk: tuple[Services, MainWindow]) -> None:
    services, window = sandbox_desk
    methods = services.payment_methods
    assert methods is not None
    client_id = next(c.id for c in services.client_service.search("", limit=50)
                     if services.client_service.get(c.id).has_valid_email)
    si = methods.start_setup(client_id, "acss_debit")
    controls = services.sandbox_controls
    assert controls is not None
    browser = Browser(SimpleNamespace(api_base=controls.server.url,  # type: ignore[arg-type]
                                      publishable_key=SANDBOX_PUBLISHABLE_KEY))
    pm = browser.acss_pm("000123456789").body
    assert browser.post(f"/v1/setup_intents/{si.id}/confirm", {
        "client_secret": si.client_secret, "payment_method": pm["id"],
        "mandate_data": {"customer_acceptance": {"type": "online"}}}).status == 200
    assert methods.complete_setup(client_id, si.id).status == "pending_verification"

    _menu(window).verify_action.trigger()
    qtbot.waitUntil(lambda: [m.status for m in methods.list_for_client(client_id)]
                    == ["active"], timeout=20000)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage()
                    == "Bank account verified: 1.", timeout=20000)


def test_reset_demo_data_asks_first(
        qtbot: QtBot, sandbox_desk: tuple[Services, MainWindow],
        monkeypatch: pytest.MonkeyPatch) -> None:
    services, window = sandbox_desk
    controls = services.sandbox_controls
    assert controls is not None
    menu = _menu(window)
    controls.go_offline()
    asked: list[str] = []

    def answer(choice: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def ask(_parent: object, title: str, *_args: object) -> QMessageBox.StandardButton:
            asked.append(title)
            return choice
        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    menu.reset_action.trigger()
    assert asked == ["Reset demo data"]
    assert controls.is_offline()  # nothing done

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Reset))
    menu.reset_action.trigger()
    qtbot.waitUntil(lambda: not controls.is_offline(), timeout=20000)
    qtbot.waitUntil(lambda: "Sandbox reset" in window.statusBar().currentMessage(),
                    timeout=20000)
    assert menu.offline_action.isEnabled()


def test_no_sandbox_menu_outside_sandbox_mode(qtbot: QtBot, tmp_path: Path) -> None:
    config = load_config(["--data-dir", str(tmp_path), "--lang", "en"], {})
    services = build_services(config, open_stripe=False)
    gui = GuiSession(config)
    try:
        window = build_main_window(services, gui)
        qtbot.addWidget(window)
        assert window.findChild(QMenu, "sandboxMenu") is None
        window.close()
    finally:
        services.close()
        gui.close()
