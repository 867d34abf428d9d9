"""What the sandbox's 3-D Secure challenge page may act on: an intent awaiting authentication,
found in any account by id and proven by its client secret (the page has no API key)."""

from __future__ import annotations

import hmac
from typing import Any, Literal

from owl_desktop.sandbox.errors import StripeApiError, param_error
from owl_desktop.sandbox.state import Account, State

IntentKind = Literal["setup_intent", "payment_intent"]
_NAMES: dict[str, tuple[str, str, str]] = {
    # kind: (name in "No such …", name in sentences, error code prefix)
    "setup_intent": ("setupintent", "SetupIntent", "setup_intent"),
    "payment_intent": ("payment_intent", "PaymentIntent", "payment_intent"),
}


def intent_awaiting_3ds(state: State, intent_id: str, client_secret: str,
                        kind: IntentKind) -> tuple[Account, dict[str, Any]]:
    """The account and intent; Stripe-shaped errors when missing, wrong secret or not waiting.
    Call with ``state.lock`` held."""
    missing_name, name, prefix = _NAMES[kind]
    for account in state.accounts.values():
        intent = account.objects.get(intent_id)
        if intent is not None and intent.get("object") == kind:
            break
    else:
        raise StripeApiError(404, f"No such {missing_name}: '{intent_id}'",
                             code="resource_missing", param="intent")
    if not client_secret:
        raise param_error("Missing required param: client_secret.",
                          code="parameter_missing", param="client_secret")
    if not hmac.compare_digest(client_secret, intent["client_secret"]):
        raise StripeApiError(400, "The client_secret provided does not match the "
                             f"client_secret associated with the {name}.",
                             code=f"{prefix}_invalid_parameter", param="client_secret")
    action = intent.get("next_action") or {}
    if intent["status"] != "requires_action" or action.get("type") != "use_stripe_sdk":
        raise StripeApiError(400, f"This {name} is not awaiting 3-D Secure "
                             f"authentication: its status is {intent['status']}.",
                             code=f"{prefix}_unexpected_state")
    return account, intent
