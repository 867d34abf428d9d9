"""The parts built from the connected Stripe account, rebuilt when the connection changes.

Why a holder: the gateway carries the secret key, and the sync engine, the customer and payment
method services are built on that gateway. When Settings → Stripe saves other keys (or removes
them), all of them must change together, without restarting the app. Two ways were possible:
hand every long-lived consumer (the Payment Methods section, the *Add payment method* flow, the
sync controller) a new object each time, or have them ask one holder for the current parts.
We do a little of both, keeping each consumer simple:

* ``StripeScopeFactory`` builds the parts of one connection as one unit, from a pluggable
  ``CredentialsSource`` (the OS keyring at a desk; a file or environment variable for the
  headless commands), and ``StripeParts.close`` ends them together.
* ``LiveStripe`` holds the current ``StripeParts`` (or None when not connected) and rebuilds
  them from the stored credentials on demand (``rebuild``, no network; the keyring is read,
  so off the UI thread).
* ``CurrentPaymentMethods`` is a stable stand-in for the payment methods service that always
  forwards to the current parts, so a flow built once (with its pre-warmed web views) never
  holds a service made from old keys.
* The sync controller, which runs the engine on its own thread, is told the new engine
  explicitly (``ui/sync/setup.SyncUi.attach``); it must stop the old one before links change.

Qt-free: the composition root (``composition.py``) builds it;
``ui/settings/stripe_rewiring.py`` calls ``rebuild`` off the UI thread after a connect, switch or
disconnect, and once after start-up.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from owl_desktop.core.clock import Clock
from owl_desktop.domain.audit import Workstation
from owl_desktop.domain.stripe_records import StripeAccount
from owl_desktop.errors import UserFacingError
from owl_desktop.services.audit import WorkstationProvider
from owl_desktop.services.customers import not_connected
from owl_desktop.store.uow import UnitOfWorkFactory

if TYPE_CHECKING:
    from owl_desktop.domain.payment_methods import StoredPaymentMethod
    from owl_desktop.payments.gateway import PaymentGateway, PaymentMethodType, SetupIntentInfo
    from owl_desktop.services.customers import CustomerService
    from owl_desktop.services.payment_methods import PaymentMethodService
    from owl_desktop.services.secret_sources import CredentialsSource
    from owl_desktop.sync.engine import SyncEngine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StripeParts:
    """Everything made from one Stripe connection (one secret key)."""

    account: StripeAccount
    gateway: PaymentGateway  # the sync engine's metered gateway: calls feed the online state
    sync_engine: SyncEngine
    customers: CustomerService
    payment_methods: PaymentMethodService

    def close(self) -> None:
        """End what this connection started (its HTTP connections)."""
        close = getattr(self.sync_engine.metered.inner, "close", None)
        if callable(close):
            close()


class StripeScopeFactory:
    """Builds the ``StripeParts`` of the connection a ``CredentialsSource`` names.

    Qt-free: the desk, the headless commands and the tests all build their parts here, the
    same way. No network (reading the secret may touch the keyring: not on the UI thread).
    """

    def __init__(self, uow: UnitOfWorkFactory, source: CredentialsSource, *,
                 api_base: str, desk_name: str, clock: Clock,
                 workstation: WorkstationProvider,
                 after_settle: Callable[[], object] | None = None) -> None:
        """``after_settle``: run by the sync after each run's settling of charges (the mail
        owed for a returned debit)."""
        self._uow = uow
        self._after_settle = after_settle
        self._source = source
        self._api_base = api_base
        self._desk_name = desk_name
        self._clock = clock
        self._workstation = workstation

    def open(self) -> StripeParts | None:
        """The parts, or None when no account is connected or its secret can't be had here
        (logged; the Settings dialog and headless commands say why)."""
        try:
            credentials = self._source.credentials()
        except UserFacingError as error:  # keyring unusable, or the secret is elsewhere
            log.info("stripe off: %s", type(error).__name__)
            return None
        if credentials is None:
            return None
        from owl_desktop.payments.stripe import StripeGateway

        gateway = StripeGateway(credentials.secret_key, api_base=self._api_base,
                                desk=self._desk_name)
        return self.build(gateway, StripeAccount(credentials.account_id, credentials.livemode))

    def build(self, gateway: PaymentGateway, account: StripeAccount) -> StripeParts:
        """The parts on ``gateway`` (tests and benchmarks may pass their own)."""
        from owl_desktop.services.customers import CustomerService
        from owl_desktop.services.payment_methods import PaymentMethodService
        from owl_desktop.sync.engine import SyncEngine

        with self._uow() as uow:
            here: Workstation = self._workstation(uow)
        engine = SyncEngine(self._uow, gateway, account, clock=self._clock, here=here)
        engine.payments.after_settle = self._after_settle
        metered = engine.metered.as_gateway()
        customers = CustomerService(self._uow, metered, account, self._clock)
        methods = PaymentMethodService(self._uow, metered, customers, self._clock,
                                       workstation=self._workstation)
        return StripeParts(account=account, gateway=metered, sync_engine=engine,
                           customers=customers, payment_methods=methods)


Builder = Callable[[], "StripeParts | None"]


class LiveStripe:
    """Holds the current ``StripeParts``; ``rebuild`` replaces them (thread-safe)."""

    def __init__(self, build: Builder | None = None) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._current: StripeParts | None = None
        self.generation = 0  # bumped by every rebuild, so holders can tell parts apart

    @property
    def current(self) -> StripeParts | None:
        with self._lock:
            return self._current

    def rebuild(self) -> StripeParts | None:
        """Build the parts for the connection stored now (None when not connected or the
        secret can't be read on this desk) and make them current. No network."""
        try:
            parts = self._build() if self._build is not None else None
        except BaseException:
            with self._lock:  # never keep parts made from keys that are no longer stored
                self._current = None
                self.generation += 1
            raise
        with self._lock:
            old, self._current = self._current, parts
            self.generation += 1
        if old is not None and old is not parts:
            old.close()
        log.info("stripe parts %s", "rebuilt" if parts is not None else "cleared")
        return parts

    def clear(self) -> None:
        """No connection any more (the app ends): close the current parts."""
        with self._lock:
            old, self._current = self._current, None
            self.generation += 1
        if old is not None:
            old.close()

    def payment_methods(self) -> PaymentMethodService:
        """The current service; raises ``StripeNotConnected`` when there is none."""
        parts = self.current
        if parts is None:
            raise not_connected()
        return parts.payment_methods


class CurrentPaymentMethods:
    """The payment methods service of whatever Stripe connection is current.

    Given to consumers that outlive a connection change (the add flow, the Payment Methods
    section). Each call goes to the service current at that moment; with no connection, it
    raises ``StripeNotConnected`` (a ``UserFacingError``).
    """

    def __init__(self, live: LiveStripe) -> None:
        self._live = live

    def list_for_client(self, client_id: int) -> list[StoredPaymentMethod]:
        return self._live.payment_methods().list_for_client(client_id)

    def list_shown(self, client_id: int) -> list[StoredPaymentMethod]:
        return self._live.payment_methods().list_shown(client_id)

    def start_setup(self, client_id: int, kind: PaymentMethodType, *,
                    instant: bool = False) -> SetupIntentInfo:
        return self._live.payment_methods().start_setup(client_id, kind, instant=instant)

    def complete_setup(self, client_id: int, setup_intent_id: str) -> StoredPaymentMethod:
        return self._live.payment_methods().complete_setup(client_id, setup_intent_id)

    def abandon_setup(self, setup_intent_id: str, client_id: int | None = None
                      ) -> StoredPaymentMethod | None:
        return self._live.payment_methods().abandon_setup(setup_intent_id, client_id)

    def duplicate_of(self, client_id: int, payment_method_id: int
                     ) -> StoredPaymentMethod | None:
        return self._live.payment_methods().duplicate_of(client_id, payment_method_id)

    def keep_existing(self, client_id: int, payment_method_id: int) -> StoredPaymentMethod:
        return self._live.payment_methods().keep_existing(client_id, payment_method_id)

    def set_default(self, client_id: int, payment_method_id: int) -> StoredPaymentMethod:
        return self._live.payment_methods().set_default(client_id, payment_method_id)

    def remove(self, client_id: int, payment_method_id: int) -> None:
        self._live.payment_methods().remove(client_id, payment_method_id)
