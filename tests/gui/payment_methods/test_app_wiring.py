"""The section as the composition root builds it: on the profile of the real main window,
connected to the sandbox or not, following the app's own sync (changes made elsewhere appear
after a sync, without reopening the profile)."""

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
from owl_desktop.ui.application import GuiSession
from owl_desktop.ui.desk import build_main_window
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.payment_methods.add_flow import AddPaymentMethodFlow, TypeChoiceDialog
from owl_desktop.ui.payment_methods.section import PaymentMethodsSection
from owl_desktop.ui.sync.status import SyncStatusWidget
from tests.gui.payment_methods.conftest import OFFSCREEN_POPUP_NOISE
from tests.stripe_env import StripeEnv

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)


class App:
    def __init__(self, services: Services, gui: GuiSession, window: MainWindow) -> None:
        self.services, self.gui, self.window = services, gui, window

    @property
    def section(self) -> PaymentMethodsSection:
        section = self.window.profile_page.contact_tab.payment_section
        assert isinstance(section, PaymentMethodsSection)
        return section

    def open(self, qtbot: QtBot, client_id: int) -> None:
        with qtbot.waitSignal(self.section.loaded, timeout=10000):
            self.window.open_client(client_id)


def start_app(qtbot: QtBot, tmp_path: Path, stripe_env: StripeEnv | None,
              apps: list[App]) -> App:
    environ = {}
    if stripe_env is not None:
        environ = {"OWL_STRIPE_API_BASE": stripe_env.api_base,
                   "OWL_STRIPE_JS_URL": stripe_env.js_url}
    config = load_config(["--data-dir", str(tmp_path), "--lang", "en"], environ)
    services = build_services(config)
    if stripe_env is not None and services.sync_engine is None:
        # Settings → Stripe, once; the app then starts connected (as after a restart).
        connection = services.stripe_connection
        assert connection is not None
        connection.connect(connection.check_keys(stripe_env.publishable_key,
                                                 stripe_env.secret_key), stripe_env.secret_key)
        services.close()
        services = build_services(config)
        assert services.sync_engine is not None
    gui = GuiSession(config)
    window = build_main_window(services, gui)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    app = App(services, gui, window)
    apps.append(app)
    return app


@pytest.fixture
def apps() -> Iterator[list[App]]:
    started: list[App] = []
    yield started
    for app in started:
        opener = app.section._deps.open_add_flow
        flow = getattr(opener, "__self__", None)
        if isinstance(flow, AddPaymentMethodFlow):
            flow.pool.close()
        app.window.close()
        app.services.close()
        app.gui.close()


def add_client(services: Services) -> int:
    draft = ClientDraft("Élise", "Tremblay", "elise@example.com", "(514) 555-0199",
                        Address("12 rue Principale", "", "Montréal", "QC", "H2X 1Y4", "CA"))
    return services.client_service.create(draft).id


def test_not_connected_profile_shows_the_section(qtbot: QtBot, tmp_path: Path,
                                                 apps: list[App]) -> None:
    app = start_app(qtbot, tmp_path, None, apps)
    client_id = add_client(app.services)
    app.open(qtbot, client_id)
    section = app.section
    assert section.isVisible()
    assert section.not_connected_label.isVisible()
    assert not section.add_button.isEnabled()
    assert section.add_button.toolTip() == "Connect Stripe in Settings to add payment methods."
    assert section.autopay_panel.isVisible()
    assert section.audit_view.isVisible()


def test_connected_app_follows_changes_made_elsewhere(qtbot: QtBot, tmp_path: Path,
                                                      stripe_env: StripeEnv,
                                                      stripe_client: stripe.StripeClient,
                                                      apps: list[App]) -> None:
    app = start_app(qtbot, tmp_path, stripe_env, apps)
    services = app.services
    assert services.payment_methods is not None
    client_id = add_client(services)
    si = services.payment_methods.start_setup(client_id, "card")
    stripe_client.v1.setup_intents.confirm(si.id, params={"payment_method": "pm_card_visa"})
    visa = services.payment_methods.complete_setup(client_id, si.id)
    app.open(qtbot, client_id)
    section = app.section
    assert [r.title_label.text() for r in section.list_view.rows()] == ["Visa"]
    assert section.add_button.isEnabled()

    # Add payment method opens the entry flow's type choice.
    qtbot.mouseClick(section.add_button, Qt.MouseButton.LeftButton)
    choice = app.window.findChild(TypeChoiceDialog)
    assert choice is not None
    qtbot.waitUntil(choice.isVisible)
    choice.reject()

    # Elsewhere (another desk, Stripe's dashboard): a Mastercard is attached and made default.
    with services.uow_factory() as uow:
        customer = uow.clients.get(client_id).stripe_customer_id
    assert customer is not None
    master = stripe_client.v1.payment_methods.attach(
        "pm_card_mastercard", params={"customer": customer})
    sync_widget = app.window.findChild(SyncStatusWidget)
    assert sync_widget is not None
    # Let the app's own sync send what waits (the first default), then change it at Stripe.
    controller = sync_widget.controller
    qtbot.waitUntil(lambda: not controller.running, timeout=20000)
    sync_widget.sync_now_action.trigger()
    qtbot.waitUntil(lambda: not controller.running and not section.busy, timeout=20000)
    stripe_client.v1.customers.update(customer, params={
        "invoice_settings": {"default_payment_method": master.id}})

    controller = sync_widget.controller
    qtbot.waitUntil(lambda: not controller.running, timeout=20000)
    sync_widget.sync_now_action.trigger()  # F5: Sync now
    qtbot.waitUntil(lambda: [(r.title_label.text(), not r.default_badge.isHidden())
                             for r in section.list_view.rows()]
                    == [("Mastercard", True), ("Visa", False)], timeout=20000)
    assert app.window.current_client is not None
    assert app.window.current_client.id == client_id  # never reopened
    assert visa.is_default  # it was, before the change made elsewhere
    trail = [(e.action, e.last4) for e in section.audit_view.model.entries()]
    assert ("added", "4242") in trail
