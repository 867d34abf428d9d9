"""The arrow next to each payment method (the help article: "click the arrow next to the card
to expand it"): it shows, it turns, it opens the row, and screen readers hear its state (a
check box, checked while expanded, named for what a press does)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QImage
from pytestqt.qtbot import QtBot

from owl_desktop.ui.payment_methods.chevron import toggle_state
from owl_desktop.ui.payment_methods.row import PaymentMethodRow
from tests.gui.payment_methods.conftest import PmEnv, SectionFactory


def grab(row: PaymentMethodRow) -> QImage:
    return row.chevron.grab().toImage()


def test_the_arrow_turns_and_opens_the_row(qtbot: QtBot, pm_env: PmEnv,
                                           make_section: SectionFactory) -> None:
    client = pm_env.add_client()
    pm_env.store_card(client, default=True, exp=(4, 2031))
    pm_env.store_bank(client, holder="Marc Tremblay")
    section = make_section(client)
    card_row, bank_row = section.list_view.rows()

    chevron = card_row.chevron
    assert chevron.isVisible()
    # Left of the brand icon, like an arrow in a tree.
    assert chevron.geometry().right() < card_row.icon_label.geometry().left()
    assert chevron.accessibleName() == "Show details of Visa •••• 4242"
    assert toggle_state(chevron) == (True, False)
    assert chevron.accessibleDescription() == "Collapsed"
    assert card_row.accessibleDescription().startswith("Press Enter to show details")
    closed = grab(card_row)

    qtbot.mouseClick(chevron, Qt.MouseButton.LeftButton)
    assert card_row.is_expanded
    assert card_row.details.isVisible()
    assert chevron.isChecked()
    assert card_row.hasFocus()  # the keyboard carries on from the row
    assert chevron.accessibleName() == "Hide details of Visa •••• 4242"
    assert toggle_state(chevron) == (True, True)
    assert chevron.accessibleDescription() == "Expanded"
    assert card_row.accessibleDescription().startswith("Details shown")
    iface = QAccessible.queryAccessibleInterface(chevron)
    assert iface is not None
    # Qt reports a checkable tool button as a check box: checked = expanded.
    assert iface.role() == QAccessible.Role.CheckBox
    assert iface.text(QAccessible.Text.Name) == "Hide details of Visa •••• 4242"
    assert iface.state().checked
    opened = grab(card_row)
    # Expanded, the details say the expiry: no second "Expires" under the title.
    assert card_row.expiry_label.isHidden()
    assert ("Expiry", "04/2031") in card_row.shown_details()
    assert opened != closed  # the arrow turned

    qtbot.mouseClick(chevron, Qt.MouseButton.LeftButton)
    assert not card_row.is_expanded
    assert not card_row.details.isVisible()
    assert not chevron.isChecked()
    assert grab(card_row) == closed
    assert card_row.expiry_label.isVisible()

    # Keyboard: Right opens, Left closes, the arrow follows.
    bank_row.setFocus()
    qtbot.keyClick(bank_row, Qt.Key.Key_Right)
    assert bank_row.details.isVisible()
    assert bank_row.chevron.isChecked()
    assert bank_row.chevron.accessibleName() == "Hide details of Desjardins •••• 6789"
    assert toggle_state(bank_row.chevron) == (True, True)
    qtbot.keyClick(bank_row, Qt.Key.Key_Left)
    assert not bank_row.details.isVisible()
    assert not bank_row.chevron.isChecked()
    assert toggle_state(bank_row.chevron) == (True, False)
    assert bank_row.chevron.accessibleName() == "Show details of Desjardins •••• 6789"

    # A click on the row itself turns the arrow as well.
    qtbot.mouseClick(card_row, Qt.MouseButton.LeftButton,
                     pos=card_row.title_label.geometry().center())
    assert card_row.chevron.isChecked()


def test_the_arrow_is_not_an_extra_tab_stop(pm_env: PmEnv,
                                            make_section: SectionFactory) -> None:
    client = pm_env.add_client()
    pm_env.store_card(client, default=True)
    row = make_section(client).list_view.rows()[0]
    assert row.chevron.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert row.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_the_arrow_is_drawn_at_the_screen_resolution(pm_env: PmEnv,
                                                     make_section: SectionFactory) -> None:
    client = pm_env.add_client()
    pm_env.store_card(client, default=True)
    row = make_section(client).list_view.rows()[0]
    # SVG icons: asked at 2x, they give a 2x pixmap (not a blown-up 1x one).
    pixmap = row.chevron.icon().pixmap(row.chevron.iconSize(), 2.0)
    assert pixmap.width() == 2 * row.chevron.iconSize().width()
    brand = row.icon_label.pixmap()
    assert brand.deviceIndependentSize().toSize() == row.icon_label.size()
