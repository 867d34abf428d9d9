"""One change bus: what another process commits to the shared database reaches the desk's
views within seconds, and opening Stripe never reads the keyring on the UI thread."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from pytestqt.qtbot import QtBot

from owl_desktop.core.change_watch import ChangeWatcher
from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.secrets import KEYRING_SERVICE
from owl_desktop.services.clients import ClientService
from owl_desktop.services.stripe_connection import account_ref
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.ui.change_bus import ChangeBus
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.settings.stripe_rewiring import StripeRewiring
from owl_desktop.ui.sync.setup import SyncUi
from tests.gui.windows import make_window
from tests.memory_keyring import MemoryKeyring

REPO = Path(__file__).resolve().parents[2]

# Another process of the clinic (a second desk, the portal) renaming a client.
RENAME = """
import sys
from owl_desktop.domain.clients import ClientDraft
from owl_desktop.services.clients import ClientService
from owl_desktop.store.db import create_db_engine
from owl_desktop.store.uow import UnitOfWorkFactory

engine = create_db_engine(sys.argv[1])
clients = ClientService(UnitOfWorkFactory(engine))
client = clients.get(int(sys.argv[2]))
clients.update(client.id, ClientDraft(sys.argv[3], client.last_name, client.email,
                                      client.phone, client.address))
engine.dispose()
"""


def rename_elsewhere(uow: UnitOfWorkFactory, client_id: int, first_name: str) -> None:
    url = uow.engine.url.render_as_string(hide_password=False)
    subprocess.run([sys.executable, "-c", RENAME, url, str(client_id), first_name], cwd=REPO,
                   check=True, timeout=60)


def test_another_process_renaming_the_open_client_shows_here(
        qtbot: QtBot, uow_factory: UnitOfWorkFactory, translations: Translations) -> None:
    window = make_window(qtbot, uow_factory)
    first = window.search_panel.model.summary(0)
    assert first is not None
    window.open_client(first.id)
    qtbot.waitUntil(lambda: window.current_client is not None)
    rename_elsewhere(uow_factory, first.id, "Renommée")
    qtbot.waitUntil(lambda: window.profile_page.name_label.text().startswith("Renommée"),
                    timeout=10_000)
    qtbot.waitUntil(lambda: any(
        (s := window.search_panel.model.summary(row)) is not None
        and s.full_name.startswith("Renommée")
        for row in range(window.search_panel.model.rowCount())), timeout=10_000)
    window.close()


def test_the_watcher_reports_other_processes_only(tmp_path: Path,
                                                  uow_factory: UnitOfWorkFactory) -> None:
    clients = ClientService(uow_factory)
    client = clients.create(ClientDraft("Ada", "Lovelace", "", "", Address()))
    watcher = ChangeWatcher(uow_factory)
    assert not watcher.poll()  # where the journal stands: not news
    clients.update(client.id, ClientDraft("Ada", "King", "", "", Address()))
    assert not watcher.poll()  # this process's own change is announced directly
    rename_elsewhere(uow_factory, client.id, "Augusta")
    changes = watcher.poll()
    assert changes.clients == frozenset({client.id})
    assert not changes.everything
    assert not watcher.poll()  # seen once


def test_the_bus_hears_the_watcher_on_the_ui_thread(qtbot: QtBot,
                                                    uow_factory: UnitOfWorkFactory) -> None:
    client = ClientService(uow_factory).create(ClientDraft("Ada", "Lovelace", "", "",
                                                           Address()))
    bus = ChangeBus()
    watcher = ChangeWatcher(uow_factory, interval_s=0.2)
    bus.follow(watcher)
    heard: list[tuple[frozenset[int], bool]] = []
    bus.clients_changed.connect(lambda changed: heard.append(
        (changed, threading.current_thread() is threading.main_thread())))
    watcher.start()
    try:
        qtbot.wait(500)  # the first poll notes where the journal stands
        rename_elsewhere(uow_factory, client.id, "Augusta")
        qtbot.waitUntil(lambda: bool(heard), timeout=10_000)
    finally:
        watcher.stop()
    assert heard[0] == (frozenset({client.id}), True)


class RecordingKeyring(MemoryKeyring):
    """Remembers whether each read happened on the UI (main) thread."""

    def __init__(self) -> None:
        super().__init__()
        self.reads_on_main_thread: list[bool] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.reads_on_main_thread.append(threading.current_thread() is threading.main_thread())
        return super().get_password(service, username)


@pytest.fixture
def recording_keyring() -> Iterator[RecordingKeyring]:
    previous = keyring.get_keyring()
    backend = RecordingKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_the_window_opens_stripe_without_reading_the_keyring_on_the_ui_thread(
        qtbot: QtBot, sqlite_uow_factory: UnitOfWorkFactory, translations: Translations,
        recording_keyring: RecordingKeyring) -> None:
    with SandboxServer() as sandbox:
        account = "acct_1OwlSandbox000000"
        with sqlite_uow_factory() as uow:  # as Settings → Stripe leaves a connected desk
            uow.settings.set("stripe.publishable_key", "pk_test_owlKeyringThread0000")
            uow.settings.set("stripe.account_id", account)
            uow.settings.set("stripe.livemode", "false")
            uow.commit()
        recording_keyring.entries[(KEYRING_SERVICE, account_ref(account, False))] = \
            "sk_test_owlKeyringThread0000"
        window = make_window(qtbot, sqlite_uow_factory, stripe_api_base=sandbox.url,
                             stripe_js_url=sandbox.stripe_js_url)
        rewiring = window.findChild(StripeRewiring)
        assert rewiring is not None
        qtbot.waitUntil(lambda: rewiring.applied, timeout=10_000)
        sync_ui = rewiring.sync_ui
        assert isinstance(sync_ui, SyncUi)  # connected: the secret was read
        assert recording_keyring.reads_on_main_thread  # it was read...
        assert not any(recording_keyring.reads_on_main_thread)  # ...never on the UI thread
        sync_ui.stop()
        window.close()
