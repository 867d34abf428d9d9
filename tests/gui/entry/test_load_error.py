"""Stripe.js's 'loaderror' (its card fields failed to load, e.g. a blocked or dropped frame):
the dialog says plainly the secure form can't be loaded, Save stays off, and closing cancels
the SetupIntent. The sandbox's Stripe.js double emits the event as Stripe.js does."""

from __future__ import annotations

from typing import Any

import pytest

from owl_desktop.ui.payment_methods.add_machine import LOAD_ERROR_FAILURE
from tests.gui.entry.conftest import AddEnv
from tests.gui.entry.helpers import run_js, wait_until
from tests.gui.entry.test_add_payment_method import is_closed, open_dialog

pytestmark = pytest.mark.usefixtures("sandbox")


def test_card_fields_that_fail_to_load_say_so(add_env: AddEnv, stripe_client: Any) -> None:
    client = add_env.make_client()
    dialog = open_dialog(add_env, client)
    assert run_js(dialog.view.page(), "window.__stripeSandbox.loadError('cardNumber')") is True
    wait_until(lambda: dialog.state.value == "form_unavailable", what="the load error")
    assert dialog.machine.view_failure == LOAD_ERROR_FAILURE
    assert dialog.status_text() == ("Stripe's secure form can't be loaded. Check the internet "
                                    "connection, then try again.")
    assert dialog.stack.currentWidget() is dialog.message_panel
    assert not dialog.save_button.isEnabled()
    setup_intent_id = dialog.setup_intent_id
    dialog.reject()
    assert is_closed(dialog)
    wait_until(lambda: stripe_client.v1.setup_intents.retrieve(setup_intent_id).status
               == "canceled", what="the SetupIntent to be cancelled")
    assert add_env.methods.list_for_client(client.id) == []
