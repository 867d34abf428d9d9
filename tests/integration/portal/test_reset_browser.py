"""*Forgot your password?* in a real browser: a real uvicorn server on a free port, Debian's
Chromium driven by Playwright, a real SMTP server on 127.0.0.1 (aiosmtpd). The client asks
for a link, it arrives by mail, they follow it, choose a new password and sign in with it."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.integration.portal.browser_steps import free_port, phone_page, serving
from tests.integration.portal.conftest import Portal
from tests.integration.portal.helpers import GOOD_PASSWORD
from tests.integration.portal.mail_portal import MailPortal, reset_link, with_mail
from tests.integration.portal.test_browser import pytestmark as browser_marks
from tests.mail_server import MailServer, running

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = browser_marks  # slow; skipped without Debian's chromium
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    return sqlite_url


@pytest.fixture
def mail_server(tmp_path: Path) -> Iterator[MailServer]:
    yield from running(tmp_path)


@pytest.fixture
def served(portal: Portal, mail_server: MailServer) -> Iterator[tuple[MailPortal, str]]:
    """The portal with mail, on a real uvicorn server whose address is the public one
    (the links in the mails lead back to it)."""
    port = free_port()
    mp = with_mail(portal, mail_server, public_url=f"http://127.0.0.1:{port}")
    with serving(mp.app, port) as url:
        yield mp, url


@pytest.fixture
def page() -> Iterator[Page]:
    with phone_page() as p:
        yield p


@pytest.fixture
def french_page() -> Iterator[Page]:
    with phone_page(locale="fr-CA") as p:
        yield p


def ask_for_a_link(p: Page, url: str, email: str) -> str:
    p.goto(f"{url}/sign-in")
    p.click("a[href='/forgot']")
    p.wait_for_url(re.compile(r"/forgot$"))
    p.fill("#email", email)
    p.keyboard.press("Enter")
    expect(p.locator("#forgot-sent")).to_be_visible()
    return p.text_content("main") or ""


def test_forgot_mail_link_new_password_sign_in(served: tuple[MailPortal, str],
                                               page: Page) -> None:
    mp, url = served
    p = page
    answer = ask_for_a_link(p, url, "noor@example.com")
    assert "a link to choose a new password is on its way" in answer
    [got] = mp.server.wait_for(1)
    link = reset_link(got, url)

    p.goto(link)
    expect(p.locator("h1")).to_have_text("Choose a new password")
    p.fill("#password", "noor1234")
    p.fill("#confirm", "noor1234")
    p.click("button[type=submit].primary")
    expect(p.locator("#password-error")).to_have_text("Use at least 10 characters.")
    p.fill("#password", NEW_PASSWORD)
    p.fill("#confirm", NEW_PASSWORD)
    p.keyboard.press("Enter")
    p.wait_for_url(re.compile(r"/sign-in\?notice=password_saved"))

    p.fill("#email", "noor@example.com")
    p.fill("#password", GOOD_PASSWORD)  # the old one no longer works
    p.click("button[type=submit].primary")
    expect(p.locator("#form-error")).to_be_visible()
    p.fill("#password", NEW_PASSWORD)
    p.click("button[type=submit].primary")
    p.wait_for_url(re.compile(r"/account$"))

    # The link was single use.
    p.goto(link)
    expect(p.locator("#message")).to_contain_text("can't be used any more")


def test_an_unknown_email_gets_the_same_page_and_no_mail(served: tuple[MailPortal, str],
                                                        page: Page) -> None:
    mp, url = served
    known = ask_for_a_link(page, url, "noor@example.com")
    mp.server.wait_for(1)
    unknown = ask_for_a_link(page, url, "nobody@example.com")
    assert unknown == known
    time.sleep(0.5)  # a mail would have been sent right after the answer
    assert len(mp.server.messages) == 1


def test_rate_limit_and_an_expired_link_in_the_browser(served: tuple[MailPortal, str],
                                                       page: Page) -> None:
    mp, url = served
    p = page
    for _ in range(3):
        ask_for_a_link(p, url, "sami@example.com")
    p.goto(f"{url}/forgot")
    p.fill("#email", "sami@example.com")
    p.keyboard.press("Enter")
    expect(p.locator("#form-error")).to_have_text(
        "Too many requests for a new password. Wait an hour, then try again.")
    assert p.input_value("#email") == "sami@example.com"  # what was typed stays
    link = reset_link(mp.server.wait_for(3)[-1], url)
    mp.portal.clock.advance(minutes=61)
    p.goto(link)
    expect(p.locator("#message")).to_contain_text("has expired")


def test_french(served: tuple[MailPortal, str], french_page: Page) -> None:
    mp, url = served
    p = french_page
    p.goto(f"{url}/forgot")
    expect(p.locator("h1")).to_have_text("Mot de passe oublié\u00a0?")
    p.fill("#email", "noor@example.com")
    p.click("button[type=submit].primary")
    expect(p.locator("#forgot-sent")).to_contain_text("est en route")
    [got] = mp.server.wait_for(1)
    assert got.message["Subject"] == "Réinitialisez votre mot de passe chez Clinique Azur"
    assert "Choisir un nouveau mot de passe" in got.part("html")
    p.goto(reset_link(got, url))
    expect(p.locator("h1")).to_have_text("Choisissez un nouveau mot de passe")
