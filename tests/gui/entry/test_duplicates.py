"""The same card added twice at the desk (issue 12, item 3): the dialog says so at once, in
place of the form, and keeps only the one on file or both. Real dialog, real entry view, real
keystrokes into Stripe's fields, the test Stripe over HTTP, a real database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from owl_desktop.domain.outbox import KIND_DETACH
from owl_desktop.ui.payment_methods.add_dialog import AddPaymentMethodDialog
from tests.gui.entry.conftest import AddEnv
from tests.gui.entry.helpers import wait_until
from tests.gui.entry.numbers import CARD_AMEX, CARD_VISA
from tests.gui.entry.test_add_payment_method import is_closed, open_dialog, type_card


def save_card(env: AddEnv, qtbot: Any, client: Any, number: str = CARD_VISA,
              expiry: str = "12/34", cvc: str = "123") -> AddPaymentMethodDialog:
    dialog = open_dialog(env, client)
    type_card(dialog, number, expiry, cvc)
    wait_until(dialog.save_button.isEnabled, what="Save to be enabled")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: is_closed(dialog) or dialog.stage.value == "deciding",
               what="the card to be saved")
    return dialog


def test_the_same_card_again_offers_to_keep_only_the_one_on_file(add_env: AddEnv,
                                                                 qtbot: Any) -> None:
    client = add_env.make_client()
    first = save_card(add_env, qtbot, client)
    assert is_closed(first)  # nothing on file yet: no question
    other = save_card(add_env, qtbot, client, CARD_AMEX, cvc="1234")
    assert is_closed(other)  # another number: no question
    renewed = save_card(add_env, qtbot, client, CARD_VISA, "11/35")
    assert is_closed(renewed)  # the same number with another expiry: a renewed card, kept
    [on_file] = [m for m in add_env.methods.list_for_client(client.id)
                 if m.last4 == "4242" and m.exp_year == 2034]
    assert on_file.is_default

    dialog = save_card(add_env, qtbot, client)  # Visa 4242, 12/34 again
    assert dialog.stage.value == "deciding"
    panel = dialog.duplicate_panel
    assert dialog.stack.currentWidget() is panel
    assert panel.isVisible()
    assert not dialog.view.isVisible()
    assert not dialog.save_button.isVisible()
    assert panel.title.text() == "This card is already on file"
    assert "Visa •••• 4242" in panel.body.text()
    assert panel.keep_existing_button.hasFocus()
    listed = add_env.methods.list_for_client(client.id)
    assert len(listed) == 4  # said at once: the new one is listed meanwhile
    [new] = [m for m in listed if m.last4 == "4242" and m.exp_year == 2034
             and m.id != on_file.id]

    qtbot.mouseClick(panel.keep_existing_button, Qt.MouseButton.LeftButton)
    wait_until(lambda: is_closed(dialog), what="the dialog to close")
    listed = add_env.methods.list_for_client(client.id)
    assert on_file.id in [m.id for m in listed]
    assert new.id not in [m.id for m in listed]
    assert [m.id for m in listed if m.is_default] == [on_file.id]  # kept its default status
    with add_env.uow_factory() as uow:
        assert (KIND_DETACH, new.stripe_id) in [
            (e.kind, e.payload.get("payment_method"))
            for e in uow.outbox.open_for_client(client.id)]


def test_keep_both_closes_with_both_listed(add_env: AddEnv, qtbot: Any) -> None:
    client = add_env.make_client()
    assert is_closed(save_card(add_env, qtbot, client))
    dialog = save_card(add_env, qtbot, client)
    assert dialog.stage.value == "deciding"
    dialog.duplicate_panel.keep_both_button.click()
    wait_until(lambda: is_closed(dialog), what="the dialog to close")
    assert [m.last4 for m in add_env.methods.list_for_client(client.id)] == ["4242", "4242"]


def test_keep_only_the_one_on_file_with_the_keyboard(add_env: AddEnv, qtbot: Any) -> None:
    """Enter on the focused *Keep only the one on file*, as a receptionist would press it."""
    client = add_env.make_client()
    assert is_closed(save_card(add_env, qtbot, client))
    dialog = save_card(add_env, qtbot, client)
    button = dialog.duplicate_panel.keep_existing_button
    wait_until(button.hasFocus, what="the focus on Keep only the one on file")
    qtbot.keyClick(button, Qt.Key.Key_Space)
    wait_until(lambda: is_closed(dialog), what="the dialog to close")
    assert len(add_env.methods.list_for_client(client.id)) == 1
