"""A client adds a bank account (pre-authorized debit) in a real browser: through the bank
login (instant verification, the mandate accepted in Stripe's window), by entering its numbers
(micro-deposits: *Pending verification* until the deposits are confirmed, then usable), and
cancelled in Stripe's window (nothing saved). Same server, Chromium and double as
``test_browser.py``, whose fixtures these reuse."""

from __future__ import annotations

import json
import re
import urllib.request
from typing import TYPE_CHECKING

from owl_desktop.sandbox.server import SandboxServer
from tests.integration.portal import test_browser as base
from tests.integration.portal.browser_steps import (
    BANK_ACCOUNT,
    BANK_INSTITUTION,
    BANK_TRANSIT,
    modal_frame,
    modal_open,
    open_add,
    sign_in,
    stripe_hook,
)
from tests.integration.portal.conftest import Portal
from tests.integration.sync.desk import open_desk

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = base.pytestmark
expect = base.expect
# test_browser.py's fixtures: one SQLite database, a real uvicorn, Chromium at a phone's width
database_url, server, page = base.database_url, base.server, base.page


def start_bank(page: Page, server: str) -> None:
    sign_in(page, server)
    open_add(page, "bank")
    assert page.input_value("#holder") == "Noor Haddad"  # prefilled: the account holder
    expect(page.locator("#save")).to_be_enabled()
    page.click("#save")  # Continue: Stripe's window opens over the page
    expect(page.locator("[data-owl-stripe-modal=acss] iframe")).to_be_visible()


def accept_mandate(page: Page) -> None:
    """The pre-authorized debit agreement, shown in Stripe's window, accepted by the client."""
    window = modal_frame(page, "acss")
    expect(window.locator("#mandate")).to_be_visible()
    assert "you authorize" in (window.locator("#mandate-text").text_content() or "")
    assert window.locator("#name").input_value() == "Noor Haddad"  # the holder we sent
    window.locator("#accept").click()


def test_bank_account_through_the_bank_login(portal: Portal, server: str, page: Page,
                                             sandbox: SandboxServer) -> None:
    start_bank(page, server)
    # Stripe's "Log in to your bank" opens its pop-up; the client picks the account there.
    with page.context.expect_page() as popup:
        assert stripe_hook(page, "instant", {"account": "success"})
    assert "bank-login" in popup.value.url
    accept_mandate(page)
    page.wait_for_url(re.compile(r"/account\?notice=added$"))
    methods = page.text_content("#methods") or ""
    assert "•••• 6789" in methods
    assert "Default" in methods  # the client's first usable method
    assert "Pending verification" not in methods
    [method] = portal.methods.list_for_client(portal.noor)
    assert (method.type, method.status, method.mandate_status) == (
        "acss_debit", "active", "active")


def test_bank_account_cancelled_in_stripes_window(portal: Portal, server: str, page: Page,
                                                  sandbox: SandboxServer) -> None:
    start_bank(page, server)
    assert stripe_hook(page, "choose", "manual")
    modal_frame(page, "acss").locator("#cancel").click()
    expect(page.locator("[data-owl-stripe-modal]")).to_have_count(0)
    expect(page.locator("#dialog-error")).not_to_be_empty()
    assert page.locator("#add-dialog").is_visible()  # another try is one click away
    expect(page.locator("#save")).to_be_enabled()
    assert portal.methods.list_for_client(portal.noor) == []
    page.click("#cancel")
    expect(page.locator("#add-dialog")).to_be_hidden()
    page.reload()
    assert page.locator("#no-methods").is_visible()


def test_bank_account_by_its_numbers_waits_for_the_micro_deposits(
        portal: Portal, server: str, page: Page, sandbox: SandboxServer,
        sqlite_url: str) -> None:
    start_bank(page, server)
    window = modal_frame(page, "acss")
    window.locator("#manual-entry").click()
    for name, digits in (("institution", BANK_INSTITUTION), ("transit", BANK_TRANSIT),
                         ("account", BANK_ACCOUNT)):
        window.locator(f"#{name}").press_sequentially(digits, delay=5)
    accept_mandate(page)
    page.wait_for_url(re.compile(r"/account\?notice=added_pending$"))
    assert modal_open(page) is None
    assert "awaits verification" in (page.text_content(".notice") or "")
    method = page.locator("#methods .method")
    expect(method).to_have_count(1)
    text = method.text_content() or ""
    assert "•••• 6789" in text
    assert "Pending verification" in text
    assert "Default" not in text  # not usable until verified
    assert method.locator("button").count() == 0  # so it can't be made the default yet

    # The client confirms the two deposits (the double's control stands in for Stripe's
    # verification page); the clinic's next sync (a desk or `owl-desktop sync`) records it.
    request = urllib.request.Request(sandbox.control_url + "/_sandbox/verify_microdeposits",
                                     data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert json.load(answer) == {"verified": 1}
    desk = open_desk("desk", sqlite_url, portal.env.api_base, portal.env.secret_key)
    try:
        desk.sync()
    finally:
        desk.close()
    page.goto(f"{server}/account")
    text = page.text_content("#methods .method") or ""
    assert "Pending verification" not in text
    assert "Default" in text
    [saved] = portal.methods.list_for_client(portal.noor)
    assert (saved.status, saved.mandate_status, saved.is_default) == ("active", "active", True)
