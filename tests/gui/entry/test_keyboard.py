"""Staff type with the real keyboard into the pre-warmed view once it sits in the dialog."""

from __future__ import annotations

import json
import time
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from owl_desktop.ui.payment_methods.add_machine import CARD
from tests.gui.entry.conftest import AddEnv
from tests.gui.entry.helpers import BLUE, field_color, run_js, wait_fields_ready, wait_until
from tests.gui.entry.numbers import CARD_VISA


def test_real_keystrokes_reach_stripes_fields_in_the_dialog(add_env: AddEnv, sandbox: Any) -> None:
    dialog = add_env.flow.open_dialog(add_env.make_client(), CARD)
    wait_until(lambda: dialog.stage.value == "editing" and dialog.setup_intent_id,
               what="the form")
    view = dialog.view
    wait_fields_ready(view)
    target = view.focusProxy()
    assert target is not None, "the entry view isn't shown in the dialog"
    raw = run_js(view.page(), "(function () { var r = document.querySelector('#card-number')"
                              ".getBoundingClientRect();"
                              "return JSON.stringify([r.x + 20, r.y + r.height / 2]); })()")
    rect = json.loads(raw)
    # Click into the card number, as staff would; the first key may be dropped while Chromium
    # wires the cross-origin frame, so it is repeated until Stripe reports it.
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(int(rect[0]), int(rect[1])))
    deadline = time.monotonic() + 10
    while view.field_states["cardNumber"].empty:
        QTest.keyClicks(target, CARD_VISA[0])
        try:
            wait_until(lambda: not view.field_states["cardNumber"].empty, 0.3, "the first key")
        except AssertionError:
            assert time.monotonic() < deadline, "no key reached the card number field"
    QTest.keyClicks(target, CARD_VISA[1:])
    wait_until(lambda: view.field_states["cardNumber"].valid, what="the number")
    QTest.keyClick(target, Qt.Key.Key_Tab)
    QTest.keyClicks(target, "1234")
    wait_until(lambda: view.field_states["cardExpiry"].valid, what="the expiry")
    QTest.keyClick(target, Qt.Key.Key_Tab)
    QTest.keyClicks(target, "123")
    wait_until(dialog.save_button.isEnabled, what="Save to be enabled")
    assert field_color(view.page(), "cardNumber") == BLUE
    dialog.reject()


def test_the_card_number_has_the_keyboard_when_the_dialog_opens(add_env: AddEnv) -> None:
    dialog = add_env.flow.open_dialog(add_env.make_client(), CARD)
    wait_until(lambda: dialog.stage.value == "editing", what="the form")
    view = dialog.view
    wait_until(lambda: QApplication.focusWidget() is view.focusProxy(), what="keyboard focus")
    deadline = time.monotonic() + 10
    while view.field_states["cardNumber"].empty:  # no click: straight from the keyboard
        QTest.keyClicks(QApplication.focusWidget(), CARD_VISA[0])
        try:
            wait_until(lambda: not view.field_states["cardNumber"].empty, 0.3, "the first key")
        except AssertionError:
            assert time.monotonic() < deadline, "no key reached the card number field"
    QTest.keyClicks(QApplication.focusWidget(), CARD_VISA[1:])
    wait_until(lambda: view.field_states["cardNumber"].valid, what="the number")
    dialog.reject()
