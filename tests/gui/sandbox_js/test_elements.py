"""The Stripe.js double's card Elements in real QtWebEngine: isolation, validation, style."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.gui.sandbox_js.conftest import STYLE, JsHost, wait_until

BLUE = STYLE["complete"]["color"]
RED = STYLE["invalid"]["color"]
GREY = STYLE["empty"]["color"]
BASE = STYLE["base"]["color"]


def future_expiry() -> str:
    return f"12{(dt.date.today().year + 3) % 100:02d}"


def change(host: JsHost, element_type: str, **expected: Any) -> dict[str, Any]:
    """Waits for the element's last change payload to have the expected fields."""

    def matches() -> dict[str, Any] | None:
        last = host.last_change(element_type)
        if last is None:
            return None
        for key, value in expected.items():
            if key == "code":
                if (last.get("error") or {}).get("code") != value:
                    return None
            elif last.get(key) != value:
                return None
        return last

    result: dict[str, Any] = wait_until(matches, what=f"{element_type} change {expected}")
    return result


def container_classes(host: JsHost, selector: str) -> set[str]:
    return set(host.eval(f"document.querySelector({selector!r}).className").split())


@pytest.fixture
def host(js_host: JsHost) -> JsHost:
    js_host.load(locale="en")
    return js_host


def test_fields_live_in_sandbox_origin_iframes_the_host_cannot_read(host: JsHost,
                                                                      js_sandbox: Any) -> None:
    srcs = host.eval_json("Array.from(document.querySelectorAll('iframe')).map(f => f.src)")
    assert len(srcs) == 3
    assert all(src.startswith(js_sandbox.url + "/v3/elements-frame.html#") for src in srcs)
    assert host.eval("document.querySelector('iframe').contentDocument === null")
    blocked = host.eval("""(function () {
        try { return document.querySelector('iframe').contentWindow.document.body ? 'r' : 'n'; }
        catch (e) { return e.name; } })()""")
    assert blocked == "SecurityError"

    host.type("cardNumber", "4242424242424242")
    change(host, "cardNumber", complete=True)
    # The number is in the frame, nowhere in the host page or the events it received.
    assert host.field_text("cardNumber") == "4242 4242 4242 4242"
    assert "4242" not in host.eval("document.documentElement.outerHTML.split('<script')[0]")
    assert "4242" not in host.eval("JSON.stringify(window.events)")
    assert "4242" not in host.eval("JSON.stringify(window.__stripeSandbox.elements())")


def test_mount_adds_stripe_classes_and_no_change_event(host: JsHost) -> None:
    assert {"StripeElement", "StripeElement--empty"} <= container_classes(host, "#card-number")
    assert host.eval_json("window.events") == []
    assert host.field_color("cardNumber") == GREY


def test_pseudo_class_styles_apply(host: JsHost) -> None:
    placeholder = "getComputedStyle(document.getElementById('field'), '::placeholder').color"
    frame = host.field_frame("cardNumber")
    assert host.frame_eval(frame, placeholder) == "rgb(170, 183, 196)"
    host.eval("cards.cardNumber.focus()")
    host.wait_js("window.events.some(e => e.focus === 'cardNumber')")
    assert host.frame_eval(frame, placeholder) == "rgb(10, 20, 30)"
    assert host.frame_eval(frame, "document.getElementById('field').placeholder") == (
        "1234 1234 1234 1234")


def test_valid_card_turns_complete_and_blue(host: JsHost) -> None:
    host.type("cardNumber", "4242424242424242")
    host.type("cardExpiry", future_expiry())
    host.type("cardCvc", "123")
    number = change(host, "cardNumber", complete=True)
    assert number == {"elementType": "cardNumber", "empty": False, "complete": True,
                      "brand": "visa"}
    assert change(host, "cardExpiry", complete=True).get("error") is None
    assert change(host, "cardCvc", complete=True).get("error") is None
    for element_type, selector in (("cardNumber", "#card-number"), ("cardExpiry", "#card-expiry"),
                                   ("cardCvc", "#card-cvc")):
        assert host.field_color(element_type) == BLUE
        classes = container_classes(host, selector)
        assert "StripeElement--complete" in classes
        assert "StripeElement--invalid" not in classes
        assert "StripeElement--empty" not in classes
    assert host.field_text("cardExpiry") == f"{future_expiry()[:2]} / {future_expiry()[2:]}"


def test_invalid_number_is_red_with_stripes_code_and_message(host: JsHost) -> None:
    host.type("cardNumber", "4242424242424241")
    last = change(host, "cardNumber", code="invalid_number")
    assert last["complete"] is False
    assert last["error"] == {"type": "validation_error", "code": "invalid_number",
                             "message": "Your card number is invalid."}
    assert host.field_color("cardNumber") == RED
    assert "StripeElement--invalid" in container_classes(host, "#card-number")


def test_incomplete_number_is_reported_only_after_leaving_the_field(host: JsHost) -> None:
    host.eval("cards.cardNumber.focus()")
    host.wait_js("window.events.some(e => e.focus === 'cardNumber')")
    host.type("cardNumber", "4242")
    last = change(host, "cardNumber", empty=False)
    assert last.get("error") is None
    assert host.field_color("cardNumber") == BASE
    host.eval("cards.cardExpiry.focus()")
    last = change(host, "cardNumber", code="incomplete_number")
    assert last["error"]["message"] == "Your card number is incomplete."
    assert host.wait_js("window.events.some(e => e.blur === 'cardNumber')")
    assert host.field_color("cardNumber") == RED


def test_focus_class_follows_focus(host: JsHost) -> None:
    host.eval("cards.cardCvc.focus()")
    host.wait_js("window.events.some(e => e.focus === 'cardCvc')")
    assert "StripeElement--focus" in container_classes(host, "#card-cvc")
    host.eval("cards.cardCvc.blur()")
    host.wait_js("window.events.some(e => e.blur === 'cardCvc')")
    assert "StripeElement--focus" not in container_classes(host, "#card-cvc")


def test_amex_takes_15_digits_and_a_4_digit_cvc(host: JsHost) -> None:
    host.type("cardNumber", "3782822463100051")  # one digit too many: the field keeps 15
    number = change(host, "cardNumber", complete=True)
    assert number["brand"] == "amex"
    assert host.field_text("cardNumber") == "3782 822463 10005"
    host.type("cardCvc", "123")
    cvc = change(host, "cardCvc", empty=False)
    assert cvc["complete"] is False
    host.eval("cards.cardCvc.focus()")
    host.eval("cards.cardNumber.focus()")
    assert change(host, "cardCvc", code="incomplete_cvc")["error"]["message"] == (
        "Your card\u2019s security code is incomplete.")
    host.type("cardCvc", "4")
    assert change(host, "cardCvc", complete=True).get("error") is None
    assert host.field_text("cardCvc") == "1234"


def test_visa_cvc_stops_at_3_digits(host: JsHost) -> None:
    host.type("cardNumber", "4242424242424242")
    change(host, "cardNumber", complete=True)
    host.type("cardCvc", "1234")
    change(host, "cardCvc", complete=True)
    assert host.field_text("cardCvc") == "123"


@pytest.mark.parametrize(("number", "brand"), [
    ("5555555555554444", "mastercard"),
    ("2223003122003222", "mastercard"),
    ("6011111111111117", "discover"),
    ("3056930009020004", "diners"),
    ("36227206271667", "diners"),
    ("3566002020360505", "jcb"),
    ("6200000000000005", "unionpay"),
    ("4000056655665556", "visa"),
])
def test_brands_of_stripes_test_cards(host: JsHost, number: str, brand: str) -> None:
    host.type("cardNumber", number)
    last = change(host, "cardNumber", complete=True)
    assert last["brand"] == brand
    assert last.get("error") is None


def test_expiry_in_the_past_is_invalid(host: JsHost) -> None:
    today = dt.date.today()
    host.type("cardExpiry", f"01{(today.year - 1) % 100:02d}")
    last = change(host, "cardExpiry", code="invalid_expiry_year_past")
    assert last["error"]["message"] == "Your card\u2019s expiration year is in the past."
    assert host.field_color("cardExpiry") == RED
    if today.month > 1:
        host.eval("cards.cardExpiry.clear()")
        change(host, "cardExpiry", empty=True)
        host.type("cardExpiry", f"{today.month - 1:02d}{today.year % 100:02d}")
        change(host, "cardExpiry", code="invalid_expiry_month_past")
    host.eval("cards.cardExpiry.clear()")
    change(host, "cardExpiry", empty=True)
    host.type("cardExpiry", "00")
    change(host, "cardExpiry", code="invalid_expiry_month")
    # A first digit above 1 is a month of its own, as in Stripe's field.
    host.eval("cards.cardExpiry.clear()")
    change(host, "cardExpiry", empty=True)
    host.type("cardExpiry", "4")
    change(host, "cardExpiry", empty=False)
    assert host.field_text("cardExpiry") == "04"


def test_french_locale(js_host: JsHost) -> None:
    js_host.load(locale="fr-CA")
    js_host.type("cardNumber", "4242424242424241")
    last = change(js_host, "cardNumber", code="invalid_number")
    assert last["error"]["message"] == "Votre num\u00e9ro de carte n\u2019est pas valide."
    js_host.type("cardExpiry", "0120")
    assert change(js_host, "cardExpiry", code="invalid_expiry_year_past")["error"]["message"] == (
        "L\u2019ann\u00e9e d\u2019expiration de votre carte est d\u00e9j\u00e0 pass\u00e9e.")
    placeholder = js_host.frame_eval(js_host.field_frame("cardExpiry"),
                                     "document.getElementById('field').placeholder")
    assert placeholder == "MM / AA"


def test_real_keystrokes_reach_the_focused_field(host: JsHost) -> None:
    host.key_in("cardNumber", "4000056655665556")
    assert change(host, "cardNumber", complete=True)["brand"] == "visa"
    assert host.field_text("cardNumber") == "4000 0566 5566 5556"
    host.key_in("cardExpiry", future_expiry())
    change(host, "cardExpiry", complete=True)
    host.key_in("cardCvc", "123")
    change(host, "cardCvc", complete=True)
    assert host.field_color("cardNumber") == BLUE
    # Tab leaves the last field like any input; Shift+Tab goes back into the expiry frame.
    host.eval("window.events = []")
    QTest.keyClick(host.view.focusProxy(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    host.wait_js("window.events.some(e => e.focus === 'cardExpiry')")
    host.eval("window.events = []")
    QTest.keyClick(host.view.focusProxy(), Qt.Key.Key_Tab)
    host.wait_js("window.events.some(e => e.focus === 'cardCvc')")
    # Backspace edits like in Stripe's field: the formatting never traps the caret.
    # (Tabbing in selected the text, as in any input: End first.)
    QTest.keyClick(host.view.focusProxy(), Qt.Key.Key_End)
    QTest.keyClick(host.view.focusProxy(), Qt.Key.Key_Backspace)
    assert change(host, "cardCvc", complete=False)["empty"] is False
    assert host.field_text("cardCvc") == "12"
    # A digit deleted in the middle of the number: the caret stays there, the rest reflows.
    host.eval("window.events = []; cards.cardNumber.focus()")
    host.wait_js("window.events.some(e => e.focus === 'cardNumber')")
    QTest.keyClick(host.view.focusProxy(), Qt.Key.Key_Home)
    for _ in range(6):
        QTest.keyClick(host.view.focusProxy(), Qt.Key.Key_Right)
    QTest.keyClick(host.view.focusProxy(), Qt.Key.Key_Backspace)
    QTest.keyClicks(host.view.focusProxy(), "0")
    wait_until(lambda: host.field_text("cardNumber") == "4000 0566 5566 5556", what="re-typed")
    QTest.keyClick(host.view.focusProxy(), Qt.Key.Key_Backspace)
    wait_until(lambda: host.field_text("cardNumber") == "4000 5665 5665 556", what="reflow")
    assert change(host, "cardNumber", complete=False)["brand"] == "visa"


def test_custom_classes_update_and_clear(js_host: JsHost) -> None:
    js_host.load(classes={"base": "field", "complete": "is-ok", "invalid": "is-bad",
                          "focus": "has-focus", "empty": "is-empty"})
    assert container_classes(js_host, "#card-number") == {"field", "is-empty"}
    js_host.type("cardNumber", "4242424242424242")
    change(js_host, "cardNumber", complete=True)
    assert container_classes(js_host, "#card-number") == {"field", "is-ok"}
    js_host.eval("cards.cardNumber.update({style: {complete: {color: 'rgb(0, 128, 0)'}}})")
    wait_until(lambda: js_host.field_color("cardNumber") == "rgb(0, 128, 0)", what="updated style")
    js_host.eval("cards.cardNumber.clear()")
    assert change(js_host, "cardNumber", empty=True)["complete"] is False
    assert container_classes(js_host, "#card-number") == {"field", "is-empty"}
    # disabled: the input is disabled in the frame and takes no typing.
    js_host.eval("cards.cardNumber.update({disabled: true})")
    frame = js_host.field_frame("cardNumber")
    wait_until(lambda: js_host.frame_eval(frame, "document.getElementById('field').disabled"),
               what="the field to be disabled")
    js_host.run("typed", "return window.__stripeSandbox.type('cardNumber', '4242');")
    assert js_host.result("typed") == {"resolved": {"typed": False}}
    js_host.eval("cards.cardNumber.update({disabled: false})")
    wait_until(lambda: not js_host.frame_eval(frame, "document.getElementById('field').disabled"),
               what="the field to be enabled")
    js_host.type("cardNumber", "4242")
    assert change(js_host, "cardNumber", empty=False)["brand"] == "visa"


def test_unmount_remount_and_destroy(host: JsHost) -> None:
    host.eval("cards.cardCvc.unmount()")
    assert host.eval("document.querySelectorAll('#card-cvc iframe').length") == 0
    assert host.eval("document.getElementById('card-cvc').className") == ""
    host.eval("window.readyCount = 0; cards.cardCvc.mount('#card-cvc')")
    host.wait_js("window.readyCount === 1")
    host.type("cardCvc", "123")
    change(host, "cardCvc", complete=True)
    err = host.eval("""(function () {
        cards.cardCvc.destroy();
        try { cards.cardCvc.mount('#card-cvc'); return 'mounted'; }
        catch (e) { return e.name + ': ' + e.message; } })()""")
    assert err.startswith("IntegrationError: This Element has already been destroyed")
    assert host.eval("elements.getElement('cardCvc') === null") is True
    assert host.eval("elements.create('cardCvc') !== null")


def test_misuse_throws_integration_errors_like_stripe(host: JsHost) -> None:
    def thrown(statement: str) -> str:
        result: str = host.eval(f"(function () {{ try {{ {statement}; return 'no error'; }} "
                                "catch (e) { return e.name + ': ' + e.message; } })()")
        return result

    assert thrown("Stripe('sk_test_123')").startswith(
        "IntegrationError: You should not use your secret key with Stripe.js.")
    assert thrown("elements.create('cardNumber')") == (
        "IntegrationError: Can only create one Element of type cardNumber.")
    assert "intentSecret should be a client secret" in thrown("stripe.confirmCardSetup('nope')")
    assert thrown("cards.cardNumber.mount('#nowhere')").startswith(
        "IntegrationError: The selector you specified (#nowhere) applies to no DOM elements")


def test_confirm_with_incomplete_fields_resolves_a_validation_error(host: JsHost) -> None:
    host.type("cardNumber", "4242424242424242")
    change(host, "cardNumber", complete=True)
    host.run("confirm", "return stripe.confirmCardSetup('seti_123_secret_abc', "
                        "{payment_method: {card: cards.cardNumber}});")
    result = host.result("confirm")
    assert result == {"resolved": {"error": {
        "type": "validation_error", "code": "incomplete_expiry",
        "message": "Your card\u2019s expiration date is incomplete."}}}


def test_show_icon_follows_the_brand_and_escape_is_reported(host: JsHost) -> None:
    frame = host.field_frame("cardNumber")
    assert host.frame_eval(frame, "document.getElementById('icon').hidden") is True
    host.eval("cards.cardNumber.update({showIcon: true, "
              "style: {base: {iconColor: 'rgb(1, 2, 3)'}}})")
    wait_until(lambda: host.frame_eval(frame, "document.getElementById('icon').hidden") is False,
               what="the brand icon")
    host.type("cardNumber", "3782")
    change(host, "cardNumber", brand="amex")
    icon = host.frame_eval(frame, "(function (i) { return [i.textContent, i.dataset.brand, "
                                  "getComputedStyle(i).color].join('|'); })"
                                  "(document.getElementById('icon'))")
    assert icon == "AMEX|amex|rgb(1, 2, 3)"
    host.eval("window.escapes = 0; cards.cardNumber.on('escape', function () { escapes++; })")
    host.key_in("cardNumber", "8")
    QTest.keyClick(host.view.focusProxy(), Qt.Key.Key_Escape)
    assert host.wait_js("window.escapes === 1")


def test_auto_locale_follows_the_browser_language(js_host: JsHost) -> None:
    profile = js_host.page.profile()
    before = profile.httpAcceptLanguage()
    profile.setHttpAcceptLanguage("fr-CA,fr")
    try:
        js_host.load(locale="auto")
        js_host.type("cardNumber", "4242424242424241")
        assert change(js_host, "cardNumber", code="invalid_number")["error"]["message"] == (
            "Votre num\u00e9ro de carte n\u2019est pas valide.")
    finally:
        profile.setHttpAcceptLanguage(before)
    js_host.load(locale="auto")
    assert not js_host.eval("navigator.language").startswith("fr")
    js_host.type("cardNumber", "4242424242424241")
    assert change(js_host, "cardNumber", code="invalid_number")["error"]["message"] == (
        "Your card number is invalid.")


def test_moving_the_container_reloads_the_field_and_it_still_works(host: JsHost) -> None:
    host.type("cardCvc", "12")
    change(host, "cardCvc", empty=False)
    # Moving a node re-creates its iframe's document, as in any browser.
    host.eval("document.body.appendChild(document.getElementById('card-cvc')); true")
    change(host, "cardCvc", empty=True)
    wait_until(lambda: host.field_color("cardCvc") == GREY, what="the styles re-applied")
    assert host.eval("window.readyCount") == 3
    host.type("cardCvc", "123")
    assert change(host, "cardCvc", complete=True).get("error") is None
    assert host.field_color("cardCvc") == BLUE


def test_options_events_and_styles_stripe_js_refuses_throw_integration_errors(
        host: JsHost) -> None:
    """Only what @stripe/stripe-js types per Element: a page can't lean on the double."""
    def thrown(statement: str) -> str:
        result: str = host.eval(f"(function () {{ try {{ {statement}; return 'no error'; }} "
                                "catch (e) { return e.name + ': ' + e.message; } })()")
        return result

    fresh = "stripe.elements().create"
    # create options per type: Link and networks only on the card number
    assert thrown(f"{fresh}('cardNumber', {{disableLink: true, preferredNetwork: ['visa'], "
                  "showIcon: true, iconStyle: 'solid'})") == "no error"
    assert thrown(f"{fresh}('cardExpiry', {{disableLink: true}})").startswith(
        "IntegrationError: Invalid create() parameter: disableLink is not a recognized")
    assert thrown(f"{fresh}('cardCvc', {{showIcon: true}})").startswith(
        "IntegrationError: Invalid create() parameter: showIcon")
    assert thrown(f"{fresh}('cardNumber', {{iconStyle: 'bold'}})").startswith(
        "IntegrationError: Invalid value for create(): iconStyle should be one of")
    assert thrown(f"{fresh}('cardNumber', {{disableLink: 'yes'}})").startswith(
        "IntegrationError: Invalid value for create(): disableLink should be a boolean")
    assert thrown(f"{fresh}('cardNumber', {{hidePostalCode: true}})").startswith(
        "IntegrationError: Invalid create() parameter: hidePostalCode")
    # update takes neither disableLink nor preferredNetwork
    assert thrown("cards.cardNumber.update({disableLink: true})").startswith(
        "IntegrationError: Invalid update() parameter: disableLink")
    assert thrown("cards.cardNumber.update({disabled: false, placeholder: 'x'})") == "no error"
    # style: variants, properties and pseudo-classes Stripe knows, string values
    assert thrown(f"{fresh}('cardCvc', {{style: {{base: {{':focus::placeholder': "
                  "{color: 'red'}, fontWeight: 600}}})") == "no error"
    assert thrown(f"{fresh}('cardCvc', {{style: {{focus: {{color: 'red'}}}}}})").startswith(
        "IntegrationError: Invalid create() parameter: style.focus is not a recognized")
    assert thrown(f"{fresh}('cardCvc', {{style: {{base: {{caretColor: 'red'}}}}}})").startswith(
        "IntegrationError: Invalid create() parameter: style.base.caretColor")
    assert thrown(f"{fresh}('cardCvc', {{style: {{base: {{':active': {{}}}}}}}})").startswith(
        "IntegrationError: Invalid create() parameter: style.base.:active")
    assert thrown(f"{fresh}('cardCvc', {{style: {{invalid: {{color: 1}}}}}})").startswith(
        "IntegrationError: Invalid value for create(): style.invalid.color should be a string")
    assert thrown(f"{fresh}('cardCvc', {{classes: {{hover: 'x'}}}})").startswith(
        "IntegrationError: Invalid create() parameter: classes.hover")
    # events per type
    assert thrown("cards.cardNumber.on('networkschange', function () {})") == "no error"
    assert thrown("cards.cardCvc.on('networkschange', function () {})") == (
        "IntegrationError: Invalid value for on(): event should be one of the following "
        "strings: change, ready, focus, blur, escape. You specified: networkschange.")
    assert thrown("cards.cardNumber.on('submit', function () {})").startswith(
        "IntegrationError: Invalid value for on(): event should be one of")


def test_ready_waits_until_a_hidden_field_is_shown(host: JsHost) -> None:
    host.eval("""(function () {
        var box = document.createElement('div');
        box.id = 'later';
        box.style.display = 'none';
        document.body.appendChild(box);
        window.lateReady = 0;
        window.late = stripe.elements().create('cardExpiry');
        late.on('ready', function () { window.lateReady++; });
        late.mount('#later');
        return true; })()""")
    wait_until(lambda: host.eval_json("window.__stripeSandbox.elements().filter(function (e) {"
                                      " return e.mounted; }).length") == 4,
               what="the hidden field to mount")
    QTest.qWait(800)
    assert host.eval("window.lateReady") == 0
    host.eval("document.getElementById('later').style.display = 'block'; true")
    wait_until(lambda: host.eval("window.lateReady") == 1, what="ready once shown")
