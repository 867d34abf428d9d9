"""API routes, one module per Stripe resource; :func:`register` imports them all."""

from __future__ import annotations

import importlib

MODULES = ("account", "customers", "events", "mandates", "payment_intents", "payment_methods",
           "setup_intents", "setup_confirm", "microdeposits", "refunds")


def register() -> None:
    """Import every route module (each registers its routes on import)."""
    for name in MODULES:
        importlib.import_module(f"owl_desktop.sandbox.routes.{name}")
