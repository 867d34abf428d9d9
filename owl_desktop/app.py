"""The composition root: the one place that builds the engine, services and windows.

``build_services(config)`` is Qt-free (tests, benchmarks and tools use it); ``run(argv)`` is the
program: configuration, logging, Qt, services, main window. Nothing is created at import time.

Extending it: a new long-lived part (Stripe gateway, sync worker, sandbox server) is built in
``build_services`` and stored on ``Services`` (register its shutdown with ``services.on_close``);
its widgets are wired in ``build_main_window``; its smoke check goes into ``smoke_steps``.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from owl_desktop.config import DEFAULT_STRIPE_API_BASE, DEFAULT_STRIPE_JS_URL, Config, load_config
from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.errors import UserFacingError
from owl_desktop.live_stripe import CurrentPaymentMethods, LiveStripe, StripeParts
from owl_desktop.logs import setup_logging
from owl_desktop.services.audit import desk_workstation
from owl_desktop.services.clients import ClientService
from owl_desktop.services.demo import seed_demo_clients
from owl_desktop.services.stripe_connection import StripeConnectionService, StripeCredentials
from owl_desktop.store.db import create_db_engine, describe, migrate
from owl_desktop.store.uow import UnitOfWorkFactory

if TYPE_CHECKING:  # the UI is imported lazily, after logging and the Qt environment are set
    from owl_desktop.payments.gateway import KeyCheckGateway, PaymentGateway
    from owl_desktop.sandbox.desk import SandboxDesk
    from owl_desktop.services.audit import AuditTrailService
    from owl_desktop.services.autopay import AutopayService
    from owl_desktop.services.payment_methods import PaymentMethodService
    from owl_desktop.sync.engine import SyncEngine
    from owl_desktop.ui.application import GuiSession, SmokeStep
    from owl_desktop.ui.clients.profile_sections import SectionFactory
    from owl_desktop.ui.main_window import MainWindow
    from owl_desktop.ui.payment_methods.add_flow import AddPaymentMethodFlow
    from owl_desktop.ui.payment_methods.entry_setup import EntrySettingsSource
    from owl_desktop.ui.payment_methods.section import PaymentMethodsSection
    from owl_desktop.ui.settings.stripe import StripeModeDisplay
    from owl_desktop.ui.settings.stripe_rewiring import StripeRewiring
    from owl_desktop.ui.sync.setup import SyncUi
    from owl_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1


@dataclass
class Services:
    """Everything the UI may use, built once per run. Close it when the run ends."""

    config: Config
    uow_factory: UnitOfWorkFactory
    client_service: ClientService
    clock: Clock
    demo_clients_added: int = 0
    stripe_connection: StripeConnectionService | None = None
    # What is built from the connected Stripe account (gateway, sync engine, payment methods
    # service), rebuilt live when Settings → Stripe connects, switches or disconnects.
    live: LiveStripe = field(default_factory=LiveStripe)
    # Autopay and the audit trail (local); see build_payment_method_services.
    autopay: AutopayService | None = None
    audit: AuditTrailService | None = None
    _closers: list[Callable[[], None]] = field(default_factory=list, repr=False)

    @property
    def sync_engine(self) -> SyncEngine | None:
        """Background sync with Stripe (outbox + pull) of the current connection; None when
        Stripe isn't connected on this desk."""
        parts = self.live.current
        return None if parts is None else parts.sync_engine

    @property
    def payment_methods(self) -> PaymentMethodService | None:
        """A client's payment methods on the current connection; None when not connected."""
        parts = self.live.current
        return None if parts is None else parts.payment_methods

    @property
    def engine(self) -> object:
        """The SQLAlchemy engine (typed loosely: only ``store/`` may know SQLAlchemy)."""
        return self.uow_factory.engine

    @property
    def stripe_mode(self) -> str:
        """What the status bar shows until a Stripe connection says otherwise."""
        return "sandbox" if self.config.sandbox else "not_connected"

    def on_close(self, closer: Callable[[], None]) -> None:
        """Run ``closer`` when the services shut down (last registered, first run)."""
        self._closers.append(closer)

    def close(self) -> None:
        while self._closers:
            closer = self._closers.pop()
            try:
                closer()
            except Exception:
                log.exception("error while shutting down")
        self.uow_factory.engine.dispose()


def build_services(config: Config, *, clock: Clock = utc_now) -> Services:
    """Open the database (migrating it), build the services; seed demo data in sandbox mode.

    Raises ``UserFacingError`` (``DatabaseLockedError``, ``DatabaseUnavailableError``) when the
    database can't be used; nothing is left open in that case.
    """
    log.info("database %s", describe(config.database_url))
    engine = create_db_engine(config.database_url)
    desk: SandboxDesk | None = None
    try:
        migrate(engine)
        uow_factory = UnitOfWorkFactory(engine)
        if config.sandbox:
            desk, config = open_sandbox(config)
        services = Services(config=config, uow_factory=uow_factory,
                            client_service=ClientService(uow_factory, clock), clock=clock)
        if desk is not None:
            services.on_close(desk.stop)
        services.stripe_connection = build_stripe_connection(config, uow_factory, clock, desk)
        build_payment_method_services(services)
        services.live = LiveStripe(lambda: build_stripe_parts(services))
        services.live.rebuild()
        if config.sandbox:
            services.demo_clients_added = seed_demo_clients(uow_factory, clock)
    except BaseException:
        if desk is not None:
            desk.stop()
        engine.dispose()
        raise
    return services


def open_sandbox(config: Config) -> tuple[SandboxDesk, Config]:
    """Sandbox mode: the Stripe double this run talks to (started here unless
    ``OWL_STRIPE_API_BASE`` names one already running), and the config pointed at it."""
    from owl_desktop.sandbox.desk import open_sandbox_desk

    shared = config.stripe_api_base if config.stripe_api_base != DEFAULT_STRIPE_API_BASE else None
    js_url = config.stripe_js_url if config.stripe_js_url != DEFAULT_STRIPE_JS_URL else None
    desk = open_sandbox_desk(config.sandbox_state_dir, api_base=shared, stripe_js_url=js_url)
    return desk, replace(config, stripe_api_base=desk.api_base, stripe_js_url=desk.stripe_js_url)


def build_stripe_connection(config: Config, uow_factory: UnitOfWorkFactory,
                            clock: Clock, desk: SandboxDesk | None = None,
                            ) -> StripeConnectionService:
    """Settings → Stripe's service: the secret in the OS keyring, candidate keys checked
    against ``config.stripe_api_base`` (stripe-python is imported only when a check runs).
    In sandbox mode the connection is the Stripe double's, with its made-up test keys."""
    from owl_desktop.secrets import SecretStore

    def make_gateway(secret_key: str) -> KeyCheckGateway:
        from owl_desktop.payments.stripe import StripeGateway

        return StripeGateway(secret_key, api_base=config.stripe_api_base)

    sandbox_credentials = None if desk is None else StripeCredentials(
        desk.publishable_key, desk.account_id, False, desk.secret_key)
    return StripeConnectionService(uow_factory, SecretStore(), make_gateway,
                                   sandbox=config.sandbox,
                                   sandbox_credentials=sandbox_credentials, clock=clock)


# ---- sync (owner: sync helper) ---------------------------------------------------------------

def build_stripe_parts(services: Services) -> StripeParts | None:
    """The parts made from one Stripe connection: the background sync engine and the
    customer and payment methods services, all on the engine's metered gateway (so every call
    feeds the online/offline state), for the account connected in Settings; None when this
    desk isn't connected or has no secret.

    No network here (the keyring is read). ``services.live.rebuild()`` calls it again after a
    connect, switch or disconnect. ``OWL_DESK`` names this desk in the ``X-Owl-Desk`` header
    (the sandbox scopes injected faults by it).
    """
    from owl_desktop.domain.stripe_records import StripeAccount
    from owl_desktop.services.audit import this_workstation
    from owl_desktop.services.customers import CustomerService
    from owl_desktop.services.payment_methods import PaymentMethodService
    from owl_desktop.sync.engine import SyncEngine

    connected = _connected_gateway(services)
    if connected is None:
        return None
    gateway, credentials = connected
    account = StripeAccount(credentials.account_id, credentials.livemode)
    workstation = desk_workstation(services.config.desk_name)
    with services.uow_factory() as uow:
        here = workstation(uow) if services.config.desk_name else this_workstation(uow)
    engine = SyncEngine(services.uow_factory, gateway, account, clock=services.clock, here=here)
    metered = engine.metered.as_gateway()
    customers = CustomerService(services.uow_factory, metered, account, services.clock)
    methods = PaymentMethodService(services.uow_factory, metered, customers, services.clock,
                                   workstation=workstation)
    return StripeParts(gateway=metered, sync_engine=engine, customers=customers,
                       payment_methods=methods)


def _connected_gateway(services: Services) -> tuple[PaymentGateway, StripeCredentials] | None:
    if services.stripe_connection is None:
        return None
    try:
        credentials = services.stripe_connection.credentials()
    except UserFacingError as error:  # keyring unusable, or the secret is on another desk
        log.info("sync off: %s", type(error).__name__)
        return None
    if credentials is None:
        return None
    from owl_desktop.payments.stripe import StripeGateway

    return StripeGateway(credentials.secret_key, api_base=services.config.stripe_api_base,
                         desk=services.config.desk_name), credentials


def install_sync_ui(services: Services, window: MainWindow) -> SyncUi | None:
    """Status bar (online / offline with N waiting / syncing), Sync now, Sync problems."""
    if services.sync_engine is None:
        return None
    from owl_desktop.ui.sync.setup import install_sync

    sync_ui = install_sync(window, services.sync_engine, indicators=window.status)
    services.on_close(sync_ui.stop)
    return sync_ui


# ---- payment methods section (owner: payment methods list) ----------------------------------

def build_payment_method_services(services: Services) -> None:
    """Autopay and the audit trail are local. The payment methods service needs Stripe: it
    is one of the ``StripeParts`` (``build_stripe_parts``), rebuilt with the connection."""
    from owl_desktop.services.audit import AuditTrailService
    from owl_desktop.services.autopay import AutopayService

    services.autopay = AutopayService(services.uow_factory, services.clock,
                                      workstation=desk_workstation(services.config.desk_name))
    services.audit = AuditTrailService(services.uow_factory)


def entry_settings_source(services: Services, gui: GuiSession) -> EntrySettingsSource:
    """The entry views' settings; the publishable key is whatever Settings → Stripe holds now
    (``invalidate()`` after the connection changed)."""
    from owl_desktop.ui.payment_methods.entry_setup import EntrySettingsSource

    connection = services.stripe_connection

    def publishable_key() -> str:
        return "" if connection is None else connection.status().publishable_key

    return EntrySettingsSource(publishable_key, stripe_js_url=services.config.stripe_js_url,
                               language=gui.language,
                               entry_page_url=services.config.entry_page_url)


def build_add_payment_method_flow(services: Services, gui: GuiSession, tasks: TaskRunner,
                                  settings: EntrySettingsSource | None = None,
                                  ) -> AddPaymentMethodFlow | None:
    """The *Add payment method* flow (its entry views pre-warmed after start-up); None while
    Stripe isn't connected (built later if it gets connected). Built before the main window:
    the section needs ``flow.start``. It calls the payment methods service of whatever
    connection is current (``CurrentPaymentMethods``), so a later switch reaches it."""
    if services.payment_methods is None or services.stripe_connection is None:
        return None
    from owl_desktop.ui.payment_methods.entry_setup import install_add_payment_method

    return install_add_payment_method(None, service=CurrentPaymentMethods(services.live),
                                      tasks=tasks,
                                      settings=settings or entry_settings_source(services, gui))


def payment_section_factory(services: Services, gui: GuiSession, tasks: TaskRunner,
                            flow: AddPaymentMethodFlow | None) -> SectionFactory:
    """What MainWindow calls to build the Payment Methods section of the profile."""
    from owl_desktop.ui.payment_methods.section import PaymentMethodsDeps, PaymentMethodsSection

    autopay, audit = services.autopay, services.audit
    if autopay is None or audit is None:
        raise RuntimeError("build_payment_method_services was not called")

    def make(parent: Any = None) -> PaymentMethodsSection:  # parent: QWidget | None
        deps = PaymentMethodsDeps(
            payment_methods=(CurrentPaymentMethods(services.live)
                             if services.payment_methods is not None else None),
            autopay=autopay, audit=audit,
            tasks=tasks, presenter=gui.presenter,
            open_add_flow=flow.start if flow is not None else None)
        return PaymentMethodsSection(deps, parent)

    return make


def connect_payment_section(window: MainWindow, sync_ui: SyncUi | None) -> None:
    """After the sync UI exists: the section reloads when sync changed data, and the profile
    re-reads the client when autopay changed (its Clinic box shows the enrolment too)."""
    from owl_desktop.ui.payment_methods.section import PaymentMethodsSection

    section = window.profile_page.contact_tab.payment_section
    if not isinstance(section, PaymentMethodsSection):
        return
    if sync_ui is not None:
        section.attach_sync(sync_ui.controller)

    def on_autopay_changed(client_id: int) -> None:
        current = window.current_client
        if current is not None and current.id == client_id:
            window.open_client(client_id)

    section.autopay_changed.connect(on_autopay_changed)


# -----------------------------------------------------------------------------------------------

def prepare_qt_environment(environ: MutableMapping[str, str] = os.environ) -> None:
    """Chromium refuses to run its sandbox as root on Linux (containers, CI): only then turn
    it off, and only when the user hasn't chosen flags."""
    geteuid = getattr(os, "geteuid", None)
    if sys.platform.startswith("linux") and geteuid is not None and geteuid() == 0:
        environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")


def build_main_window(services: Services, gui: GuiSession) -> MainWindow:
    """Wire the main window to the services. Features add their widgets here."""
    from owl_desktop.ui.main_window import MainWindow
    from owl_desktop.ui.tasks import TaskRunner

    tasks = TaskRunner()
    entry_settings = entry_settings_source(services, gui)
    flow = build_add_payment_method_flow(services, gui, tasks, entry_settings)
    window = MainWindow(services.client_service, tasks, gui.presenter,
                        payment_section_factory=payment_section_factory(services, gui, tasks,
                                                                        flow))
    tasks.setParent(window)
    if flow is not None:
        flow.setParent(window)  # findable from the window (smoke test); its pool outlives it
    window.status.set_mode(services.stripe_mode)
    stripe_display = None
    if services.stripe_connection is not None:  # Settings → Stripe…, mode badge and title
        from owl_desktop.ui.settings.stripe import install_stripe_settings

        stripe_display = install_stripe_settings(window, services.stripe_connection, tasks,
                                                 set_indicator=window.status.set_mode,
                                                 add_settings_action=window.add_settings_action)
    if services.config.sandbox:
        window.set_sandbox(True)
    sync_ui = install_sync_ui(services, window)
    connect_payment_section(window, sync_ui)
    if stripe_display is not None:
        install_stripe_rewiring(services, gui, window, tasks, stripe_display, sync_ui, flow,
                                entry_settings)
    window.start()
    return window


def install_stripe_rewiring(services: Services, gui: GuiSession, window: MainWindow,
                            tasks: TaskRunner, display: StripeModeDisplay,
                            sync_ui: SyncUi | None, flow: AddPaymentMethodFlow | None,
                            entry_settings: EntrySettingsSource) -> StripeRewiring:
    """Connect, switch or disconnect without a restart (owner: sync/gateway follow-ups).

    Before keys change the running sync stops (it holds the old keys and must not re-link
    clients a switch unlinks); once they are stored, ``services.live`` is rebuilt and the sync
    status, the Payment Methods section and the add flow follow
    (``ui/settings/stripe_rewiring.py``).
    """
    from owl_desktop.ui.payment_methods.section import PaymentMethodsSection
    from owl_desktop.ui.settings.stripe_rewiring import StripeRewiring
    from owl_desktop.ui.sync.setup import install_sync

    def start_sync(engine: SyncEngine) -> SyncUi:
        started = install_sync(window, engine, indicators=window.status)
        services.on_close(started.stop)
        return started

    def make_flow() -> AddPaymentMethodFlow | None:
        built = build_add_payment_method_flow(services, gui, tasks, entry_settings)
        if built is not None:
            built.setParent(window)
        return built

    section = window.profile_page.contact_tab.payment_section
    rewiring = StripeRewiring(
        services.live, tasks, install_sync=start_sync, sync_ui=sync_ui,
        section=section if isinstance(section, PaymentMethodsSection) else None,
        payment_methods=CurrentPaymentMethods(services.live), make_flow=make_flow, flow=flow,
        entry_settings=entry_settings, parent=window)
    display.about_to_change.connect(rewiring.suspend)
    display.connection_changed.connect(rewiring.rebuild)
    display.change_failed.connect(rewiring.rebuild)
    return rewiring


def smoke_steps(window: MainWindow) -> list[SmokeStep]:
    """What ``--smoke-test`` exercises after the window is shown. Each step may return a
    condition to wait for (time limit in ``ui.application``)."""

    def first_results() -> Callable[[], bool]:
        return lambda: window.search_panel.shown_query is not None

    def open_first_client() -> Callable[[], bool] | None:
        summary = window.search_panel.model.summary(0)
        if summary is None:
            return None
        window.open_client(summary.id)
        return lambda: window.current_client is not None

    def open_and_close_client_form() -> Callable[[], bool]:
        form = window.new_client()
        form.reject()
        return lambda: not window.tasks.is_busy()

    def open_entry_view() -> Callable[[], bool]:
        """The payment method entry page loads and its bridge answers (owner: entry view)."""
        from owl_desktop.ui.payment_methods.add_flow import AddPaymentMethodFlow
        from owl_desktop.ui.payment_methods.entry_setup import entry_view_smoke_step

        return entry_view_smoke_step(window.findChild(AddPaymentMethodFlow))

    return [first_results, open_first_client, open_and_close_client_form, open_entry_view]


def run(argv: Sequence[str] | None = None) -> int:
    """The program. Returns the process exit code; never shows a traceback to the user."""
    config = load_config(sys.argv[1:] if argv is None else argv)
    log_path = setup_logging(config.log_dir, to_stderr=config.log_to_stderr, debug=config.debug)
    log.info("Owl Desktop starting (sandbox=%s, smoke_test=%s)", config.sandbox,
             config.smoke_test)
    prepare_qt_environment()
    from owl_desktop.ui.application import GuiSession

    gui = GuiSession(config, log_path=log_path)
    try:
        return _run_with_gui(config, gui)
    finally:
        gui.close()


def _run_with_gui(config: Config, gui: GuiSession) -> int:
    try:
        services = build_services(config)
    except UserFacingError as error:
        gui.show_fatal_error(error)
        return EXIT_FAILURE
    except Exception as error:
        log.exception("start-up failed")
        gui.show_fatal_error(error)
        return EXIT_FAILURE
    try:
        window = build_main_window(services, gui)
        steps = smoke_steps(window) if config.smoke_test else ()
        code = gui.exec(window, steps)
        window.close()
        window.deleteLater()
        return code
    except Exception as error:
        log.exception("the main window failed")
        gui.show_fatal_error(error)
        return EXIT_FAILURE
    finally:
        services.close()
