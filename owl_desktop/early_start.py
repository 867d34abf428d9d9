"""What the desk can have before its database is open: the card fields' publishable key and
where Stripe.js comes from (issue 18, card fields ready at start).

Opening the database means importing SQLAlchemy and checking the migrations: most of a second
on a slow machine, spent on a worker thread. The payment entry view needs neither: only the
publishable key and the Stripe.js address. So, right after the window's first paint, the desk
asks ``start_early`` for them and starts preparing the view; QtWebEngine's processes load the
page while the worker opens the database. In sandbox mode this starts the Stripe double (it
serves Stripe.js), which ``composition.build_services`` then takes over.

Nothing here imports SQLAlchemy, stripe or the web stack.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from owl_desktop.config import DEFAULT_STRIPE_API_BASE, DEFAULT_STRIPE_JS_URL, Config
from owl_desktop.store.settings_peek import peek_setting

if TYPE_CHECKING:
    from owl_desktop.sandbox.desk import SandboxDesk

log = logging.getLogger(__name__)

#: Where Settings → Stripe keeps the connected publishable key (services/stripe_connection).
SETTING_PUBLISHABLE_KEY = "stripe.publishable_key"


@dataclass(frozen=True)
class EarlyStart:
    """``config`` points at the sandbox's double in sandbox mode. ``publishable_key`` is ""
    when it isn't known before the database opens (PostgreSQL, a locked file, not connected):
    the entry view is then prepared once it is."""

    config: Config
    publishable_key: str
    sandbox: SandboxDesk | None = None

    def stop(self) -> None:
        """Stop what was started here (when the database could not be opened after all)."""
        if self.sandbox is not None:
            self.sandbox.stop()


def start_early(config: Config) -> EarlyStart:
    """Read the publishable key without opening the database; in sandbox mode start the
    Stripe double (its keys are the sandbox's). Fast: a few milliseconds."""
    if config.sandbox:
        desk, config = open_sandbox(config)
        return EarlyStart(config, desk.publishable_key, desk)
    return EarlyStart(config, peek_setting(config.database_url, SETTING_PUBLISHABLE_KEY) or "")


def open_sandbox(config: Config) -> tuple[SandboxDesk, Config]:
    """Sandbox mode: the Stripe double this run talks to (started here unless
    ``OWL_STRIPE_API_BASE`` names one already running), and the config pointed at it."""
    from owl_desktop.sandbox.desk import open_sandbox_desk

    shared = config.stripe_api_base if config.stripe_api_base != DEFAULT_STRIPE_API_BASE else None
    js_url = config.stripe_js_url if config.stripe_js_url != DEFAULT_STRIPE_JS_URL else None
    desk = open_sandbox_desk(config.sandbox_state_dir, api_base=shared, stripe_js_url=js_url)
    return desk, replace(config, stripe_api_base=desk.api_base, stripe_js_url=desk.stripe_js_url)
