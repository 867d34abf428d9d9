"""SetupIntents this desk asked Stripe for and hasn't finished with, kept in ``sync_state``.

Why: ``start_setup`` creates a SetupIntent the entry page confirms. Two things can go wrong
between asking and finishing, and both leave Stripe with an open SetupIntent nobody will use:

* the answer to the create call is lost (timeout, dropped connection) after Stripe acted. The
  retry must send the *same* idempotency key, or Stripe makes a second SetupIntent; so the key
  is stored, before the call, and a retry within :data:`REUSE_FOR` (Stripe keeps keys 24 h)
  takes it again;
* the app dies (or the dialog is closed without ``abandon_setup`` reaching Stripe) before the
  setup is completed or abandoned. The record stays, and the sync cancels the SetupIntent once
  it is older than :data:`CANCEL_AFTER` and didn't save anything (``sync/setups.py``).

``complete_setup`` and ``abandon_setup`` drop the record. One row per attempt, named by its
idempotency key: ``setup_pending:<key>`` -> JSON (client, kind, customer, created, SetupIntent
id once known). The rows are few (open add dialogs and recent failures), so reading them all is
cheap.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from owl_desktop.payments.gateway import PaymentMethodType
from owl_desktop.store.uow import UnitOfWork

PREFIX = "setup_pending:"
# Stripe forgets idempotency keys after 24 h: past this, a retry is a new attempt.
REUSE_FOR = timedelta(hours=23)
# An add dialog left open longer than this is abandoned: its SetupIntent may be cancelled.
CANCEL_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class PendingSetup:
    key: str  # the idempotency key of the create call
    client_id: int
    kind: PaymentMethodType
    customer_id: str
    created_at: datetime
    setup_intent_id: str | None = None  # None until Stripe's answer arrived

    def age(self, now: datetime) -> timedelta:
        return now - self.created_at


def _encode(setup: PendingSetup) -> str:
    return json.dumps({"client_id": setup.client_id, "kind": setup.kind,
                       "customer_id": setup.customer_id,
                       "created_at": setup.created_at.isoformat(),
                       "setup_intent_id": setup.setup_intent_id}, sort_keys=True)


def _decode(key: str, raw: str) -> PendingSetup | None:
    try:
        data = json.loads(raw)
        kind: PaymentMethodType = "acss_debit" if data["kind"] == "acss_debit" else "card"
        return PendingSetup(key=key, client_id=int(data["client_id"]), kind=kind,
                            customer_id=str(data["customer_id"]),
                            created_at=datetime.fromisoformat(data["created_at"]),
                            setup_intent_id=data.get("setup_intent_id") or None)
    except (ValueError, KeyError, TypeError):
        return None  # a damaged row: ignored, and dropped by the sweep


def save(uow: UnitOfWork, setup: PendingSetup) -> None:
    uow.sync_state.set(PREFIX + setup.key, _encode(setup))


def drop(uow: UnitOfWork, key: str) -> None:
    uow.sync_state.delete(PREFIX + key)


def all_pending(uow: UnitOfWork) -> list[PendingSetup]:
    """Every record, oldest first (a damaged row is deleted, not returned)."""
    found: list[PendingSetup] = []
    for name, raw in uow.sync_state.all().items():
        if not name.startswith(PREFIX):
            continue
        setup = _decode(name[len(PREFIX):], raw)
        if setup is None:
            uow.sync_state.delete(name)
        else:
            found.append(setup)
    return sorted(found, key=lambda s: s.created_at)


def retry_of(uow: UnitOfWork, client_id: int, kind: PaymentMethodType, customer_id: str,
             now: datetime) -> PendingSetup | None:
    """The attempt a new ``start_setup`` continues: same client, kind and customer, its
    answer never arrived (no SetupIntent id), young enough for Stripe to replay its key."""
    for setup in all_pending(uow):
        if (setup.setup_intent_id is None and setup.client_id == client_id
                and setup.kind == kind and setup.customer_id == customer_id
                and setup.age(now) < REUSE_FOR):
            return setup
    return None


def record_answer(uow: UnitOfWork, key: str, setup_intent_id: str) -> None:
    """Stripe answered the create call: note which SetupIntent the attempt made."""
    for setup in all_pending(uow):
        if setup.key == key:
            save(uow, replace(setup, setup_intent_id=setup_intent_id))


def drop_setup_intent(uow: UnitOfWork, setup_intent_id: str) -> None:
    """The SetupIntent was completed or abandoned: nothing left to clean up."""
    for setup in all_pending(uow):
        if setup.setup_intent_id == setup_intent_id:
            drop(uow, setup.key)
