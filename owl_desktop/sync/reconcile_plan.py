"""What reconciling one client changes locally, decided without I/O: local state + Stripe's
state + the pending outbox -> a list of changes (``plan``). ``sync/reconcile.py`` fetches the
inputs and applies the plan; this module only decides, so every rule has a table-driven test.

The rules:

- Stripe is the truth for payment methods: each method Stripe lists is stored (added when new
  here: audited "added", by the staff member and desk its SetupIntent's metadata names when
  the pulled events said, else as noticed by sync); its mandate is stored when it was fetched.
- A method stored here that Stripe no longer lists is forgotten (audited "removed"), except a
  bank account awaiting micro-deposits (not attached until verified), one added here after
  Stripe's list was read, and one whose removal this desk made (already audited).
- The default follows Stripe's, unless this desk queued a default change not yet sent: a sync
  never undoes a staff action still on its way. A default chosen or cleared elsewhere is
  audited (a default chosen at another desk by whom the customer's metadata names); a default
  that goes because its method was removed here is not news.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from owl_desktop.domain.audit import ELSEWHERE, Workstation
from owl_desktop.domain.payment_methods import (
    PENDING_VERIFICATION,
    REMOVED,
    AuditAction,
    StoredPaymentMethod,
)
from owl_desktop.domain.stripe_records import PaymentMethodInfo


@dataclass(frozen=True)
class MandateState:
    id: str  # "" when Stripe has none for the method
    status: str


@dataclass(frozen=True)
class LocalState:
    methods: Sequence[StoredPaymentMethod]  # every row of the client, removed ones included
    default_pending: bool  # a set_default entry not yet sent


@dataclass(frozen=True)
class StripeState:
    methods: Sequence[PaymentMethodInfo]
    default_id: str | None
    # Mandates fetched this time, by payment method id (absent: not fetched, keep ours).
    mandates: Mapping[str, MandateState]
    fetched_at: datetime
    # Who added a method at another desk (its SetupIntent's metadata, from pulled events).
    added_by: Mapping[str, Workstation] = field(default_factory=dict)
    # Who chose Stripe's current default at another desk (the customer's metadata).
    default_set_by: Workstation | None = None


@dataclass(frozen=True)
class StoreMethod:
    info: PaymentMethodInfo
    audit: str | None  # AuditAction.ADDED when new to this client
    who: Workstation = ELSEWHERE


@dataclass(frozen=True)
class StoreMandate:
    stripe_id: str
    mandate: MandateState


@dataclass(frozen=True)
class ForgetMethod:
    method: StoredPaymentMethod
    audit: str | None  # AuditAction.REMOVED when staff didn't remove it here


@dataclass(frozen=True)
class SetDefault:
    stripe_id: str | None
    audit: str | None  # SET_DEFAULT or DEFAULT_CLEARED, when news
    audited_method: StoredPaymentMethod | PaymentMethodInfo | None
    who: Workstation = ELSEWHERE


Change = StoreMethod | StoreMandate | ForgetMethod | SetDefault


def plan(client_id: int, local: LocalState, stripe: StripeState) -> list[Change]:
    """The changes that make the client's local copy equal Stripe's (see the module doc)."""
    by_stripe_id = {m.stripe_id: m for m in local.methods}
    changes: list[Change] = []
    for info in stripe.methods:
        known = by_stripe_id.get(info.id)
        is_new = known is None or known.client_id != client_id
        changes.append(StoreMethod(info, AuditAction.ADDED if is_new else None,
                                   stripe.added_by.get(info.id, ELSEWHERE)))
        if info.id in stripe.mandates:
            changes.append(StoreMandate(info.id, stripe.mandates[info.id]))
    listed = {m.id for m in stripe.methods}
    forgotten: set[str] = set()
    for method in local.methods:
        if method.stripe_id in listed or method.status == PENDING_VERIFICATION:
            continue
        if method.created_at is not None and method.created_at >= stripe.fetched_at:
            continue  # added on this desk while Stripe's list was being read
        forgotten.add(method.stripe_id)
        changes.append(ForgetMethod(method, None if method.status == REMOVED
                                    else AuditAction.REMOVED))
    change = _default_change(local, stripe, listed, forgotten)
    if change is not None:
        changes.append(change)
    return changes


def _default_change(local: LocalState, stripe: StripeState, listed: set[str],
                    forgotten: set[str]) -> SetDefault | None:
    current = next((m for m in local.methods if m.is_default), None)
    if local.default_pending:
        # Ours stands until sent; only a default forgotten above goes (with its method).
        if current is not None and current.stripe_id in forgotten:
            return _cleared(current)
        return None
    wanted = stripe.default_id if stripe.default_id in listed else None
    if (current.stripe_id if current is not None else None) == wanted:
        return None
    if wanted is not None:
        info = next(m for m in stripe.methods if m.id == wanted)
        return SetDefault(wanted, AuditAction.SET_DEFAULT, info,
                          stripe.default_set_by or ELSEWHERE)
    if current is None:
        return None
    return _cleared(current)


def _cleared(current: StoredPaymentMethod) -> SetDefault:
    news = current.status != REMOVED
    return SetDefault(None, AuditAction.DEFAULT_CLEARED if news else None,
                      current if news else None)
