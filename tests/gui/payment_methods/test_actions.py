"""Set as default and Remove from the section, online and offline, against ``stripe_env``:
applied locally at once, sent through the outbox by the sync controller, and Stripe ends up
the same (checked with a plain StripeClient, not the code under test)."""

from __future__ import annotations

import pytest
import stripe
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from owl_desktop.sandbox.server import SandboxServer
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

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)


def stripe_default(sc: stripe.StripeClient, customer: str) -> str | None:
    settings = sc.v1.customers.retrieve(customer).invoice_settings
    default = settings.default_payment_method if settings else None
    return default if isinstance(default, str) or default is None else default.id


def attached_ids(sc: stripe.StripeClient, customer: str) -> set[str]:
    return {pm.id for pm in sc.v1.customers.payment_methods.list(customer).data}


def states_of(section: PaymentMethodsSection) -> dict[int, tuple[bool, set[str]]]:
    """method id -> (default badge shown, state badges shown)."""
    return {r.method_id: (not r.default_badge.isHidden(), set(r.state_badges))
            for r in section.list_view.rows()}


def confirm_removal(qtbot: QtBot, section: PaymentMethodsSection, method_id: int) -> None:
    row = section.list_view.row_for(method_id)
    assert row is not None
    row.remove_action.trigger()
    box = section.confirm_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert "permanent" in box.informativeText()
    button = next(b for b in box.buttons() if b.objectName() == "confirmRemoveButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    # Gone, or (not yet sent to Stripe) greyed and marked "Removal pending sync".
    qtbot.waitUntil(lambda: removed_or_pending(section, method_id), timeout=10000)


def removed_or_pending(section: PaymentMethodsSection, method_id: int) -> bool:
    row = section.list_view.row_for(method_id)
    return row is None or "removing" in row.state_badges


@pytest.fixture
def two_cards(pm_env: PmEnv, stripe_client: stripe.StripeClient) -> tuple[int, int, int]:
    """A client with a Visa (the default, as the first method) and a Mastercard, at Stripe."""
    client = pm_env.add_client()
    visa = pm_env.add_card_via_stripe(stripe_client, client)
    master = pm_env.add_card_via_stripe(stripe_client, client, "pm_card_mastercard")
    return client, visa, master


def test_set_default_online_reaches_stripe(qtbot: QtBot, pm_env: PmEnv,
                                           stripe_client: stripe.StripeClient,
                                           controller: SyncController,
                                           make_section: SectionFactory,
                                           two_cards: tuple[int, int, int]) -> None:
    client, visa, master = two_cards
    section = make_section(client, sync=controller)
    assert states_of(section)[visa] == (True, {"pending_sync"})  # first default not yet sent
    with qtbot.waitSignal(section.loaded, timeout=20000):
        run_sync(qtbot, controller)  # data_changed → the section reloads by itself
    settle(qtbot, section, controller)
    assert states_of(section) == {visa: (True, set()), master: (False, set())}
    customer = pm_env.customer_of(client)
    assert stripe_default(stripe_client, customer) == pm_env.stripe_id(visa)

    section.list_view.row_for(master).set_default_action.trigger()
    # Applied here at once; the sync the section asked for then sends it.
    qtbot.waitUntil(lambda: states_of(section) == {visa: (False, set()),
                                                   master: (True, set())}, timeout=20000)
    settle(qtbot, section, controller)
    assert stripe_default(stripe_client, customer) == pm_env.stripe_id(master)
    assert pm_env.outbox_open(client) == 0


def test_remove_online_detaches_at_stripe(qtbot: QtBot, pm_env: PmEnv,
                                          stripe_client: stripe.StripeClient,
                                          controller: SyncController,
                                          make_section: SectionFactory,
                                          two_cards: tuple[int, int, int]) -> None:
    client, visa, master = two_cards
    section = make_section(client, sync=controller)
    run_sync(qtbot, controller)
    settle(qtbot, section, controller)
    customer = pm_env.customer_of(client)
    master_stripe = pm_env.stripe_id(master)
    assert master_stripe in attached_ids(stripe_client, customer)

    confirm_removal(qtbot, section, master)
    settle(qtbot, section, controller)
    # Sent at once: the row is gone (it shows "Removal pending sync" only until then).
    qtbot.waitUntil(lambda: [r.method_id for r in section.list_view.rows()] == [visa])
    assert pm_env.outbox_open(client) == 0
    assert attached_ids(stripe_client, customer) == {pm_env.stripe_id(visa)}
    assert stripe_default(stripe_client, customer) == pm_env.stripe_id(visa)


def test_cancel_removal_keeps_the_method(qtbot: QtBot, pm_env: PmEnv,
                                         make_section: SectionFactory) -> None:
    client = pm_env.add_client()
    card = pm_env.store_card(client, default=True)
    section = make_section(client)
    box = section.confirm_remove(card)
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert box.text() == "Remove Visa •••• 4242?"
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert "autopay is paused" in box.informativeText()  # it is the default
    # True offline too: Stripe deletes it once the desk is back online.
    assert "as soon as this desk is back online" in box.informativeText()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: section.confirm_box is None)
    assert [r.method_id for r in section.list_view.rows()] == [card]
    assert pm_env.outbox_open(client) == 0


def test_offline_changes_show_pending_sync_then_drain_on_reconnect(
        qtbot: QtBot, pm_env: PmEnv, sandbox: SandboxServer,
        stripe_client: stripe.StripeClient, controller: SyncController,
        make_section: SectionFactory, two_cards: tuple[int, int, int]) -> None:
    client, visa, master = two_cards
    section = make_section(client, sync=controller, add_flow=True)
    run_sync(qtbot, controller)
    settle(qtbot, section, controller)
    assert section.add_button.isEnabled()
    customer = pm_env.customer_of(client)
    visa_stripe, master_stripe = pm_env.stripe_id(visa), pm_env.stripe_id(master)

    # This desk loses its connection (only this desk: the fault is scoped to its header).
    sandbox.faults.set(desk=DESK_HEADER, drop_connections_rate=1.0)
    section.list_view.row_for(master).set_default_action.trigger()
    settle(qtbot, section, controller)
    runs = run_sync(qtbot, controller)
    assert not runs[-1].online
    assert states_of(section)[master] == (True, {"pending_sync"})
    assert section.list_view.row_for(master).state_badges["pending_sync"].text() == \
        "Pending sync"
    qtbot.waitUntil(lambda: not section.add_button.isEnabled())  # adding needs Stripe
    assert section.add_button.text() == "Add payment method (offline)"
    assert "can't reach it now" in section.add_button.toolTip()

    confirm_removal(qtbot, section, visa)
    settle(qtbot, section, controller)
    # Offline the removal can't reach Stripe: the row stays, greyed, saying so.
    removed = section.list_view.row_for(visa)
    assert removed is not None
    assert states_of(section)[visa] == (False, {"removing"})
    assert removed.state_badges["removing"].text() == "Removal pending sync"
    assert not removed.menu_button.isEnabled()
    assert not removed.title_label.isEnabled()
    assert pm_env.outbox_open(client) == 2
    # Nothing reached Stripe meanwhile.
    assert stripe_default(stripe_client, customer) == visa_stripe
    assert attached_ids(stripe_client, customer) == {visa_stripe, master_stripe}

    # Back online: the next run drains the outbox and the badges go.
    sandbox.faults.clear(DESK_HEADER)
    runs = run_sync(qtbot, controller)
    settle(qtbot, section, controller)
    assert runs[-1].online
    assert sum(run.sent for run in runs) == 2
    assert states_of(section) == {master: (True, set())}
    qtbot.waitUntil(section.add_button.isEnabled)
    assert stripe_default(stripe_client, customer) == master_stripe
    assert attached_ids(stripe_client, customer) == {master_stripe}


def test_a_refused_action_is_explained_and_the_list_reloaded(
        qtbot: QtBot, pm_env: PmEnv, make_section: SectionFactory) -> None:
    client = pm_env.add_client()
    pm_env.store_card(client, default=True)
    expired = pm_env.store_card(client, brand="mastercard", last4="4444", exp=(1, 2020))
    section = make_section(client)
    presenter = section._deps.presenter
    # The menu never offers it; a stale view (or another desk's change) could still ask.
    assert not section.list_view.row_for(expired).set_default_action.isEnabled()
    with qtbot.waitSignal(presenter.presented, timeout=5000) as shown:
        section.set_default(expired)
    assert shown.args == ["This payment method can't be the default: it is expired, awaiting "
                          "verification or removed.", "Choose another method, or add a new one."]
    assert presenter.last_box is not None
    assert presenter.last_box.windowTitle() == "Set as default"
    presenter.last_box.close()
    settle(qtbot, section)
    assert pm_env.outbox_open(client) == 0


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
def test_removing_the_default_of_an_autopay_client_then_choosing_another(
        qtbot: QtBot, pm_env: PmEnv, stripe_client: stripe.StripeClient,
        controller: SyncController, make_section: SectionFactory,
        request: pytest.FixtureRequest, offline: bool) -> None:
    client = pm_env.add_client(autopay=True)
    visa = pm_env.add_card_via_stripe(stripe_client, client)
    master = pm_env.add_card_via_stripe(stripe_client, client, "pm_card_mastercard")
    section = make_section(client, sync=controller)
    run_sync(qtbot, controller)
    settle(qtbot, section, controller)
    customer = pm_env.customer_of(client)
    visa_stripe, master_stripe = pm_env.stripe_id(visa), pm_env.stripe_id(master)
    sandbox: SandboxServer | None = request.getfixturevalue("sandbox") if offline else None
    if sandbox is not None:  # this desk loses its connection
        sandbox.faults.set(desk=DESK_HEADER, drop_connections_rate=1.0)

    confirm_removal(qtbot, section, visa)
    settle(qtbot, section, controller)
    panel = section.autopay_panel
    assert panel.banner.isVisible()
    assert panel.banner_label.text() == "Autopay is paused until another default is chosen."
    assert [b.text() for b in panel.choice_buttons] == ["Use Mastercard •••• 4444"]

    qtbot.mouseClick(panel.choice_buttons[0], Qt.MouseButton.LeftButton)  # one click
    qtbot.waitUntil(lambda: not panel.banner.isVisible(), timeout=10000)
    settle(qtbot, section, controller)
    assert panel.method_label.text() == "Charges Mastercard •••• 4444, the default method."
    if sandbox is not None:
        assert states_of(section) == {visa: (False, {"removing"}),
                                      master: (True, {"pending_sync"})}
        assert stripe_default(stripe_client, customer) == visa_stripe  # nothing sent yet
        sandbox.faults.clear(DESK_HEADER)
        run_sync(qtbot, controller)
        settle(qtbot, section, controller)
    assert states_of(section) == {master: (True, set())}
    assert pm_env.outbox_open(client) == 0
    assert stripe_default(stripe_client, customer) == master_stripe
    assert attached_ids(stripe_client, customer) == {master_stripe}
