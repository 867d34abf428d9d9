"""The client's steps in a real browser: a real uvicorn server on a free port, the sandbox's
Stripe.js double, Debian's Chromium driven by Playwright. Skipped when either is missing
(``.ci/run`` installs both)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.integration.portal.browser_steps import (
    CHROMIUM,
    free_port,  # noqa: F401 - the other browser tests import it from here
    phone_page,
    serving,
)
from tests.integration.portal.conftest import Portal
from tests.integration.portal.helpers import GOOD_PASSWORD, make_client

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists() and shutil.which("chromium") is None,
                       reason="needs Debian's chromium (apt-get install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """One database is enough here: the route tests cover both."""
    return sqlite_url


@pytest.fixture
def server(portal: Portal) -> Iterator[str]:
    with serving(portal.app) as url:
        yield url


@pytest.fixture
def page(server: str) -> Iterator[Page]:
    with phone_page() as p:  # a phone, English (Canada)
        yield p


def type_card(page: Page, number: str) -> None:
    """Real keystrokes into the Stripe.js double's card fields (its iframes)."""
    for selector, text in (("#card-number", number), ("#card-expiry", "1230"),
                           ("#card-cvc", "123")):
        field = page.frame_locator(f"{selector} iframe").locator("#field")
        field.click()
        field.press("Control+a")
        field.press("Backspace")
        field.press_sequentially(text, delay=5)


def test_invitation_password_sign_in_add_cards_default_sign_out(
        portal: Portal, server: str, page: Page) -> None:
    client_id = make_client(portal.uow, "Léa", "Roy", "lea@example.com")
    link = portal.accounts.invite(client_id).token
    p = page
    p.goto(f"{server}/invitation/{link}")
    p.fill("#password", GOOD_PASSWORD)
    p.fill("#confirm", GOOD_PASSWORD)
    p.keyboard.press("Enter")
    p.wait_for_url(re.compile(r"/sign-in\?notice=password_saved"))
    p.fill("#email", "lea@example.com")
    p.fill("#password", GOOD_PASSWORD)
    p.click("button[type=submit].primary")
    p.wait_for_url(re.compile(r"/account$"))
    assert "No payment method on file yet." in p.text_content("main")

    # A declined card: Stripe's message in the dialog, nothing saved; then a valid one.
    p.click("#add-method")
    p.click("#choose-card")
    assert p.input_value("#holder") == "Léa Roy"
    assert p.is_disabled("#save")
    type_card(p, "4000000000000002")
    expect(p.locator("#save")).to_be_enabled()
    p.click("#save")
    expect(p.locator("#dialog-error")).not_to_be_empty()
    assert "declined" in p.text_content("#dialog-error").lower()
    type_card(p, "4242424242424242")
    p.click("#save")
    p.wait_for_url(re.compile(r"/account\?notice=added"))
    methods = p.text_content("#methods")
    assert "•••• 4242" in methods
    assert "Default" in methods
    assert "12/2030" in methods

    p.click("#add-method")
    p.click("#choose-card")
    type_card(p, "5555555555554444")
    p.click("#save")
    expect(p.locator("#methods .method")).to_have_count(2)
    p.click("#methods .method:nth-child(2) button")
    p.wait_for_url(re.compile(r"notice=default_set"))
    # The default comes first, on every desk and in the portal (domain.display_order).
    first = p.text_content("#methods .method:nth-child(1)")
    assert "•••• 4444" in first
    assert "Default" in first
    assert [(m.last4, m.is_default) for m in portal.methods.list_for_client(client_id)] == [
        ("4444", True), ("4242", False)]

    p.click("#sign-out")
    p.wait_for_url(re.compile(r"notice=signed_out"))
    p.goto(f"{server}/account")
    assert re.search(r"/sign-in", p.url)


def test_wrong_password_in_a_browser(portal: Portal, server: str, page: Page) -> None:
    p = page
    p.goto(f"{server}/sign-in")
    p.fill("#email", "noor@example.com")
    p.fill("#password", "not my password")
    p.keyboard.press("Enter")
    p.wait_for_selector("#form-error")
    assert "The email or password is wrong." in p.text_content("#form-error")
    assert p.input_value("#email") == "noor@example.com"


def add_visa(p: Page) -> None:
    p.click("#add-method")
    p.click("#choose-card")
    type_card(p, "4242424242424242")
    expect(p.locator("#save")).to_be_enabled()
    p.click("#save")


def test_the_same_card_twice_keeps_only_the_one_on_file(
        portal: Portal, server: str, page: Page) -> None:
    """Issue 12, item 3: the portal says so at once and keeps one, as the desk does."""
    p = page
    p.goto(f"{server}/sign-in")
    p.fill("#email", "noor@example.com")
    p.fill("#password", GOOD_PASSWORD)
    p.click("button[type=submit].primary")
    p.wait_for_url(re.compile(r"/account$"))
    add_visa(p)
    p.wait_for_url(re.compile(r"/account\?notice=added"))
    expect(p.locator("#duplicate")).to_have_count(0)
    add_visa(p)
    p.wait_for_url(re.compile(r"/account\?duplicate=\d+"))
    expect(p.locator("#duplicate")).to_be_visible()
    assert "This card is already on file" in p.text_content("#duplicate")
    expect(p.locator("#methods .method")).to_have_count(2)  # the new one listed meanwhile
    expect(p.locator("#keep-existing")).to_be_focused()
    p.keyboard.press("Enter")
    p.wait_for_url(re.compile(r"notice=duplicate_removed"))
    expect(p.locator("#methods .method")).to_have_count(1)
    assert "Default" in p.text_content("#methods .method")
    [kept] = portal.methods.list_for_client(portal.noor)
    assert (kept.last4, kept.is_default) == ("4242", True)


def test_card_fields_that_fail_to_load_say_so(portal: Portal, server: str, page: Page) -> None:
    """Stripe.js's 'loaderror': the dialog says the form couldn't be loaded; Save stays off."""
    p = page
    p.goto(f"{server}/sign-in")
    p.fill("#email", "noor@example.com")
    p.fill("#password", GOOD_PASSWORD)
    p.click("button[type=submit].primary")
    p.wait_for_url(re.compile(r"/account$"))
    p.click("#add-method")
    p.click("#choose-card")
    p.fill("#holder", "Noor Haddad")
    expect(p.locator("#card-number iframe")).to_be_visible()
    assert p.evaluate("window.__stripeSandbox.loadError('cardNumber')") is True
    expect(p.locator("#dialog-error")).to_have_text(
        "The secure card form could not be loaded. Check your connection and reload the page.")
    assert p.is_disabled("#save")
