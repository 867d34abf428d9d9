"""Connect, switch and disconnect Stripe in the running app, with no restart: the real
composition root and main window, Settings → Stripe driven through its widgets, against a
sandbox that knows two accounts. After each change the sync runs (or stops) with the stored
keys, the status bar follows, and the Payment Methods section works on the new connection."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import stripe
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from owl_desktop.composition import Services, build_services
from owl_desktop.config import load_config
from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.sandbox.keys import SandboxAccount, SandboxKeys
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.ui.application import GuiSession
from owl_desktop.ui.desk import build_main_window
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.payment_methods.add_flow import AddPaymentMethodFlow
from owl_desktop.ui.payment_methods.section import PaymentMethodsSection
from owl_desktop.ui.settings.stripe import StripeModeDisplay, StripeSettingsDialog
from owl_desktop.ui.settings.stripe_rewiring import StripeRewiring
from owl_desktop.ui.sync.status import SyncStatusWidget
from tests.gui.payment_methods.conftest import OFFSCREEN_POPUP_NOISE

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)

ACCT_A, ACCT_B = "acct_1OwlRewireClinicA0", "acct_1OwlRewireClinicB0"
PK_A, SK_A = "pk_test_RewireApublic0001", "sk_test_RewireAsecret0001"
PK_B, SK_B = "pk_test_RewireBpublic0001", "sk_test_RewireBsecret0001"


@pytest.fixture(scope="module")
def two_accounts() -> Iterator[SandboxServer]:
    keys = SandboxKeys(accounts=[
        SandboxAccount(ACCT_A, secret_keys=[SK_A], publishable_keys=[PK_A]),
        SandboxAccount(ACCT_B, secret_keys=[SK_B], publishable_keys=[PK_B]),
    ])
    with SandboxServer(keys=keys) as server:
        yield server


class Running:
    def __init__(self, services: Services, gui: GuiSession, window: MainWindow) -> None:
        self.services, self.gui, self.window = services, gui, window

    @property
    def section(self) -> PaymentMethodsSection:
        section = self.window.profile_page.contact_tab.payment_section
        assert isinstance(section, PaymentMethodsSection)
        return section

    @property
    def display(self) -> StripeModeDisplay:
        display = self.window.findChild(StripeModeDisplay)
        assert display is not None
        return display

    def sync_widget(self) -> SyncStatusWidget | None:
        return self.window.findChild(SyncStatusWidget)


@pytest.fixture
def running(qtbot: QtBot, tmp_path: Path, two_accounts: SandboxServer
            ) -> Iterator[Running]:
    config = load_config(["--data-dir", str(tmp_path), "--lang", "en"],
                         {"OWL_STRIPE_API_BASE": two_accounts.url,
                          "OWL_STRIPE_JS_URL": two_accounts.stripe_js_url})
    services = build_services(config)
    gui = GuiSession(config)
    window = build_main_window(services, gui)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield Running(services, gui, window)
    for flow in window.findChildren(AddPaymentMethodFlow):
        flow.pool.close()
    widget = window.findChild(SyncStatusWidget)
    if widget is not None:
        widget.controller.stop()
    window.close()
    services.close()
    gui.close()


def open_settings(app: Running, qtbot: QtBot) -> StripeSettingsDialog:
    action = next(a for a in app.window.settings_menu.actions()
                  if a.objectName() == "stripeSettingsAction")
    action.trigger()
    dialog = app.display.last_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.status is not None, timeout=10_000)
    return dialog


def save_keys(app: Running, qtbot: QtBot, publishable: str, secret: str, *,
              confirm: bool = False) -> StripeSettingsDialog:
    dialog = open_settings(app, qtbot)
    dialog.publishable_edit.clear()
    qtbot.keyClicks(dialog.publishable_edit, publishable)
    qtbot.keyClicks(dialog.secret_edit, secret)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    if confirm:
        qtbot.waitUntil(lambda: dialog.confirm_box is not None
                        and dialog.confirm_box.isVisible(), timeout=10_000)
        box = dialog.confirm_box
        assert box is not None
        button = next(b for b in box.buttons() if b.objectName() == "confirmButton")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Connected." in dialog.problems_label.text(), timeout=10_000)
    return dialog


def wait_synced_online(app: Running, qtbot: QtBot) -> SyncStatusWidget:
    qtbot.waitUntil(lambda: app.sync_widget() is not None, timeout=10_000)
    widget = app.sync_widget()
    assert widget is not None
    qtbot.waitUntil(lambda: widget.controller.last_summary is not None
                    and not widget.controller.running
                    and app.window.status.online is True, timeout=20_000)
    return widget


def test_connect_switch_and_disconnect_take_effect_without_a_restart(
        running: Running, qtbot: QtBot) -> None:
    app, services = running, running.services
    client_id = services.client_service.create(ClientDraft(
        "Élise", "Tremblay", "elise@example.com", "(514) 555-0199",
        Address("12 rue Principale", "", "Montréal", "QC", "H2X 1Y4", "CA"))).id
    with qtbot.waitSignal(app.section.loaded, timeout=10_000):
        app.window.open_client(client_id)
    # Not connected: no sync, the section says how to connect.
    assert services.sync_engine is None
    assert app.sync_widget() is None
    assert app.section.not_connected_label.isVisible()
    assert not app.section.add_button.isEnabled()

    # Connect account A: sync starts at once, the status bar says online, the section works.
    dialog = save_keys(app, qtbot, PK_A, SK_A)
    assert "Restart" not in dialog.problems_label.text()
    widget = wait_synced_online(app, qtbot)
    assert widget.isVisible()
    assert widget.sync_now_action.isEnabled()
    engine_a = services.sync_engine
    assert engine_a is not None
    assert app.window.status.mode == "test"
    qtbot.waitUntil(lambda: app.section.list_view.isVisible()
                    and app.section.add_button.isEnabled(), timeout=10_000)
    assert not app.section.not_connected_label.isVisible()
    flows = app.window.findChildren(AddPaymentMethodFlow)
    assert len(flows) == 1  # built once connected, ready for Add payment method

    # A card saved through the live service shows in the open profile.
    methods = services.payment_methods
    assert methods is not None
    intent = methods.start_setup(client_id, "card")
    client_a = stripe.StripeClient(SK_A, base_addresses={"api": two_accounts_url(app)})
    client_a.v1.setup_intents.confirm(intent.id, params={"payment_method": "pm_card_visa"})
    methods.complete_setup(client_id, intent.id)
    with qtbot.waitSignal(app.section.loaded, timeout=10_000):
        app.section.reload()
    assert [r.title_label.text() for r in app.section.list_view.rows()] == ["Visa"]
    with services.uow_factory() as uow:
        customer_a = uow.clients.get(client_id).stripe_customer_id
    assert customer_a is not None
    assert client_a.v1.customers.retrieve(customer_a).id == customer_a

    # Switch to account B (confirmed): a new engine on B's key; the client is linked afresh.
    dialog.close()
    save_keys(app, qtbot, PK_B, SK_B, confirm=True)
    qtbot.waitUntil(lambda: services.sync_engine is not None
                    and services.sync_engine is not engine_a, timeout=10_000)
    widget = wait_synced_online(app, qtbot)
    qtbot.waitUntil(lambda: app.section.model.rowCount() == 0, timeout=10_000)
    methods_b = services.payment_methods
    assert methods_b is not None
    assert methods_b is not methods
    intent_b = methods_b.start_setup(client_id, "card")  # creates B's customer with B's key
    with services.uow_factory() as uow:
        customer_b = uow.clients.get(client_id).stripe_customer_id
    assert customer_b is not None
    assert customer_b != customer_a
    client_b = stripe.StripeClient(SK_B, base_addresses={"api": two_accounts_url(app)})
    assert client_b.v1.setup_intents.retrieve(intent_b.id).customer == customer_b
    # The add flow was rebuilt with the connection (its prepared views held A's page), and
    # asks the current service: a SetupIntent through it lands in account B.
    rewiring = app.window.findChild(StripeRewiring)
    assert rewiring is not None
    assert rewiring.flow is not None
    assert rewiring.flow is not flows[0]
    qtbot.waitUntil(lambda: app.window.findChildren(AddPaymentMethodFlow) == [rewiring.flow])
    flow_service = rewiring.flow._service  # what its dialogs will call
    via_flow = flow_service.start_setup(client_id, "card")
    assert client_b.v1.setup_intents.retrieve(via_flow.id).customer == customer_b

    # Disconnect: sync stops and hides, the status bar forgets "online", the section says
    # how to connect again.
    dialog = open_settings(app, qtbot)
    qtbot.mouseClick(dialog.disconnect_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert box is not None
    qtbot.mouseClick(next(b for b in box.buttons() if b.objectName() == "confirmButton"),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: services.sync_engine is None and not widget.isVisible(),
                    timeout=10_000)
    assert not widget.sync_now_action.isEnabled()
    assert app.window.status.online is None
    assert app.window.status.mode == "not_connected"
    qtbot.waitUntil(lambda: app.section.not_connected_label.isVisible(), timeout=10_000)
    assert not app.section.add_button.isEnabled()
    assert not widget.controller.running
    assert rewiring.flow is None  # closed with the connection, its views with it
    qtbot.waitUntil(lambda: app.window.findChildren(AddPaymentMethodFlow) == [])


def two_accounts_url(app: Running) -> str:
    return app.services.config.stripe_api_base
