"""Fixtures for the Payment Methods section: real widgets, a real database (SQLite and
PostgreSQL through ``uow_factory``), the real services, and ``stripe_env`` over HTTP where a
test needs Stripe. Methods are added either the way the app does (a SetupIntent confirmed at
Stripe, then ``complete_setup``) or, for tests about what the list shows, stored locally only.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest
import stripe
from pytestqt.qtbot import QtBot

from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.domain.payment_methods import ACTIVE, MethodStatus
from owl_desktop.payments.gateway import BillingAddress, PaymentMethodInfo
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.services.audit import AuditTrailService, Workstation
from owl_desktop.services.autopay import AutopayService
from owl_desktop.services.customers import CustomerService
from owl_desktop.services.payment_methods import PaymentMethodService
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory
from owl_desktop.sync.engine import SyncEngine, SyncSummary
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.payment_methods.add_flow import AddPaymentMethodFlow
from owl_desktop.ui.payment_methods.section import PaymentMethodsDeps, PaymentMethodsSection
from owl_desktop.ui.sync.controller import SyncController
from owl_desktop.ui.tasks import TaskRunner
from owl_desktop.ui.web.pool import EntryViewPool
from tests.stripe_env import StripeEnv, account_of

# What the offscreen platform says when a popup menu opens: it can't raise windows or grab
# the keyboard. Environment noise, not our warnings.
OFFSCREEN_POPUP_NOISE = ("^This plugin does not support raise\\(\\)$",
                         "^This plugin does not support grabbing the keyboard$")

# This desk's name on the wire (``X-Owl-Desk``): sandbox faults scoped to it cut only this desk.
DESK_HEADER = "pm-gui-desk"


# Stripe's ``created`` of the methods stored here: each newer than the last, as at Stripe.
STRIPE_CREATED = itertools.count(1_780_000_000)

def desk_a(uow: UnitOfWork) -> Workstation:
    return Workstation(actor="reception1", desk="Front desk A")


def months_from(today: date, months: int) -> tuple[int, int]:
    """(month, year) ``months`` after today's month (negative: before)."""
    index = today.year * 12 + (today.month - 1) + months
    return index % 12 + 1, index // 12


@dataclass
class PmEnv:
    uow: UnitOfWorkFactory
    gateway: StripeGateway
    methods: PaymentMethodService
    autopay: AutopayService
    audit: AuditTrailService
    sync: SyncEngine
    stripe_env: StripeEnv
    sections: list[PaymentMethodsSection] = field(default_factory=list)

    # Clients and methods ---------------------------------------------------------------------

    def add_client(self, first: str = "Élise", last: str = "Tremblay",
                   email: str = "elise@example.com", autopay: bool = False) -> int:
        draft = ClientDraft(first, last, email, "(514) 555-0199",
                            Address("12 rue Principale", "", "Montréal", "QC", "H2X 1Y4", "CA"))
        with self.uow() as uow:
            client = uow.clients.add(draft, datetime.now(UTC))
            if autopay:
                uow.clients.set_autopay(client.id, "on", datetime.now(UTC))
            uow.commit()
        return client.id

    def store_card(self, client_id: int, *, brand: str = "visa", last4: str = "4242",
                   exp: tuple[int, int] = (12, 2034), default: bool = False,
                   holder: str = "Élise Tremblay") -> int:
        """A card known locally only (what a sync would have cached): no Stripe call."""
        info = PaymentMethodInfo(
            id=f"pm_local_{uuid.uuid4().hex[:16]}", type="card", customer_id=None,
            livemode=False, last4=last4, brand=brand, exp_month=exp[0], exp_year=exp[1],
            holder_name=holder, created=next(STRIPE_CREATED),
            billing_address=BillingAddress("12 rue Principale", "", "Montréal", "QC",
                                           "H2X 1Y4", "CA"))
        return self._store(client_id, info, ACTIVE, default)

    def store_bank(self, client_id: int, *, bank: str = "Desjardins", last4: str = "6789",
                   status: MethodStatus = ACTIVE, default: bool = False,
                   holder: str = "Élise Tremblay") -> int:
        info = PaymentMethodInfo(
            id=f"pm_local_{uuid.uuid4().hex[:16]}", type="acss_debit", customer_id=None,
            livemode=False, last4=last4, bank_name=bank, institution_number="815",
            transit_number="11000", holder_name=holder, holder_email="elise@example.com",
            created=next(STRIPE_CREATED))
        mandate = "active" if status == ACTIVE else "pending"
        return self._store(client_id, info, status, default, mandate_status=mandate)

    def _store(self, client_id: int, info: PaymentMethodInfo, status: MethodStatus,
               default: bool, mandate_status: str | None = None) -> int:
        now = datetime.now(UTC)
        with self.uow() as uow:
            stored = uow.payment_methods.upsert(info, client_id, now, status=status,
                                                mandate_status=mandate_status)
            if default:
                uow.payment_methods.set_default(client_id, stored.method.id, now)
            uow.commit()
        return stored.method.id

    def add_card_via_stripe(self, client: stripe.StripeClient, client_id: int,
                            payment_method: str = "pm_card_visa") -> int:
        """The app's way: a SetupIntent confirmed at Stripe (as Stripe.js would), then kept."""
        si = self.methods.start_setup(client_id, "card")
        client.v1.setup_intents.confirm(si.id, params={"payment_method": payment_method})
        return self.methods.complete_setup(client_id, si.id).id

    def customer_of(self, client_id: int) -> str:
        with self.uow() as uow:
            customer = uow.clients.get(client_id).stripe_customer_id
        assert customer is not None
        return customer

    def stripe_id(self, method_id: int) -> str:
        with self.uow() as uow:
            return uow.payment_methods.get(method_id).stripe_id

    def outbox_open(self, client_id: int) -> int:
        with self.uow() as uow:
            return len(uow.outbox.open_for_client(client_id))


@pytest.fixture
def pm_env(uow_factory: UnitOfWorkFactory, stripe_env: StripeEnv) -> Iterator[PmEnv]:
    gateway = StripeGateway(stripe_env.secret_key, api_base=stripe_env.api_base, timeout_s=5,
                            desk=DESK_HEADER)
    account = account_of(gateway)
    customers = CustomerService(uow_factory, gateway, account)
    env = PmEnv(
        uow=uow_factory, gateway=gateway,
        methods=PaymentMethodService(uow_factory, gateway, customers, workstation=desk_a),
        autopay=AutopayService(uow_factory, workstation=desk_a),
        audit=AuditTrailService(uow_factory),
        sync=SyncEngine(uow_factory, gateway, account, rate_per_s=None,
                        here=desk_a(None)),  # type: ignore[arg-type]
        stripe_env=stripe_env)
    yield env
    for section in env.sections:
        section._deps.tasks.wait_for_done(5000)


SectionFactory = Callable[..., PaymentMethodsSection]


@pytest.fixture
def controller(pm_env: PmEnv, qapp: object) -> Iterator[SyncController]:
    """The app's sync controller over the test's engine; runs only when asked (no start)."""
    sync = SyncController(pm_env.sync, interval_s=3600, offline_interval_s=3600)
    yield sync
    sync.stop()


def run_sync(qtbot: QtBot, controller: SyncController) -> list[SyncSummary]:
    """Sync now (or right after the run under way) and wait until nothing runs any more;
    returns every run that finished meanwhile (coming back online queues one more)."""
    summaries: list[SyncSummary] = []
    controller.run_finished.connect(summaries.append)
    controller.sync_now()
    qtbot.waitUntil(lambda: bool(summaries) and not controller.running, timeout=20000)
    controller.run_finished.disconnect(summaries.append)
    return summaries


def settle(qtbot: QtBot, section: PaymentMethodsSection,
           controller: SyncController | None = None) -> None:
    """Wait until no sync runs and the section has finished every load and change."""
    qtbot.waitUntil(lambda: not (controller is not None and controller.running)
                    and not section.busy, timeout=20000)


@pytest.fixture
def make_section(qtbot: QtBot, pm_env: PmEnv, translations: Translations) -> SectionFactory:
    """``make_section(client_id, sync=None)``: the section, shown, with the client loaded."""

    def make(client_id: int | None = None, *, sync: object | None = None,
             add_flow: bool = False) -> PaymentMethodsSection:
        """``add_flow``: wire the real *Add payment method* flow (views are not pre-warmed:
        the pool has no settings, so only the type choice can open)."""
        tasks = TaskRunner()
        presenter = ErrorPresenter()
        deps = PaymentMethodsDeps(payment_methods=pm_env.methods, autopay=pm_env.autopay,
                                  audit=pm_env.audit, tasks=tasks, presenter=presenter,
                                  sync=sync)  # type: ignore[arg-type]
        section = PaymentMethodsSection(deps)
        if add_flow:
            flow = AddPaymentMethodFlow(section, pm_env.methods, tasks,
                                        EntryViewPool(lambda: None, section))
            section.set_add_flow(flow.start)
        tasks.setParent(section)
        presenter.setParent(section)
        presenter.set_parent_widget(section)
        qtbot.addWidget(section)
        section.resize(760, 700)
        section.show()
        qtbot.waitExposed(section)
        pm_env.sections.append(section)
        if client_id is not None:
            show_client(qtbot, pm_env, section, client_id)
        return section

    return make


def show_client(qtbot: QtBot, env: PmEnv, section: PaymentMethodsSection,
                client_id: int) -> None:
    with env.uow() as uow:
        client = uow.clients.get(client_id)
    with qtbot.waitSignal(section.loaded, timeout=5000):
        section.set_client(client)


def reloaded(qtbot: QtBot, section: PaymentMethodsSection) -> object:
    """Context manager: wait for the section's next completed load."""
    return qtbot.waitSignal(section.loaded, timeout=10000)
