"""A sandbox desk with a client whose payment methods show every state, for screenshots and
for the fit tests (tests/gui/test_small_screens.py).

The real app in sandbox mode (the built-in Stripe double, demo clients) on a throwaway data
directory: methods are saved through the app's own service and confirmed at the double as
Stripe.js would; a default chosen on this desk and not yet synced gives the widest row
(« Par défaut » + « Synchronisation en attente »).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

CLIENT = "Élise Tremblay"


def pump(condition: Callable[[], object], timeout: float = 20.0) -> None:
    """Run the event loop until ``condition()`` holds."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("waited too long for the desk")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)


def settle(ms: int = 150) -> None:
    """Let layouts and repaints run."""
    deadline = time.monotonic() + ms / 1000
    pump(lambda: time.monotonic() > deadline)


@dataclass
class Scene:
    services: Any
    window: Any  # MainWindow
    client_id: int
    default_id: int = 0


@contextmanager
def sandbox_desk(language: str, size: tuple[int, int] = (1280, 860)) -> Iterator[Scene]:
    """The sandbox desk in ``language`` (en / fr), shown, its first sync done."""
    from owl_desktop.composition import build_services
    from owl_desktop.config import load_config
    from owl_desktop.ui.application import GuiSession
    from owl_desktop.ui.desk import build_main_window

    with tempfile.TemporaryDirectory(prefix="owl-scene-") as data_dir:
        config = load_config(["--sandbox", "--lang", language, "--data-dir", data_dir],
                             {"OWL_DESK": "front"})
        gui = GuiSession(config)
        services = build_services(config)
        window = None
        try:
            window = build_main_window(services, gui)
            window.resize(*size)
            window.show()
            pump(lambda: window.search_panel.shown_query is not None)
            pump(lambda: window.status.online is not None)
            client_id = services.client_service.search(CLIENT)[0].id
            yield Scene(services, window, client_id)
        finally:
            if window is not None:
                window.close()
                window.deleteLater()
                settle(50)
            services.close()
            gui.close()


def stock_methods(scene: Scene) -> None:
    """Élise's methods in every state: ``add_cards`` then ``add_states``."""
    add_cards(scene)
    add_states(scene)


def add_cards(scene: Scene) -> None:
    """A Visa (her first usable method: the default) and an Amex, saved at the double through
    the app's service as the card form would; autopay on."""
    import stripe

    services, client_id = scene.services, scene.client_id
    methods = services.payment_methods
    credentials = services.stripe_connection.credentials()
    client = stripe.StripeClient(credentials.secret_key,
                                 base_addresses={"api": services.config.stripe_api_base})
    for test_method in ("pm_card_visa", "pm_card_amex"):
        setup = methods.start_setup(client_id, "card")
        client.v1.setup_intents.confirm(setup.id, params={"payment_method": test_method})
        methods.complete_setup(client_id, setup.id)
    services.autopay.set_enrolled(client_id, True)


def add_states(scene: Scene) -> None:
    """A Mastercard expiring next month and a bank account awaiting verification (cached as a
    sync would have them; on this desk only, so a sync drops them), and the Amex chosen as
    default here, waiting in the outbox (« pending sync »)."""
    from owl_desktop.payments.gateway import PaymentMethodInfo

    services, client_id = scene.services, scene.client_id
    methods = services.payment_methods
    today = date.today()
    month, year = today.month % 12 + 1, today.year + (today.month == 12)
    with services.uow_factory() as uow:
        now = datetime.now(UTC)
        uow.payment_methods.upsert(PaymentMethodInfo(
            id="pm_scene_soon", type="card", customer_id=None, livemode=False, last4="4444",
            brand="mastercard", exp_month=month, exp_year=year), client_id, now)
        uow.payment_methods.upsert(PaymentMethodInfo(
            id="pm_scene_bank", type="acss_debit", customer_id=None, livemode=False,
            last4="6789", bank_name="Desjardins", holder_name=CLIENT),
            client_id, now, status="pending_verification", mandate_status="pending")
        uow.commit()
    amex = next(m for m in methods.list_for_client(client_id) if m.brand == "amex")
    methods.set_default(client_id, amex.id)
    scene.default_id = amex.id


def open_client(scene: Scene, rows: int) -> Any:
    """Open the scene's client; returns the Payment Methods section once it shows ``rows``."""
    window = scene.window
    section = window.profile_page.contact_tab.payment_section
    first = CLIENT.split()[0]
    window.search_panel.search_field.setText(first)
    pump(lambda: window.search_panel.shown_query == first)
    window.search_panel.select_client(scene.client_id)
    window.open_client(scene.client_id)
    pump(lambda: len(section.list_view.rows()) == rows and not section.busy)
    settle()
    return section
