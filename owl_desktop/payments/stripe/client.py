"""The Stripe gateway: our ``PaymentGateway`` over stripe-python's ``StripeClient``.

Why a module of its own: this is the one place that holds a ``StripeClient`` and decides how it
reaches Stripe (API version, base address, transport, timeouts, retries, the sandbox's desk
header). Each method is one business call: it builds the request from literal, typed parameters
(mypy checks them against stripe-python's ``...Params`` TypedDicts), sends it with the caller's
idempotency key inside :func:`~owl_desktop.payments.stripe.errors.translate`, and maps the
answer with :mod:`~owl_desktop.payments.stripe.mapping`. SDK objects and SDK exceptions never
leave the package. The key checks live in :mod:`~owl_desktop.payments.stripe.key_check`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import stripe

from owl_desktop.config import is_loopback_host
from owl_desktop.domain.audit import Workstation
from owl_desktop.payments.errors import EventCursorExpired, StripeRequestError
from owl_desktop.payments.gateway import (
    AccountInfo,
    AppPermission,
    BankVerification,
    CustomerDetails,
    CustomerInfo,
    EventPage,
    KeyAccount,
    MandateInfo,
    PaymentMethodInfo,
    PaymentMethodType,
    PublishableKeyStatus,
    SetupIntentInfo,
    StripeEvent,
)
from owl_desktop.payments.stripe import key_check
from owl_desktop.payments.stripe.charges import ChargeCalls
from owl_desktop.payments.stripe.errors import translate
from owl_desktop.payments.stripe.mapping import (
    METADATA_CLIENT_ID,
    account_info,
    canonical_customer,
    customer_info,
    customer_metadata,
    default_by_metadata,
    event_info,
    made_by_metadata,
    mandate_info,
    payment_method_info,
    setup_intent_info,
)
from owl_desktop.payments.stripe.refunds import RefundCalls

if TYPE_CHECKING:
    from stripe.params import (
        CustomerCreateParams,
        CustomerCreateParamsAddress,
        CustomerUpdateParams,
        CustomerUpdateParamsAddress,
        EventListParamsCreated,
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


def _disable_telemetry() -> None:
    """stripe-python reports request timings to Stripe in a header unless told not to."""
    stripe.enable_telemetry = False


# Names this workstation to the sandbox, which scopes injected faults by desk so a test can cut
# one desk off while another stays online (``sandbox/faults.py`` reads it).
DESK_HEADER = "X-Owl-Desk"


def desk_headers(url: str, desk: str | None) -> dict[str, str]:
    """The ``X-Owl-Desk`` header for a request to ``url``: only when ``url`` is on a loopback
    host (127.0.0.1, localhost, ::1: the sandbox or another Stripe double on this computer),
    never elsewhere. Stripe has no use for it, and the desk's name (often the computer's) is
    nothing to send it."""
    if not desk:
        return {}
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # an unparsable address is no loopback
        return {}
    return {DESK_HEADER: desk} if is_loopback_host(host) else {}


class _DeskHeaderClient(stripe.RequestsClient):
    """Adds :func:`desk_headers` to each request, so a loopback API base gets ``X-Owl-Desk``;
    checked per request URL, so no other host ever does."""

    def __init__(self, desk: str, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self._desk = desk

    def request_with_retries(
        self, method: str, url: str, headers: Mapping[str, str], post_data: Any = None,
        max_network_retries: int | None = None, *, _usage: list[str] | None = None,
    ) -> tuple[str, int, Mapping[str, str]]:
        return super().request_with_retries(
            method, url, {**headers, **desk_headers(url, self._desk)}, post_data,
            max_network_retries, _usage=_usage)


class StripeGateway(ChargeCalls, RefundCalls):
    """``PaymentGateway`` over HTTP with stripe-python.

    ``api_base`` points at Stripe or at the sandbox; ``http_client`` lets tests and the app
    supply their own transport (else a ``requests`` client with ``timeout_s``). Network retries
    are off by default: the outbox retries with backoff and the UI must not hang. ``desk``
    names this workstation to the sandbox when ``api_base`` is loopback (see
    :func:`desk_headers`); Stripe itself never gets the header.
    """

    def __init__(self, secret_key: str, *, api_base: str, timeout_s: float = 20,
                 max_network_retries: int = 0, http_client: stripe.HTTPClient | None = None,
                 desk: str | None = None) -> None:
        _disable_telemetry()
        if http_client is None:
            if desk and desk_headers(api_base, desk):
                http_client = _DeskHeaderClient(desk, timeout_s)
            else:
                http_client = stripe.RequestsClient(timeout=timeout_s)
        self._http = http_client
        self._client = stripe.StripeClient(
            secret_key,
            stripe_version=STRIPE_API_VERSION,
            base_addresses={"api": api_base.rstrip("/")},
            max_network_retries=max_network_retries,
            http_client=http_client,
        )
        self.api_base = api_base

    def close(self) -> None:
        """Close the pooled HTTP connections (the connection was switched or the app ends)."""
        self._http.close()  # type: ignore[no-untyped-call]

    def __repr__(self) -> str:  # never show the key
        return f"StripeGateway(api_base={self.api_base!r})"

    # Account ----------------------------------------------------------------------------

    def retrieve_account(self) -> AccountInfo:
        with translate("retrieve_account"):
            acct = self._client.v1.accounts.retrieve_current()
        return account_info(acct)

    # Customers --------------------------------------------------------------------------

    def create_customer(self, details: CustomerDetails, *, idempotency_key: str) -> CustomerInfo:
        """Empty fields are left out: on create, absent means "none" and Stripe refuses to
        "unset" some fields that were never set."""
        a = details.address
        params: CustomerCreateParams = {"name": details.name,
                                        "metadata": customer_metadata(details)}
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
            "address": address if a.line1 else "", "metadata": customer_metadata(details),
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
                                   idempotency_key: str, made_by: Workstation | None = None,
                                   ) -> CustomerInfo:
        """``None`` clears the default by sending an empty string, Stripe's general way to
        unset a field (its API reference and changelog say so for other fields). Stripe's spec
        types this parameter plain ``str`` (no ``""`` variant, unlike e.g. ``metadata``), so it
        isn't promised here: the outbox (``sync/outbox.py``) therefore treats a refusal as done
        when the customer already has no default, like any refusal of a state Stripe holds."""
        with translate("set_default_payment_method"):
            customer = self._client.v1.customers.update(
                customer_id,
                params={"invoice_settings": {
                    "default_payment_method": payment_method_id or ""},
                    "metadata": default_by_metadata(made_by, payment_method_id)},
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
                            idempotency_key: str, made_by: Workstation | None = None,
                            verification: BankVerification = "automatic",
                            ) -> SetupIntentInfo:
        metadata = made_by_metadata(made_by)
        with translate("create_setup_intent"):
            if kind == "card":
                si = self._client.v1.setup_intents.create(
                    params={"customer": customer_id, "allowed_payment_method_types": ["card"],
                            "usage": "off_session", "metadata": metadata},
                    options={"idempotency_key": idempotency_key})
            else:
                si = self._client.v1.setup_intents.create(
                    params={
                        "customer": customer_id,
                        "allowed_payment_method_types": ["acss_debit"],
                        "usage": "off_session", "metadata": metadata,
                        "payment_method_options": {"acss_debit": {
                            "currency": "cad",
                            "verification_method": verification,
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

    # Key checks ---------------------------------------------------------------------------
    # For services/stripe_connection.py: is this a usable key, whose, with which permissions.

    def identify_account(self) -> KeyAccount:
        return key_check.identify_account(self._client)

    def has_permission(self, permission: AppPermission) -> bool:
        return key_check.has_permission(self._client, permission)

    def check_publishable_key(self, publishable_key: str) -> PublishableKeyStatus:
        return key_check.check_publishable_key(self._client, publishable_key,
                                               self._public_client)

    def _public_client(self, publishable_key: str) -> stripe.StripeClient:
        """A client for the publishable key on the same API base, as Stripe.js would call."""
        return stripe.StripeClient(
            publishable_key, stripe_version=STRIPE_API_VERSION,
            base_addresses={"api": self.api_base.rstrip("/")},
            http_client=stripe.RequestsClient(timeout=20))
