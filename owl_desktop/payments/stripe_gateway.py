"""The one module that talks to Stripe (stripe-python's ``StripeClient``).

Each method is one business call: it builds the request from literal, typed parameters (mypy
checks them against stripe-python's ``...Params`` TypedDicts), sends it with the caller's
idempotency key, and maps the answer to our own dataclasses. SDK objects never leave this
module, and neither do SDK exceptions: :func:`translate` turns them into
``owl_desktop.payments.errors`` classes.

Logging: one line per failure with the operation, error class, Stripe's code, HTTP status and
request id. Never the key, never a client secret, never Stripe's raw error body (which can
echo parameters).
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

import stripe

from owl_desktop.payments.errors import (
    AuthenticationRequired,
    CardDeclined,
    EventCursorExpired,
    IdempotencyConflict,
    InvalidApiKey,
    PaymentError,
    PermissionMissing,
    RateLimited,
    StripeRequestError,
    StripeUnavailable,
)
from owl_desktop.payments.gateway import (
    AccountInfo,
    AppPermission,
    BillingAddress,
    CustomerDetails,
    CustomerInfo,
    EventPage,
    KeyAccount,
    MandateInfo,
    PaymentIntentInfo,
    PaymentMethodInfo,
    PaymentMethodType,
    PublishableKeyStatus,
    SetupIntentInfo,
    SetupIntentStatus,
    StripeEvent,
)
from owl_desktop.redaction import redact

if TYPE_CHECKING:
    from stripe.params import (
        CustomerCreateParams,
        CustomerCreateParamsAddress,
        CustomerUpdateParams,
        CustomerUpdateParamsAddress,
        EventListParamsCreated,
        PaymentIntentCreateParams,
    )

log = logging.getLogger(__name__)

# The API version every request asks for: stripe-python 16.1's own default, so the SDK's types
# describe exactly the shapes Stripe sends back. Change it only together with the SDK.
STRIPE_API_VERSION = "2026-10-28.endive"

# Events the sync asks for (DESIGN.md "Stripe calls").
SYNC_EVENT_TYPES: tuple[str, ...] = (
    "customer.updated", "customer.deleted",
    "payment_method.attached", "payment_method.detached", "payment_method.updated",
    "payment_method.automatically_updated",
    "setup_intent.succeeded", "setup_intent.setup_failed", "setup_intent.requires_action",
    "setup_intent.canceled",
    "mandate.updated",
    "payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.processing",
    "payment_intent.canceled",
)

METADATA_CLIENT_ID = "owl_client_id"
METADATA_CLIENT_REF = "owl_client_ref"
_PERMISSION = re.compile(r"'(rak_[a-z0-9_]+)'")


def _disable_telemetry() -> None:
    """stripe-python reports request timings to Stripe in a header unless told not to."""
    stripe.enable_telemetry = False


class _DeskHeaderClient(stripe.RequestsClient):
    """Adds ``X-Owl-Desk`` to every request: the sandbox scopes injected faults by desk, so a
    test can cut one desk off while another stays online. Real Stripe ignores the header."""

    def __init__(self, desk: str, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self._desk = desk

    def request_with_retries(
        self, method: str, url: str, headers: Mapping[str, str], post_data: Any = None,
        max_network_retries: int | None = None, *, _usage: list[str] | None = None,
    ) -> tuple[str, int, Mapping[str, str]]:
        return super().request_with_retries(
            method, url, {**headers, "X-Owl-Desk": self._desk}, post_data,
            max_network_retries, _usage=_usage)


class StripeGateway:
    """``PaymentGateway`` over HTTP with stripe-python.

    ``api_base`` points at Stripe or at the sandbox; ``http_client`` lets tests and the app
    supply their own transport (else a ``requests`` client with ``timeout_s``). Network retries
    are off by default: the outbox retries with backoff and the UI must not hang. ``desk``
    names this workstation to the sandbox (see ``_DeskHeaderClient``).
    """

    def __init__(self, secret_key: str, *, api_base: str, timeout_s: float = 20,
                 max_network_retries: int = 0, http_client: stripe.HTTPClient | None = None,
                 desk: str | None = None) -> None:
        _disable_telemetry()
        if http_client is None:
            http_client = (_DeskHeaderClient(desk, timeout_s) if desk
                           else stripe.RequestsClient(timeout=timeout_s))
        self._client = stripe.StripeClient(
            secret_key,
            stripe_version=STRIPE_API_VERSION,
            base_addresses={"api": api_base.rstrip("/")},
            max_network_retries=max_network_retries,
            http_client=http_client,
        )
        self.api_base = api_base

    def __repr__(self) -> str:  # never show the key
        return f"StripeGateway(api_base={self.api_base!r})"

    # Account ----------------------------------------------------------------------------

    def retrieve_account(self) -> AccountInfo:
        with translate("retrieve_account"):
            acct = self._client.v1.accounts.retrieve_current()
        display = ""
        settings = _get(acct, "settings")
        if settings is not None and _get(settings, "dashboard") is not None:
            display = _get(settings["dashboard"], "display_name") or ""
        profile = _get(acct, "business_profile")
        if not display and profile is not None:
            display = _get(profile, "name") or ""
        return AccountInfo(id=acct.id, livemode=_livemode(acct), display_name=display,
                           country=_get(acct, "country") or "",
                           default_currency=_get(acct, "default_currency") or "")

    # Customers --------------------------------------------------------------------------

    def create_customer(self, details: CustomerDetails, *, idempotency_key: str) -> CustomerInfo:
        """Empty fields are left out: on create, absent means "none" and Stripe refuses to
        "unset" some fields that were never set."""
        a = details.address
        params: CustomerCreateParams = {"name": details.name, "metadata": _metadata(details)}
        if a.line1:  # an address without a street is no address
            address: CustomerCreateParamsAddress = {"line1": a.line1}
            if a.line2:
                address["line2"] = a.line2
            if a.city:
                address["city"] = a.city
            if a.state:
                address["state"] = a.state
            if a.postal_code:
                address["postal_code"] = a.postal_code
            if a.country:
                address["country"] = a.country
            params["address"] = address
        if details.email:
            params["email"] = details.email
        if details.phone:
            params["phone"] = details.phone
        with translate("create_customer"):
            customer = self._client.v1.customers.create(
                params=params, options={"idempotency_key": idempotency_key})
        return customer_info(customer)

    def update_customer(self, customer_id: str, details: CustomerDetails, *,
                        idempotency_key: str) -> CustomerInfo:
        """Send the profile as it is now; empty fields clear Stripe's copy ("" unsets), and
        an address without a street clears the whole address."""
        a = details.address
        address: CustomerUpdateParamsAddress = {
            "line1": a.line1, "line2": a.line2, "city": a.city, "state": a.state,
            "postal_code": a.postal_code, "country": a.country,
        }
        params: CustomerUpdateParams = {
            "name": details.name, "email": details.email, "phone": details.phone,
            "address": address if a.line1 else "", "metadata": _metadata(details),
        }
        with translate("update_customer"):
            customer = self._client.v1.customers.update(
                customer_id, params=params, options={"idempotency_key": idempotency_key})
        return customer_info(customer)

    def retrieve_customer(self, customer_id: str) -> CustomerInfo:
        with translate("retrieve_customer"):
            customer = self._client.v1.customers.retrieve(customer_id)
        return customer_info(customer)

    def find_customer_by_client_id(self, client_id: int, *, email: str = "",
                                   client_ref: str = "", scan_all: bool = True,
                                   ) -> CustomerInfo | None:
        """Search by metadata first; where search is unavailable (some countries, some
        Stripe-compatible servers), list customers (by email when we have one) and filter.

        Search lags writes by up to a minute (an hour in outages), which is why callers use
        this only for keys older than Stripe's 24-hour idempotency window.
        """
        try:
            with translate("search_customers"):
                found = self._client.v1.customers.search(
                    params={"query": f"metadata['{METADATA_CLIENT_ID}']:'{client_id}'",
                            "limit": 10})
            matches = [customer_info(c) for c in found.data]
        except StripeRequestError as error:
            if not email and not scan_all:
                log.info("customer search unavailable (%s); not listing them all",
                         error.stripe_code)
                return None
            log.info("customer search unavailable (%s); listing instead", error.stripe_code)
            matches = list(self._scan_customers(client_id, email))
        live = [m for m in matches if not m.deleted and m.owl_client_id == client_id
                and (not client_ref or m.owl_client_ref == client_ref)]
        return canonical_customer(live)

    def _scan_customers(self, client_id: int, email: str) -> Iterator[CustomerInfo]:
        with translate("list_customers"):
            if email:
                pages = self._client.v1.customers.list(params={"email": email, "limit": 100})
            else:
                pages = self._client.v1.customers.list(params={"limit": 100})
            for customer in pages.auto_paging_iter():
                info = customer_info(customer)
                if info.owl_client_id == client_id:
                    yield info

    def set_default_payment_method(self, customer_id: str, payment_method_id: str | None, *,
                                   idempotency_key: str) -> CustomerInfo:
        """``None`` clears the default by sending an empty string, Stripe's general way to
        unset a field (its API reference and changelog say so for other fields). Stripe's spec
        types this parameter plain ``str`` (no ``""`` variant, unlike e.g. ``metadata``), so it
        isn't promised here: the outbox (``sync/outbox.py``) therefore treats a refusal as done
        when the customer already has no default, like any refusal of a state Stripe holds."""
        with translate("set_default_payment_method"):
            customer = self._client.v1.customers.update(
                customer_id,
                params={"invoice_settings": {
                    "default_payment_method": payment_method_id or ""}},
                options={"idempotency_key": idempotency_key},
            )
        return customer_info(customer)

    def list_customers(self, *, limit: int = 100,
                       starting_after: str | None = None) -> tuple[list[CustomerInfo], bool]:
        """One page, newest first (Stripe's order); pass the last id to get the next."""
        with translate("list_customers"):
            if starting_after:
                page = self._client.v1.customers.list(
                    params={"limit": limit, "starting_after": starting_after})
            else:
                page = self._client.v1.customers.list(params={"limit": limit})
        return [customer_info(c) for c in page.data], bool(page.has_more)

    # Setup ------------------------------------------------------------------------------

    def create_setup_intent(self, customer_id: str, kind: PaymentMethodType, *,
                            idempotency_key: str) -> SetupIntentInfo:
        with translate("create_setup_intent"):
            if kind == "card":
                si = self._client.v1.setup_intents.create(
                    params={"customer": customer_id, "allowed_payment_method_types": ["card"],
                            "usage": "off_session"},
                    options={"idempotency_key": idempotency_key})
            else:
                si = self._client.v1.setup_intents.create(
                    params={
                        "customer": customer_id,
                        "allowed_payment_method_types": ["acss_debit"],
                        "usage": "off_session",
                        "payment_method_options": {"acss_debit": {
                            "currency": "cad",
                            "verification_method": "automatic",
                            "mandate_options": {"payment_schedule": "sporadic",
                                                "transaction_type": "personal"},
                        }},
                    },
                    options={"idempotency_key": idempotency_key})
        return setup_intent_info(si)

    def retrieve_setup_intent(self, setup_intent_id: str) -> SetupIntentInfo:
        """With the payment method and the mandate expanded (one call, no follow-ups)."""
        with translate("retrieve_setup_intent"):
            si = self._client.v1.setup_intents.retrieve(
                setup_intent_id, params={"expand": ["payment_method", "mandate"]})
        return setup_intent_info(si)

    def cancel_setup_intent(self, setup_intent_id: str, *, idempotency_key: str) -> None:
        with translate("cancel_setup_intent"):
            self._client.v1.setup_intents.cancel(
                setup_intent_id, params={"cancellation_reason": "abandoned"},
                options={"idempotency_key": idempotency_key})

    # Payment methods --------------------------------------------------------------------

    def list_payment_methods(self, customer_id: str) -> list[PaymentMethodInfo]:
        """Cards then bank accounts, every page (Stripe lists one type per request)."""
        result: list[PaymentMethodInfo] = []
        with translate("list_payment_methods"):
            cards = self._client.v1.customers.payment_methods.list(
                customer_id, params={"type": "card", "limit": 100})
            result.extend(payment_method_info(pm) for pm in cards.auto_paging_iter())
            banks = self._client.v1.customers.payment_methods.list(
                customer_id, params={"type": "acss_debit", "limit": 100})
            result.extend(payment_method_info(pm) for pm in banks.auto_paging_iter())
        return result

    def retrieve_payment_method(self, payment_method_id: str) -> PaymentMethodInfo:
        with translate("retrieve_payment_method"):
            pm = self._client.v1.payment_methods.retrieve(payment_method_id)
        return payment_method_info(pm)

    def detach_payment_method(self, payment_method_id: str, *,
                              idempotency_key: str) -> PaymentMethodInfo:
        with translate("detach_payment_method"):
            pm = self._client.v1.payment_methods.detach(
                payment_method_id, options={"idempotency_key": idempotency_key})
        return payment_method_info(pm)

    def retrieve_mandate(self, mandate_id: str) -> MandateInfo:
        with translate("retrieve_mandate"):
            mandate = self._client.v1.mandates.retrieve(mandate_id)
        return mandate_info(mandate)

    def find_mandate_for(self, payment_method_id: str, customer_id: str) -> MandateInfo | None:
        """Mandates can't be listed; the SetupIntent that saved the method names its mandate.

        Used for methods added elsewhere (dashboard, Checkout) that we never saw set up.
        """
        with translate("list_setup_intents"):
            page = self._client.v1.setup_intents.list(
                params={"customer": customer_id, "payment_method": payment_method_id,
                        "expand": ["data.mandate"], "limit": 10})
        for si in page.data:
            if si.mandate is None:
                continue
            if isinstance(si.mandate, str):
                return self.retrieve_mandate(si.mandate)
            return mandate_info(si.mandate)
        return None

    # Charging ---------------------------------------------------------------------------

    def charge_off_session(self, *, customer_id: str, payment_method_id: str, amount: int,
                           currency: str, idempotency_key: str, description: str = "",
                           payment_method_type: PaymentMethodType = "card",
                           mandate_id: str | None = None) -> PaymentIntentInfo:
        """Confirm at once, with nobody present. A decline raises ``CardDeclined`` (with the
        failed PaymentIntent's id); a PAD debit comes back ``processing`` and settles days
        later.

        Cards: ``off_session=true`` (the bank can't ask the cardholder to authenticate, so it
        declines with ``authentication_required`` instead of waiting).
        PAD (``acss_debit``): Stripe's "reuse a payment method with an existing authorized
        mandate" shape (docs.stripe.com/payments/acss-debit/set-up-payment, "Accept future
        payments"): ``payment_method``, ``customer`` and the ``mandate`` from the SetupIntent,
        ``confirm=true``; no ``mandate_data`` or ``payment_method_options[acss_debit]
        [mandate_options]``, which would ask for a new mandate (the customer must accept it).
        The currency must be the mandate's (CAD for the app's SetupIntents).
        """
        params: PaymentIntentCreateParams = {
            "amount": amount, "currency": currency.lower(), "customer": customer_id,
            "payment_method": payment_method_id, "confirm": True,
        }
        if payment_method_type == "acss_debit":
            if not mandate_id:
                raise ValueError("a PAD charge needs the payment method's mandate id")
            params["allowed_payment_method_types"] = ["acss_debit"]
            params["mandate"] = mandate_id
        else:
            params["allowed_payment_method_types"] = ["card"]
            params["off_session"] = True
        if description:
            params["description"] = description
        with translate("charge_off_session"):
            pi = self._client.v1.payment_intents.create(
                params=params, options={"idempotency_key": idempotency_key})
        return payment_intent_info(pi)

    def retrieve_payment_intent(self, payment_intent_id: str) -> PaymentIntentInfo:
        with translate("retrieve_payment_intent"):
            pi = self._client.v1.payment_intents.retrieve(payment_intent_id)
        return payment_intent_info(pi)

    # Sync -------------------------------------------------------------------------------

    def latest_event(self, types: Sequence[str]) -> StripeEvent | None:
        with translate("list_events"):
            page = self._client.v1.events.list(params={"types": list(types), "limit": 1})
        return event_info(page.data[0]) if page.data else None

    def list_events(self, *, after_event_id: str, types: Sequence[str],
                    created_after: int | None = None, limit: int = 100) -> EventPage:
        """Events strictly newer than ``after_event_id``, oldest first.

        Stripe lists newest first; ``ending_before`` returns the ``limit`` events just newer
        than the cursor (still newest first), with ``has_more`` when even newer ones exist.
        We reverse the page so callers apply events in the order they happened.
        """
        try:
            with translate("list_events"):
                if created_after is not None:
                    page = self._client.v1.events.list(params={
                        "types": list(types), "limit": limit, "ending_before": after_event_id,
                        "created": {"gt": created_after}})
                else:
                    page = self._client.v1.events.list(params={
                        "types": list(types), "limit": limit, "ending_before": after_event_id})
        except StripeRequestError as error:
            if error.is_missing or error.param == "ending_before":
                raise EventCursorExpired(
                    "Stripe no longer has the last event this desk synced.",
                    hint="The app reconciles every client with Stripe instead.",
                    detail=error.detail, stripe_code=error.stripe_code,
                    http_status=error.http_status, request_id=error.request_id,
                    param=error.param) from error
            raise
        events = tuple(event_info(e) for e in reversed(page.data))
        return EventPage(events=events, has_more=bool(page.has_more))

    def list_events_since(self, *, created_gte: int, types: Sequence[str],
                          created_lte: int | None = None, older_than_event_id: str | None = None,
                          limit: int = 100) -> EventPage:
        """One page of the events created in a time range: Stripe's newest first, reversed;
        ``older_than_event_id`` is Stripe's ``starting_after`` (the next, older page)."""
        created: EventListParamsCreated = {"gte": created_gte}
        if created_lte is not None:
            created["lte"] = created_lte
        with translate("list_events"):
            if older_than_event_id:
                page = self._client.v1.events.list(params={
                    "types": list(types), "limit": limit, "created": created,
                    "starting_after": older_than_event_id})
            else:
                page = self._client.v1.events.list(params={
                    "types": list(types), "limit": limit, "created": created})
        events = tuple(event_info(e) for e in reversed(page.data))
        return EventPage(events=events, has_more=bool(page.has_more))

    # --- key checks ---
    # For services/stripe_connection.py: is this a usable key, whose, with which permissions.

    def identify_account(self) -> KeyAccount:
        """``GET /v1/account``. Stripe offers restricted keys no permission for it, but its 403
        names the account ("... on account 'acct_...'"), which is all the check needs."""
        with translate("identify_account"):
            try:
                acct = self._client.v1.accounts.retrieve_current()
            except stripe.PermissionError as error:
                named = _ACCOUNT_IN_REFUSAL.search(_stripe_message(error))
                log.info("restricted key may not read the account; account named: %s",
                         bool(named))
                return KeyAccount(id=named.group(1) if named else None, livemode=None)
        dashboard = _get(_get(acct, "settings"), "dashboard")
        name = _get(dashboard, "display_name") or _get(_get(acct, "business_profile"), "name")
        return KeyAccount(id=acct.id, livemode=_livemode(acct), display_name=name or "")

    def has_permission(self, permission: AppPermission) -> bool:
        """Probe without side effects: a write on an id that can't exist (Stripe checks the
        key's permission first: 403 when missing, else 404), or a one-item list for reads."""
        try:
            _PERMISSION_PROBES[permission](self._client)
        except stripe.PermissionError:
            log.info("stripe key lacks permission %s", permission)
            return False
        except stripe.InvalidRequestError as error:
            if error.http_status in (400, 404):  # got past the permission check
                return True
            raise _logged(f"probe_{permission}", error) from None
        except stripe.StripeError as error:
            raise _logged(f"probe_{permission}", error) from None
        return True

    def check_publishable_key(self, publishable_key: str) -> PublishableKeyStatus:
        """Create a bare SetupIntent (no customer, no payment method: it can't move money),
        read it back with the publishable key and its client secret, as Stripe.js would, then
        cancel it. A publishable key of another account gets 404; a bad one, 401."""
        with translate("key_check_create"):
            si = self._client.v1.setup_intents.create(
                # Payment method types left to Stripe's default: this one is never confirmed.
                params={"usage": "on_session",
                        "description": "Owl Desktop key check (canceled at once)",
                        "metadata": {"owl_purpose": "key_check"}},
                options={"idempotency_key": f"key-check:{uuid.uuid4()}"})
        try:
            public = stripe.StripeClient(
                publishable_key, stripe_version=STRIPE_API_VERSION,
                base_addresses={"api": self.api_base.rstrip("/")},
                http_client=stripe.RequestsClient(timeout=20))
            try:
                public.v1.setup_intents.retrieve(
                    si.id, params={"client_secret": si.client_secret or ""})
            except stripe.AuthenticationError as error:
                expired = (error.code or _get(error.error, "code")) == "api_key_expired"
                return "revoked" if expired else "invalid"
            except stripe.InvalidRequestError as error:
                if error.http_status == 404:
                    return "other_account"
                raise _logged("key_check_retrieve", error) from None
            except stripe.StripeError as error:
                raise _logged("key_check_retrieve", error) from None
            return "same_account"
        finally:
            try:
                with translate("key_check_cancel"):
                    self._client.v1.setup_intents.cancel(
                        si.id, options={"idempotency_key": f"key-check-cancel:{si.id}"})
            except PaymentError:
                pass  # logged by translate; an uncanceled bare SetupIntent is harmless


# ---- mapping SDK objects to ours (public for the unit tests) ---------------------------------

def _get(obj: Any, key: str) -> Any:
    """A field that Stripe (or a Stripe-compatible server) may leave out: None when absent."""
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(key)
    return obj[key] if key in obj else None  # noqa: SIM401 - StripeObject has no .get


def _metadata(details: CustomerDetails) -> dict[str, str]:
    metadata = {METADATA_CLIENT_ID: str(details.client_id)}
    if details.client_ref:
        metadata[METADATA_CLIENT_REF] = details.client_ref
    return metadata


def _livemode(obj: Any) -> bool:
    return bool(_get(obj, "livemode"))


def _id(value: str | Any | None) -> str | None:
    """An expandable field: an id string, an expanded object, or nothing."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return str(value.id)


def _address(addr: Any) -> BillingAddress:
    if addr is None:
        return BillingAddress()
    return BillingAddress(
        line1=_get(addr, "line1") or "", line2=_get(addr, "line2") or "",
        city=_get(addr, "city") or "", state=_get(addr, "state") or "",
        postal_code=_get(addr, "postal_code") or "", country=_get(addr, "country") or "")


def canonical_customer(matches: Sequence[CustomerInfo]) -> CustomerInfo | None:
    """The customer that stands for a client when several were made for it (two desks
    creating at once, a lost answer before keys were shared): the oldest, by ``created``
    and then id, so every desk picks the same one whatever order Stripe listed them in
    (search promises no order; lists are newest first)."""
    return min(matches, key=lambda m: (m.created, m.id), default=None)


def customer_info(customer: stripe.Customer) -> CustomerInfo:
    if _get(customer, "deleted"):
        return CustomerInfo(id=customer.id, livemode=_livemode(customer),
                            default_payment_method_id=None, deleted=True)
    settings = _get(customer, "invoice_settings")
    default = _id(_get(settings, "default_payment_method")) if settings is not None else None
    metadata = _get(customer, "metadata") or {}
    raw_client = _get(metadata, METADATA_CLIENT_ID)
    owl_client_id = int(raw_client) if raw_client and str(raw_client).isdigit() else None
    return CustomerInfo(
        id=customer.id, livemode=_livemode(customer), default_payment_method_id=default,
        owl_client_id=owl_client_id,
        owl_client_ref=str(_get(metadata, METADATA_CLIENT_REF) or ""),
        name=_get(customer, "name") or "", email=_get(customer, "email") or "",
        phone=_get(customer, "phone") or "",
        address=_address(_get(customer, "address")),
        created=int(_get(customer, "created") or 0))


def payment_method_info(pm: stripe.PaymentMethod) -> PaymentMethodInfo:
    """Keep what DESIGN.md lists: last 4 and bank numbers that identify the branch, never more."""
    billing = _get(pm, "billing_details")
    holder = _get(billing, "name") or "" if billing is not None else ""
    email = _get(billing, "email") or "" if billing is not None else ""
    address = _address(_get(billing, "address") if billing is not None else None)
    common: dict[str, Any] = {
        "id": pm.id, "customer_id": _id(_get(pm, "customer")), "livemode": _livemode(pm),
        "holder_name": holder, "holder_email": email, "billing_address": address,
        "created": int(_get(pm, "created") or 0),
    }
    if pm.type == "card" and _get(pm, "card") is not None:
        card = pm["card"]
        return PaymentMethodInfo(
            type="card", last4=_get(card, "last4") or "",
            fingerprint=_get(card, "fingerprint") or "",
            brand=_get(card, "brand") or "", exp_month=_get(card, "exp_month"),
            exp_year=_get(card, "exp_year"), **common)
    if pm.type == "acss_debit" and _get(pm, "acss_debit") is not None:
        bank = pm["acss_debit"]
        return PaymentMethodInfo(
            type="acss_debit", last4=_get(bank, "last4") or "",
            fingerprint=_get(bank, "fingerprint") or "", bank_name=_get(bank, "bank_name") or "",
            institution_number=_get(bank, "institution_number") or "",
            transit_number=_get(bank, "transit_number") or "", **common)
    raise StripeRequestError(f"Payment methods of type {pm.type!r} are not supported.",
                             stripe_code="unsupported_payment_method_type")


def mandate_info(mandate: stripe.Mandate) -> MandateInfo:
    status: Literal["active", "inactive", "pending"] = (
        "active" if mandate.status == "active"
        else "inactive" if mandate.status == "inactive" else "pending")
    return MandateInfo(id=mandate.id, status=status,
                       payment_method_id=_id(mandate.payment_method) or "",
                       livemode=_livemode(mandate))


_SETUP_STATUSES: tuple[SetupIntentStatus, ...] = (
    "requires_payment_method", "requires_confirmation", "requires_action", "processing",
    "succeeded", "canceled")


def setup_intent_info(si: stripe.SetupIntent) -> SetupIntentInfo:
    pm = _get(si, "payment_method")
    pm_info = None if pm is None or isinstance(pm, str) else payment_method_info(pm)
    mandate = _get(si, "mandate")
    next_action = _get(si, "next_action")
    error = _get(si, "last_setup_error")
    status: SetupIntentStatus = next((s for s in _SETUP_STATUSES if s == si.status),
                                     "requires_payment_method")
    return SetupIntentInfo(
        id=si.id, status=status, customer_id=_id(_get(si, "customer")),
        client_secret=_get(si, "client_secret") or "",
        payment_method_types=tuple(_get(si, "payment_method_types") or ()),
        livemode=_livemode(si), payment_method=pm_info,
        payment_method_id=_id(pm),
        next_action_type=_get(next_action, "type") if next_action is not None else None,
        mandate_id=_id(mandate),
        mandate_status=(None if mandate is None or isinstance(mandate, str)
                        else mandate_info(mandate).status),
        last_error_code=_get(error, "code") if error is not None else None,
        last_error_message=(_get(error, "message") if error is not None else None),
    )


def payment_intent_info(pi: stripe.PaymentIntent) -> PaymentIntentInfo:
    error = _get(pi, "last_payment_error")
    failure_code = None if error is None else _get(error, "decline_code") or _get(error, "code")
    return PaymentIntentInfo(
        id=pi.id, status=pi.status, amount=pi.amount, currency=pi.currency,
        customer_id=_id(_get(pi, "customer")), payment_method_id=_id(_get(pi, "payment_method")),
        livemode=_livemode(pi),
        failure_code=failure_code,
        failure_message=_get(error, "message") if error is not None else None)


def event_info(event: stripe.Event) -> StripeEvent:
    obj: Any = event.data.object
    object_type = str(_get(obj, "object") or event.type.rsplit(".", 1)[0])
    customer = _get(obj, "customer") if object_type != "customer" else _get(obj, "id")
    if customer is None and event.type == "payment_method.detached":
        previous = _get(event.data, "previous_attributes") or {}
        customer = _get(previous, "customer")
    return StripeEvent(id=event.id, type=event.type, created=event.created,
                       object_type=object_type, object_id=str(_get(obj, "id") or ""),
                       customer_id=_id(customer), livemode=_livemode(event))


# ---- errors --------------------------------------------------------------------------------

@contextmanager
def translate(operation: str) -> Iterator[None]:
    """Run a Stripe call; re-raise any SDK error as one of ours, logged without secrets."""
    try:
        yield
    except stripe.StripeError as error:
        ours = translate_error(error)
        log.warning("stripe %s failed: %s code=%s http_status=%s request_id=%s",
                    operation, type(ours).__name__, ours.stripe_code, ours.http_status,
                    ours.request_id,
                    extra={"stripe_operation": operation, "stripe_code": ours.stripe_code,
                           "http_status": ours.http_status, "request_id": ours.request_id})
        if isinstance(error, stripe.APIConnectionError):
            # No HTTP answer: what the network said (refused, reset, timed out) is the only
            # clue. Redacted like every message; it never holds the key (a header).
            log.warning("stripe %s network error: %s", operation,
                        redact(str(error)))
        raise ours from None


def _retry_after(headers: Mapping[str, str] | None) -> float | None:
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            try:
                return max(0.0, float(value))
            except ValueError:
                return None
    return None


def translate_error(error: stripe.StripeError) -> PaymentError:
    """Map stripe-python's exception classes to ours (see errors.py for what each means)."""
    body = error.error
    # Stripe's sentences become PaymentError.message, which is shown to staff, stored in
    # outbox.last_error and logged: a Stripe-compatible server (or Stripe itself, e.g. "Invalid
    # API Key provided: sk_live_…") may echo a key, a client secret or a number, so mask them here.
    user_message = _redacted(_get(body, "user_message") if body is not None else None)
    message = _redacted(_get(body, "message") if body is not None else None)
    stripe_code = error.code or (_get(body, "code") if body is not None else None)
    ctx: dict[str, Any] = {
        "stripe_code": stripe_code, "http_status": error.http_status,
        "request_id": error.request_id,
        "detail": f"code={stripe_code} http_status={error.http_status} "
                  f"request_id={error.request_id}",
    }
    if isinstance(error, stripe.CardError):
        decline = _get(body, "decline_code") if body is not None else None
        pi = _get(body, "payment_intent") if body is not None else None
        pi_id = _id(pi) if pi is not None else None
        text = user_message or message or "The card was declined."
        if stripe_code == "authentication_required" or decline == "authentication_required":
            return AuthenticationRequired(
                user_message or "The bank asks the cardholder to confirm this payment.",
                decline_code=decline, payment_intent_id=pi_id,
                hint="Ask the client to confirm the payment or use another method.", **ctx)
        return CardDeclined(text, decline_code=decline, payment_intent_id=pi_id,
                            hint="Ask the client for another payment method.", **ctx)
    if isinstance(error, stripe.RateLimitError):
        return RateLimited("Stripe is receiving too many requests right now.",
                           retry_after=_retry_after(error.headers),
                           hint="The app will try again shortly.", **ctx)
    if isinstance(error, stripe.APIConnectionError):
        return StripeUnavailable("Stripe can't be reached.",
                                 hint="Check the internet connection; the app will try again.",
                                 **ctx)
    if isinstance(error, stripe.AuthenticationError):
        return InvalidApiKey("Stripe refused the secret key: it is wrong, expired or revoked.",
                             hint="An administrator should reconnect Stripe in Settings.",
                             **ctx)
    if isinstance(error, stripe.PermissionError):
        permission = _PERMISSION.search(message or "")
        name = permission.group(1) if permission else None
        text = ("The Stripe key is missing a permission this action needs"
                + (f" ({name})." if name else "."))
        return PermissionMissing(text, permission=name,
                                 hint="An administrator should grant it to the restricted key.",
                                 **ctx)
    if isinstance(error, stripe.IdempotencyError):
        return IdempotencyConflict("Stripe refused a repeated request with different details.",
                                   param=None, **ctx)
    if isinstance(error, stripe.InvalidRequestError):
        return StripeRequestError(user_message or message or "Stripe refused the request.",
                                  param=error.param, **ctx)
    status = error.http_status or 0
    if isinstance(error, stripe.APIError) and (status >= 500 or status in (0, 409)):
        return StripeUnavailable("Stripe is having trouble right now.",
                                 hint="The app will try again shortly.", **ctx)
    return StripeRequestError(user_message or message or "Stripe refused the request.", **ctx)


# --- key checks ---

_ACCOUNT_IN_REFUSAL = re.compile(r"on account '(acct_[A-Za-z0-9]+)'")
_PROBE_SUFFIX = "OwlKeyCheck0000000000"  # an id no Stripe object has

_PERMISSION_PROBES: dict[AppPermission, Callable[[stripe.StripeClient], object]] = {
    "customers_write": lambda c: c.v1.customers.update(f"cus_{_PROBE_SUFFIX}", params={}),
    "setup_intents_write": lambda c: c.v1.setup_intents.cancel(f"seti_{_PROBE_SUFFIX}"),
    "payment_methods_write": lambda c: c.v1.payment_methods.detach(f"pm_{_PROBE_SUFFIX}"),
    "payment_intents_write": lambda c: c.v1.payment_intents.cancel(f"pi_{_PROBE_SUFFIX}"),
    "mandates_read": lambda c: c.v1.mandates.retrieve(f"mandate_{_PROBE_SUFFIX}"),
    "events_read": lambda c: c.v1.events.list(params={"limit": 1}),
}


def _redacted(text: object) -> str | None:
    """Stripe's error text with secrets and numbers masked; None when Stripe gave none."""
    return redact(str(text)) if text else None


def _stripe_message(error: stripe.StripeError) -> str:
    body = error.error
    return redact(str((_get(body, "message") if body is not None else None) or ""))


def _logged(operation: str, error: stripe.StripeError) -> PaymentError:
    ours = translate_error(error)
    log.warning("stripe %s failed: %s code=%s http_status=%s request_id=%s", operation,
                type(ours).__name__, ours.stripe_code, ours.http_status, ours.request_id)
    return ours
