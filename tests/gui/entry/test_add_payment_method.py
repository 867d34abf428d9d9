"""*Add payment method* end to end: real dialog, real entry view, the sandbox over HTTP, a real
database. Numbers are typed with real keystrokes into Stripe's fields, so the core cases (valid,
invalid, expired, Amex, declined) also run against a real Stripe test mode (OWL_TEST_STRIPE_*);
only the cases that need a sandbox control (3-D Secure buttons, the bank window's contents,
faults) ask for the ``sandbox`` fixture and skip there."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt

from owl_desktop.domain.clients import Client
from owl_desktop.ui.payment_methods.add_dialog import AddPaymentMethodDialog
from owl_desktop.ui.payment_methods.add_machine import BANK, CARD
from owl_desktop.ui.web.page import StripePopup
from tests.gui.entry.conftest import AddEnv
from tests.gui.entry.helpers import (
    acss,
    click_in_modal,
    field_classes,
    key_in,
    modal,
    modal_frame,
    real_key_on,
    three_ds,
    wait_fields_ready,
    wait_until,
)
from tests.gui.entry.numbers import (
    BANK_ACCOUNT,
    BANK_INSTITUTION,
    BANK_TRANSIT,
    CARD_3DS,
    CARD_AMEX,
    CARD_DECLINED,
    CARD_INVALID_LUHN,
    CARD_VISA,
)

needs_sandbox = pytest.mark.usefixtures("sandbox")  # Stripe's windows driven by the double's hooks


def open_dialog(env: AddEnv, client: Client, kind: str = CARD) -> AddPaymentMethodDialog:
    dialog = env.flow.open_dialog(client, kind)
    wait_until(lambda: (dialog.stage.value == "editing" and dialog.setup_intent_id)
               or dialog.stage.value == "broken", what="the form and the SetupIntent")
    assert dialog.stage.value == "editing", dialog.status_text()
    if kind == CARD:
        wait_fields_ready(dialog.view)
    return dialog


def is_closed(dialog: AddPaymentMethodDialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def type_card(dialog: AddPaymentMethodDialog, number: str, expiry: str = "12/34",
              cvc: str = "123") -> None:
    """Real keystrokes into each field (a click into it first), as staff type."""
    view = dialog.view
    key_in(view, "cardNumber", number)
    key_in(view, "cardExpiry", expiry.replace("/", ""))
    key_in(view, "cardCvc", cvc)


def setup_intent(env: AddEnv, stripe_client: Any, setup_intent_id: str) -> Any:
    return stripe_client.v1.setup_intents.retrieve(setup_intent_id)


def test_a_valid_card_saves_and_becomes_the_default(add_env: AddEnv, qtbot: Any) -> None:
    client = add_env.make_client()
    added: list[Any] = []
    add_env.flow.added.connect(added.append)
    dialog = open_dialog(add_env, client)
    assert not dialog.save_button.isEnabled()
    type_card(dialog, CARD_VISA)
    wait_until(dialog.save_button.isEnabled, what="Save to be enabled")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: added, what="the card to be saved")
    method = added[0]
    assert (method.type, method.brand, method.last4) == ("card", "visa", "4242")
    assert (method.exp_month, method.exp_year) == (12, 2034)
    assert method.is_default  # a client's first method
    assert method.billing_address.city == "Montréal"
    assert is_closed(dialog)
    listed = add_env.methods.list_for_client(client.id)
    assert [(m.stripe_id, m.last4) for m in listed] == [(method.stripe_id, "4242")]


def test_an_invalid_number_is_red_and_save_stays_disabled(add_env: AddEnv) -> None:
    dialog = open_dialog(add_env, add_env.make_client())
    type_card(dialog, CARD_INVALID_LUHN)
    wait_until(lambda: dialog.view.field_states["cardNumber"].error_code, what="the error")
    assert "field--invalid" in field_classes(dialog.view, "cardNumber")
    assert not dialog.save_button.isEnabled()


def test_an_expired_date_keeps_save_disabled(add_env: AddEnv) -> None:
    dialog = open_dialog(add_env, add_env.make_client())
    type_card(dialog, CARD_VISA, expiry="01/21")
    wait_until(lambda: dialog.view.field_states["cardExpiry"].error_code, what="the error")
    assert "field--invalid" in field_classes(dialog.view, "cardExpiry")
    assert not dialog.save_button.isEnabled()


def test_an_amex_with_a_four_digit_cvc_saves(add_env: AddEnv) -> None:
    client = add_env.make_client()
    dialog = open_dialog(add_env, client)
    type_card(dialog, CARD_AMEX, cvc="123")
    wait_until(lambda: dialog.view.field_states["cardNumber"].valid, what="the Amex number")
    assert not dialog.save_button.isEnabled()
    key_in(dialog.view, "cardCvc", "4")
    wait_until(dialog.save_button.isEnabled, what="Save with a 4-digit CVC")
    dialog.save_button.click()
    wait_until(lambda: add_env.methods.list_for_client(client.id), what="the Amex to be saved")
    [method] = add_env.methods.list_for_client(client.id)
    assert (method.brand, method.last4) == ("amex", "0005")


def test_a_declined_card_shows_the_apps_sentence_and_keeps_the_fields(
        add_env: AddEnv, stripe_client: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="owl_desktop.ui.payment_methods")
    client = add_env.make_client()
    dialog = open_dialog(add_env, client)
    type_card(dialog, CARD_DECLINED)
    wait_until(dialog.save_button.isEnabled, what="Save to be enabled")
    dialog.save_button.click()
    wait_until(lambda: dialog.stage.value == "editing" and dialog.status_text(),
               what="the decline")
    intent = setup_intent(add_env, stripe_client, dialog.setup_intent_id)
    assert intent.last_setup_error.code == "card_declined"
    # The app's sentence for Stripe's decline code, with what staff can do about it;
    # Stripe's own sentence goes to the log only.
    assert dialog.status_text() == ("The card was declined. The bank gave no reason. Ask the "
                                    "client to call their bank, or for another card.")
    assert intent.last_setup_error.message not in dialog.status_text()
    assert any(intent.last_setup_error.message in r.getMessage() for r in caplog.records)
    # The fields are still filled in: another try is one click away.
    assert all(state.valid for state in dialog.view.field_states.values())
    assert dialog.save_button.isEnabled()
    assert dialog.isVisible()
    assert add_env.methods.list_for_client(client.id) == []


@needs_sandbox
def test_three_d_secure_completed(add_env: AddEnv) -> None:
    client = add_env.make_client()
    dialog = open_dialog(add_env, client)
    type_card(dialog, CARD_3DS)
    wait_until(dialog.save_button.isEnabled, what="Save to be enabled")
    dialog.save_button.click()
    page = dialog.view.page()
    wait_until(lambda: modal(page) == "threeDS", what="the 3-D Secure challenge")
    assert not dialog.save_button.isEnabled()
    assert dialog.progress.isVisible()  # saving shows progress
    three_ds(page, "complete")
    wait_until(lambda: add_env.methods.list_for_client(client.id), what="the card to be saved")
    [method] = add_env.methods.list_for_client(client.id)
    assert method.last4 == CARD_3DS[-4:]
    wait_until(lambda: is_closed(dialog), what="the dialog to close")


@needs_sandbox
def test_three_d_secure_failed(add_env: AddEnv, stripe_client: Any) -> None:
    client = add_env.make_client()
    dialog = open_dialog(add_env, client)
    type_card(dialog, CARD_3DS)
    wait_until(dialog.save_button.isEnabled, what="Save to be enabled")
    dialog.save_button.click()
    page = dialog.view.page()
    wait_until(lambda: modal(page) == "threeDS", what="the 3-D Secure challenge")
    three_ds(page, "fail")
    wait_until(lambda: dialog.stage.value == "editing" and dialog.status_text(),
               what="the failure")
    intent = setup_intent(add_env, stripe_client, dialog.setup_intent_id)
    assert intent.last_setup_error.code == "setup_intent_authentication_failure"
    assert dialog.status_text() == ("The card wasn't confirmed: the bank's 3-D Secure check "
                                    "failed or was cancelled. Try again with the client, or use "
                                    "another card.")
    assert dialog.save_button.isEnabled()
    assert add_env.methods.list_for_client(client.id) == []


def start_bank(add_env: AddEnv, client: Client) -> AddPaymentMethodDialog:
    dialog = open_dialog(add_env, client, BANK)
    wait_until(dialog.save_button.isEnabled, what="Continue to be enabled")
    dialog.save_button.click()
    wait_until(lambda: modal(dialog.view.page()) == "acss", what="Stripe's bank window")
    return dialog


@needs_sandbox
def test_bank_account_accepted_through_the_bank_login(add_env: AddEnv) -> None:
    """Instant verification: Stripe's bank login opens as a pop-up in a window the app owns."""
    client = add_env.make_client()
    added: list[Any] = []
    add_env.flow.added.connect(added.append)
    dialog = start_bank(add_env, client)
    page = dialog.view.page()
    popups: list[tuple[bool, bool]] = []  # (a StripePopup, owned by the dialog's window)
    dialog.view.entry_page.popup_opened.connect(lambda p: popups.append(
        (isinstance(p, StripePopup), p.parentWidget() is dialog.window())))
    # Staff click "Log in to your bank" (a pop-up needs a user gesture), then the bank connects.
    real_key_on(dialog.view, "#login-bank", modal_frame(page, "acss.html"))
    wait_until(lambda: popups, what="the bank login window")
    acss(page, "instant", {"account": "success"})
    assert popups == [(True, True)], "the bank login opens in a window the app owns"
    acss(page, "accept")
    wait_until(lambda: added, what="the bank account to be saved")
    method = added[0]
    assert (method.type, method.status, method.last4) == ("acss_debit", "active", "6789")
    assert method.mandate_status == "active"
    assert method.is_default  # the client's first usable method
    wait_until(lambda: is_closed(dialog), what="the dialog to close")


@needs_sandbox
def test_bank_account_pending_micro_deposits(add_env: AddEnv) -> None:
    client = add_env.make_client()
    added: list[Any] = []
    add_env.flow.added.connect(added.append)
    dialog = start_bank(add_env, client)
    page = dialog.view.page()
    acss(page, "fill", {"institution": BANK_INSTITUTION, "transit": BANK_TRANSIT,
                        "account": BANK_ACCOUNT})
    acss(page, "accept")
    wait_until(lambda: added, what="the bank account to be saved")
    method = added[0]
    assert method.type == "acss_debit"
    assert method.status == "pending_verification"
    assert method.last4 == BANK_ACCOUNT[-4:]
    assert not method.is_default  # not usable yet
    # The dialog stays to say what happens next, until staff close it.
    assert dialog.isVisible()
    assert "verification" in dialog.status_text()
    assert dialog.save_button.isHidden()
    dialog.cancel_button.click()
    wait_until(lambda: is_closed(dialog), what="the dialog to close")


@needs_sandbox
def test_bank_account_cancelled_saves_nothing(add_env: AddEnv, stripe_client: Any) -> None:
    client = add_env.make_client()
    dialog = start_bank(add_env, client)
    acss(dialog.view.page(), "fill", {})  # returns once Stripe's window is up
    click_in_modal(dialog.view.page(), "acss.html", "cancel")
    wait_until(lambda: dialog.stage.value == "editing" and dialog.status_text(),
               what="the cancellation")
    assert "not added" in dialog.status_text()
    assert dialog.isVisible()
    assert add_env.methods.list_for_client(client.id) == []
    intent = setup_intent(add_env, stripe_client, dialog.setup_intent_id)
    assert intent.status == "requires_payment_method"


def test_no_email_means_no_bank_option(add_env: AddEnv) -> None:
    client = add_env.make_client(email="")
    choice = add_env.flow.start(client, add_env.window).choice
    assert choice is not None
    assert choice.card_button.isEnabled()
    assert not choice.bank_button.isEnabled()
    assert "email" in choice.bank_button.description()
    choice.reject()


def test_with_an_email_both_options_are_offered_and_lead_to_the_dialog(add_env: AddEnv) -> None:
    client = add_env.make_client()
    choice = add_env.flow.start(client, add_env.window).choice
    assert choice is not None
    assert choice.bank_button.isEnabled()
    opened: list[AddPaymentMethodDialog] = []
    add_env.flow.dialog_opened.connect(opened.append)
    choice.bank_button.click()
    dialog = wait_until(lambda: opened and opened[0], what="the bank dialog")
    assert dialog.kind == BANK
    assert dialog.save_button.text() == "Continue to bank details"
    dialog.reject()


def test_offline_says_so_and_creates_nothing(add_env: AddEnv, sandbox: Any,
                                             stripe_client: Any) -> None:
    client = add_env.make_client()
    sandbox.faults.set(refuse_connections=True)
    dialog = add_env.flow.open_dialog(client, CARD)
    wait_until(lambda: dialog.stage.value == "broken", what="the offline message")
    assert "internet" in dialog.status_text()
    assert not dialog.save_button.isEnabled()
    assert dialog.setup_intent_id == ""
    dialog.reject()
    sandbox.faults.set(refuse_connections=False)
    assert list(stripe_client.v1.setup_intents.list().data) == []
    assert list(stripe_client.v1.customers.list().data) == []


def test_closing_before_saving_cancels_the_setup_intent(add_env: AddEnv,
                                                        stripe_client: Any) -> None:
    client = add_env.make_client()
    dialog = open_dialog(add_env, client)
    type_card(dialog, CARD_VISA)
    setup_intent_id = dialog.setup_intent_id
    dialog.reject()
    wait_until(lambda: setup_intent(add_env, stripe_client, setup_intent_id).status == "canceled",
               what="the SetupIntent to be cancelled")
    assert add_env.methods.list_for_client(client.id) == []


def test_closing_while_the_setup_intent_is_being_created_cancels_it(
        add_env: AddEnv, sandbox: Any, stripe_client: Any) -> None:
    client = add_env.make_client()
    sandbox.faults.set(latency_ms=400)
    dialog = add_env.flow.open_dialog(client, CARD)
    dialog.reject()  # before Stripe answered
    sandbox.faults.set(latency_ms=0)

    def cancelled() -> bool:
        intents = list(stripe_client.v1.setup_intents.list().data)
        return bool(intents) and all(si.status == "canceled" for si in intents)

    wait_until(cancelled, what="the late SetupIntent to be cancelled")
    assert add_env.methods.list_for_client(client.id) == []


@needs_sandbox
def test_a_429_waits_and_tries_again_by_itself(add_env: AddEnv, sandbox: Any,
                                               stripe_client: Any) -> None:
    """Stripe asks for a pause: the dialog says it waits, then asks again (Retry-After)."""
    client = add_env.make_client()
    first = open_dialog(add_env, client)  # the client's Stripe customer exists from here on
    first.reject()
    wait_until(lambda: not add_env.tasks.is_busy(), what="the first SetupIntent's cancellation")
    sandbox.faults.set(rate_limit_429_rate=1.0, retry_after_s=1)
    try:
        dialog = add_env.flow.open_dialog(client, CARD)
        wait_until(lambda: dialog.state.value == "waiting_to_retry", what="the 429")
        assert "too many requests" in dialog.status_text()
        assert "trying again in" in dialog.status_text()
        assert dialog.progress.isVisible()
        assert not dialog.save_button.isEnabled()
    finally:
        sandbox.faults.set(rate_limit_429_rate=0.0)
    wait_until(lambda: dialog.stage.value == "editing" and dialog.setup_intent_id,
               what="the SetupIntent, asked for again", timeout=20)
    assert dialog.machine.setup_retries >= 1
    assert dialog.status_text() == ""
    type_card(dialog, CARD_VISA)
    wait_until(dialog.save_button.isEnabled, what="Save to be enabled")
    dialog.save_button.click()
    wait_until(lambda: add_env.methods.list_for_client(client.id), what="the card to be saved")
    intents = [i for i in stripe_client.v1.setup_intents.list().data if i.status != "canceled"]
    assert [i.id for i in intents] == [dialog.setup_intent_id]  # one made, not one per try
