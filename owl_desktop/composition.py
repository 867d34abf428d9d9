"""The Qt-free half of the composition root: the database, the services and the Stripe scope.

``build_services(config)`` is what the desk, the headless commands, the tests and benchmarks
all start from; the desk's windows are wired on top of it in ``ui/desk.py``. Nothing is created
at import time.

Extending it: a new long-lived part is built here and stored on ``Services`` (register its
shutdown with ``services.on_close``); its widgets are wired in ``ui/desk.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from owl_desktop.config import Config
from owl_desktop.core.change_watch import ChangeWatcher
from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.early_start import open_sandbox
from owl_desktop.live_stripe import LiveStripe, StripeScopeFactory
from owl_desktop.services.admin_passphrase import AdminPassphraseService
from owl_desktop.services.audit import (
    AuditTrailService,
    WorkstationProvider,
    desk_workstation,
)
from owl_desktop.services.autopay import AutopayService
from owl_desktop.services.autopay_nightly import NightlyAutopay
from owl_desktop.services.autopay_run import AutopayRunner
from owl_desktop.services.autopay_settings import ProtectedPaymentSettings
from owl_desktop.services.billing import BillingService
from owl_desktop.services.booking import BookingService
from owl_desktop.services.booking_mail import BookingMail
from owl_desktop.services.clients import ClientService
from owl_desktop.services.debit_failure_mail import DebitFailureMail
from owl_desktop.services.demo import seed_demo_clients
from owl_desktop.services.demo_schedule import seed_demo_schedule
from owl_desktop.services.failed_payment_mail import FailedPaymentMail
from owl_desktop.services.failed_payments import FailedPaymentsService
from owl_desktop.services.mailer import Mailer
from owl_desktop.services.payment_confirmation import PaymentConfirmationService
from owl_desktop.services.payment_settings import PaymentSettingsService
from owl_desktop.services.portal_accounts import PortalAccountService
from owl_desktop.services.portal_mail import PortalMailService
from owl_desktop.services.portal_settings import PortalSettingsService
from owl_desktop.services.refunds import LazyGateway, RefundService
from owl_desktop.services.scheduling import SchedulingService
from owl_desktop.services.secret_sources import (
    CredentialsSource,
    FileOrEnvironmentSecret,
    FixedCredentials,
)
from owl_desktop.services.smtp_secrets import (
    FileOrEnvironmentSmtpPassword,
    KeyringSmtpPassword,
    SmtpPasswordSource,
)
from owl_desktop.services.smtp_settings import SmtpSettingsService
from owl_desktop.services.stripe_connection import StripeConnectionService, StripeCredentials
from owl_desktop.store.backups import DailyBackups, SqliteBackups
from owl_desktop.store.db import create_db_engine, describe, migrate, sqlite_path
from owl_desktop.store.uow import UnitOfWorkFactory

if TYPE_CHECKING:
    from owl_desktop.payments.gateway import KeyCheckGateway, PaymentGateway
    from owl_desktop.sandbox.desk import SandboxControls, SandboxDesk
    from owl_desktop.services.payment_methods import PaymentMethodService
    from owl_desktop.sync.engine import SyncEngine

log = logging.getLogger(__name__)


@dataclass
class Services:
    """Everything a front-end may use, built once per run. Close it when the run ends."""

    config: Config
    uow_factory: UnitOfWorkFactory
    client_service: ClientService
    autopay: AutopayService
    audit: AuditTrailService
    clock: Clock
    stripe_connection: StripeConnectionService
    # What is built from the connected Stripe account (gateway, sync engine, payment methods
    # service), rebuilt live when Settings → Stripe connects, switches or disconnects.
    live: LiveStripe
    # Changes other processes commit to the database (another desk, the portal, autopay).
    changes: ChangeWatcher
    # Where this process's Stripe keys come from (keyring, file or environment, sandbox).
    credentials: CredentialsSource
    # Practitioners, services, free slots and appointments (issue 14).
    scheduling: SchedulingService
    # Clients' portal access (invitations, revoking) and Settings → Online portal (issue 13).
    portal_accounts: PortalAccountService
    portal_settings: PortalSettingsService
    # Settings → Payments: currency, fees, what receipts print (issue 16).
    payment_settings: PaymentSettingsService
    # Invoices, charges, payments and receipts (issue 16); charges use the current connection.
    billing: BillingService
    # The autopay run (on demand, nightly) through billing's charge path (issue 17).
    autopay_runner: AutopayRunner
    nightly_autopay: NightlyAutopay
    refunds: RefundService
    admin: AdminPassphraseService
    failed_payments: FailedPaymentsService
    # A client confirming in the portal a charge their bank wants them to authenticate.
    confirmations: PaymentConfirmationService
    protected_settings: ProtectedPaymentSettings
    # Online booking and its rule (issue 15).
    booking: BookingService
    # The clinic's outgoing mail (SMTP): its settings and the mailer (issue 13).
    smtp_settings: SmtpSettingsService
    mailer: Mailer
    # Invitation mails from the desk, reset mails from the portal.
    portal_mail: PortalMailService
    demo_clients_added: int = 0
    # Sandbox mode with the double started here: the trainer's controls (the Sandbox menu).
    sandbox_controls: SandboxControls | None = None
    _closers: list[Callable[[], None]] = field(default_factory=list, repr=False)

    @property
    def sync_engine(self) -> SyncEngine | None:
        """Background sync with Stripe (outbox + pull) of the current connection; None when
        Stripe isn't connected on this desk (or not yet opened)."""
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


def build_services(config: Config, *, clock: Clock = utc_now, open_stripe: bool = True,
                   headless: bool = False, daily_backups: bool = False,
                   workstation: WorkstationProvider | None = None,
                   sandbox: SandboxDesk | None = None) -> Services:
    """Open the database (migrating it), build the services; seed demo data in sandbox mode.

    ``open_stripe``: build the Stripe parts now (reads the keyring: the desk passes False and
    opens them off the UI thread). ``headless``: the secret comes from a file or environment
    variable, not this desk's keyring (the sandbox's made-up keys in sandbox mode either way).
    ``workstation``: who the audit trail names for changes made here (the portal: the client);
    the desk's OS user at ``config.desk_name`` by default.
    ``daily_backups``: back an SQLite database up once a day while this runs (the program
    does; tests needn't). An SQLite database is always backed up before a migration.
    ``sandbox``: the Stripe double already started for this run (``early_start``, with
    ``config`` pointed at it); the services own it from here. Sandbox mode starts one
    otherwise.
    Raises a ``DatabaseError`` (``errors.py``) when the database can't be used; nothing is
    left open in that case (not even ``sandbox``).
    """
    desk: SandboxDesk | None = sandbox
    try:
        log.info("database %s", describe(config.database_url))
        engine = create_db_engine(config.database_url, backup_dir=config.backup_dir)
    except BaseException:
        if desk is not None:
            desk.stop()
        raise
    try:
        migrate(engine, backup_dir=config.backup_dir)
        uow = UnitOfWorkFactory(engine)
        if config.sandbox and desk is None:
            desk, config = open_sandbox(config)
        connection = build_stripe_connection(config, uow, clock, desk)
        workstation = workstation or desk_workstation(config.desk_name)
        source: CredentialsSource = (FileOrEnvironmentSecret(uow) if headless
                                     else connection)
        if desk is not None:
            source = FixedCredentials(connection_credentials(desk))
        # The SMTP password: this desk's keyring, or a server's file or environment variable.
        smtp_password: SmtpPasswordSource = (FileOrEnvironmentSmtpPassword() if headless
                                             else KeyringSmtpPassword())
        accounts, mailer = PortalAccountService(uow, clock), Mailer(uow, smtp_password)
        failure_mail = FailedPaymentMail(uow, mailer)  # the client told of a failed charge
        # ...and of a bank debit returned days later (sent by whichever sync sees it first).
        debit_mail = DebitFailureMail(uow, failure_mail, clock)
        factory = StripeScopeFactory(uow, source, api_base=config.stripe_api_base,
                                     desk_name=config.desk_name, clock=clock,
                                     workstation=workstation,
                                     after_settle=debit_mail.send_due)
        live = LiveStripe(factory.open)

        def current_gateway() -> PaymentGateway | None:
            parts = live.current
            return None if parts is None else parts.gateway

        runner = AutopayRunner(uow, current_gateway, clock, workstation)
        billing = BillingService(uow, clock, workstation=workstation, gateway=current_gateway)
        portal_settings = PortalSettingsService(uow)
        payment_settings = PaymentSettingsService(uow)
        autopay = AutopayService(uow, clock, workstation=workstation)
        admin = AdminPassphraseService(uow, clock, workstation)
        runner.after_charge = billing.after_charge = failure_mail.notify
        billing.after_settle = debit_mail.send_due
        services = Services(
            config=config, uow_factory=uow, client_service=ClientService(uow, clock),
            autopay=autopay,
            audit=AuditTrailService(uow), clock=clock, stripe_connection=connection,
            live=live, changes=ChangeWatcher(uow), credentials=source,
            scheduling=SchedulingService(uow, clock, workstation=workstation),
            portal_accounts=accounts,
            portal_settings=portal_settings,
            payment_settings=payment_settings,
            billing=billing,
            autopay_runner=runner, nightly_autopay=NightlyAutopay(uow, runner, clock),
            refunds=RefundService(uow, LazyGateway(current_gateway), admin, clock,
                                  workstation),
            admin=admin,
            failed_payments=FailedPaymentsService(uow, billing, portal_settings,
                                                  mail=failure_mail, clock=clock),
            confirmations=PaymentConfirmationService(uow, current_gateway, clock, workstation),
            protected_settings=ProtectedPaymentSettings(uow, payment_settings, admin,
                                                        autopay),
            booking=BookingService(uow, SchedulingService(uow, clock, workstation=workstation),
                                   clock, mail=BookingMail(uow, mailer)),
            smtp_settings=SmtpSettingsService(uow, smtp_password), mailer=mailer,
            portal_mail=PortalMailService(uow, accounts, mailer, clock))
        if desk is not None:
            from owl_desktop.sandbox.desk import controls_of

            services.sandbox_controls = controls_of(desk, config.desk_name)
            services.on_close(desk.stop)
        services.on_close(services.changes.stop)
        services.on_close(services.live.clear)
        database_file = sqlite_path(config.database_url)
        if daily_backups and database_file is not None:
            backups = DailyBackups(SqliteBackups(database_file, config.backup_dir)).start()
            services.on_close(backups.stop)
        if open_stripe:
            services.live.rebuild()
        if config.sandbox:
            services.demo_clients_added = seed_demo_clients(uow, clock)
            seed_demo_schedule(services.scheduling)  # the portal's Book tab (issue 15)
    except BaseException:
        if desk is not None:
            desk.stop()
        engine.dispose()
        raise
    return services


def start_sandbox_portal(services: Services) -> str:
    """Sandbox mode: serve the client portal on 127.0.0.1 beside the desk (same database,
    same Stripe double), stopped when the services close; Settings → Online portal's public
    address points at it. Returns its address. The web stack is imported only here."""
    from owl_desktop.portal.serve import BackgroundPortal

    if not services.config.sandbox:
        raise ValueError("the portal is started beside the desk only in sandbox mode")
    portal = BackgroundPortal(services.config).start()
    services.on_close(portal.stop)
    services.portal_settings.point_at(portal.url)
    return portal.url


def connection_credentials(desk: SandboxDesk) -> StripeCredentials:
    return StripeCredentials(desk.publishable_key, desk.account_id, False, desk.secret_key)


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

    sandbox_credentials = None if desk is None else connection_credentials(desk)
    return StripeConnectionService(uow_factory, SecretStore(), make_gateway,
                                   sandbox=config.sandbox,
                                   sandbox_credentials=sandbox_credentials, clock=clock)
