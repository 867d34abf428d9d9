"""Settings → Stripe in the real main window, against the sandbox configured with known keys."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.sandbox.keys import SandboxAccount, SandboxKeys
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.secrets import KEYRING_SERVICE
from owl_desktop.services.stripe_connection import StripeConnectionService, account_ref
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.settings.key_problems import keyring_hint
from owl_desktop.ui.settings.stripe import (
    StripeModeDisplay,
    StripeSettingsDialog,
)
from tests.gui.windows import OPEN_SERVICES, make_window
from tests.memory_keyring import MemoryKeyring

ACCT_A, ACCT_B = "acct_1OwlGuiClinicA00", "acct_1OwlGuiClinicB00"
PK_A, RK_A, RK_A_NO_MANDATES = ("pk_test_GuiApublic000001", "rk_test_GuiAallPerms0001",
                                "rk_test_GuiAnoMandates01")
RK_A_REVOKED = "rk_test_GuiArevoked00001"
RK_A_CUSTOMERS_READ = "rk_test_GuiAcustomersRead1"
PK_B, SK_B = "pk_test_GuiBpublic000001", "sk_test_GuiBsecret000001"
PERMS = {"customers": "write", "setup_intents": "write", "payment_methods": "write",
         "payment_intents": "write", "mandates": "read", "events": "read", "refunds": "write"}


@pytest.fixture(scope="module")
def keyed_sandbox() -> Iterator[SandboxServer]:
    keys = SandboxKeys(accounts=[
        SandboxAccount(ACCT_A, publishable_keys=[PK_A],
                       restricted_keys={RK_A: dict(PERMS), RK_A_NO_MANDATES: {
                           k: v for k, v in PERMS.items() if k != "mandates"},
                                        RK_A_CUSTOMERS_READ: {"customers": "read"}},
                       revoked_keys=[RK_A_REVOKED]),
        SandboxAccount(ACCT_B, secret_keys=[SK_B], publishable_keys=[PK_B]),
    ])
    with SandboxServer(keys=keys) as server:
        yield server


@pytest.fixture
def window(qtbot: QtBot, sqlite_uow_factory: UnitOfWorkFactory, keyed_sandbox: SandboxServer,
           translations: Translations) -> Iterator[MainWindow]:
    """The app's window, its Stripe connection checking keys against the keyed sandbox."""
    win = make_window(qtbot, sqlite_uow_factory, seed=False,
                      stripe_api_base=keyed_sandbox.url)
    yield win
    win.close()


@pytest.fixture
def service(window: MainWindow) -> StripeConnectionService:
    """The window's own Settings → Stripe service."""
    return OPEN_SERVICES[-1].stripe_connection


@pytest.fixture
def display(window: MainWindow, qtbot: QtBot) -> StripeModeDisplay:
    shown = window.findChild(StripeModeDisplay)
    assert shown is not None
    qtbot.waitUntil(lambda: not window.tasks.is_busy())
    return shown


def open_dialog(window: MainWindow, display: StripeModeDisplay,
                qtbot: QtBot) -> StripeSettingsDialog:
    action = next(a for a in window.settings_menu.actions()
                  if a.objectName() == "stripeSettingsAction")
    assert window.settings_menu.menuAction().isVisible()
    action.trigger()
    dialog = display.last_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.status is not None)
    return dialog


def check_and_save(dialog: StripeSettingsDialog, qtbot: QtBot, publishable: str,
                   secret: str) -> None:
    dialog.publishable_edit.clear()
    qtbot.keyClicks(dialog.publishable_edit, publishable)
    dialog.secret_edit.clear()
    qtbot.keyClicks(dialog.secret_edit, secret)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled() or (dialog.confirm_box is not None
                    and dialog.confirm_box.isVisible()), timeout=10_000)


def test_good_keys_connect_and_test_mode_is_unmistakable(
        window: MainWindow, display: StripeModeDisplay, qtbot: QtBot,
        memory_keyring: MemoryKeyring) -> None:
    assert window.status.mode == "not_connected"
    assert not display.badge.isVisible()
    events: list[str] = []
    display.about_to_change.connect(lambda: events.append("about to change"))
    display.connection_changed.connect(events.append)
    dialog = open_dialog(window, display, qtbot)
    assert dialog.secret_edit.echoMode() == QLineEdit.EchoMode.Password
    assert "restricted key" in dialog.advice_label.text()
    assert "Mandates: Read" in dialog.advice_label.text()
    check_and_save(dialog, qtbot, PK_A, RK_A)
    qtbot.waitUntil(lambda: "Connected." in dialog.problems_label.text())
    assert dialog.secret_edit.text() == ""  # the key doesn't linger in the widget
    assert "TEST MODE" in dialog.status_label.text()
    assert memory_keyring.entries == {(KEYRING_SERVICE, account_ref(ACCT_A, False)): RK_A}
    # Status bar, badge and title all say test mode.
    assert window.status.mode == "test"
    assert display.badge.isVisible()
    assert display.badge.text() == "TEST MODE"
    assert window.windowTitle().endswith("\u2014 TEST MODE")
    # Whatever syncs with old keys is told before the save, and the new mode after it.
    assert events == ["about to change", "test"]
    # No restart: the app rewires itself (tests/gui/test_stripe_rewiring.py).
    assert "Restart" not in dialog.problems_label.text()


@pytest.mark.parametrize(("publishable", "secret", "sentence"), [
    ("pk_test_nope", RK_A, "doesn't look like a Stripe key"),
    ("pk_live_GuiApublic000001", RK_A, "One key is a test key and the other a live key"),
    (PK_B, RK_A, "belong to different Stripe accounts"),
    (PK_A, RK_A_REVOKED, "has expired or was revoked"),
    (PK_A, RK_A_NO_MANDATES, "Mandates needs “Read”"),
    (PK_A, RK_A_CUSTOMERS_READ, "edit the key and set: Customers → Write, SetupIntents → "
                                "Write, PaymentMethods → Write, PaymentIntents → Write, "
                                "Mandates → Read, Events → Read, Refunds → Write."),
    (RK_A, RK_A, "A secret key was pasted in the publishable key field"),
])
def test_each_problem_is_said_in_plain_words(
        window: MainWindow, display: StripeModeDisplay, qtbot: QtBot,
        memory_keyring: MemoryKeyring, publishable: str, secret: str, sentence: str) -> None:
    dialog = open_dialog(window, display, qtbot)
    check_and_save(dialog, qtbot, publishable, secret)
    qtbot.waitUntil(lambda: sentence in dialog.problems_label.text(), timeout=10_000)
    assert window.status.mode == "not_connected"
    assert memory_keyring.entries == {}
    assert secret not in dialog.problems_label.text()


def test_disconnect_asks_then_removes_the_secret(
        window: MainWindow, display: StripeModeDisplay, qtbot: QtBot,
        service: StripeConnectionService, memory_keyring: MemoryKeyring) -> None:
    service.connect(service.check_keys(PK_A, RK_A), RK_A)
    display.set_mode(service.current_mode())
    assert window.windowTitle().endswith("TEST MODE")
    dialog = open_dialog(window, display, qtbot)
    assert dialog.disconnect_button.isEnabled()
    assert dialog.publishable_edit.text() == PK_A
    qtbot.mouseClick(dialog.disconnect_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    confirm = box.findChild(QPushButton, "confirmButton")
    assert confirm is not None
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Disconnected." in dialog.problems_label.text())
    assert memory_keyring.entries == {}
    assert window.status.mode == "not_connected"
    assert not display.badge.isVisible()
    assert not window.windowTitle().endswith("TEST MODE")


def test_switching_account_warns_and_cancel_changes_nothing(
        window: MainWindow, display: StripeModeDisplay, qtbot: QtBot,
        service: StripeConnectionService, sqlite_uow_factory: UnitOfWorkFactory,
        memory_keyring: MemoryKeyring) -> None:
    service.connect(service.check_keys(PK_A, RK_A), RK_A)
    now = datetime.now(UTC)
    with sqlite_uow_factory() as uow:
        client = uow.clients.add(ClientDraft("Grace", "Hopper", "", "", Address()), now)
        row = uow.clients.row(client.id)
        row.stripe_customer_id, row.stripe_account_id, row.stripe_livemode = (
            "cus_A", ACCT_A, False)
        uow.commit()
    dialog = open_dialog(window, display, qtbot)
    check_and_save(dialog, qtbot, PK_B, SK_B)
    box = dialog.confirm_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert "1 client" in box.text()
    box.reject()
    qtbot.waitUntil(lambda: "Nothing was changed." in dialog.problems_label.text())
    with sqlite_uow_factory() as uow:
        assert uow.clients.get(client.id).stripe_customer_id == "cus_A"
    # Again, and confirm this time.
    check_and_save(dialog, qtbot, PK_B, SK_B)
    box = dialog.confirm_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    confirm = box.findChild(QPushButton, "confirmButton")
    assert confirm is not None
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Connected." in dialog.problems_label.text(), timeout=10_000)
    with sqlite_uow_factory() as uow:
        assert uow.clients.get(client.id).stripe_customer_id is None
    assert memory_keyring.entries == {(KEYRING_SERVICE, account_ref(ACCT_B, False)): SK_B}


def test_french_test_mode_title_and_problem(sqlite_uow_factory: UnitOfWorkFactory,
                                            keyed_sandbox: SandboxServer,
                                            translations: Translations, qtbot: QtBot) -> None:
    translations.install("fr")
    window = make_window(qtbot, sqlite_uow_factory, seed=False,
                         stripe_api_base=keyed_sandbox.url)
    shown = window.findChild(StripeModeDisplay)
    assert shown is not None
    shown.set_mode("test")
    assert shown.badge.text() == "MODE TEST"
    assert window.windowTitle().endswith("\u2014 MODE TEST")
    dialog = open_dialog(window, shown, qtbot)
    # Every word of the advice is French (Stripe's "None" level included).
    assert "Tout le reste\u00a0: Aucun accès." in dialog.advice_label.text()
    assert "None" not in dialog.advice_label.text()
    check_and_save(dialog, qtbot, PK_A, RK_A_NO_MANDATES)
    qtbot.waitUntil(lambda: "Il manque une autorisation" in dialog.problems_label.text(),
                    timeout=10_000)
    assert "Mandates doit être à «\u00a0Lecture\u00a0»" in dialog.problems_label.text()


def test_a_save_that_fails_says_so_to_what_stopped_for_it(
        window: MainWindow, display: StripeModeDisplay, qtbot: QtBot) -> None:
    """The app stops syncing on about_to_change; a failed save must let it start again
    (change_failed), and the dialog can't be closed while the change is under way."""
    events: list[str] = []
    display.about_to_change.connect(lambda: events.append("about to change"))
    display.connection_changed.connect(events.append)
    display.change_failed.connect(lambda: events.append("failed"))
    dialog = open_dialog(window, display, qtbot)
    dialog.publishable_edit.clear()
    qtbot.keyClicks(dialog.publishable_edit, PK_A)
    qtbot.keyClicks(dialog.secret_edit, RK_A)
    # The keys check out, then the keyring refuses to store the secret.
    dialog.about_to_change.connect(
        lambda: keyring.set_keyring(keyring.backends.fail.Keyring()))
    dialog.about_to_change.connect(dialog.reject)  # closing now is refused
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: events[-1:] == ["failed"], timeout=10_000)
    assert events == ["about to change", "failed"]
    assert dialog.isVisible()
    assert "keyring" in dialog.problems_label.text()
    assert window.status.mode == "not_connected"


def test_reading_message_goes_and_disconnect_stays_off_when_not_connected(
        window: MainWindow, display: StripeModeDisplay, qtbot: QtBot,
        memory_keyring: MemoryKeyring) -> None:
    dialog = open_dialog(window, display, qtbot)
    assert dialog.status is not None
    assert dialog.status.mode == "not_connected"
    assert "Reading the current connection" not in dialog.problems_label.text()
    assert not dialog.disconnect_button.isEnabled()
    assert dialog.check_button.isEnabled()
    edit = dialog.secret_edit
    assert "rk_test_" in edit.placeholderText()  # test keys are accepted too
    assert "sk_test_" in edit.toolTip()
    # The placeholder shows whole in the field (not cut off at the right).
    room = edit.contentsRect().width() - 8
    assert edit.fontMetrics().horizontalAdvance(edit.placeholderText()) <= room
    # A refused check ends "busy" too: Disconnect must not come back on with nothing to remove.
    check_and_save(dialog, qtbot, PK_A, "rk_test_short")
    qtbot.waitUntil(lambda: "doesn't look like" in dialog.problems_label.text(), timeout=10_000)
    assert not dialog.disconnect_button.isEnabled()


def test_keyring_refusal_gives_this_os_advice_and_is_shown_whole(
        window: MainWindow, display: StripeModeDisplay, qtbot: QtBot) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    dialog = open_dialog(window, display, qtbot)
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled())
    check_and_save(dialog, qtbot, PK_A, RK_A)
    qtbot.waitUntil(lambda: "keyring" in dialog.problems_label.text(), timeout=10_000)
    text = dialog.problems_label.text()
    assert "GNOME Keyring" in text  # this test runs on Linux
    assert "Windows" not in text
    assert "macOS" not in text
    assert not dialog.disconnect_button.isEnabled()
    qtbot.wait(50)
    label, scroll = dialog.problems_label, dialog.problems_scroll
    # The whole message is inside the visible area: nothing is cut off or drawn over.
    assert label.heightForWidth(scroll.viewport().width()) <= scroll.viewport().height()
    assert scroll.geometry().bottom() < dialog.check_button.parentWidget().geometry().top()


def test_keyring_advice_is_for_one_os_only(translations: Translations) -> None:
    windows, mac, linux = (keyring_hint(p) for p in ("win32", "darwin", "linux"))
    assert "Windows" in windows
    assert "GNOME" not in windows
    assert "macOS" in mac
    assert "Windows" not in mac
    assert "GNOME Keyring" in linux
    assert "macOS" not in linux
