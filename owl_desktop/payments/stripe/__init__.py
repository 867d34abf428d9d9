"""The Stripe adapter: the only package that imports stripe-python (``owl_desktop.sandbox``,
the local Stripe double, aside).

Why a package: one adapter owns Stripe (STYLE.md), but it has four concerns that change for
different reasons, one module each:

- ``client``: ``StripeGateway``, the ``PaymentGateway`` of business-named calls, and the HTTP
  wiring of its ``StripeClient`` (API version, base address, transport, the sandbox's desk
  header);
- ``mapping``: Stripe's objects to our result dataclasses (what we may keep of them);
- ``errors``: Stripe's exceptions to our ``PaymentError`` classes, Stripe's text redacted;
- ``key_check``: whether an administrator's publishable and restricted keys are usable.

The rest of the app imports ``StripeGateway`` from here; nothing else leaves the package but
plain values and our own types.
"""

from owl_desktop.payments.stripe.client import (
    STRIPE_API_VERSION,
    SYNC_EVENT_TYPES,
    StripeGateway,
)

__all__ = ["STRIPE_API_VERSION", "SYNC_EVENT_TYPES", "StripeGateway"]
