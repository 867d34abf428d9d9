"""The portal's Billing tab in a real browser (uvicorn on a free port, Debian's Chromium driven
by Playwright; skipped when either is missing) after a refund the card's bank refused: the
client reads that it didn't go through, why, and whom to ask, in English then in French."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from owl_desktop.portal.i18n import LANG_COOKIE
from owl_desktop.sandbox import testdata
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.sync.engine import SyncEngine
from tests.integration.portal.billing_fixtures import (  # noqa: F401 - fixture
    PASSPHRASE,
    Ledger,
    at_desk,
    ledger_fixture,
)
from tests.integration.portal.browser_steps import sign_in
from tests.integration.portal.test_billing_browser import (  # noqa: F401 - fixtures
    database_url,
    page,
    server,
)
from tests.integration.portal.test_browser import pytestmark  # noqa: F401 - slow; Chromium
from tests.integration.portal.test_refund_fails_later import paid_with
from tests.stripe_env import account_of

if TYPE_CHECKING:
    from playwright.sync_api import Page

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


def test_the_client_reads_that_the_refund_failed(ledger: Ledger, sandbox: SandboxServer,
                                                 server: str, page: Page) -> None:  # noqa: F811
    portal = ledger.portal
    engine = SyncEngine(portal.uow, ledger.billing_gateway, account_of(ledger.billing_gateway),
                        clock=portal.clock, here=at_desk(None))  # type: ignore[arg-type]
    payment = paid_with(ledger, portal.noor, "pm_card_refundFail", 80_00)
    engine.run_once()
    ledger.refunds.refund_payment(payment, 30_00, "requested_by_customer", "", PASSPHRASE)
    sandbox.advance(testdata.REFUND_FAIL_SECONDS + 1)
    engine.run_once()

    sign_in(page, server)
    page.click("#billing-tab")
    row = page.locator(f'tr.payment[data-payment-id="{payment.id}"]')
    failed = row.locator(".refund-failed")
    expect(failed).to_contain_text("The refund of $30.00 on ")
    expect(failed).to_contain_text("didn't go through. The card has expired or was canceled. "
                                   "Please contact the clinic to be refunded another way.")
    expect(row).not_to_contain_text("Refunded $30.00")

    page.context.add_cookies([{"name": LANG_COOKIE, "value": "fr", "url": server}])
    page.reload()
    expect(failed).to_contain_text("Le remboursement de 30,00\u00a0$ du ")
    expect(failed).to_contain_text("n’a pas abouti. La carte est expirée ou a été annulée. "
                                   "Veuillez communiquer avec la clinique pour être remboursé "
                                   "autrement.")
