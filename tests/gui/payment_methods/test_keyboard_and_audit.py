"""Keyboard-only set default and removal, and the audit trail on the profile (who, when,
which method, which desk), kept after the method is gone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from owl_desktop.ui.payment_methods.section import PaymentMethodsSection
from tests.gui.payment_methods.conftest import OFFSCREEN_POPUP_NOISE, PmEnv, SectionFactory

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)


def trail(section: PaymentMethodsSection) -> list[list[str]]:
    model = section.audit_view.model
    return [[model.index(r, c).data() for c in range(1, 5)] for r in range(model.rowCount())]


def test_keyboard_only_set_default_then_remove(qtbot: QtBot, pm_env: PmEnv,
                                               make_section: SectionFactory) -> None:
    client = pm_env.add_client()
    visa = pm_env.store_card(client, default=True)
    master = pm_env.store_card(client, brand="mastercard", last4="4444")
    section = make_section(client)
    section.activateWindow()
    row = section.list_view.row_for(master)
    assert row is not None
    row.setFocus()
    qtbot.waitUntil(row.hasFocus)

    # Menu key → "Set as default" is the active entry → Enter.
    qtbot.keyClick(row, Qt.Key.Key_Menu)
    qtbot.waitUntil(row.menu.isVisible)
    with qtbot.waitSignal(section.loaded, timeout=10000):
        qtbot.keyClick(row.menu, Qt.Key.Key_Return)
    assert not section.list_view.row_for(master).default_badge.isHidden()
    assert section.list_view.row_for(visa).default_badge.isHidden()
    assert "pending_sync" in section.list_view.row_for(master).state_badges

    # Shift+F10 on the Visa row → Down to "Remove…" → Enter → the confirmation, whose
    # default button is Cancel: Tab to Remove, Space.
    row = section.list_view.row_for(visa)
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(row.menu.isVisible)
    assert row.menu.activeAction() is row.set_default_action
    qtbot.keyClick(row.menu, Qt.Key.Key_Down)
    assert row.menu.activeAction() is row.remove_action
    qtbot.keyClick(row.menu, Qt.Key.Key_Return)
    box = section.confirm_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    qtbot.waitUntil(box.isActiveWindow)
    for _ in range(4):
        focused = QApplication.focusWidget()
        if focused is not None and focused.objectName() == "confirmRemoveButton":
            break
        qtbot.keyClick(focused or box, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not None
    assert focused.objectName() == "confirmRemoveButton"
    qtbot.keyClick(focused, Qt.Key.Key_Space)
    # No sync here: Stripe hasn't heard, so the Visa stays listed, greyed, removal pending.
    qtbot.waitUntil(lambda: "removing" in (section.list_view.row_for(visa).state_badges
                                           if section.list_view.row_for(visa) else {}),
                    timeout=10000)
    assert [r.method_id for r in section.list_view.rows() if r.menu_button.isEnabled()] == [
        master]


def test_audit_trail_lists_changes_and_keeps_removed_methods(
        qtbot: QtBot, pm_env: PmEnv, make_section: SectionFactory) -> None:
    client = pm_env.add_client()
    visa = pm_env.store_card(client, default=True)
    bank = pm_env.store_bank(client)
    section = make_section(client)
    assert section.audit_view.empty_label.isVisible()
    assert section.audit_view.empty_label.text() == "No changes recorded yet."

    with qtbot.waitSignal(section.loaded, timeout=10000):
        section.set_default(bank)
    with qtbot.waitSignal(section.loaded, timeout=10000):
        section.remove(visa)
    # Not yet sent to Stripe (no sync here): listed greyed as a pending removal.
    assert [r.method_id for r in section.list_view.rows()
            if "removing" not in r.state_badges] == [bank]
    assert section.audit_view.table.isVisible()
    assert trail(section) == [
        ["reception1", "Front desk A", "Removed", "Visa •••• 4242"],
        ["reception1", "Front desk A", "Set as default", "Desjardins •••• 6789"],
    ]
    model = section.audit_view.model
    assert model.index(0, 0).data()  # when: the local date and time
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Action"

    # Removing the default says so too; the trail outlives every method.
    with qtbot.waitSignal(section.loaded, timeout=10000):
        section.remove(bank)
    assert [r for r in section.list_view.rows() if "removing" not in r.state_badges] == []
    # One removal, two entries of the same moment: in the order they happened.
    assert trail(section)[:2] == [
        ["reception1", "Front desk A", "Removed", "Desjardins •••• 6789"],
        ["reception1", "Front desk A", "No longer the default", "Desjardins •••• 6789"],
    ]
    assert len(trail(section)) == 4

    # Reopening the profile shows the same trail.
    other = pm_env.add_client("Zoé", "Roy")
    with qtbot.waitSignal(section.loaded, timeout=10000), pm_env.uow() as uow:
        section.set_client(uow.clients.get(other))
    assert trail(section) == []
    with qtbot.waitSignal(section.loaded, timeout=10000), pm_env.uow() as uow:
        section.set_client(uow.clients.get(client))
    assert len(trail(section)) == 4
