"""What the list shows, expanding rows, the kebab menu and keyboard-only use (local data)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from tests.gui.payment_methods.conftest import (
    OFFSCREEN_POPUP_NOISE,
    PmEnv,
    SectionFactory,
    months_from,
)

# Popup menus on the offscreen platform: it can't raise windows or grab the keyboard.
pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)


def visible_badges(row: object) -> set[str]:
    return {code for code, badge in row.state_badges.items()  # type: ignore[attr-defined]
            if not badge.isHidden()}


def test_list_shows_brand_last4_expiry_default_and_states(
        qtbot: QtBot, pm_env: PmEnv, make_section: SectionFactory) -> None:
    today = date.today()
    client = pm_env.add_client()
    # stored oldest first: shown default first, then newest (Stripe's created) first
    pending = pm_env.store_bank(client, status="pending_verification")
    old = pm_env.store_card(client, brand="amex", last4="0005", exp=months_from(today, -1))
    soon = pm_env.store_card(client, brand="mastercard", last4="4444",
                             exp=months_from(today, 1))
    visa = pm_env.store_card(client, default=True, exp=months_from(today, 30))
    section = make_section(client)

    rows = section.list_view.rows()
    assert [r.method_id for r in rows] == [visa, soon, old, pending]
    assert [r.title_label.text() for r in rows] == ["Visa", "Mastercard", "American Express",
                                                    "Desjardins"]
    assert [r.last4_label.text() for r in rows] == ["•••• 4242", "•••• 4444", "•••• 0005",
                                                    "•••• 6789"]
    month, year = months_from(today, 30)
    assert rows[0].expiry_label.text() == f"Expires {month:02d}/{year}"
    assert rows[3].expiry_label.isHidden()  # bank accounts don't expire
    assert [not r.default_badge.isHidden() for r in rows] == [True, False, False, False]
    assert [visible_badges(r) for r in rows] == [
        set(), {"expires_soon"}, {"expired"}, {"pending_verification"}]
    assert rows[1].state_badges["expires_soon"].text() == "Expires soon"
    assert rows[2].state_badges["expired"].text() == "Expired"
    assert rows[3].state_badges["pending_verification"].text() == "Pending verification"
    # Icons are drawn and named for screen readers; the whole row has a spoken summary.
    assert not rows[0].icon_label.pixmap().isNull()
    assert [r.icon_label.accessibleName() for r in rows] == [
        "Visa", "Mastercard", "American Express", "Bank account"]
    assert rows[0].accessibleName() == f"Visa ending in 4242, expires {month:02d}/{year}, default"
    assert rows[0].menu_button.accessibleName() == "Actions for Visa •••• 4242"
    # No editing, said where staff would look for it.
    assert section.no_edit_label.text() == (
        "Payment methods can't be edited: to change one, remove it and add it again.")
    assert section.no_edit_label.isVisible()
    texts = [a.text() for a in rows[0].menu.actions() if not a.isSeparator()]
    assert texts == ["Set as &default", "&Remove…",
                     "Can't be edited: remove it and add it again"]
    assert not any("edit" in t.lower() and a.isEnabled()
                   for a in rows[0].menu.actions() for t in [a.text()])


def test_empty_list_says_so(pm_env: PmEnv, make_section: SectionFactory) -> None:
    section = make_section(pm_env.add_client())
    assert section.list_view.rows() == []
    assert section.list_view.empty_label.isVisible()
    assert section.list_view.empty_label.text() == "No payment methods on file."


def test_rows_expand_by_click_enter_and_space(qtbot: QtBot, pm_env: PmEnv,
                                              make_section: SectionFactory) -> None:
    client = pm_env.add_client()
    pm_env.store_card(client, default=True, exp=(4, 2031))
    pm_env.store_bank(client, holder="Marc Tremblay")
    section = make_section(client)
    card_row, bank_row = section.list_view.rows()
    assert not card_row.details.isVisible()

    qtbot.mouseClick(card_row, Qt.MouseButton.LeftButton, pos=QPoint(150, 12))
    assert card_row.is_expanded
    assert card_row.details.isVisible()
    assert card_row.shown_details() == [
        ("Expiry", "04/2031"), ("Billing address", "12 rue Principale, Montréal, QC, H2X 1Y4, CA"),
        ("Name on card", "Élise Tremblay")]
    qtbot.mouseClick(card_row, Qt.MouseButton.LeftButton, pos=QPoint(150, 12))
    assert not card_row.details.isVisible()

    bank_row.setFocus()
    qtbot.keyClick(bank_row, Qt.Key.Key_Return)
    assert bank_row.details.isVisible()
    assert bank_row.shown_details() == [("Account holder", "Marc Tremblay"),
                                        ("Bank", "Desjardins")]
    assert "Details shown" in bank_row.accessibleDescription()
    qtbot.keyClick(bank_row, Qt.Key.Key_Space)
    assert not bank_row.details.isVisible()


def test_expanded_rows_stay_expanded_across_a_reload(qtbot: QtBot, pm_env: PmEnv,
                                                     make_section: SectionFactory) -> None:
    client = pm_env.add_client()
    first = pm_env.store_card(client, default=True)
    section = make_section(client)
    section.list_view.row_for(first).set_expanded(True)
    second = pm_env.store_card(client, brand="mastercard", last4="4444")
    with qtbot.waitSignal(section.loaded):
        section.reload()
    assert [r.method_id for r in section.list_view.rows()] == [first, second]
    assert section.list_view.row_for(first).details.isVisible()
    assert not section.list_view.row_for(second).details.isVisible()


def test_keyboard_only_menu_and_navigation(qtbot: QtBot, pm_env: PmEnv,
                                           make_section: SectionFactory) -> None:
    client = pm_env.add_client()
    pm_env.store_card(client, default=True)
    pm_env.store_card(client, brand="mastercard", last4="4444")
    section = make_section(client)
    first, second = section.list_view.rows()
    section.activateWindow()
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)

    # Down and Up move between rows; Tab reaches the ⋮ button of the row.
    qtbot.keyClick(first, Qt.Key.Key_Down)
    assert second.hasFocus()
    qtbot.keyClick(second, Qt.Key.Key_Up)
    assert first.hasFocus()
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert first.menu_button.hasFocus()

    # The Menu key and Shift+F10 open the actions menu; Escape closes it.
    for key, mods in ((Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier),
                      (Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)):
        second.setFocus()
        qtbot.keyClick(second, key, mods)
        qtbot.waitUntil(second.menu.isVisible)
        assert QApplication.activePopupWidget() is second.menu
        assert second.menu.activeAction() is second.set_default_action
        assert second.set_default_action.isEnabled()
        qtbot.keyClick(second.menu, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not second.menu.isVisible())

    # The default row offers Remove but not Set as default.
    first.open_menu()
    qtbot.waitUntil(first.menu.isVisible)
    assert not first.set_default_action.isEnabled()
    assert first.remove_action.isEnabled()
    assert first.menu.activeAction() is first.remove_action
    assert isinstance(QApplication.activePopupWidget(), QMenu)
    qtbot.keyClick(first.menu, Qt.Key.Key_Escape)


def test_the_kebab_button_opens_the_menu_with_the_mouse(qtbot: QtBot, pm_env: PmEnv,
                                                        make_section: SectionFactory) -> None:
    client = pm_env.add_client()
    pm_env.store_card(client, default=True)
    section = make_section(client)
    row = section.list_view.rows()[0]
    assert row.menu_button.text() == "⋮"
    assert row.menu_button.focusPolicy() == Qt.FocusPolicy.StrongFocus
    seen: list[list[tuple[str, bool]]] = []

    def look_and_close() -> None:
        # The button's menu runs its own event loop: look at it from inside, then close it.
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            seen.append([(a.text(), a.isEnabled()) for a in menu.actions()
                         if not a.isSeparator()])
            menu.close()

    QTimer.singleShot(200, look_and_close)
    qtbot.mouseClick(row.menu_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0] == [("Set as &default", False), ("&Remove…", True),
                       ("Can't be edited: remove it and add it again", False)]
