"""Issue 15, item 2 in a real browser (the Book tab's server, Chromium and the sandbox's
Stripe.js double): on a held time, *Bank account* opens Stripe's window with the bank login
only — no "enter the numbers" path, which would need micro-deposits days after the hold ends —
and the account it logs in to confirms the booking within the hold. *My account* still
offers both."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from owl_desktop.sandbox.server import SandboxServer
from tests.integration.portal.booking_fixtures import Clinic, clinic_fixture  # noqa: F401
from tests.integration.portal.browser_steps import modal_frame, stripe_hook
from tests.integration.portal.test_booking_browser import (  # noqa: F401 - fixtures
    Pages,
    choose_time,
    confirm,
    database_url,
    expect,
    pages,
    pytestmark,
    server,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page


def open_bank_window(p: Page) -> None:
    p.click("#add-method")
    p.click("#choose-bank")
    expect(p.locator("#save")).to_be_enabled()
    p.click("#save")
    expect(p.locator("[data-owl-stripe-modal=acss] iframe")).to_be_visible()


def test_a_held_time_offers_the_bank_login_only(clinic: Clinic,
                                                pages: Pages,  # noqa: F811 - fixture
                                                sandbox: SandboxServer) -> None:
    clinic.rule(True)
    p = pages()
    start = choose_time(p, clinic, clinic.next_month_day())
    confirm(p)
    p.wait_for_url(re.compile(r"/book/holds/\d+$"))
    open_bank_window(p)
    window = modal_frame(p, "acss")
    expect(window.locator("#login-bank")).to_be_visible()
    expect(window.locator("#manual-entry")).to_be_hidden()
    assert not stripe_hook(p, "choose", "manual")  # no way to type the numbers in
    with p.context.expect_page():
        assert stripe_hook(p, "instant", {"account": "success"})
    expect(window.locator("#mandate")).to_be_visible()
    window.locator("#accept").click()
    p.wait_for_url(re.compile(r"/book/holds/\d+\?notice=added"))
    assert "Your payment method is on file." in (p.text_content("#ready-heading") or "")
    [method] = clinic.portal.methods.list_for_client(clinic.portal.noor)
    assert (method.type, method.status) == ("acss_debit", "active")
    confirm(p)
    p.wait_for_url(re.compile(r"/book\?done=booked"))
    [booked] = clinic.booking.upcoming(clinic.portal.noor)
    assert booked.starts_at.isoformat() == start


def test_my_account_still_offers_both(clinic: Clinic,
                                      pages: Pages,  # noqa: F811 - fixture
                                      sandbox: SandboxServer) -> None:
    p = pages()
    open_bank_window(p)
    window = modal_frame(p, "acss")
    expect(window.locator("#login-bank")).to_be_visible()
    expect(window.locator("#manual-entry")).to_be_visible()
