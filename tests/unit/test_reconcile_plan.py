"""The reconcile planner (sync/reconcile_plan.py), rule by rule: local state + Stripe's state +
a pending default change -> the list of local changes. Pure: no database, no network.

Each case lists the whole plan, in order, as short tuples:

- ``("store", stripe_id, audit)``       StoreMethod
- ``("mandate", stripe_id, id, status)`` StoreMandate
- ``("forget", stripe_id, audit)``      ForgetMethod
- ``("default", stripe_id, audit, audited stripe id)`` SetDefault
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from owl_desktop.domain.payment_methods import (
    ACTIVE,
    PENDING_VERIFICATION,
    REMOVED,
    AuditAction,
    MethodStatus,
    StoredPaymentMethod,
)
from owl_desktop.domain.stripe_records import PaymentMethodInfo, PaymentMethodType
from owl_desktop.sync.reconcile_plan import (
    Change,
    ForgetMethod,
    LocalState,
    MandateState,
    SetDefault,
    StoreMandate,
    StoreMethod,
    StripeState,
    plan,
)

CLIENT = 7
FETCHED_AT = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
BEFORE = FETCHED_AT - timedelta(hours=1)

ADDED = AuditAction.ADDED
REMOVED_AUDIT = AuditAction.REMOVED
SET_DEFAULT = AuditAction.SET_DEFAULT
CLEARED = AuditAction.DEFAULT_CLEARED


def here(stripe_id: str, *, status: MethodStatus = ACTIVE, default: bool = False,
         created_at: datetime = BEFORE, client_id: int = CLIENT,
         type_: PaymentMethodType = "card") -> StoredPaymentMethod:
    """A method stored locally."""
    return StoredPaymentMethod(
        id=zlib.crc32(stripe_id.encode()), client_id=client_id, stripe_id=stripe_id,
        type=type_, last4="4242", status=status, is_default=default, created_at=created_at)


def at_stripe(stripe_id: str, type_: PaymentMethodType = "card") -> PaymentMethodInfo:
    """A method Stripe lists for the client's customer."""
    return PaymentMethodInfo(id=stripe_id, type=type_, customer_id="cus_1", livemode=False,
                             last4="4242")


@dataclass(frozen=True)
class Case:
    local: Sequence[StoredPaymentMethod]
    stripe: Sequence[PaymentMethodInfo]
    expected: list[tuple[object, ...]]
    stripe_default: str | None = None
    default_pending: bool = False
    mandates: Mapping[str, MandateState] = field(default_factory=dict)


CASES: dict[str, Case] = {
    "new method: stored, audited added": Case(
        local=[], stripe=[at_stripe("pm_new")],
        expected=[("store", "pm_new", ADDED)]),
    "known method: stored again, no audit": Case(
        local=[here("pm_a")], stripe=[at_stripe("pm_a")],
        expected=[("store", "pm_a", None)]),
    "known to another client here: news for this one": Case(
        local=[here("pm_a", client_id=CLIENT + 1)], stripe=[at_stripe("pm_a")],
        expected=[("store", "pm_a", ADDED)]),
    "gone at Stripe: forgotten, audited removed": Case(
        local=[here("pm_a"), here("pm_gone")], stripe=[at_stripe("pm_a")],
        expected=[("store", "pm_a", None), ("forget", "pm_gone", REMOVED_AUDIT)]),
    "removed here and gone at Stripe: forgotten, already audited": Case(
        local=[here("pm_removed", status=REMOVED)], stripe=[],
        expected=[("forget", "pm_removed", None)]),
    "removed here, still listed at Stripe (detach on its way): kept as stored": Case(
        local=[here("pm_removed", status=REMOVED)], stripe=[at_stripe("pm_removed")],
        expected=[("store", "pm_removed", None)]),
    "pending verification, not listed (not attached yet): kept": Case(
        local=[here("pm_bank", status=PENDING_VERIFICATION, type_="acss_debit")], stripe=[],
        expected=[]),
    "added here after Stripe's list was read: kept": Case(
        local=[here("pm_just_saved", created_at=FETCHED_AT + timedelta(milliseconds=5))],
        stripe=[], expected=[]),
    "added here the very instant the list was read: kept": Case(
        local=[here("pm_just_saved", created_at=FETCHED_AT)], stripe=[], expected=[]),
    "added here just before the list was read, not listed: forgotten": Case(
        local=[here("pm_old", created_at=FETCHED_AT - timedelta(milliseconds=5))],
        stripe=[], expected=[("forget", "pm_old", REMOVED_AUDIT)]),
    "default chosen at Stripe: follows, audited": Case(
        local=[here("pm_a"), here("pm_b")], stripe=[at_stripe("pm_a"), at_stripe("pm_b")],
        stripe_default="pm_b",
        expected=[("store", "pm_a", None), ("store", "pm_b", None),
                  ("default", "pm_b", SET_DEFAULT, "pm_b")]),
    "default changed at Stripe: follows, audited": Case(
        local=[here("pm_a", default=True), here("pm_b")],
        stripe=[at_stripe("pm_a"), at_stripe("pm_b")], stripe_default="pm_b",
        expected=[("store", "pm_a", None), ("store", "pm_b", None),
                  ("default", "pm_b", SET_DEFAULT, "pm_b")]),
    "default of a method new here: follows, audited on the new one": Case(
        local=[], stripe=[at_stripe("pm_new")], stripe_default="pm_new",
        expected=[("store", "pm_new", ADDED), ("default", "pm_new", SET_DEFAULT, "pm_new")]),
    "same default on both sides: no change": Case(
        local=[here("pm_a", default=True)], stripe=[at_stripe("pm_a")], stripe_default="pm_a",
        expected=[("store", "pm_a", None)]),
    "default pending here: Stripe's other default doesn't undo it": Case(
        local=[here("pm_a", default=True), here("pm_b")],
        stripe=[at_stripe("pm_a"), at_stripe("pm_b")], stripe_default="pm_b",
        default_pending=True,
        expected=[("store", "pm_a", None), ("store", "pm_b", None)]),
    "default cleared here, pending: Stripe's default doesn't come back": Case(
        local=[here("pm_a")], stripe=[at_stripe("pm_a")], stripe_default="pm_a",
        default_pending=True, expected=[("store", "pm_a", None)]),
    "default pending, but its method is gone at Stripe: cleared with it": Case(
        local=[here("pm_a", default=True), here("pm_b")], stripe=[at_stripe("pm_b")],
        stripe_default="pm_b", default_pending=True,
        expected=[("store", "pm_b", None), ("forget", "pm_a", REMOVED_AUDIT),
                  ("default", None, CLEARED, "pm_a")]),
    "Stripe's default isn't among its listed methods: none": Case(
        local=[here("pm_a", default=True)], stripe=[at_stripe("pm_a")],
        stripe_default="pm_elsewhere",
        expected=[("store", "pm_a", None), ("default", None, CLEARED, "pm_a")]),
    "Stripe's default isn't listed and none here: no change": Case(
        local=[here("pm_a")], stripe=[at_stripe("pm_a")], stripe_default="pm_elsewhere",
        expected=[("store", "pm_a", None)]),
    "default cleared elsewhere: cleared here, audited": Case(
        local=[here("pm_a", default=True)], stripe=[at_stripe("pm_a")], stripe_default=None,
        expected=[("store", "pm_a", None), ("default", None, CLEARED, "pm_a")]),
    "default method removed elsewhere: forgotten and cleared, both audited": Case(
        local=[here("pm_a", default=True)], stripe=[], stripe_default=None,
        expected=[("forget", "pm_a", REMOVED_AUDIT), ("default", None, CLEARED, "pm_a")]),
    "default whose method was removed here: cleared, not news": Case(
        local=[here("pm_a", status=REMOVED, default=True)], stripe=[], stripe_default=None,
        expected=[("forget", "pm_a", None), ("default", None, None, None)]),
    "mandate fetched: stored after its method": Case(
        local=[], stripe=[at_stripe("pm_bank", "acss_debit"), at_stripe("pm_card")],
        mandates={"pm_bank": MandateState("mandate_1", "active")},
        expected=[("store", "pm_bank", ADDED), ("mandate", "pm_bank", "mandate_1", "active"),
                  ("store", "pm_card", ADDED)]),
    "mandate fetched, none at Stripe: stored as none": Case(
        local=[here("pm_bank", type_="acss_debit")], stripe=[at_stripe("pm_bank", "acss_debit")],
        mandates={"pm_bank": MandateState("", "")},
        expected=[("store", "pm_bank", None), ("mandate", "pm_bank", "", "")]),
    "mandate not fetched: ours kept": Case(
        local=[here("pm_bank", type_="acss_debit")], stripe=[at_stripe("pm_bank", "acss_debit")],
        expected=[("store", "pm_bank", None)]),
}


def describe(change: Change) -> tuple[object, ...]:
    if isinstance(change, StoreMethod):
        return ("store", change.info.id, change.audit)
    if isinstance(change, StoreMandate):
        return ("mandate", change.stripe_id, change.mandate.id, change.mandate.status)
    if isinstance(change, ForgetMethod):
        return ("forget", change.method.stripe_id, change.audit)
    assert isinstance(change, SetDefault)
    audited = change.audited_method
    audited_id = None if audited is None else (
        audited.stripe_id if isinstance(audited, StoredPaymentMethod) else audited.id)
    return ("default", change.stripe_id, change.audit, audited_id)


@pytest.mark.parametrize("name", list(CASES))
def test_plan(name: str) -> None:
    case = CASES[name]
    changes = plan(CLIENT, LocalState(case.local, default_pending=case.default_pending),
                   StripeState(case.stripe, case.stripe_default, case.mandates, FETCHED_AT))
    assert [describe(c) for c in changes] == case.expected


def test_the_stored_method_is_stripes_copy() -> None:
    """What gets stored is Stripe's record (its last 4, its expiry), not the local row."""
    info = PaymentMethodInfo(id="pm_a", type="card", customer_id="cus_1", livemode=False,
                             last4="1881", exp_month=4, exp_year=2031)
    [change] = plan(CLIENT, LocalState([here("pm_a")], default_pending=False),
                    StripeState([info], None, {}, FETCHED_AT))
    assert change == StoreMethod(info, None)


def test_a_cleared_default_names_the_local_method_it_was() -> None:
    """The audit row of a cleared default describes the method as it is stored here."""
    mine = here("pm_a", default=True)
    changes = plan(CLIENT, LocalState([mine], default_pending=False),
                   StripeState([at_stripe("pm_a")], None, {}, FETCHED_AT))
    assert changes[-1] == SetDefault(None, CLEARED, mine)
