"""Cards in a real browser, beyond ``test_browser.py`` (whose fixtures these reuse): 3-D Secure
completed and failed in Stripe's challenge window, and the card fields' colours as the client
sees them — blue when complete and valid, red when invalid — read from the computed style
inside the Stripe.js double's iframes and of their containers on the page."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from owl_desktop.sandbox.server import SandboxServer
from tests.integration.portal import test_browser as base
from tests.integration.portal.browser_steps import (
    BLUE,
    CARD_3DS,
    RED,
    border_color,
    field,
    field_color,
    modal_frame,
    open_add,
    sign_in,
)
from tests.integration.portal.conftest import Portal

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = base.pytestmark
expect = base.expect
database_url, server, page = base.database_url, base.server, base.page


def start_3ds(page: Page, server: str) -> None:
    sign_in(page, server)
    open_add(page, "card")
    base.type_card(page, CARD_3DS)
    expect(page.locator("#save")).to_be_enabled()
    page.click("#save")
    expect(modal_frame(page, "threeDS").locator("#complete")).to_be_visible()
    assert page.is_disabled("#save")  # nothing to click twice while the bank checks


def test_three_d_secure_completed(portal: Portal, server: str, page: Page,
                                  sandbox: SandboxServer) -> None:
    start_3ds(page, server)
    modal_frame(page, "threeDS").locator("#complete").click()
    page.wait_for_url(re.compile(r"/account\?notice=added$"))
    assert "•••• 3155" in (page.text_content("#methods") or "")
    [method] = portal.methods.list_for_client(portal.noor)
    assert (method.last4, method.status, method.is_default) == ("3155", "active", True)


def test_three_d_secure_failed(portal: Portal, server: str, page: Page,
                               sandbox: SandboxServer) -> None:
    start_3ds(page, server)
    modal_frame(page, "threeDS").locator("#fail").click()
    expect(page.locator("#dialog-error")).not_to_be_empty()
    assert "authenticat" in (page.text_content("#dialog-error") or "").lower()
    expect(page.locator("[data-owl-stripe-modal]")).to_have_count(0)
    assert page.locator("#add-dialog").is_visible()
    expect(page.locator("#save")).to_be_enabled()  # the card is still typed: try again
    assert portal.methods.list_for_client(portal.noor) == []
    # ...and the second attempt, completed, saves it.
    page.click("#save")
    modal_frame(page, "threeDS").locator("#complete").click()
    page.wait_for_url(re.compile(r"/account\?notice=added$"))
    assert [m.last4 for m in portal.methods.list_for_client(portal.noor)] == ["3155"]


def type_into(page: Page, selector: str, text: str) -> None:
    box = field(page, selector).locator("#field")
    box.click()
    box.press("Control+a")
    box.press("Backspace")
    box.press_sequentially(text, delay=5)


def test_card_fields_blue_when_valid_red_when_invalid(portal: Portal, server: str, page: Page,
                                                      sandbox: SandboxServer) -> None:
    sign_in(page, server)
    open_add(page, "card")
    number = "#card-number"
    typed_color = field_color(page, number)
    assert typed_color not in (BLUE, RED)  # empty: neither

    type_into(page, number, "4242424242424241")  # fails the Luhn check
    expect(page.locator("#cardNumber-error")).not_to_be_empty()
    assert field_color(page, number) == RED
    assert border_color(page, number) == RED

    type_into(page, number, "4242424242424242")
    expect(page.locator("#cardNumber-error")).to_be_empty()
    assert field_color(page, number) == BLUE
    assert border_color(page, number) == BLUE

    type_into(page, "#card-expiry", "0120")  # in the past
    expect(page.locator("#cardExpiry-error")).not_to_be_empty()
    assert field_color(page, "#card-expiry") == RED
    type_into(page, "#card-expiry", "1230")
    assert field_color(page, "#card-expiry") == BLUE
    type_into(page, "#card-cvc", "123")
    assert field_color(page, "#card-cvc") == BLUE
    expect(page.locator("#save")).to_be_enabled()
    # The number made invalid again: red again, and Save no longer possible.
    type_into(page, number, "4242424242424241")
    expect(page.locator("#save")).to_be_disabled()
    assert field_color(page, number) == RED
