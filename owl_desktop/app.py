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
from owl_desktop.errors import UserFacingError
from owl_desktop.logs import setup_logging
from owl_desktop.services.clients import ClientService
from owl_desktop.services.clock import Clock, utc_now
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
    from owl_desktop.ui.add_payment_method import AddPaymentMethodFlow
    from owl_desktop.ui.application import GuiSession, SmokeStep
    from owl_desktop.ui.main_window import MainWindow
    from owl_desktop.ui.payment_methods.section import PaymentMethodsSection
    from owl_desktop.ui.profile_sections import SectionFactory
    from owl_desktop.ui.sync_setup import SyncUi
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
    # Background sync with Stripe (outbox + pull); None until Stripe is connected on this desk.
    sync_engine: SyncEngine | None = None
    # A client's payment methods (needs Stripe: None until connected), autopay and the audit
    # trail (local); see build_payment_method_services.
    payment_methods: PaymentMethodService | None = None
    autopay: AutopayService | None = None
    audit: AuditTrailService | None = None
    _closers: list[Callable[[], None]] = field(default_factory=list, repr=False)

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
        services.sync_engine = build_sync_engine(services)
        build_payment_method_services(services)
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
        from owl_desktop.payments.stripe_gateway import StripeGateway

        return StripeGateway(secret_key, api_base=config.stripe_api_base)

    sandbox_credentials = None if desk is None else StripeCredentials(
        desk.publishable_key, desk.account_id, False, desk.secret_key)
    return StripeConnectionService(uow_factory, SecretStore(), make_gateway,
                                   sandbox=config.sandbox,
                                   sandbox_credentials=sandbox_credentials, clock=clock)


# ---- sync (owner: sync helper) ---------------------------------------------------------------

def build_sync_engine(services: Services,
                      gateway: PaymentGateway | None = None) -> SyncEngine | None:
    """The background sync engine, on ``gateway`` or, by default, a gateway for the Stripe
    account connected in Settings (None when this desk isn't connected or has no secret).

    Other services should make their Stripe calls through ``engine.metered.as_gateway()`` so
    every call's outcome feeds the online/offline state. No network here. ``OWL_DESK`` names
    this desk in the ``X-Owl-Desk`` header (the sandbox scopes injected faults by it).
    """
    from owl_desktop.sync.engine import SyncEngine

    if gateway is None:
        gateway = _connected_gateway(services)
        if gateway is None:
            return None
    return SyncEngine(services.uow_factory, gateway, clock=services.clock)


def _connected_gateway(services: Services) -> PaymentGateway | None:
    if services.stripe_connection is None:
        return None
    try:
        credentials = services.stripe_connection.credentials()
    except UserFacingError as error:  # keyring unusable, or the secret is on another desk
        log.info("sync off: %s", type(error).__name__)
        return None
    if credentials is None:
        return None
    from owl_desktop.payments.stripe_gateway import StripeGateway

    return StripeGateway(credentials.secret_key, api_base=services.config.stripe_api_base,
                         desk=os.environ.get("OWL_DESK") or None)


def install_sync_ui(services: Services, window: MainWindow) -> SyncUi | None:
    """Status bar (online / offline with N waiting / syncing), Sync now, Sync problems."""
    if services.sync_engine is None:
        return None
    from owl_desktop.ui.sync_setup import install_sync

    sync_ui = install_sync(window, services.sync_engine, indicators=window.status)
    services.on_close(sync_ui.stop)
    return sync_ui


# ---- payment methods section (owner: payment methods list) ----------------------------------

def build_payment_method_services(services: Services) -> None:
    """Autopay and the audit trail are local. The payment methods service needs Stripe, so it
    exists only when this desk is connected; it calls Stripe through the sync engine's metered
    gateway, so its calls feed the online/offline state too."""
    from owl_desktop.services.audit import AuditTrailService
    from owl_desktop.services.autopay import AutopayService

    services.autopay = AutopayService(services.uow_factory, services.clock)
    services.audit = AuditTrailService(services.uow_factory)
    if services.sync_engine is None:
        return
    from owl_desktop.services.customers import CustomerService
    from owl_desktop.services.payment_methods import PaymentMethodService

    gateway = services.sync_engine.metered.as_gateway()
    services.payment_methods = PaymentMethodService(
        services.uow_factory, gateway, CustomerService(services.uow_factory, gateway,
                                                       services.clock), services.clock)
    # A bank account verified later (or a method saved elsewhere) goes through the same
    # bookkeeping as one saved here: first usable method becomes the default, audit row.
    services.sync_engine.reconciler.record_setup = services.payment_methods.record_setup_intent


def build_add_payment_method_flow(services: Services, gui: GuiSession,
                                  tasks: TaskRunner) -> AddPaymentMethodFlow | None:
    """The *Add payment method* flow (its entry views pre-warmed after start-up); None while
    Stripe isn't connected. Built before the main window: the section needs ``flow.start``."""
    if services.payment_methods is None or services.stripe_connection is None:
        return None
    from owl_desktop.ui.entry_setup import EntrySettingsSource, install_add_payment_method

    connection = services.stripe_connection
    settings = EntrySettingsSource(lambda: connection.status().publishable_key,
                                   stripe_js_url=services.config.stripe_js_url,
                                   language=gui.language,
                                   entry_page_url=services.config.entry_page_url)
    return install_add_payment_method(None, service=services.payment_methods, tasks=tasks,
                                      settings=settings)


def payment_section_factory(services: Services, gui: GuiSession, tasks: TaskRunner,
                            flow: AddPaymentMethodFlow | None) -> SectionFactory:
    """What MainWindow calls to build the Payment Methods section of the profile."""
    from owl_desktop.ui.payment_methods.section import PaymentMethodsDeps, PaymentMethodsSection

    autopay, audit = services.autopay, services.audit
    if autopay is None or audit is None:
        raise RuntimeError("build_payment_method_services was not called")

    def make(parent: Any = None) -> PaymentMethodsSection:  # parent: QWidget | None
        deps = PaymentMethodsDeps(
            payment_methods=services.payment_methods, autopay=autopay, audit=audit,
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
    flow = build_add_payment_method_flow(services, gui, tasks)
    window = MainWindow(services.client_service, tasks, gui.presenter,
                        payment_section_factory=payment_section_factory(services, gui, tasks,
                                                                        flow))
    tasks.setParent(window)
    if flow is not None:
        flow.setParent(window)  # findable from the window (smoke test); its pool outlives it
    window.status.set_mode(services.stripe_mode)
    stripe_display = None
    if services.stripe_connection is not None:  # Settings → Stripe…, mode badge and title
        from owl_desktop.ui.settings_stripe import install_stripe_settings

        stripe_display = install_stripe_settings(window, services.stripe_connection, tasks,
                                                 set_indicator=window.status.set_mode,
                                                 add_settings_action=window.add_settings_action)
    if services.config.sandbox:
        window.set_sandbox(True)
    sync_ui = install_sync_ui(services, window)
    connect_payment_section(window, sync_ui)
    if stripe_display is not None and sync_ui is not None:
        # The running sync holds the old keys: before a connect, switch or disconnect it stops,
        # so it can't re-link clients the switch unlinks. It restarts with the app.
        stripe_display.about_to_change.connect(sync_ui.stop)
    window.start()
    return window


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
        from owl_desktop.ui.add_payment_method import AddPaymentMethodFlow
        from owl_desktop.ui.entry_setup import entry_view_smoke_step

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
