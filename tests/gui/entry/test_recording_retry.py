"""Stripe confirmed the card, but recording it here met a 429 (Stripe asked for a pause): the
dialog says it waits, records again by itself, and closes with the card listed; staff never see
*Try again* for it. Real dialog and entry view, the sandbox over HTTP with a 429 fault on this
desk's own requests only (Stripe.js's confirmation goes through untouched)."""

from __future__ import annotations

from typing import Any

from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.services.customers import CustomerService
from owl_desktop.services.payment_methods import PaymentMethodService
from owl_desktop.ui.payment_methods.add_flow import AddPaymentMethodFlow
from owl_desktop.ui.web.pool import EntryViewPool
from tests.gui.entry.conftest import AddEnv
from tests.gui.entry.helpers import wait_until
from tests.gui.entry.numbers import CARD_VISA
from tests.gui.entry.test_add_payment_method import is_closed, open_dialog, type_card
from tests.stripe_env import account_of

DESK = "desk-429"


def test_a_429_while_recording_is_tried_again_by_itself(add_env: AddEnv, sandbox: Any,
                                                        entry_pool: EntryViewPool) -> None:
    gateway = StripeGateway(add_env.stripe_env.secret_key, api_base=add_env.stripe_env.api_base,
                            timeout_s=5, desk=DESK)
    customers = CustomerService(add_env.uow_factory, gateway, account_of(gateway))
    methods = PaymentMethodService(add_env.uow_factory, gateway, customers)
    add_env.flow = AddPaymentMethodFlow(add_env.window, methods, add_env.tasks, entry_pool)
    client = add_env.make_client()
    dialog = open_dialog(add_env, client)
    type_card(dialog, CARD_VISA)
    wait_until(dialog.save_button.isEnabled, what="Save to be enabled")
    states: list[str] = []
    dialog.state_changed.connect(states.append)
    sandbox.faults.set(desk=DESK, rate_limit_429_rate=1.0, retry_after_s=1)
    try:
        dialog.save_button.click()
        wait_until(lambda: dialog.state.value == "waiting_to_store", what="the 429")
        assert "too many requests" in dialog.status_text()
        assert "trying again in" in dialog.status_text()
        assert dialog.progress.isVisible()
        assert not dialog.save_button.isEnabled()
    finally:
        sandbox.faults.clear(desk=DESK)
    wait_until(lambda: is_closed(dialog), what="the card recorded on a later try", timeout=30)
    assert "not_recorded" not in states
    assert dialog.machine.store_retries >= 1
    [method] = methods.list_for_client(client.id)
    assert (method.last4, method.is_default) == ("4242", True)
