"""Access in a real browser, beside ``test_browser.py`` (whose fixtures these reuse): the
sign-in rate limit as the client sees it, an expired invitation link, and the whole flow in
French for a browser set to fr-CA (invitation → password → sign in → a declined card and a
saved one → default → the language switched and remembered → sign out)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.services.portal_accounts import MAX_ATTEMPTS_PER_ACCOUNT
from tests.integration.portal import test_browser as base
from tests.integration.portal.browser_steps import open_add, phone_page, sign_in
from tests.integration.portal.conftest import Portal
from tests.integration.portal.helpers import GOOD_PASSWORD, make_client

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = base.pytestmark
expect = base.expect
database_url, server, page = base.database_url, base.server, base.page


@pytest.fixture
def french_page(server: str) -> Iterator[Page]:
    """Chromium whose language is Canadian French (its Accept-Language: fr-CA)."""
    with phone_page(locale="fr-CA") as french:
        yield french


def try_password(page: Page, password: str) -> None:
    page.fill("#email", "noor@example.com")
    page.fill("#password", password)
    page.keyboard.press("Enter")
    page.wait_for_selector("#form-error")


def test_the_rate_limit_in_a_browser(portal: Portal, server: str, page: Page) -> None:
    page.goto(f"{server}/sign-in")
    for attempt in range(MAX_ATTEMPTS_PER_ACCOUNT):
        try_password(page, f"not my password {attempt}")
        assert "The email or password is wrong." in page.text_content("#form-error")
    try_password(page, "not my password either")
    message = page.text_content("#form-error") or ""
    assert "Too many sign-in attempts. Wait 15 minutes" in message
    # ...even with the right password now: the account waits.
    try_password(page, GOOD_PASSWORD)
    assert "Too many sign-in attempts" in (page.text_content("#form-error") or "")
    assert page.url.endswith("/sign-in")
    assert page.input_value("#email") == "noor@example.com"  # what was typed stays
    # Another client signs in from the same address (the per-address limit is higher).
    sign_in(page, server, "sami@example.com", "another long passphrase")
    # Once the window has passed, Noor signs in again.
    page.click("#sign-out")
    portal.clock.advance(minutes=16)
    sign_in(page, server)


def test_an_expired_invitation(portal: Portal, server: str, page: Page) -> None:
    client_id = make_client(portal.uow, "Léa", "Roy", "lea@example.com")
    link = portal.accounts.invite(client_id).token
    portal.clock.advance(days=7, minutes=1)
    page.goto(f"{server}/invitation/{link}")
    assert "This link can't be used any more" in (page.text_content("main") or "")
    assert page.locator("#password").count() == 0  # no form to set a password with
    # A new link from the clinic works.
    fresh = portal.accounts.invite(client_id).token
    page.goto(f"{server}/invitation/{fresh}")
    page.fill("#password", GOOD_PASSWORD)
    page.fill("#confirm", GOOD_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/sign-in\?notice=password_saved"))
    page.goto(f"{server}/invitation/{link}")  # the old one still can't be used
    assert "This link can't be used any more" in (page.text_content("main") or "")


def test_the_whole_flow_in_french(portal: Portal, server: str, french_page: Page,
                                  sandbox: SandboxServer) -> None:
    """(The Stripe.js double's fields: the sandbox only, like test_browser.py's card steps.)"""
    p = french_page
    client_id = make_client(portal.uow, "Léa", "Roy", "lea@example.com")
    link = portal.accounts.invite(client_id).token
    p.goto(f"{server}/invitation/{link}")
    assert p.get_attribute("html", "lang") == "fr"
    assert "Choisissez votre mot de passe" in (p.text_content("h1") or "")
    p.fill("#password", "court")
    p.fill("#confirm", "court")
    p.keyboard.press("Enter")
    # The same address answers the POST: wait for the answer, not the URL.
    expect(p.locator("main")).to_contain_text("Utilisez au moins 10 caractères.")
    p.fill("#password", GOOD_PASSWORD)
    p.fill("#confirm", GOOD_PASSWORD)
    p.keyboard.press("Enter")
    p.wait_for_url(re.compile(r"/sign-in\?notice=password_saved"))
    assert "Votre mot de passe est enregistré." in (p.text_content("main") or "")
    p.fill("#email", "lea@example.com")
    p.fill("#password", GOOD_PASSWORD)
    p.click("button[type=submit].primary")
    p.wait_for_url(re.compile(r"/account$"))
    assert "Aucun mode de paiement au dossier" in (p.text_content("main") or "")

    open_add(p, "card")
    assert p.text_content("#holder-label") == "Nom sur la carte"
    assert p.text_content("#save") == "Enregistrer"
    # Stripe's fields speak French too (the page passes its locale to Stripe.js).
    number = p.frame_locator("#card-number iframe").locator("#field")
    assert number.get_attribute("aria-label") not in (None, "Card number")
    base.type_card(p, "4000000000000002")
    p.click("#save")
    expect(p.locator("#dialog-error")).not_to_be_empty()
    # (Stripe's own sentence: real Stripe.js says it in the page's locale; the double in
    # English.) Nothing saved; the dialog stays for another card.
    assert portal.methods.list_for_client(client_id) == []
    base.type_card(p, "4242424242424242")
    p.click("#save")
    p.wait_for_url(re.compile(r"/account\?notice=added$"))
    assert "Le mode de paiement est enregistré." in (p.text_content("main") or "")
    methods = p.text_content("#methods") or ""
    assert "•••• 4242" in methods
    assert "Par défaut" in methods
    assert "Expire 12/2030" in methods

    open_add(p, "card")
    base.type_card(p, "5555555555554444")
    p.click("#save")
    expect(p.locator("#methods .method")).to_have_count(2)
    p.click("#methods .method:nth-child(2) button")
    p.wait_for_url(re.compile(r"notice=default_set"))
    assert "Votre mode de paiement par défaut est changé." in (p.text_content("main") or "")
    assert "•••• 4444" in (p.text_content("#methods .method:nth-child(1)") or "")

    # Switched to English, and remembered (a cookie) over the browser's French.
    p.click("button[lang=en]")
    expect(p.locator("html")).to_have_attribute("lang", "en")
    p.goto(f"{server}/account")
    assert "My account" in (p.text_content("h1") or "")
    p.click("button[lang=fr]")
    p.wait_for_url(re.compile(r"/account"))
    p.click("#sign-out")
    p.wait_for_url(re.compile(r"notice=signed_out"))
    assert "Vous êtes déconnecté." in (p.text_content("main") or "")


SHOTS = os.environ.get("OWL_TEST_SHOTS")  # a folder: screenshots of what was checked


def overflow(page: Page) -> list[str]:
    """What sticks out to the right of a phone's screen (the page would scroll sideways)."""
    found: list[str] = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        const out = [];
        if (document.documentElement.scrollWidth > width)
            out.push(`page ${document.documentElement.scrollWidth}px > ${width}px`);
        for (const el of document.querySelectorAll('header *, main *')) {
            const box = el.getBoundingClientRect();
            if (box.width && box.right > width + 0.5)
                out.push(`${el.tagName.toLowerCase()}#${el.id} «${(el.textContent || '').trim()
                          .slice(0, 30)}» ends at ${Math.round(box.right)}px`);
        }
        return out;
    }""")
    return found


@pytest.mark.parametrize("locale", ["fr-CA", "en-CA"])
def test_every_page_fits_a_phone_in_both_languages(portal: Portal, server: str,
                                                   locale: str) -> None:
    """390 px wide (a phone): the top bar (clinic, tabs, language, sign out) wraps rather than
    pushing the page sideways, in French, the longer language, too."""
    with phone_page(locale=locale) as p:
        p.goto(f"{server}/sign-in")
        assert not overflow(p)
        sign_in(p, server)  # Noor
        for path in ("/account", "/book", "/billing"):
            p.goto(f"{server}{path}")
            assert not overflow(p), path
            if SHOTS:
                p.screenshot(path=f"{SHOTS}/phone-{locale}{path.replace('/', '-')}.png")
