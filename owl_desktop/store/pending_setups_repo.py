"""SetupIntents this database asked Stripe for and hasn't finished with (``pending_setups``).

Each row is written before the create call, keyed by its idempotency key: a retry whose
answer was lost sends the same key (Stripe replays the SetupIntent it made), and the sync
cancels those left unfinished (``sync/setups.py``). The rows are few (open add dialogs and
recent failures). Never commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from owl_desktop.domain.audit import Workstation
from owl_desktop.domain.stripe_records import PaymentMethodType
from owl_desktop.store.models import PendingSetupRow

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
    made_by: Workstation | None = None  # sent in the SetupIntent's metadata

    def age(self, now: datetime) -> timedelta:
        return now - self.created_at


def _setup(row: PendingSetupRow) -> PendingSetup:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    kind: PaymentMethodType = "acss_debit" if row.kind == "acss_debit" else "card"
    return PendingSetup(key=row.idempotency_key, client_id=row.client_id, kind=kind,
                        customer_id=row.customer_id, created_at=created,
                        setup_intent_id=row.setup_intent_id,
                        made_by=(Workstation(row.made_by_actor, row.made_by_desk)
                                 if row.made_by_actor or row.made_by_desk else None))


class PendingSetupRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, setup: PendingSetup) -> None:
        self._session.add(PendingSetupRow(
            idempotency_key=setup.key, client_id=setup.client_id, kind=setup.kind,
            customer_id=setup.customer_id, setup_intent_id=setup.setup_intent_id,
            created_at=setup.created_at,
            made_by_actor=setup.made_by.actor if setup.made_by else "",
            made_by_desk=setup.made_by.desk if setup.made_by else ""))
        self._session.flush()

    def all(self) -> list[PendingSetup]:
        """Every record, oldest first."""
        rows = self._session.scalars(select(PendingSetupRow).order_by(
            PendingSetupRow.created_at, PendingSetupRow.idempotency_key))
        return [_setup(r) for r in rows]

    def retry_of(self, client_id: int, kind: PaymentMethodType, customer_id: str,
                 now: datetime) -> PendingSetup | None:
        """The attempt a new setup continues: same client, kind and customer, its answer
        never arrived (no SetupIntent id), young enough for Stripe to replay its key."""
        rows = self._session.scalars(
            select(PendingSetupRow).where(
                PendingSetupRow.client_id == client_id, PendingSetupRow.kind == kind,
                PendingSetupRow.customer_id == customer_id,
                PendingSetupRow.setup_intent_id.is_(None))
            .order_by(PendingSetupRow.created_at))
        for row in rows:
            setup = _setup(row)
            if setup.age(now) < REUSE_FOR:
                return setup
        return None

    def record_answer(self, key: str, setup_intent_id: str) -> None:
        """Stripe answered the create call: note which SetupIntent the attempt made."""
        self._session.execute(
            update(PendingSetupRow).where(PendingSetupRow.idempotency_key == key)
            .values(setup_intent_id=setup_intent_id).execution_options(synchronize_session=False))

    def drop(self, key: str) -> None:
        self._session.execute(delete(PendingSetupRow).where(PendingSetupRow.idempotency_key == key)
                              .execution_options(synchronize_session=False))

    def drop_setup_intent(self, setup_intent_id: str) -> None:
        """The SetupIntent was completed or abandoned: nothing left to clean up."""
        self._session.execute(
            delete(PendingSetupRow).where(PendingSetupRow.setup_intent_id == setup_intent_id)
            .execution_options(synchronize_session=False))

    def client_of(self, setup_intent_id: str) -> int | None:
        """Whose add dialog asked for this SetupIntent (None: not one of ours, or finished)."""
        return self._session.scalar(select(PendingSetupRow.client_id).where(
            PendingSetupRow.setup_intent_id == setup_intent_id).limit(1))

    def clear(self) -> None:
        self._session.execute(delete(PendingSetupRow))
