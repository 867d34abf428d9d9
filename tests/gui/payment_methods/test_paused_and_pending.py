"""What the profile says while autopay is paused or a change waits for Stripe: the banner's
way out obeys the offline rule, the Clinic box agrees with the banner, an offline removal stays
visible until it is sent, and a bank account awaiting verification says what happens next."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import stripe
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.ui.clients.contact_tab import ContactTab
from owl_desktop.ui.payment_methods.section import PaymentMethodsSection
from owl_desktop.ui.sync.controller import SyncController
from tests.gui.payment_methods.conftest import (
    DESK_HEADER,
    OFFSCREEN_POPUP_NOISE,
    PmEnv,
    SectionFactory,
    run_sync,
    settle,
)
from tests.gui.payment_methods.test_actions import confirm_removal

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)


@pytest.fixture
def contact_tab(qtbot: QtBot) -> Iterator[Callable[[PaymentMethodsSection], ContactTab]]:
    """The profile's Contact & Clinic tab around a section (as the main window builds it).
    The section belongs to its test fixture: it is taken back out before the tab goes."""
    made: list[tuple[ContactTab, PaymentMethodsSection]] = []

    def make(section: PaymentMethodsSection) -> ContactTab:
        tab = ContactTab(section)
        tab.resize(900, 800)
        tab.show()
        qtbot.waitExposed(tab)
        made.append((tab, section))
        return tab

    yield make
    for tab, section in made:
        section.setParent(None)
        tab.close()
        tab.deleteLater()


def test_offline_removal_of_the_only_card_shows_pending_and_the_banner_obeys_offline(
        qtbot: QtBot, pm_env: PmEnv, sandbox: SandboxServer,
        stripe_client: stripe.StripeClient, controller: SyncController,
        make_section: SectionFactory,
        contact_tab: Callable[[PaymentMethodsSection], ContactTab]) -> None:
    client = pm_env.add_client(autopay=True)
    visa = pm_env.add_card_via_stripe(stripe_client, client)
    bank = pm_env.store_bank(client, status="pending_verification")
    section = make_section(client, sync=controller, add_flow=True)
    tab = contact_tab(section)  # the profile's Clinic box listens to the section
    with pm_env.uow() as uow:
        tab.set_client(uow.clients.get(client))
    run_sync(qtbot, controller)
    settle(qtbot, section, controller)
    assert tab.autopay_value.text() == "On"

    sandbox.faults.set(desk=DESK_HEADER, drop_connections_rate=1.0)
    confirm_removal(qtbot, section, visa)
    settle(qtbot, section, controller)
    panel = section.autopay_panel
    # The removal is on screen at once, greyed, until Stripe has been told.
    row = section.list_view.row_for(visa)
    assert row is not None
    assert row.state_badges["removing"].text() == "Removal pending sync"
    assert "connection is back" in row.state_badges["removing"].toolTip()
    assert not row.menu_button.isEnabled()
    assert [r.method_id for r in section.list_view.rows()] == [visa, bank]
    # Opened afresh (another profile visit, or after a restart) it still shows: the pending
    # removal comes from the database, not from this widget's memory.
    reopened = make_section(client, sync=controller, add_flow=True)
    settle(qtbot, reopened, controller)
    again = reopened.list_view.row_for(visa)
    assert again is not None
    assert again.state_badges["removing"].text() == "Removal pending sync"
    # Paused with nothing usable: the banner says how to resume, the Clinic box agrees.
    assert panel.banner.isVisible()
    assert panel.banner_label.text() == ("Autopay is paused: no payment method on file can be "
                                         "charged. Add a payment method to resume.")
    assert tab.autopay_value.text() == "On — paused (no default method)"
    # Offline, the banner's Add is off like the main one, with the same reason.
    qtbot.waitUntil(lambda: not section.add_button.isEnabled())
    assert not panel.add_button.isEnabled()
    assert panel.add_button.text() == "Add a payment method (offline)"
    assert panel.add_button.toolTip() == section.add_button.toolTip()
    assert "can't reach it now" in panel.add_button.toolTip()

    sandbox.faults.clear(DESK_HEADER)
    run_sync(qtbot, controller)
    settle(qtbot, section, controller)
    qtbot.waitUntil(lambda: [r.method_id for r in section.list_view.rows()] == [bank])
    qtbot.waitUntil(panel.add_button.isEnabled)
    assert panel.add_button.text() == "Add a payment method…"


def test_default_chosen_from_the_banner_clears_the_clinic_pause(
        qtbot: QtBot, pm_env: PmEnv, make_section: SectionFactory,
        contact_tab: Callable[[PaymentMethodsSection], ContactTab]) -> None:
    client = pm_env.add_client(autopay=True)
    pm_env.store_card(client)  # usable, but not the default
    section = make_section(client)
    tab = contact_tab(section)
    with pm_env.uow() as uow, qtbot.waitSignal(section.loaded, timeout=5000):
        tab.set_client(uow.clients.get(client))
    panel = section.autopay_panel
    assert panel.banner_label.text() == "Autopay is paused until another default is chosen."
    assert tab.autopay_value.text() == "On — paused (no default method)"
    with qtbot.waitSignal(section.loaded, timeout=5000):
        qtbot.mouseClick(panel.choice_buttons[0], Qt.MouseButton.LeftButton)
    assert tab.autopay_value.text() == "On"


def test_bank_account_awaiting_verification_says_why_and_what_next(
        qtbot: QtBot, pm_env: PmEnv, make_section: SectionFactory) -> None:
    client = pm_env.add_client()
    pm_env.store_card(client, default=True)
    bank = pm_env.store_bank(client, status="pending_verification")
    section = make_section(client)
    row = section.list_view.row_for(bank)
    assert row is not None
    qtbot.keyClick(row, Qt.Key.Key_Return)  # expand from the keyboard
    details = dict(row.shown_details())
    assert "two small deposits" in details["Verification"]
    assert "once they are confirmed" in details["Verification"]
    row.menu.aboutToShow.emit()
    assert not row.set_default_action.isEnabled()
    assert row.set_default_action.text() == "Set as default (once verified)"
    assert "two small deposits" in row.set_default_action.toolTip()
    assert row.menu.toolTipsVisible()
