"""What the entry dialog tells staff while they type: stale messages go, every field's error
shows, an incomplete field says so once left, a disabled Save says why, Enter saves and Escape
closes from inside Stripe's fields, focus is drawn on the one field that has it, and messages that
replace the form sit at the top. Real QtWebEngine, the test Stripe over HTTP, a real database;
numbers are typed with real keystrokes (so these run on a real Stripe test mode too, except where
a sandbox control is asked for)."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from owl_desktop.ui.payment_methods.add_dialog import AddPaymentMethodDialog
from owl_desktop.ui.payment_methods.add_machine import BANK, CARD
from tests.gui.entry.conftest import AddEnv
from tests.gui.entry.helpers import (
    acss,
    click_in,
    field_error_text,
    field_frame,
    key_in,
    modal,
    run_js,
    spin,
    wait_until,
)
from tests.gui.entry.numbers import (
    BANK_ACCOUNT,
    BANK_INSTITUTION,
    BANK_TRANSIT,
    CARD_AMEX,
    CARD_DECLINED,
    CARD_INVALID_LUHN,
    CARD_VISA,
)
from tests.gui.entry.test_add_payment_method import open_dialog, type_card

DECLINED_TEXT = ("The card was declined. The bank gave no reason. Ask the client to call their "
                 "bank, or for another card.")


def is_closed(dialog: AddPaymentMethodDialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def test_a_decline_goes_away_once_staff_type_another_number(add_env: AddEnv) -> None:
    client = add_env.make_client()
    dialog = open_dialog(add_env, client)
    type_card(dialog, CARD_DECLINED)
    wait_until(dialog.save_button.isEnabled, what="Save to be enabled")
    dialog.save_button.click()
    wait_until(lambda: dialog.stage.value == "editing" and dialog.status_text(),
               what="the decline")
    assert dialog.status_text() == DECLINED_TEXT
    key_in(dialog.view, "cardNumber", CARD_VISA, replace=True)
    wait_until(lambda: dialog.view.field_states["cardNumber"].valid, what="the new number")
    assert dialog.status_text() == ""
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    wait_until(lambda: add_env.methods.list_for_client(client.id), what="the new card")
    assert add_env.methods.list_for_client(client.id)[0].last4 == CARD_VISA[-4:]


def test_every_invalid_field_shows_its_own_error(add_env: AddEnv) -> None:
    dialog = open_dialog(add_env, add_env.make_client())
    type_card(dialog, CARD_INVALID_LUHN, expiry="01/21")
    view = dialog.view
    wait_until(lambda: view.field_states["cardNumber"].error_code
               and view.field_states["cardExpiry"].error_code, what="both errors")
    number_error = view.field_states["cardNumber"].error_message
    expiry_error = view.field_states["cardExpiry"].error_message
    assert number_error
    assert expiry_error
    assert number_error != expiry_error
    assert field_error_text(view, "cardNumber") == number_error
    assert field_error_text(view, "cardExpiry") == expiry_error
    assert field_error_text(view, "cardCvc") == ""
    assert not dialog.save_button.isEnabled()


def test_an_incomplete_field_says_so_once_left_and_a_disabled_save_says_why(
        add_env: AddEnv) -> None:
    dialog = open_dialog(add_env, add_env.make_client())
    assert not dialog.save_button.isEnabled()
    assert dialog.save_hint.isVisible()
    assert dialog.save_hint.text() == (
        "Complete the card number, the expiry date and the CVC to save.")
    view = dialog.view
    type_card(dialog, CARD_AMEX, cvc="123")  # an Amex wants 4 digits
    wait_until(lambda: view.field_states["cardExpiry"].valid, what="the expiry")
    assert field_error_text(view, "cardCvc") == ""  # still typing: nothing red yet
    assert dialog.save_hint.text() == "Complete the CVC to save."
    click_in(view, "#card-number")  # the CVC loses the caret
    wait_until(lambda: field_error_text(view, "cardCvc"), what="the CVC's error once left")
    assert "incomplete" in field_error_text(view, "cardCvc")
    assert not dialog.save_button.isEnabled()
    assert dialog.save_button.toolTip() == "Complete the CVC to save."
    # The name, emptied with the keyboard, is named too.
    click_in(view, "#name")
    QTest.keyClick(view.focusProxy(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(view.focusProxy(), Qt.Key.Key_Backspace)
    wait_until(lambda: not view.name_given, what="the name to be empty")
    assert dialog.save_hint.text() == "Complete the CVC to save. Enter the name on the card."
    key_in(view, "cardCvc", "4")
    wait_until(lambda: view.field_states["cardCvc"].valid, what="a 4-digit CVC")
    assert dialog.save_hint.text() == "Enter the name on the card."


def test_enter_in_the_card_fields_saves(add_env: AddEnv) -> None:
    client = add_env.make_client()
    dialog = open_dialog(add_env, client)
    target = dialog.view.focusProxy()
    QTest.keyClick(target, Qt.Key.Key_Return)  # nothing to save yet: nothing happens
    assert dialog.stage.value == "editing"
    type_card(dialog, CARD_VISA)
    wait_until(dialog.save_button.isEnabled, what="Save to be enabled")
    assert QApplication.focusWidget() is target  # the caret is still in the CVC
    QTest.keyClick(target, Qt.Key.Key_Return)
    wait_until(lambda: add_env.methods.list_for_client(client.id), what="the card to be saved")
    wait_until(lambda: is_closed(dialog), what="the dialog to close")


def test_escape_in_the_card_number_closes_and_cancels_the_setup_intent(
        add_env: AddEnv, stripe_client: Any) -> None:
    dialog = open_dialog(add_env, add_env.make_client())
    key_in(dialog.view, "cardNumber", "4242")
    setup_intent_id = dialog.setup_intent_id
    QTest.keyClick(dialog.view.focusProxy(), Qt.Key.Key_Escape)
    wait_until(lambda: is_closed(dialog), what="the dialog to close")
    wait_until(lambda: stripe_client.v1.setup_intents.retrieve(setup_intent_id).status
               == "canceled", what="the SetupIntent to be cancelled")


BORDER = ("(function () { return getComputedStyle(document.querySelector('#card-number'))"
          ".borderTopColor; })()")
FOCUS_BLUE = "rgb(26, 86, 219)"


def test_only_the_field_with_the_caret_looks_focused_in_a_second_dialog(
        add_env: AddEnv, qtbot: Any) -> None:
    client = add_env.make_client()
    first = open_dialog(add_env, client)
    key_in(first.view, "cardNumber", "42")
    first.reject()
    wait_until(lambda: is_closed(first), what="the first dialog to close")
    dialog = open_dialog(add_env, client)
    view = dialog.view
    wait_until(lambda: QApplication.focusWidget() is view.focusProxy(), what="keyboard focus")
    # Staff look at another window, then come back: the caret is still in the card number.
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    wait_until(lambda: run_js(view.page(), "document.hasFocus()") is False, what="focus to go")
    wait_until(lambda: run_js(view.page(), BORDER) != FOCUS_BLUE, what="no focus drawn")
    other.close()
    dialog.activateWindow()
    view.setFocus()
    wait_until(lambda: run_js(view.page(), "document.activeElement.tagName") == "IFRAME"
               and run_js(view.page(), "document.hasFocus()"), what="the caret back in the number")
    wait_until(lambda: run_js(view.page(), BORDER) == FOCUS_BLUE, what="the number drawn focused")
    QTest.keyClick(view.focusProxy(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    wait_until(lambda: run_js(view.page(), "document.activeElement.id") == "postal_code",
               what="the postal code to have the caret")
    wait_until(lambda: run_js(view.page(), BORDER) != FOCUS_BLUE, what="the number's focus to go")
    click_in(view, "#name")
    spin(300)
    assert run_js(view.page(), BORDER) != FOCUS_BLUE
    dialog.reject()


def test_offline_the_message_sits_under_the_heading(add_env: AddEnv, sandbox: Any) -> None:
    sandbox.faults.set(refuse_connections=True)
    try:
        dialog = add_env.flow.open_dialog(add_env.make_client(), CARD)
        wait_until(lambda: dialog.stage.value == "broken", what="the offline message")
        QApplication.processEvents()
        body = dialog.message_body
        assert body.isVisible()
        assert "internet" in body.text()
        assert dialog.message_title.isVisible()
        assert dialog.message_title.text()
        assert not dialog.view.isVisible()
        heading_bottom = dialog.heading.geometry().bottom()
        title_top = dialog.message_title.mapTo(dialog, dialog.message_title.rect().topLeft()).y()
        assert 0 <= title_top - heading_bottom < 40, (heading_bottom, title_top)
        assert dialog.status_label.text() == ""  # said once, in the panel
        dialog.reject()
    finally:
        sandbox.faults.set(refuse_connections=False)


def test_a_bank_account_pending_verification_replaces_the_form(add_env: AddEnv,
                                                                sandbox: Any) -> None:
    client = add_env.make_client()
    dialog = open_dialog(add_env, client, BANK)
    wait_until(dialog.save_button.isEnabled, what="Continue to be enabled")
    dialog.save_button.click()
    page = dialog.view.page()
    wait_until(lambda: modal(page) == "acss", what="Stripe's bank window")
    acss(page, "fill", {"institution": BANK_INSTITUTION, "transit": BANK_TRANSIT,
                        "account": BANK_ACCOUNT})
    acss(page, "accept")
    wait_until(lambda: dialog.stage.value == "done", what="the bank account to be saved")
    QApplication.processEvents()
    assert not dialog.view.isVisible()  # no "When you continue, Stripe's window asks…"
    assert dialog.message_body.isVisible()
    assert "verification" in dialog.message_body.text()
    assert dialog.cancel_button.text() == "Close"
    dialog.cancel_button.click()


def test_the_pages_own_paths_submit_and_escape_reach_the_dialog(add_env: AddEnv,
                                                               sandbox: Any) -> None:
    """Without the dialog's key filter: the form's submit (Enter in a hosted page, or Stripe.js
    submitting the parent form) saves, and Stripe's ``escape`` event closes the dialog."""
    client = add_env.make_client()
    dialog = open_dialog(add_env, client)
    page = dialog.view.page()
    run_js(page, "document.getElementById('entry-form').requestSubmit(); 1")
    spin(200)
    assert dialog.stage.value == "editing"  # nothing to save yet
    type_card(dialog, CARD_VISA)
    wait_until(dialog.save_button.isEnabled, what="Save to be enabled")
    run_js(page, "document.getElementById('entry-form').requestSubmit(); 1")
    wait_until(lambda: add_env.methods.list_for_client(client.id), what="the card to be saved")
    second = open_dialog(add_env, client)
    frame = field_frame(second.view.page(), "cardNumber")
    run_js(frame, "document.getElementById('field').dispatchEvent(new KeyboardEvent('keydown', "
                  "{key: 'Escape', bubbles: true})); 1")
    wait_until(lambda: is_closed(second), what="Stripe's escape to close the dialog")
