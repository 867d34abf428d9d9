"""The Billing tab in a real browser (a real uvicorn server on a free port, Debian's Chromium
driven by Playwright; skipped when either is missing, as ``test_browser.py``): the client signs
in, opens Billing, sees the invoice paid by card and downloads its receipt, a PDF whose text
says what was paid and how."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pypdf import PdfReader

from tests.integration.portal.billing_fixtures import Ledger, ledger_fixture  # noqa: F401
from tests.integration.portal.browser_steps import phone_page, serving, sign_in
from tests.integration.portal.test_browser import (
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
    with serving(ledger.portal.app) as url:
        yield url


@pytest.fixture
def page(server: str) -> Iterator[Page]:
    with phone_page(accept_downloads=True) as page:
        yield page


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
