"""The outbox's vocabulary: what kinds of Stripe change wait in it, and their statuses.

Defined once here because the store (which persists entries), the sync (which sends them) and
the services (which queue them) all speak it. Payloads are described in ``store/outbox_repo.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

KIND_CUSTOMER_CREATE: Final = "customer_create"
KIND_CUSTOMER_UPDATE: Final = "customer_update"
KIND_SET_DEFAULT: Final = "set_default"
KIND_DETACH: Final = "detach"
KINDS: Final = (KIND_CUSTOMER_CREATE, KIND_CUSTOMER_UPDATE, KIND_SET_DEFAULT, KIND_DETACH)

PENDING: Final = "pending"
IN_PROGRESS: Final = "in_progress"
DONE: Final = "done"
FAILED: Final = "failed"
DISCARDED: Final = "discarded"
# Statuses that still hold a client's queue: not yet applied at Stripe.
OPEN_STATUSES: Final = (PENDING, IN_PROGRESS, FAILED)


# What an entry changes at Stripe, for the waiting rule below.
_EVERYTHING: Final = "*"
_DEFAULT: Final = "default"
_DETAILS: Final = "details"


def touches(kind: str, payload: Mapping[str, Any]) -> frozenset[str]:
    """The parts of a client's Stripe state an entry changes: ``pm:<id>`` for each payment
    method it names, ``default`` for the customer's default, ``details`` for the profile;
    a customer creation is what every later change of that client needs (``*``)."""
    if kind == KIND_CUSTOMER_CREATE:
        return frozenset({_EVERYTHING})
    if kind == KIND_CUSTOMER_UPDATE:
        return frozenset({_DETAILS})
    names = {f"pm:{payload[k]}" for k in ("payment_method", "after_removing") if payload.get(k)}
    if kind == KIND_SET_DEFAULT:
        names.add(_DEFAULT)
    return frozenset(names)


def depends_on(kind: str, payload: Mapping[str, Any],
               earlier_kind: str, earlier_payload: Mapping[str, Any]) -> bool:
    """Whether a change must wait for an earlier one of the same client: it names the same
    payment method, changes the same part (the default, the profile), or the earlier one is
    the client's customer creation. A removal of one method never waits for a refused
    default or removal of another."""
    mine, theirs = touches(kind, payload), touches(earlier_kind, earlier_payload)
    if _EVERYTHING in mine or _EVERYTHING in theirs:
        return True
    return bool(mine & theirs)
