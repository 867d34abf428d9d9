"""The Billing tab's routes with Starlette's TestClient, on SQLite and PostgreSQL, over the
Stripe sandbox (or Stripe test mode): the client's invoices, payments, refunds and balance in
English and French, receipts as PDF attachments nobody caches, and security — a client gets
only their own receipts; any other id is a 404 that says nothing."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from owl_desktop.portal.app import build_deps, create_app
from owl_desktop.portal.i18n import LANG_COOKIE
from tests.integration.portal.billing_fixtures import (  # noqa: F401
    PASSPHRASE,
    Ledger,
    ledger_fixture,
)
from tests.integration.portal.conftest import SAMI_PASSWORD, Portal


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def row(page: str, attribute: str, value: str) -> str:
    found = re.search(rf'<tr class="\w+" {attribute}="{value}".*?</tr>', page, re.S)
    assert found, page
    return found.group(0)


def test_invoices_payments_refunds_and_balance(ledger: Ledger) -> None:
    portal = ledger.portal
    card_invoice, card_payment = ledger.paid_by_card(portal.noor)
    open_invoice = ledger.invoice(portal.noor, 40_00, "No-show fee")
    void_invoice = ledger.invoice(portal.noor, 12_00, "Entered twice")
    ledger.billing.void(void_invoice.id, "Duplicate")
    bank_invoice, _debit = ledger.debited(portal.noor)
    ledger.refunds.refund_payment(card_payment, 15_00, "requested_by_customer", "", PASSPHRASE)
    sami_invoice, _ = ledger.paid_by_card(portal.sami, 333_00, "Sami's massage")

    noor = portal.signed_in()
    page = noor.get("/billing")
    assert page.status_code == 200
    assert 'id="billing-tab"' in page.text
    assert 'aria-current="page"' in page.text
    # The debit still processing counts until it settles (as at the desk).
    assert "Balance due: $110.00" in page.text
    paid = row(page.text, "data-invoice-number", card_invoice.number)
    assert "Massage 60" in paid
    assert "$95.00" in paid
    assert "Paid" in paid
    assert "January 7, 2030" in paid
    assert 'data-status="open"' in row(page.text, "data-invoice-number", open_invoice.number)
    assert 'data-status="void"' in row(page.text, "data-invoice-number", void_invoice.number)
    processing = row(page.text, "data-invoice-number", bank_invoice.number)
    assert 'data-status="processing"' in processing
    assert "Processing" in processing
    card_row = row(page.text, "data-payment-id", str(card_payment.id))
    assert "Visa card ending in 4242" in card_row
    assert "Refunded $15.00" in card_row
    assert f"/billing/payments/{card_payment.id}/receipt" in card_row
    # The debit still processing has no receipt yet.
    assert page.text.count('class="receipt"') == 1
    # Nothing of Sami's.
    assert sami_invoice.number not in page.text
    assert "333.00" not in page.text
    assert "Sami" not in page.text


def test_french_words_and_amounts(ledger: Ledger) -> None:
    portal = ledger.portal
    ledger.paid_by_card(portal.noor)
    ledger.invoice(portal.noor, 1_234_50, "Forfait")
    noor = portal.signed_in()
    noor.cookies.set(LANG_COOKIE, "fr")
    page = noor.get("/billing").text
    assert "Facturation" in page
    assert 'lang="fr"' in page
    assert "Solde dû\u00a0: 1\u00a0234,50\u00a0$" in page
    assert "Payée" in page
    assert "À payer" in page
    assert "95,00\u00a0$" in page
    assert "7 janvier 2030" in page
    assert "Carte Visa se terminant par 4242" in page
    assert "Télécharger le reçu" in page


def test_receipt_is_a_pdf_attachment_in_the_clients_language_never_cached(
        ledger: Ledger) -> None:
    portal = ledger.portal
    invoice, payment = ledger.paid_by_card(portal.noor)
    noor = portal.signed_in()
    answer = noor.get(f"/billing/payments/{payment.id}/receipt")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert re.fullmatch(r'attachment; filename="receipt-[0-9A-F]{8}\.pdf"',
                        answer.headers["content-disposition"])
    assert answer.headers["cache-control"] == "no-store"
    words = pdf_text(answer.content)
    assert "Receipt" in words
    assert "Noor Haddad" in words
    assert "$95.00" in words
    assert invoice.number in words
    assert "Visa card ending in 4242" in words
    assert "Massage 60" in words

    noor.cookies.set(LANG_COOKIE, "fr")
    french = noor.get(f"/billing/payments/{payment.id}/receipt")
    assert french.status_code == 200
    assert 'filename="recu-' in french.headers["content-disposition"]
    words = pdf_text(french.content)
    assert "Reçu" in words
    assert "95,00" in words
    assert "Carte Visa se terminant par 4242" in words


def test_another_clients_receipts_are_not_found(ledger: Ledger) -> None:
    portal = ledger.portal
    _, noor_card = ledger.paid_by_card(portal.noor)
    noor_cash = ledger.paid_in_cash(portal.noor)
    _, noor_debit = ledger.debited(portal.noor)
    _, sami_card = ledger.paid_by_card(portal.sami, 333_00)

    sami = portal.signed_in("sami@example.com", SAMI_PASSWORD)
    assert sami.get(f"/billing/payments/{sami_card.id}/receipt").status_code == 200
    missing = max(noor_card.id, noor_cash.id, noor_debit.id, sami_card.id) + 1
    for payment_id in (noor_card.id, noor_cash.id, noor_debit.id, missing, 0, -1, "abc"):
        answer = sami.get(f"/billing/payments/{payment_id}/receipt")
        assert answer.status_code == 404, (payment_id, answer.status_code)
        assert "content-disposition" not in answer.headers
        assert answer.headers["content-type"].startswith("text/html")
        assert "Noor" not in answer.text
        assert "95.00" not in answer.text
        assert "%PDF" not in answer.text
    # Noor's own debit, still processing, has no receipt either (the same 404).
    noor = portal.signed_in()
    assert noor.get(f"/billing/payments/{noor_debit.id}/receipt").status_code == 404
    assert noor.get(f"/billing/payments/{noor_cash.id}/receipt").status_code == 200
    assert noor.get(f"/billing/payments/{sami_card.id}/receipt").status_code == 404


@pytest.mark.parametrize("path", ["/billing", "/billing/payments/1/receipt"])
def test_signed_out_goes_to_sign_in(ledger: Ledger, path: str) -> None:
    ledger.paid_in_cash(ledger.portal.noor)
    answer = ledger.portal.client().get(path)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/sign-in")
    assert not answer.content


def test_without_billing_the_tab_says_so(portal: Portal) -> None:
    deps = build_deps(portal.accounts, lambda: portal.methods,
                      lambda: portal.env.publishable_key, portal.env.js_url)
    portal.app = create_app(deps)
    browser = portal.signed_in()
    page = browser.get("/billing")
    assert page.status_code == 200
    assert "Your invoices aren&#39;t available here right now." in page.text
    assert browser.get("/billing/payments/1/receipt").status_code == 404
