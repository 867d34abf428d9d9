"""Steps the browser tests share (beside ``test_browser.py``, whose fixtures they reuse): sign
in, open *Add payment method*, read the Stripe.js double's fields and modals as a client sees
them. Real clicks and keystrokes wherever the page allows; the double's test hooks only to
reach inside the bank window's pop-up."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.integration.portal.helpers import GOOD_PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import FrameLocator, Page

# Stripe's test numbers (https://docs.stripe.com/testing): 3-D Secure required on setup;
# a PAD account at Stripe's test institution 000, transit 11000.
CARD_3DS = "4000002500003155"
BANK_INSTITUTION = "000"
BANK_TRANSIT = "11000"
BANK_ACCOUNT = "000123456789"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update"]

BLUE = "rgb(26, 86, 219)"   # portal.css --blue, portal.js STYLE.complete
RED = "rgb(200, 30, 30)"    # portal.css --red, portal.js STYLE.invalid


def sign_in(page: Page, server: str, email: str = "noor@example.com",
            password: str = GOOD_PASSWORD) -> None:
    page.goto(f"{server}/sign-in")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit].primary")
    page.wait_for_url(re.compile(r"/account$"))


def open_add(page: Page, kind: str) -> None:
    """*Add payment method* → *Credit card* (``card``) or *Bank account* (``bank``)."""
    page.click("#add-method")
    page.click(f"#choose-{kind}")


def field(page: Page, selector: str) -> FrameLocator:
    """The Stripe.js double's iframe inside one of the card containers."""
    return page.frame_locator(f"{selector} iframe")


def field_color(page: Page, selector: str) -> str:
    """The computed colour of the text the client types into that card field."""
    value: str = field(page, selector).locator("#field").evaluate(
        "e => getComputedStyle(e).color")
    return value


def border_color(page: Page, selector: str) -> str:
    value: str = page.locator(selector).evaluate("e => getComputedStyle(e).borderTopColor")
    return value


def modal_frame(page: Page, kind: str) -> FrameLocator:
    """Stripe's modal (``threeDS`` or ``acss``): an iframe of Stripe's origin over the page."""
    return page.frame_locator(f"[data-owl-stripe-modal={kind}] iframe")


def modal_open(page: Page) -> str | None:
    value: str | None = page.evaluate("window.__stripeSandbox.modal()")
    return value


def stripe_hook(page: Page, action: str, arg: object = None) -> bool:
    """``window.__stripeSandbox.acss(action, arg)``: drives the bank window (and its bank-login
    pop-up) as the client would; true once the step was done."""
    done: bool = page.evaluate("([a, b]) => window.__stripeSandbox.acss(a, b)", [action, arg])
    return done


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(app: Any, port: int | None = None) -> Iterator[str]:
    """``app`` served by a real uvicorn on 127.0.0.1 for the block (on ``port``, else a free
    one); its URL."""
    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=port or free_port(), log_config=None,
                            access_log=False, ws="none", lifespan="off")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        running.should_exit = True
        thread.join(10)


@contextmanager
def phone_page(**context_options: Any) -> Iterator[Page]:
    """A page in Debian's Chromium at a phone's size, English (Canada) unless told otherwise."""
    from playwright.sync_api import sync_playwright

    options = {"viewport": {"width": 390, "height": 844}, "locale": "en-CA", **context_options}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(**options)
        page = context.new_page()
        page.set_default_timeout(15000)
        try:
            yield page
        finally:
            context.close()
            browser.close()
