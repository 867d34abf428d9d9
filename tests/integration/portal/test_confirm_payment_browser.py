"""*Confirm payment* in a real browser (a real uvicorn server, Debian's Chromium driven by
Playwright, the Stripe.js double and its 3-D Secure window; skipped when either is missing, as
``test_browser.py``): the nightly autopay run charges a card whose bank wants 3-D Secure, the
charge waits for the client; the client signs in, sees *Confirm payment* on the Billing tab,
confirms, completes the bank's challenge and the invoice is paid. A failed challenge says so
clearly and lets the client try again (or add another card)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from owl_desktop.domain.billing import InvoiceStatus, PaymentStatus
from tests.integration.portal.billing_fixtures import ledger_fixture  # noqa: F401
from tests.integration.portal.browser_steps import modal_frame, phone_page, serving, sign_in
from tests.integration.portal.confirm_fixtures import Waiting, waiting_fixture  # noqa: F401
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
def server(waiting: Waiting) -> Iterator[str]:
    with serving(waiting.ledger.portal.app) as url:
        yield url


@pytest.fixture
def page(server: str) -> Iterator[Page]:
    with phone_page() as page:
        yield page


def open_confirm(page: Page, server: str, invoice_number: str) -> None:
    """Sign in, Billing tab, *Confirm payment* on the waiting invoice."""
    sign_in(page, server)
    page.click("#billing-tab")
    page.wait_for_url(re.compile(r"/billing$"))
    waiting = page.locator(f'li.awaiting-payment[data-invoice-number="{invoice_number}"]')
    expect(waiting).to_contain_text("$85.00")
    waiting.locator("a.confirm-payment").click()
    page.wait_for_url(re.compile(r"/billing/payments/\d+/confirm$"))
    expect(page.locator("#confirm-amount")).to_have_text("$85.00")
    expect(page.locator("#confirm-method")).to_have_text("Visa card ending in 3184")
    expect(page.locator("#confirm-button")).to_be_enabled()


def test_autopay_needs_3ds_the_client_confirms_and_the_invoice_is_paid(
        waiting: Waiting, server: str, page: Page) -> None:
    portal = waiting.ledger.portal
    waiting.card_3ds(portal.noor)
    invoice, payment = waiting.autopay_needing_confirmation(portal.noor, 85_00, "Massage 60")

    open_confirm(page, server, invoice.number)
    page.click("#confirm-button")
    challenge = modal_frame(page, "threeDS")
    expect(challenge.locator("#complete")).to_be_visible()
    assert page.is_disabled("#confirm-button")  # nothing to click twice while the bank checks
    challenge.locator("#complete").click()

    expect(page.locator("#confirm-done")).to_have_text(
        "Thank you: the payment is confirmed and the invoice is paid.")
    expect(page.locator("#confirm-button")).to_be_hidden()
    with portal.uow() as u:
        assert u.payments.get(payment.id).status is PaymentStatus.SUCCEEDED
        assert u.invoices.get(invoice.id).status is InvoiceStatus.PAID
        assert len(u.payments.for_invoice(invoice.id)) == 1

    page.click("#back-to-billing")
    page.wait_for_url(re.compile(r"/billing$"))
    expect(page.locator("#awaiting")).to_have_count(0)
    row = page.locator(f'tr.invoice[data-invoice-number="{invoice.number}"]')
    expect(row.locator(".status")).to_have_text("Paid")
    expect(page.locator(f'tr.payment[data-payment-id="{payment.id}"] a.receipt')).to_be_visible()


def test_a_failed_challenge_says_so_and_the_client_tries_again(
        waiting: Waiting, server: str, page: Page) -> None:
    portal = waiting.ledger.portal
    waiting.card_3ds(portal.noor)
    invoice, payment = waiting.autopay_needing_confirmation(portal.noor, 85_00)

    open_confirm(page, server, invoice.number)
    page.click("#confirm-button")
    modal_frame(page, "threeDS").locator("#fail").click()
    expect(page.locator("#confirm-error")).to_have_text(
        "The payment wasn't confirmed: your bank's check failed or was closed. You can try "
        "again, or add another card in My account.")
    expect(page.locator("[data-owl-stripe-modal]")).to_have_count(0)
    expect(page.locator("#confirm-other")).to_be_visible()  # add another card instead
    expect(page.locator("#confirm-other")).to_have_attribute("href", "/account")
    expect(page.locator("#confirm-button")).to_be_enabled()
    with portal.uow() as u:
        assert u.payments.get(payment.id).status is PaymentStatus.REQUIRES_ACTION
        assert u.invoices.get(invoice.id).status is InvoiceStatus.OPEN

    page.click("#confirm-button")  # again: the same charge, the bank asks again
    modal_frame(page, "threeDS").locator("#complete").click()
    expect(page.locator("#confirm-done")).to_have_text(
        "Thank you: the payment is confirmed and the invoice is paid.")
    expect(page.locator("#confirm-error")).to_be_empty()
    with portal.uow() as u:
        assert u.invoices.get(invoice.id).status is InvoiceStatus.PAID
