"""Regenerate the README screenshots: the main window with a demo client's profile open.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take_screenshots.py

Runs the real app in sandbox mode (the built-in Stripe double and demo clients) on a throwaway
data directory, in English then French. Two cards are saved for Élise Tremblay through the app's
own service, confirmed at the double as Stripe.js would (the first one becomes the default);
autopay is turned on, and the shot is taken once a sync has run, so the status bar shows the
connection and the Stripe mode. Writes main-window.png and main-window-fr.png next to this file.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
os.environ.setdefault("STRIPE_DISABLE_TELEMETRY", "1")

HERE = Path(__file__).resolve().parent
CLIENT = "Élise Tremblay"
CARDS = ("pm_card_visa", "pm_card_mastercard")


def _pump(condition: Callable[[], object], timeout: float = 20.0) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screenshot script waited too long")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)


def shoot(language: str, out: Path) -> None:
    import stripe
    from PySide6.QtWidgets import QToolButton

    from owl_desktop.composition import build_services
    from owl_desktop.config import load_config
    from owl_desktop.ui.application import GuiSession
    from owl_desktop.ui.desk import build_main_window
    from owl_desktop.ui.payment_methods.section import PaymentMethodsSection

    with tempfile.TemporaryDirectory(prefix="owl-shots-") as data_dir:
        config = load_config(["--sandbox", "--lang", language, "--data-dir", data_dir])
        gui = GuiSession(config)
        services = build_services(config)
        try:
            window = build_main_window(services, gui)
            window.resize(1280, 860)
            window.show()
            _pump(lambda: window.search_panel.shown_query is not None)
            client_id = services.client_service.search(CLIENT)[0].id

            methods = services.payment_methods
            connection = services.stripe_connection
            assert methods is not None
            assert connection is not None
            credentials = connection.credentials()
            assert credentials is not None
            stripe_client = stripe.StripeClient(
                credentials.secret_key, base_addresses={"api": services.config.stripe_api_base})
            for card in CARDS:
                setup = methods.start_setup(client_id, "card")
                stripe_client.v1.setup_intents.confirm(setup.id,
                                                       params={"payment_method": card})
                methods.complete_setup(client_id, setup.id)
            assert services.autopay is not None
            services.autopay.set_enrolled(client_id, True)

            section = window.profile_page.contact_tab.payment_section
            assert isinstance(section, PaymentMethodsSection)
            window.search_panel.search_field.setText(CLIENT.split()[0])
            _pump(lambda: window.search_panel.shown_query == CLIENT.split()[0])
            window.search_panel.select_client(client_id)
            window.open_client(client_id)
            _pump(lambda: len(section.list_view.rows()) == len(CARDS) and not section.busy)
            # Sync now, so the default reaches the double and the status bar says Online with
            # nothing waiting, as staff see it on a settled desk.
            sync_button = window.findChild(QToolButton, "syncNowButton")
            assert sync_button is not None
            _pump(sync_button.isEnabled)
            sync_button.click()
            _pump(lambda: not any("pending_sync" in row.state_badges
                                  for row in section.list_view.rows()) and not section.busy)
            time.sleep(0.2)
            _pump(lambda: True)
            window.grab().save(str(out))
            window.close()
        finally:
            services.close()
            gui.close()
    print(f"wrote {out}")


def main() -> int:
    shoot("en", HERE / "main-window.png")
    shoot("fr", HERE / "main-window-fr.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
