"""Live 3-D Secure and bank logins get through; everything else is still refused.

A real bank serves its 3-D Secure challenge (and device fingerprinting) from its own domain,
inside Stripe's iframe, and a bank login window Stripe opens is redirected to the bank. Here the
sandbox's iframes play Stripe's and ``bank_server`` plays the bank, on another 127.0.0.1 port:
over https (any https origin is allowed below Stripe's frames) or plain http (allowed on
loopback only because Stripe.js is the loopback sandbox).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtWebEngineCore import QWebEngineCertificateError, QWebEnginePage

from owl_desktop.ui.web.page import FilteredPage, StripePopup
from owl_desktop.ui.web.view import EntryView
from tests.gui.entry.bank_server import BankServer, bank_server
from tests.gui.entry.helpers import click_to_open, field_frame, frames, run_js, wait_until

pytestmark = pytest.mark.usefixtures("sandbox")


def trust_the_test_bank(page: QWebEnginePage, bank: BankServer) -> None:
    """Accept the bank server's self-signed certificate, on this page and for that origin only."""
    def on_error(error: QWebEngineCertificateError) -> None:
        if error.url().toString().startswith(bank.origin):
            error.acceptCertificate()
        else:
            error.rejectCertificate()

    page.certificateError.connect(on_error)


@pytest.fixture
def https_bank() -> Iterator[BankServer]:
    with bank_server(https=True) as bank:
        yield bank


@pytest.fixture
def http_bank() -> Iterator[BankServer]:
    with bank_server(https=False) as bank:
        yield bank


def frame_in_stripes_frame(view: EntryView, url: str) -> None:
    """Inside the sandbox's card number iframe (Stripe's origin), add a frame showing ``url``:
    what Stripe's 3-D Secure frame does with the bank's challenge page."""
    stripe_frame = field_frame(view.page(), "cardNumber")
    assert run_js(stripe_frame, "var f = document.createElement('iframe');"
                                f"f.src = {json.dumps(url)}; document.body.appendChild(f); 1"
                  ) == 1, "the frame wasn't added"


def watch_blocked(page: FilteredPage) -> list[str]:
    blocked: list[str] = []
    page.navigation_blocked.connect(blocked.append)
    return blocked


def test_a_banks_https_frame_inside_stripes_frame_loads(
        ready_view: EntryView, https_bank: BankServer,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="owl_desktop.ui.web.page")
    page = ready_view.entry_page
    trust_the_test_bank(page, https_bank)
    blocked = watch_blocked(page)
    frame_in_stripes_frame(ready_view, https_bank.origin + "/acs/challenge?creq=secret")
    wait_until(lambda: https_bank.served == ["/acs/challenge?creq=secret"],
               what="the bank's page to be requested")
    bank_frame = wait_until(
        lambda: [f for f in frames(page) if f.url().toString().startswith(https_bank.origin)],
        what="the bank's frame")[0]
    wait_until(lambda: run_js(bank_frame, "document.title") == "Bank of Test",
               what="the bank's page in its frame")
    assert blocked == []
    # Logged by origin, never with the path or query (they can carry secrets).
    logged = [r.getMessage() for r in caplog.records if https_bank.origin in r.getMessage()]
    assert logged
    assert not any("creq" in message or "/acs" in message for message in logged)


def test_loopback_http_frames_only_in_sandbox_mode_and_other_http_never(
        ready_view: EntryView, http_bank: BankServer) -> None:
    page = ready_view.entry_page
    blocked = watch_blocked(page)
    frame_in_stripes_frame(ready_view, http_bank.origin + "/fingerprint")
    wait_until(lambda: http_bank.served == ["/fingerprint"], what="the loopback http frame")
    frame_in_stripes_frame(ready_view, "http://acs.bank.example/challenge")
    wait_until(lambda: blocked, what="the plain http frame to be refused")
    assert blocked == ["http://acs.bank.example"]
    frame_in_stripes_frame(ready_view, "data:text/html,<p>phish</p>")
    wait_until(lambda: len(blocked) == 2, what="the data: frame to be refused")
    assert blocked[1] == "data:"


def test_a_popup_that_starts_away_from_stripe_is_refused(
        ready_view: EntryView, https_bank: BankServer) -> None:
    popups: list[StripePopup] = []
    ready_view.entry_page.popup_opened.connect(popups.append)
    blocked: list[str] = []

    def on_popup(popup: StripePopup) -> None:
        trust_the_test_bank(popup.page, https_bank)
        popup.page.navigation_blocked.connect(blocked.append)

    ready_view.entry_page.popup_opened.connect(on_popup)
    ready_view.entry_page.set_stripe_flow(True)
    click_to_open(ready_view, https_bank.origin + "/login")
    popup = wait_until(lambda: popups and popups[0], what="the pop-up window")
    wait_until(lambda: not shiboken6.isValid(popup) or not popup.isVisible(),
               what="the pop-up to close itself")
    assert blocked == [https_bank.origin]
    assert https_bank.served == []


def test_a_popup_that_starts_at_stripe_follows_the_bank(
        ready_view: EntryView, sandbox: Any, https_bank: BankServer) -> None:
    popups: list[StripePopup] = []

    def on_popup(popup: StripePopup) -> None:
        trust_the_test_bank(popup.page, https_bank)
        popups.append(popup)

    ready_view.entry_page.popup_opened.connect(on_popup)
    ready_view.entry_page.set_stripe_flow(True)
    click_to_open(ready_view, sandbox.stripe_js_url + "3ds.html")
    popup = wait_until(lambda: popups and popups[0], what="the pop-up window")
    wait_until(lambda: popup.loaded, what="Stripe's page in the pop-up")
    blocked = watch_blocked(popup.page)
    # Stripe sends the window on to the bank's login.
    popup.page.runJavaScript(f"location.href = {json.dumps(https_bank.origin + '/login')};")
    wait_until(lambda: https_bank.served == ["/login"], what="the bank's login to be requested")
    wait_until(lambda: popup.page.url().toString() == https_bank.origin + "/login",
               what="the pop-up to show the bank")
    wait_until(lambda: popup.windowTitle() == "Bank of Test", what="the bank's page")
    assert popup.isVisible()
    assert blocked == []
    # Still never plain http, even after starting at Stripe.
    popup.page.runJavaScript("location.href = 'http://bank.example/login';")
    wait_until(lambda: blocked == ["http://bank.example"], what="plain http to be refused")
    assert popup.isVisible()
    popup.close()
