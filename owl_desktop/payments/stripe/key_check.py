"""Checking the keys an administrator enters: whose account, which mode, which permissions.

Why a module of its own: ``services/stripe_connection.py`` must know, before it saves a key,
that the secret is usable, that the publishable key belongs to the same account, and that a
restricted key has every permission the app needs (README, "Connecting a Stripe account").
Stripe has no endpoint that says so; these functions find out from how Stripe answers probes
that cannot change anything (an id no object has, a bare SetupIntent canceled at once), which is
Stripe-specific knowledge the business calls in ``client.py`` don't need.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable

import stripe

from owl_desktop.payments.errors import PaymentError
from owl_desktop.payments.gateway import AppPermission, KeyAccount, PublishableKeyStatus
from owl_desktop.payments.stripe.errors import logged_error, stripe_message, translate
from owl_desktop.payments.stripe.mapping import get_field, is_livemode

log = logging.getLogger(__name__)

_ACCOUNT_IN_REFUSAL = re.compile(r"on account '(acct_[A-Za-z0-9]+)'")
_PROBE_SUFFIX = "OwlKeyCheck0000000000"  # an id no Stripe object has

_PERMISSION_PROBES: dict[AppPermission, Callable[[stripe.StripeClient], object]] = {
    "customers_write": lambda c: c.v1.customers.update(f"cus_{_PROBE_SUFFIX}", params={}),
    "setup_intents_write": lambda c: c.v1.setup_intents.cancel(f"seti_{_PROBE_SUFFIX}"),
    "payment_methods_write": lambda c: c.v1.payment_methods.detach(f"pm_{_PROBE_SUFFIX}"),
    "payment_intents_write": lambda c: c.v1.payment_intents.cancel(f"pi_{_PROBE_SUFFIX}"),
    "mandates_read": lambda c: c.v1.mandates.retrieve(f"mandate_{_PROBE_SUFFIX}"),
    "events_read": lambda c: c.v1.events.list(params={"limit": 1}),
    # No refund can be made of a PaymentIntent that doesn't exist: 404 when allowed.
    "refunds_write": lambda c: c.v1.refunds.create(
        params={"payment_intent": f"pi_{_PROBE_SUFFIX}"}),
}


def identify_account(client: stripe.StripeClient) -> KeyAccount:
    """``GET /v1/account``. Stripe offers restricted keys no permission for it, but its 403
    names the account ("... on account 'acct_...'"), which is all the check needs."""
    with translate("identify_account"):
        try:
            acct = client.v1.accounts.retrieve_current()
        except stripe.PermissionError as error:
            named = _ACCOUNT_IN_REFUSAL.search(stripe_message(error))
            log.info("restricted key may not read the account; account named: %s",
                     bool(named))
            return KeyAccount(id=named.group(1) if named else None, livemode=None)
    dashboard = get_field(get_field(acct, "settings"), "dashboard")
    name = (get_field(dashboard, "display_name")
            or get_field(get_field(acct, "business_profile"), "name"))
    return KeyAccount(id=acct.id, livemode=is_livemode(acct), display_name=name or "")


def has_permission(client: stripe.StripeClient, permission: AppPermission) -> bool:
    """Probe without side effects: a write on an id that can't exist (Stripe checks the
    key's permission first: 403 when missing, else 404), or a one-item list for reads."""
    try:
        _PERMISSION_PROBES[permission](client)
    except stripe.PermissionError:
        log.info("stripe key lacks permission %s", permission)
        return False
    except stripe.InvalidRequestError as error:
        if error.http_status in (400, 404):  # got past the permission check
            return True
        raise logged_error(f"probe_{permission}", error) from None
    except stripe.StripeError as error:
        raise logged_error(f"probe_{permission}", error) from None
    return True


def check_publishable_key(client: stripe.StripeClient, publishable_key: str,
                          public_client: Callable[[str], stripe.StripeClient],
                          ) -> PublishableKeyStatus:
    """Create a bare SetupIntent (no customer, no payment method: it can't move money),
    read it back with the publishable key and its client secret, as Stripe.js would, then
    cancel it. A publishable key of another account gets 404; a bad one, 401.

    ``public_client`` makes a ``StripeClient`` for the publishable key on the same API base.
    """
    with translate("key_check_create"):
        si = client.v1.setup_intents.create(
            # Payment method types left to Stripe's default: this one is never confirmed.
            params={"usage": "on_session",
                    "description": "Owl Desktop key check (canceled at once)",
                    "metadata": {"owl_purpose": "key_check"}},
            options={"idempotency_key": f"key-check:{uuid.uuid4()}"})
    try:
        public = public_client(publishable_key)
        try:
            public.v1.setup_intents.retrieve(
                si.id, params={"client_secret": si.client_secret or ""})
        except stripe.AuthenticationError as error:
            expired = (error.code or get_field(error.error, "code")) == "api_key_expired"
            return "revoked" if expired else "invalid"
        except stripe.InvalidRequestError as error:
            if error.http_status == 404:
                return "other_account"
            raise logged_error("key_check_retrieve", error) from None
        except stripe.StripeError as error:
            raise logged_error("key_check_retrieve", error) from None
        return "same_account"
    finally:
        try:
            with translate("key_check_cancel"):
                client.v1.setup_intents.cancel(
                    si.id, options={"idempotency_key": f"key-check-cancel:{si.id}"})
        except PaymentError:
            pass  # logged by translate; an uncanceled bare SetupIntent is harmless
