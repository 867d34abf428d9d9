"""The portal's ASGI application: routes, templates, static files and the security headers
around all of them."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from owl_desktop.errors import DatabaseError
from owl_desktop.portal import (
    billing_routes,
    booking_routes,
    confirm_routes,
    routes,
    routes_mail,
)
from owl_desktop.portal.deps import PortalDeps
from owl_desktop.portal.security import SecurityHeaders, content_security_policy
from owl_desktop.services.booking import BookingService
from owl_desktop.services.client_billing import ClientBillingService
from owl_desktop.services.payment_confirmation import PaymentConfirmationService
from owl_desktop.services.payment_methods import PaymentMethodService
from owl_desktop.services.portal_accounts import PortalAccountService
from owl_desktop.services.portal_mail import PortalMailService
from owl_desktop.services.portal_settings import PortalSettings, PortalSettingsService

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent


def templates() -> Jinja2Templates:
    return Jinja2Templates(directory=str(HERE / "templates"))


def build_deps(accounts: PortalAccountService,
               payment_methods: Callable[[], PaymentMethodService],
               publishable_key: Callable[[], str], stripe_js_url: str, *,
               sandbox: bool = False, demo_password: str = "",
               clinic: Callable[[], PortalSettings] = PortalSettings,
               booking: BookingService | None = None,
               mail: PortalMailService | None = None,
               billing: ClientBillingService | None = None,
               confirmations: PaymentConfirmationService | None = None) -> PortalDeps:
    """``clinic``: the clinic's settings for the pages (``cached_settings`` in the server);
    ``mail``: reset links by email (none: *Forgot your password?* says to ask the clinic);
    ``booking``: the Book tab (none: it says online booking isn't available);
    ``billing``: the Billing tab (none: it says invoices aren't available here);
    ``confirmations``: payments the client confirms (their bank asks them to authenticate)."""
    if demo_password and not sandbox:
        raise ValueError("a demo password exists only in sandbox mode")
    return PortalDeps(accounts, payment_methods, publishable_key, stripe_js_url, templates(),
                      sandbox=sandbox, demo_password=demo_password, clinic=clinic,
                      booking=booking, mail=mail, billing=billing,
                      confirmations=confirmations)


def cached_settings(service: PortalSettingsService, ttl: float = 30.0,
                    now: Callable[[], float] = time.monotonic) -> Callable[[], PortalSettings]:
    """The clinic's settings, read from the database at most every ``ttl`` seconds (a
    change at the desk shows within that); the last value when the database can't answer."""
    cache: list[tuple[float, PortalSettings]] = []

    def current() -> PortalSettings:
        if cache and now() - cache[0][0] < ttl:
            return cache[0][1]
        try:
            value = service.load()
        except Exception:
            log.warning("portal: clinic settings unavailable")
            return cache[0][1] if cache else PortalSettings()
        cache[:] = [(now(), value)]
        return value

    return current


async def _database_down(request: Request, _error: Exception) -> Response:
    log.warning("portal: database unavailable")
    return routes.render(request, "message.html", {"message_key": "database_unavailable"},
                         status=503)


async def _http_error(request: Request, error: Exception) -> Response:
    status = getattr(error, "status_code", 500)
    key = "not_found" if status == 404 else "error"
    return routes.render(request, "message.html", {"message_key": key}, status=status)


async def _server_error(request: Request, _error: Exception) -> Response:
    log.exception("portal: unexpected error")
    return routes.render(request, "message.html", {"message_key": "error"}, status=500)


def create_app(deps: PortalDeps) -> Starlette:
    app = Starlette(
        routes=[
            Route("/", routes.home),
            Route("/sign-in", routes.sign_in_page, methods=["GET"]),
            Route("/sign-in", routes.sign_in, methods=["POST"]),
            Route("/sign-out", routes.sign_out, methods=["POST"]),
            Route("/forgot", routes_mail.forgot_page, methods=["GET"]),
            Route("/forgot", routes_mail.forgot_request, methods=["POST"]),
            Route("/reset/{token}", routes_mail.reset_page, methods=["GET"]),
            Route("/reset/{token}", routes_mail.reset_submit, methods=["POST"]),
            Route("/invitation/{token}", routes.invitation_page, methods=["GET"]),
            Route("/invitation/{token}", routes.accept_invitation, methods=["POST"]),
            Route("/account", routes.account, methods=["GET"]),
            Route("/account/methods/{method_id}/default", routes.make_default,
                  methods=["POST"]),
            Route("/account/methods/{method_id}/keep-existing", routes.keep_existing,
                  methods=["POST"]),
            Route("/account/setups", routes.start_setup, methods=["POST"]),
            Route("/account/setups/{setup_intent_id}/complete", routes.complete_setup,
                  methods=["POST"]),
            Route("/account/setups/{setup_intent_id}/abandon", routes.abandon_setup,
                  methods=["POST"]),
            Route("/language", routes.choose_lang, methods=["POST"]),
            *booking_routes.ROUTES,
            *billing_routes.ROUTES,
            *confirm_routes.ROUTES,
            Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        ],
        middleware=[Middleware(SecurityHeaders,
                               csp=content_security_policy(deps.stripe_js_url))],
        exception_handlers={DatabaseError: _database_down, HTTPException: _http_error,
                            Exception: _server_error},
    )
    app.state.deps = deps
    return app
