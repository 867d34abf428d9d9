"""Regenerate the README screenshots of *Add payment method*: the card form with valid fields,
with an invalid number, and the bank flow with Stripe's pre-authorized debit window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take_entry_screenshots.py

Runs the real dialog and entry view against the local Stripe sandbox, a throwaway database, and
Stripe's test numbers typed through the sandbox's test hooks. Writes card-form-valid.png,
card-form-invalid.png and bank-flow.png next to this file, then the same with -fr in French.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
os.environ.setdefault("STRIPE_DISABLE_TELEMETRY", "1")

HERE = Path(__file__).resolve().parent
SECRET_KEY = "sk_test_owlScreenshots"  # noqa: S105 - a key only the local sandbox accepts
PUBLISHABLE_KEY = "pk_test_owlScreenshots"


def _pump(condition: Callable[[], object], timeout: float = 20.0) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screenshot script waited too long")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)


def _settle(ms: int = 600) -> None:
    """Let Chromium paint what just changed (there is no 'painted' signal to wait on)."""
    end = time.monotonic() + ms / 1000
    _pump(lambda: time.monotonic() > end)


def _js(page: Any, script: str) -> Any:
    box: dict[str, Any] = {}
    page.runJavaScript(script, 0, lambda r: box.setdefault("r", r))
    _pump(lambda: "r" in box)
    return box["r"]


def _type(page: Any, element_type: str, text: str) -> None:
    _js(page, f"window.__shot = 0; window.__stripeSandbox.type({json.dumps(element_type)}, "
              f"{json.dumps(text)}).then(function () {{ window.__shot = 1; }}); 1")
    _pump(lambda: _js(page, "window.__shot") == 1)


def main() -> int:
    import PySide6.QtWebEngineWidgets  # noqa: F401 - before the QApplication
    from PySide6.QtWidgets import QApplication

    from owl_desktop.ui.i18n import Translations

    app = QApplication.instance() or QApplication(sys.argv[:1])
    translations = Translations()
    for language in ("en", "fr"):
        translations.install(language)
        shoot(language, "" if language == "en" else f"-{language}")
    translations.remove()
    del app
    return 0


def shoot(language: str, suffix: str) -> None:
    """The three shots in ``language``; files named ``card-form-valid{suffix}.png``…"""
    from PySide6.QtWidgets import QWidget

    from owl_desktop.domain.clients import Address, ClientDraft
    from owl_desktop.domain.stripe_records import StripeAccount
    from owl_desktop.payments.stripe import StripeGateway
    from owl_desktop.sandbox.server import SandboxServer
    from owl_desktop.services.clients import ClientService
    from owl_desktop.services.customers import CustomerService
    from owl_desktop.services.payment_methods import PaymentMethodService
    from owl_desktop.store.db import create_db_engine, migrate
    from owl_desktop.store.uow import UnitOfWorkFactory
    from owl_desktop.ui.payment_methods.add_flow import AddPaymentMethodFlow
    from owl_desktop.ui.tasks import TaskRunner
    from owl_desktop.ui.web.pool import EntryViewPool
    from owl_desktop.ui.web.texts import page_texts
    from owl_desktop.ui.web.view import EntrySettings

    with tempfile.TemporaryDirectory() as tmp, SandboxServer() as sandbox:
        engine = create_db_engine(f"sqlite:///{Path(tmp) / 'owl.sqlite3'}")
        migrate(engine)
        uow = UnitOfWorkFactory(engine)
        gateway = StripeGateway(SECRET_KEY, api_base=sandbox.url)
        methods = PaymentMethodService(uow, gateway, CustomerService(
            uow, gateway, StripeAccount(gateway.identify_account().id or "acct_x", False)))
        client = ClientService(uow).create(ClientDraft(
            "Élise", "Tremblay", "elise.tremblay@example.com", "514 555-0199",
            Address("12 rue Principale", "App. 3", "Montréal", "QC", "H2X 1Y4", "CA")))
        settings = EntrySettings(publishable_key=PUBLISHABLE_KEY,
                                 stripe_js_url=sandbox.stripe_js_url, language=language,
                                 texts=page_texts())
        window = QWidget()
        window.resize(1000, 800)
        window.show()
        tasks = TaskRunner(window)
        pool = EntryViewPool(lambda: settings)
        flow = AddPaymentMethodFlow(window, methods, tasks, pool)

        def card_dialog(number: str, expiry: str, cvc: str, name: str) -> None:
            out = f"{name}{suffix}.png"
            dialog = flow.open_dialog(client, "card")
            _pump(lambda: dialog.setup_intent_id and dialog.stage.value == "editing")
            page = dialog.view.page()
            _type(page, "cardNumber", number)
            _type(page, "cardExpiry", expiry)
            _type(page, "cardCvc", cvc)
            _js(page, "document.activeElement && document.activeElement.blur(); 1")
            _settle()
            dialog.grab().save(str(HERE / out))
            print(f"wrote {HERE / out}")
            dialog.reject()
            _pump(lambda: not tasks.is_busy())

        card_dialog("4242424242424242", "12/34", "123", "card-form-valid")
        card_dialog("4242424242424241", "12/34", "123", "card-form-invalid")

        dialog = flow.open_dialog(client, "acss_debit")
        _pump(lambda: dialog.setup_intent_id and dialog.save_button.isEnabled())
        dialog.save_button.click()
        page = dialog.view.page()
        _js(page, "window.__shot = 0; window.__stripeSandbox.acss('fill', {institution: '000', "
                  "transit: '11000', account: '000123456789'}).then(function () "
                  "{ window.__shot = 1; }); 1")
        _pump(lambda: _js(page, "window.__shot") == 1)
        _settle(900)
        dialog.grab().save(str(HERE / f"bank-flow{suffix}.png"))
        print(f"wrote {HERE / f'bank-flow{suffix}.png'}")
        dialog.reject()
        _pump(lambda: not tasks.is_busy())

        pool.close()
        window.close()
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
