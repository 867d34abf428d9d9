"""Which payment method types an intent allows, as API version 2026-09-30.endive and later say.

Since that version Stripe refuses ``payment_method_types`` as a writable parameter on
PaymentIntents and SetupIntents (400, ``payment_method_types_no_longer_supported``); callers name
``allowed_payment_method_types`` instead, which Stripe filters silently to the compatible types
and reflects in the read-only ``payment_method_types`` of the object. The sandbox speaks only its
own (endive) version, so it always applies this rule.
"""

from __future__ import annotations

from typing import Any

from owl_desktop.sandbox.errors import StripeApiError, param_error

#: Parameters Stripe documents as mutually exclusive with ``allowed_payment_method_types``.
EXCLUSIVE_WITH_ALLOWED = ("excluded_payment_method_types", "automatic_payment_methods",
                          "payment_method_configuration")


def refuse_payment_method_types(p: dict[str, Any]) -> None:
    if "payment_method_types" in p:
        raise StripeApiError(
            400, "The parameter payment_method_types is no longer supported on this API "
            "version. Use allowed_payment_method_types to limit the payment method types, or "
            "dynamic payment methods.", code="payment_method_types_no_longer_supported",
            param="payment_method_types", saved=False)


def allowed_types(p: dict[str, Any], supported: tuple[str, ...]) -> list[str] | None:
    """The types named by ``allowed_payment_method_types``, filtered to ``supported``; None when
    the request doesn't name any (dynamic payment methods apply)."""
    refuse_payment_method_types(p)
    if "allowed_payment_method_types" not in p:
        return None
    for other in EXCLUSIVE_WITH_ALLOWED:
        if other in p:
            raise param_error("You may only specify one of these parameters: "
                              f"allowed_payment_method_types, {other}.", code=None,
                              param="allowed_payment_method_types")
    requested = p.get("allowed_payment_method_types") or []
    compatible = [t for t in dict.fromkeys(requested) if t in supported]
    if not compatible:
        raise param_error(
            "None of the payment method types in allowed_payment_method_types are available "
            f"for this intent: {', '.join(requested) or '(none)'}.", code=None,
            param="allowed_payment_method_types")
    return compatible


def requested_types(p: dict[str, Any]) -> list[str] | None:
    """``allowed_payment_method_types`` as the object echoes it: the types the caller named
    (without repeats), or None when it named none."""
    if "allowed_payment_method_types" not in p:
        return None
    return list(dict.fromkeys(p.get("allowed_payment_method_types") or [])) or None
