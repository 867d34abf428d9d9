"""Regenerate the screenshots of the Payment Methods section: a client's methods with every
state (default, expires soon, pending verification, pending sync, a row expanded), and the
paused-autopay banner after the default was removed.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take_payment_methods_screenshots.py

Runs the real app in sandbox mode on a throwaway data directory: methods are saved through the
app's own service against the local Stripe double, confirmed as Stripe.js would with test
payment methods. Writes payment-methods.png and payment-methods-paused.png next to this file.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
os.environ.setdefault("STRIPE_DISABLE_TELEMETRY", "1")

HERE = Path(__file__).resolve().parent


def _pump(condition: Callable[[], object], timeout: float = 20.0) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screenshot script waited too long")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)


def main() -> int:
    import stripe

    from owl_desktop.composition import build_services
    from owl_desktop.config import load_config
    from owl_desktop.payments.gateway import PaymentMethodInfo
    from owl_desktop.ui.application import GuiSession
    from owl_desktop.ui.desk import build_main_window
    from owl_desktop.ui.payment_methods.section import PaymentMethodsSection

    data_dir = Path(tempfile.mkdtemp(prefix="owl-pm-shots-"))
    config = load_config(["--sandbox", "--data-dir", str(data_dir), "--lang", "en"])
    gui = GuiSession(config)
    services = build_services(config)
    window = build_main_window(services, gui)
    window.resize(1200, 1000)
    window.show()
    _pump(lambda: window.search_panel.model.summary(0) is not None)
    summary = window.search_panel.model.summary(0)
    assert summary is not None
    client_id = summary.id
    methods = services.payment_methods
    assert methods is not None
    assert services.stripe_connection is not None
    credentials = services.stripe_connection.credentials()
    assert credentials is not None
    client = stripe.StripeClient(credentials.secret_key,
                                 base_addresses={"api": services.config.stripe_api_base})

    def add(test_method: str) -> int:
        setup = methods.start_setup(client_id, "card")
        client.v1.setup_intents.confirm(setup.id, params={"payment_method": test_method})
        return methods.complete_setup(client_id, setup.id).id

    add("pm_card_visa")
    amex = add("pm_card_amex")
    today = date.today()
    month, year = today.month % 12 + 1, today.year + (today.month == 12)
    with services.uow_factory() as uow:
        # Cached as a sync would have them (only on this desk: the next sync drops them).
        now = datetime.now(UTC)
        uow.payment_methods.upsert(PaymentMethodInfo(
            id="pm_shot_soon", type="card", customer_id=None, livemode=False, last4="4444",
            brand="mastercard", exp_month=month, exp_year=year), client_id, now)
        uow.payment_methods.upsert(PaymentMethodInfo(
            id="pm_shot_bank", type="acss_debit", customer_id=None, livemode=False,
            last4="6789", bank_name="Desjardins", holder_name=summary.full_name),
            client_id, now, status="pending_verification", mandate_status="pending")
        uow.clients.row(client_id).autopay_enabled = True
        uow.commit()
    section = window.profile_page.contact_tab.payment_section
    assert isinstance(section, PaymentMethodsSection)
    window.open_client(client_id)
    _pump(lambda: len(section.list_view.rows()) == 4 and not section.busy)
    section.list_view.rows()[0].set_expanded(True)
    _pump(lambda: True)
    section.grab().save(str(HERE / "payment-methods.png"))

    section.set_default(amex)
    _pump(lambda: not section.busy)
    section.remove(amex)
    _pump(lambda: section.list_view.row_for(amex) is None and not section.busy)
    section.grab().save(str(HERE / "payment-methods-paused.png"))
    window.close()
    services.close()
    gui.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
