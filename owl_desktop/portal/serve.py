"""``owl-desktop portal``: the client portal served by uvicorn.

Headless like ``owl-desktop sync``: the Stripe secret comes from ``OWL_STRIPE_SECRET_KEY_FILE``
or ``OWL_STRIPE_SECRET_KEY`` (never the command line), the account from the database an
administrator connected at a desk; with ``--sandbox``, the sandbox's database and Stripe double
(made-up keys) and demo clients who sign in with ``DEMO_PASSWORD``. Changes made here are
recorded as made by the client, in the portal. Start-up failures: one sentence on stderr.
"""

from __future__ import annotations

import logging
import socket
import threading

from starlette.applications import Starlette

from owl_desktop.composition import Services, build_services
from owl_desktop.config import Config
from owl_desktop.domain.audit import IN_THE_PORTAL, Workstation
from owl_desktop.errors import UserFacingError
from owl_desktop.headless import EXIT_FAILURE, EXIT_OK, say
from owl_desktop.portal.app import build_deps, cached_settings, create_app
from owl_desktop.services.client_billing import ClientBillingService
from owl_desktop.services.portal_accounts import PortalAccountService
from owl_desktop.services.portal_mail import PortalMailService
from owl_desktop.store.uow import UnitOfWork

log = logging.getLogger(__name__)

# Sandbox mode only (shown on its sign-in page): never set outside the sandbox.
DEMO_PASSWORD = "owl-portal-demo"  # noqa: S105 - the sandbox's published demo password


def portal_workstation(_uow: UnitOfWork) -> Workstation:
    return IN_THE_PORTAL


def open_portal(config: Config) -> tuple[Services, Starlette]:
    """The services and the ASGI app for ``config`` (raises ``UserFacingError``)."""
    services = build_services(config, open_stripe=True, headless=True,
                              workstation=portal_workstation)
    try:
        credentials = services.credentials.credentials()
        if credentials is None:
            raise UserFacingError(
                "No Stripe account is connected to this database.",
                hint="An administrator connects it at a desk, in Settings → Stripe.")
        accounts = PortalAccountService(services.uow_factory, services.clock)
        demo = ""
        if config.sandbox:
            demo = DEMO_PASSWORD
            accounts.give_demo_access(DEMO_PASSWORD)
        publishable = credentials.publishable_key
        # services.config: in sandbox mode, pointed at the Stripe double it started.
        deps = build_deps(accounts, services.live.payment_methods, lambda: publishable,
                          services.config.stripe_js_url, sandbox=config.sandbox,
                          demo_password=demo,
                          clinic=cached_settings(services.portal_settings),
                          booking=services.booking,
                          mail=PortalMailService(services.uow_factory, accounts,
                                                 services.mailer, services.clock),
                          billing=ClientBillingService(services.uow_factory,
                                                       services.billing),
                          confirmations=services.confirmations)
        return services, create_app(deps)
    except BaseException:
        services.close()
        raise


def run_portal(config: Config) -> int:
    import uvicorn

    try:
        services, app = open_portal(config)
    except UserFacingError as error:
        say(f"owl-desktop portal: {error.message} {error.hint}".strip())
        return EXIT_FAILURE
    host = config.extra.get("host", "127.0.0.1")
    port = int(config.extra.get("port", "8080"))
    try:
        log.info("portal on http://%s:%s (sandbox=%s)", host, port, config.sandbox)
        print(f"Client portal: http://{host}:{port}/", flush=True)
        uvicorn.run(app, host=host, port=port, proxy_headers=True,
                    forwarded_allow_ips=config.extra.get("forwarded_allow_ips", "127.0.0.1"),
                    server_header=False, log_config=None, access_log=False)
    finally:
        services.close()
    return EXIT_OK


class BackgroundPortal:
    """The portal served on 127.0.0.1 on a free port from a background thread, beside a desk
    (sandbox mode): its own services on the same database and Stripe double, so what clients
    do there is recorded as done in the portal. ``url`` is known at once (the port is bound
    here); the services open and the server starts on the thread. ``stop()`` ends both."""

    def __init__(self, config: Config, host: str = "127.0.0.1") -> None:
        self._config = config
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, 0))
        self.url = f"http://{host}:{self._socket.getsockname()[1]}"
        self.error: BaseException | None = None
        self._server: object = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="owl-portal", daemon=True)

    def start(self) -> BackgroundPortal:
        self._thread.start()
        return self

    @property
    def serving(self) -> bool:
        return bool(getattr(self._server, "started", False))

    def _run(self) -> None:
        import uvicorn

        try:
            services, app = open_portal(self._config)
        except BaseException as error:  # reported on the desk's log; the desk goes on
            self.error = error
            log.exception("the sandbox's portal could not start")
            self._socket.close()
            return
        try:
            server = uvicorn.Server(uvicorn.Config(
                app, log_config=None, access_log=False, server_header=False, lifespan="off"))
            self._server = server
            if not self._stopping.is_set():
                log.info("portal on %s (beside the desk)", self.url)
                server.run(sockets=[self._socket])
        except BaseException as error:
            self.error = error
            log.exception("the sandbox's portal stopped")
        finally:
            services.close()
            self._socket.close()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        server = self._server
        if server is not None:
            server.should_exit = True  # type: ignore[attr-defined]
        if self._thread.is_alive():
            self._thread.join(timeout)
