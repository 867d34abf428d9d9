"""Autopay on the profile: the client's choice (clinic default / on / off), the method it
charges, and the paused banner with its one-click way out (local data and the real services;
no Stripe call is needed here)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from owl_desktop.domain.autopay import AUTOMATIC, PROCESSING_KEY
from owl_desktop.ui.payment_methods.section import PaymentMethodsSection
from tests.gui.payment_methods.conftest import (
    OFFSCREEN_POPUP_NOISE,
    PmEnv,
    SectionFactory,
    months_from,
)

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)


def choose(qtbot: QtBot, switch: QComboBox, text: str) -> None:
    """Pick a choice with the keyboard, as staff would: focus, then type to select."""
    switch.setFocus()
    index = switch.findText(text)
    assert index >= 0, [switch.itemText(i) for i in range(switch.count())]
    while switch.currentIndex() != index:
        key = Qt.Key.Key_Down if switch.currentIndex() < index else Qt.Key.Key_Up
        qtbot.keyClick(switch, key)


def enrolled_in_db(env: PmEnv, client_id: int) -> bool:
    with env.uow() as uow:
        return uow.clients.get(client_id).autopay_enabled


def test_enrol_with_nothing_chargeable_is_enrolled_but_paused(
        qtbot: QtBot, pm_env: PmEnv, make_section: SectionFactory) -> None:
    client = pm_env.add_client()
    pm_env.store_card(client, exp=months_from(date.today(), -2), default=True)  # expired
    section = make_section(client)
    panel = section.autopay_panel
    assert panel.switch.currentText() == "Clinic default (off)"
    assert panel.method_label.text() == \
        "No payment method that autopay can charge is on file."
    with qtbot.waitSignal(section.autopay_changed, timeout=5000):
        choose(qtbot, panel.switch, "On")
    assert enrolled_in_db(pm_env, client)
    assert panel.switch.currentText() == "On"
    assert panel.method_label.text() == \
        "Enrolled, but paused: nothing on file can be charged yet."
    assert panel.banner.isVisible()
    assert panel.banner_label.text() == ("Autopay is paused: the default method can't be "
                                         "charged and no other method on file can be. Add a "
                                         "payment method to resume.")
    assert panel.add_button.isVisible()


def test_enrol_shows_the_method_charged_and_is_audited(qtbot: QtBot, pm_env: PmEnv,
                                                       make_section: SectionFactory) -> None:
    client = pm_env.add_client()
    pm_env.store_card(client, default=True)
    pm_env.store_card(client, brand="mastercard", last4="4444")
    section = make_section(client)
    panel = section.autopay_panel
    assert panel.method_label.text() == "Would charge Visa •••• 4242, the default method."
    with qtbot.waitSignal(section.autopay_changed, timeout=5000):
        choose(qtbot, panel.switch, "On")
    assert panel.switch.currentText() == "On"
    assert enrolled_in_db(pm_env, client)
    assert panel.method_label.text() == "Charges Visa •••• 4242, the default method."
    assert not panel.banner.isVisible()
    qtbot.waitUntil(lambda: section.audit_view.model.rowCount() == 1)
    entry = section.audit_view.model.entries()[0]
    assert (entry.action, entry.actor, entry.desk) == ("autopay_enabled", "reception1",
                                                       "Front desk A")

    with qtbot.waitSignal(section.autopay_changed, timeout=5000):
        choose(qtbot, panel.switch, "Off")
    assert not enrolled_in_db(pm_env, client)
    assert panel.switch.currentText() == "Off"
    qtbot.waitUntil(lambda: section.audit_view.model.rowCount() == 2)


def remove_confirmed(qtbot: QtBot, section: PaymentMethodsSection, method_id: int) -> None:
    box = section.confirm_remove(method_id)
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    button = next(b for b in box.buttons() if b.objectName() == "confirmRemoveButton")
    with qtbot.waitSignal(section.loaded, timeout=10000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_removing_the_default_pauses_autopay_until_one_click_choice(
        qtbot: QtBot, pm_env: PmEnv, make_section: SectionFactory) -> None:
    client = pm_env.add_client(autopay=True)
    visa = pm_env.store_card(client, default=True)
    master = pm_env.store_card(client, brand="mastercard", last4="4444")
    pm_env.store_card(client, brand="amex", last4="0005",
                      exp=months_from(date.today(), -1))  # expired: not offered
    section = make_section(client)
    panel = section.autopay_panel
    assert panel.switch.currentText() == "On"
    assert not panel.banner.isVisible()

    remove_confirmed(qtbot, section, visa)
    assert panel.banner.isVisible()
    assert panel.banner_label.text() == "Autopay is paused until another default is chosen."
    assert panel.method_label.text() == "No default payment method."
    assert [b.text() for b in panel.choice_buttons] == ["Use Mastercard •••• 4444"]
    assert panel.choice_buttons[0].accessibleName() == "Make Mastercard •••• 4444 the default"
    assert panel.switch.currentText() == "On"  # still enrolled, only paused
    assert not panel.add_button.isVisible()

    # One click (here: keyboard) chooses the new default; the banner goes.
    panel.choice_buttons[0].setFocus()
    with qtbot.waitSignal(section.loaded, timeout=10000):
        qtbot.keyClick(panel.choice_buttons[0], Qt.Key.Key_Space)
    assert not panel.banner.isVisible()
    assert panel.method_label.text() == "Charges Mastercard •••• 4444, the default method."
    row = section.list_view.row_for(master)
    assert row is not None
    assert not row.default_badge.isHidden()


def test_paused_with_nothing_usable_offers_to_add(qtbot: QtBot, pm_env: PmEnv,
                                                  make_section: SectionFactory) -> None:
    client = pm_env.add_client(autopay=True)
    visa = pm_env.store_card(client, default=True)
    pm_env.store_bank(client, status="pending_verification")
    section = make_section(client, add_flow=True)
    remove_confirmed(qtbot, section, visa)
    panel = section.autopay_panel
    assert panel.banner.isVisible()
    assert panel.choice_buttons == []
    # Nothing could be chosen: the banner says what resumes autopay, not "choose another".
    assert panel.banner_label.text() == ("Autopay is paused: no payment method on file can be "
                                         "charged. Add a payment method to resume.")
    assert panel.add_button.isVisible()
    assert panel.add_button.isEnabled()
    with qtbot.waitSignal(panel.add_requested):
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)


def test_expired_default_pauses_autopay(qtbot: QtBot, pm_env: PmEnv,
                                        make_section: SectionFactory) -> None:
    client = pm_env.add_client(autopay=True)
    pm_env.store_card(client, default=True, exp=months_from(date.today(), -1))
    pm_env.store_bank(client)
    section = make_section(client)
    panel = section.autopay_panel
    assert panel.banner.isVisible()
    assert panel.banner_label.text() == ("Autopay is paused: the default method can't be "
                                         "charged. Choose another default.")
    assert [b.text() for b in panel.choice_buttons] == ["Use Desjardins •••• 6789"]


def test_clinic_default_says_what_the_clinic_chose(qtbot: QtBot, pm_env: PmEnv,
                                                   make_section: SectionFactory) -> None:
    with pm_env.uow() as uow:
        uow.settings.set(PROCESSING_KEY, AUTOMATIC)
        uow.commit()
    client = pm_env.add_client()
    pm_env.store_card(client, default=True)
    section = make_section(client)
    panel = section.autopay_panel
    assert panel.switch.currentText() == "Clinic default (on)"
    assert panel.method_label.text() == "Charges Visa •••• 4242, the default method."
    panel.switch.setFocus()
    qtbot.keyClick(panel.switch, Qt.Key.Key_End)  # straight to the last choice, "Off"
    qtbot.waitUntil(lambda: panel.method_label.text() ==
                    "Would charge Visa •••• 4242, the default method.", timeout=5000)
    assert panel.switch.currentText() == "Off"
    with pm_env.uow() as uow:
        assert uow.clients.get(client).autopay_mode == "off"


def test_a_reload_keeps_the_keyboard_on_the_banners_choice(
        qtbot: QtBot, pm_env: PmEnv, make_section: SectionFactory) -> None:
    """A reload (a sync brought news) while the keyboard is on "Use …" rebuilds the banner's
    buttons: the keyboard stays on that method's, not on the next widget (Add payment method,
    where Space would open the add dialog)."""
    client = pm_env.add_client(autopay=True)
    visa = pm_env.store_card(client, default=True)
    master = pm_env.store_card(client, brand="mastercard", last4="4444")
    section = make_section(client)
    panel = section.autopay_panel
    remove_confirmed(qtbot, section, visa)
    section.window().activateWindow()
    qtbot.waitUntil(section.window().isActiveWindow)
    use = panel.choice_buttons[0]
    use.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(use.hasFocus)
    with qtbot.waitSignal(section.loaded):
        section.reload()
    assert use not in panel.choice_buttons  # rebuilt
    focused = QApplication.focusWidget()
    assert focused is panel.choice_buttons[0], focused
    assert focused.text() == "Use Mastercard •••• 4444"
    with qtbot.waitSignal(section.loaded):
        qtbot.keyClick(focused, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is section.list_view.row_for(master))
