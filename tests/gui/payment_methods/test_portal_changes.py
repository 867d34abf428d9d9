"""What a client does in the portal reaches a desk on the same database within 30 seconds,
without reopening the profile: another process (the portal's own service, recorded as the
client in the portal) adds a card and chooses the default; this desk's real Payment Methods
section hears it through the change journal (``core/change_watch.ChangeWatcher``, the app's
poll interval) and its change bus, and the history says "By the client", "In the portal"."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import stripe
from pytestqt.qtbot import QtBot

from owl_desktop.core.change_watch import ChangeWatcher
from owl_desktop.ui.change_bus import ChangeBus
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.payment_methods.section import PaymentMethodsDeps, PaymentMethodsSection
from owl_desktop.ui.tasks import TaskRunner
from tests.gui.payment_methods.conftest import PmEnv, show_client
from tests.stripe_env import StripeEnv

REPO = Path(__file__).resolve().parents[3]
WITHIN_MS = 30_000  # the promise

# The portal's side, in its own process: the same service the portal's routes call, as the
# client in the portal (portal/serve.py portal_workstation).
PORTAL = """
import sys
import stripe
from owl_desktop.domain.audit import IN_THE_PORTAL
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.services.customers import CustomerService
from owl_desktop.services.payment_methods import PaymentMethodService
from owl_desktop.store.db import create_db_engine
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.stripe_env import account_of

url, api_base, secret, client_id, action, what = sys.argv[1:7]
engine = create_db_engine(url)
uow = UnitOfWorkFactory(engine)
gateway = StripeGateway(secret, api_base=api_base, timeout_s=10)
methods = PaymentMethodService(uow, gateway, CustomerService(uow, gateway, account_of(gateway)),
                               workstation=lambda _uow: IN_THE_PORTAL)
if action == "add":  # as the page does: a SetupIntent, confirmed by Stripe.js, then kept
    setup = methods.start_setup(int(client_id), "card")
    stripe.StripeClient(secret, base_addresses={"api": api_base}).v1.setup_intents.confirm(
        setup.id, params={"payment_method": what})
    print(methods.complete_setup(int(client_id), setup.id).id)
else:
    methods.set_default_now(int(client_id), int(what))
engine.dispose()
"""


def in_the_portal(pm_env: PmEnv, client_id: int, action: str, what: str) -> str:
    env: StripeEnv = pm_env.stripe_env
    url = pm_env.uow.engine.url.render_as_string(hide_password=False)
    done = subprocess.run([sys.executable, "-c", PORTAL, url, env.api_base, env.secret_key,
                           str(client_id), action, what], cwd=REPO, check=True, timeout=60,
                          capture_output=True, text=True)
    return done.stdout.strip()


@pytest.fixture
def desk_section(qtbot: QtBot, pm_env: PmEnv, translations: Translations
                 ) -> Iterator[PaymentMethodsSection]:
    """The section as ``ui/desk.py`` wires it: a change bus following the database's journal."""
    watcher = ChangeWatcher(pm_env.uow)
    bus = ChangeBus()
    bus.follow(watcher)
    tasks, presenter = TaskRunner(), ErrorPresenter()
    section = PaymentMethodsSection(PaymentMethodsDeps(
        payment_methods=pm_env.methods, autopay=pm_env.autopay, audit=pm_env.audit,
        tasks=tasks, presenter=presenter, bus=bus))
    for child in (tasks, presenter, bus):
        child.setParent(section)
    qtbot.addWidget(section)
    section.show()
    qtbot.waitExposed(section)
    pm_env.sections.append(section)
    watcher.start()
    yield section
    watcher.stop()


def test_a_card_added_and_a_default_chosen_in_the_portal_show_at_the_desk(
        qtbot: QtBot, pm_env: PmEnv, desk_section: PaymentMethodsSection,
        stripe_client: stripe.StripeClient) -> None:
    section = desk_section
    client_id = pm_env.add_client()
    show_client(qtbot, pm_env, section, client_id)
    assert section.model.rowCount() == 0

    visa = int(in_the_portal(pm_env, client_id, "add", "pm_card_visa"))
    qtbot.waitUntil(lambda: section.model.rowCount() == 1, timeout=WITHIN_MS)
    assert section.model.method(0).id == visa
    assert section.model.default_method() is not None  # the first usable one
    model = section.audit_view.model
    qtbot.waitUntil(lambda: model.rowCount() >= 1, timeout=WITHIN_MS)
    column = model.Column
    rows = [(model.index(row, column.WHO).data(), model.index(row, column.DESK).data())
            for row in range(model.rowCount())]
    assert ("By the client", "In the portal") in rows

    # One more added at this desk, then the client makes it the default in the portal.
    mastercard = pm_env.add_card_via_stripe(stripe_client, client_id, "pm_card_mastercard")
    with qtbot.waitSignal(section.loaded, timeout=WITHIN_MS):
        section.reload()
    assert section.model.default_method().id == visa  # type: ignore[union-attr]
    in_the_portal(pm_env, client_id, "default", str(mastercard))
    qtbot.waitUntil(lambda: (d := section.model.default_method()) is not None
                    and d.id == mastercard, timeout=WITHIN_MS)
    assert section.model.method(0).id == mastercard  # the default comes first
    entries = section.audit_view.model.entries()
    assert any(e.action == "set_default" and (e.actor, e.desk) == ("client", "portal")
               for e in entries)

