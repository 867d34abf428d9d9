"""The Billing tab in a real browser (a real uvicorn server on a free port, Debian's Chromium
driven by Playwright; skipped when either is missing, as ``test_browser.py``): the client signs
in, opens Billing, sees the invoice paid by card and downloads its receipt, a PDF whose text
says what was paid and how."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

from tests.integration.portal.billing_fixtures import Ledger, ledger_fixture  # noqa: F401
from tests.integration.portal.browser_steps import sign_in
from tests.integration.portal.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    pytestmark,  # noqa: F401 - slow; skipped without Chromium
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """One database is enough here: the route tests cover both."""
    return sqlite_url


@pytest.fixture
def server(ledger: Ledger) -> Iterator[str]:
    import uvicorn

    port = free_port()
    config = uvicorn.Config(ledger.portal.app, host="127.0.0.1", port=port,  # type: ignore[arg-type]
                            log_config=None, access_log=False, ws="none", lifespan="off")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


@pytest.fixture
def page(server: str) -> Iterator[Page]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844},
                                      locale="en-CA", accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(15000)
        yield page
        context.close()
        browser.close()


def test_sign_in_open_billing_see_the_card_payment_and_download_its_receipt(
        ledger: Ledger, server: str, page: Page, tmp_path: Path) -> None:
    portal = ledger.portal
    invoice, payment = ledger.paid_by_card(portal.noor, 120_00, "Massage 90")
    ledger.invoice(portal.noor, 40_00, "No-show fee")
    p = page
    sign_in(p, server)
    p.click("#billing-tab")
    p.wait_for_url(re.compile(r"/billing$"))
    expect(p.locator("#billing-tab")).to_have_attribute("aria-current", "page")
    expect(p.locator("#balance")).to_have_text("Balance due: $40.00")
    paid = p.locator(f'tr.invoice[data-invoice-number="{invoice.number}"]')
    expect(paid).to_contain_text("Massage 90")
    expect(paid).to_contain_text("$120.00")
    expect(paid.locator(".status")).to_have_text("Paid")
    charge = p.locator(f'tr.payment[data-payment-id="{payment.id}"]')
    expect(charge).to_contain_text("Visa card ending in 4242")

    with p.expect_download() as waiting:
        charge.locator("a.receipt").click()
    download = waiting.value
    assert re.fullmatch(r"receipt-[0-9A-F]{8}\.pdf", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    words = "\n".join(page.extract_text() for page in PdfReader(saved).pages)
    assert "Receipt" in words
    assert "Noor Haddad" in words
    assert "Massage 90" in words
    assert "$120.00" in words
    assert invoice.number in words
    assert "Visa card ending in 4242" in words
