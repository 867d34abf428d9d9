"""Saved payment methods (the local cache of Stripe's) and each client's default: the only
writer of the ``payment_methods`` table and of ``clients.default_payment_method_id``.

The payment-method service (a method saved here) and the sync (Stripe's state applied) both
write through here, so both keep exactly the same fields (never more than the last 4 digits)
and meet in the database when they write the same method at once: ``upsert`` is an
``INSERT … ON CONFLICT`` followed by a locked update, never "check, then insert".

Never commits: the caller's unit of work does, together with any outbox entry. The default
lives on the client row, so there is at most one. ``pending_sync`` is derived from the open
outbox entries that name a method's Stripe id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm import Session

from owl_desktop.domain.outbox import KIND_SET_DEFAULT, OPEN_STATUSES
from owl_desktop.domain.payment_methods import (
    ACTIVE,
    PENDING_VERIFICATION,
    REMOVED,
    MethodAddress,
    MethodStatus,
    MethodType,
    StoredPaymentMethod,
    display_order,
)
from owl_desktop.domain.stripe_records import PaymentMethodInfo
from owl_desktop.errors import NotFoundError
from owl_desktop.store.change_journal_repo import EVERYTHING, note
from owl_desktop.store.models import ClientRow, OutboxRow, PaymentMethodRow
from owl_desktop.store.upsert import insert_ignore

_STATUSES: dict[str, MethodStatus] = {
    "active": ACTIVE, "pending_verification": PENDING_VERIFICATION, "removed": REMOVED}


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def to_method(row: PaymentMethodRow, *, default_id: int | None,
              pending: frozenset[str] = frozenset()) -> StoredPaymentMethod:
    kind: MethodType = "acss_debit" if row.type == "acss_debit" else "card"
    status = _STATUSES.get(row.status, ACTIVE)
    return StoredPaymentMethod(
        id=row.id, client_id=row.client_id, stripe_id=row.stripe_payment_method_id, type=kind,
        last4=row.last4, status=status, is_default=row.id == default_id,
        pending_sync=row.stripe_payment_method_id in pending, brand=row.brand,
        exp_month=row.exp_month, exp_year=row.exp_year, bank_name=row.bank_name,
        institution_number=row.institution_number, transit_number=row.transit_number,
        holder_name=row.holder_name, holder_email=row.holder_email,
        billing_address=MethodAddress(row.billing_line1, row.billing_line2, row.billing_city,
                                      row.billing_province, row.billing_postal_code,
                                      row.billing_country),
        mandate_id=row.mandate_id, mandate_status=row.mandate_status,
        setup_intent_id=row.setup_intent_id, livemode=row.livemode,
        fingerprint=row.fingerprint, created_at=_aware(row.created_at),
        stripe_created=row.stripe_created or 0)


def _stripe_values(info: PaymentMethodInfo) -> dict[str, Any]:
    """What we may keep of a Stripe method; ``PaymentMethodInfo`` holds nothing more."""
    a = info.billing_address
    return {
        "livemode": info.livemode, "type": info.type, "brand": info.brand,
        "bank_name": info.bank_name, "institution_number": info.institution_number,
        "transit_number": info.transit_number, "last4": info.last4[-4:],
        "exp_month": info.exp_month, "exp_year": info.exp_year,
        "fingerprint": info.fingerprint, "holder_name": info.holder_name,
        "holder_email": info.holder_email, "billing_line1": a.line1,
        "billing_line2": a.line2, "billing_city": a.city, "billing_province": a.state,
        "billing_postal_code": a.postal_code, "billing_country": a.country,
    }


@dataclass(frozen=True)
class Upserted:
    """What ``upsert`` did: the method now, and as it was before (None: just inserted)."""

    method: StoredPaymentMethod
    before: StoredPaymentMethod | None
    changed: bool


class PaymentMethodRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # Reading --------------------------------------------------------------------------------

    def _row(self, method_id: int) -> PaymentMethodRow:
        row = self._session.get(PaymentMethodRow, method_id)
        if row is None:
            raise NotFoundError("This payment method no longer exists.",
                                hint="Another desk or Stripe may have removed it.")
        return row

    def _default_id(self, client_id: int) -> int | None:
        return self._session.scalar(
            select(ClientRow.default_payment_method_id).where(ClientRow.id == client_id))

    def _pending(self, client_id: int) -> frozenset[str]:
        """Stripe ids named by this client's unfinished outbox entries."""
        payloads = self._session.scalars(
            select(OutboxRow.payload).where(OutboxRow.client_id == client_id)
            .where(OutboxRow.status.in_(OPEN_STATUSES)))
        ids: set[str] = set()
        for raw in payloads:
            try:
                value = json.loads(raw or "{}").get("payment_method")
            except (ValueError, AttributeError):
                continue
            if isinstance(value, str):
                ids.add(value)
        return frozenset(ids)

    def _pending_default_change(self, client_id: int) -> bool:
        """A set_default entry not yet done: the default shown is the local choice."""
        count = self._session.scalar(
            select(OutboxRow.id).where(OutboxRow.client_id == client_id)
            .where(OutboxRow.kind == KIND_SET_DEFAULT).where(OutboxRow.status.in_(OPEN_STATUSES))
            .limit(1))
        return count is not None

    def get(self, method_id: int) -> StoredPaymentMethod:
        row = self._row(method_id)
        return to_method(row, default_id=self._default_id(row.client_id),
                         pending=self._pending(row.client_id))

    def by_stripe_id(self, stripe_id: str) -> StoredPaymentMethod | None:
        row = self._session.scalar(
            select(PaymentMethodRow).where(PaymentMethodRow.stripe_payment_method_id == stripe_id))
        if row is None:
            return None
        return to_method(row, default_id=self._default_id(row.client_id),
                         pending=self._pending(row.client_id))

    def list_for_client(self, client_id: int, *, include_removed: bool = False
                        ) -> list[StoredPaymentMethod]:
        """In the order every desk shows them (``domain.payment_methods.display_order``):
        the default first, then the newest by Stripe's ``created``."""
        stmt = select(PaymentMethodRow).where(PaymentMethodRow.client_id == client_id)
        if not include_removed:
            stmt = stmt.where(PaymentMethodRow.status != REMOVED)
        default_id = self._default_id(client_id)
        pending = self._pending(client_id)
        return display_order(to_method(r, default_id=default_id, pending=pending)
                             for r in self._session.scalars(stmt))

    def default_for_client(self, client_id: int) -> StoredPaymentMethod | None:
        default_id = self._default_id(client_id)
        return None if default_id is None else self.get(default_id)

    def has_pending_default_change(self, client_id: int) -> bool:
        return self._pending_default_change(client_id)

    def by_mandate(self, mandate_id: str) -> StoredPaymentMethod | None:
        row = self._session.scalar(
            select(PaymentMethodRow).where(PaymentMethodRow.mandate_id == mandate_id)
            .order_by(PaymentMethodRow.id).limit(1))
        return None if row is None else self.get(row.id)

    def default_id(self, client_id: int) -> int | None:
        return self._default_id(client_id)

    def client_ids_with_methods(self) -> list[int]:
        return list(self._session.scalars(
            select(PaymentMethodRow.client_id).distinct().order_by(PaymentMethodRow.client_id)))

    # Writing --------------------------------------------------------------------------------

    def upsert(self, info: PaymentMethodInfo, client_id: int, now: datetime, *,
               status: MethodStatus | None = None, setup_intent_id: str | None = None,
               mandate_id: str | None = None, mandate_status: str | None = None) -> Upserted:
        """Insert or refresh the local copy of a Stripe method (keyed by its Stripe id).

        ``status`` None: as Stripe lists it, attached to the customer: a new row is active and
        a bank account pending verification became active (verified elsewhere). A row marked
        ``removed`` stays removed: its detach is queued, and Stripe will soon agree. ``None``
        for the mandate and setup intent fields keeps what is stored.
        """
        values = _stripe_values(info)
        inserted = insert_ignore(self._session, PaymentMethodRow, {
            **values, "stripe_payment_method_id": info.id, "client_id": client_id,
            "status": status or ACTIVE, "setup_intent_id": setup_intent_id or "",
            "mandate_id": mandate_id or "", "mandate_status": mandate_status or "",
            "stripe_created": info.created or int(now.timestamp()),
            "created_at": now, "updated_at": now}, conflict=("stripe_payment_method_id",))
        row = self._session.scalars(
            select(PaymentMethodRow).where(PaymentMethodRow.stripe_payment_method_id == info.id)
            .with_for_update().execution_options(populate_existing=True)).one()
        if inserted:
            note(self._session, client_id)
            return Upserted(self.get(row.id), None, True)
        before = self.get(row.id)
        wanted: dict[str, Any] = {**values, "client_id": client_id}
        if info.created:  # Stripe's, replacing the guess a migrated row started with
            wanted["stripe_created"] = info.created
        if row.status != REMOVED:
            if status is not None:
                wanted["status"] = status
            elif row.status == PENDING_VERIFICATION and info.type == "acss_debit":
                wanted["status"] = ACTIVE
        for name, value in (("setup_intent_id", setup_intent_id), ("mandate_id", mandate_id),
                            ("mandate_status", mandate_status)):
            if value is not None:
                wanted[name] = value
        changed = False
        for name, value in wanted.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
                changed = True
        if changed:
            row.updated_at = now
            self._session.flush()
            note(self._session, client_id)
            note(self._session, before.client_id)
        return Upserted(self.get(row.id), before, changed)

    def set_status(self, method_id: int, status: MethodStatus, now: datetime) -> None:
        row = self._row(method_id)
        row.status = status
        row.updated_at = now
        self._session.flush()
        note(self._session, row.client_id)

    def set_mandate(self, method_id: int, mandate_id: str, mandate_status: str,
                    now: datetime) -> bool:
        """True if the mandate changed."""
        row = self._session.get(PaymentMethodRow, method_id)
        if row is None or (row.mandate_id, row.mandate_status) == (mandate_id, mandate_status):
            return False
        row.mandate_id, row.mandate_status = mandate_id, mandate_status
        row.updated_at = now
        self._session.flush()
        note(self._session, row.client_id)
        return True

    def mark_removed(self, method_id: int, now: datetime) -> StoredPaymentMethod:
        """Hidden at once; the row stays until Stripe confirms the detach (then ``delete``).
        Removing the default clears it: autopay pauses until staff choose another."""
        row = self._row(method_id)
        row.status = REMOVED
        row.updated_at = now
        self._clear_default_naming(row.id)
        self._session.flush()
        note(self._session, row.client_id)
        return self.get(method_id)

    def delete(self, method_id: int) -> bool:
        """Forget a method (detached at Stripe); clears the default that named it."""
        row = self._session.get(PaymentMethodRow, method_id)
        if row is None:
            return False
        self._clear_default_naming(row.id)
        note(self._session, row.client_id)
        self._session.delete(row)
        self._session.flush()
        return True

    def delete_by_stripe_id(self, stripe_id: str) -> bool:
        row_id = self._session.scalar(select(PaymentMethodRow.id).where(
            PaymentMethodRow.stripe_payment_method_id == stripe_id))
        return row_id is not None and self.delete(row_id)

    def _clear_default_naming(self, method_id: int) -> None:
        self._session.execute(
            update(ClientRow).where(ClientRow.default_payment_method_id == method_id)
            .values(default_payment_method_id=None).execution_options(synchronize_session=False))

    def set_default(self, client_id: int, method_id: int | None, now: datetime) -> bool:
        """Make ``method_id`` (one of this client's) the default, or clear it with None.
        True if the default changed."""
        client = self._session.get(ClientRow, client_id)
        if client is None:
            raise NotFoundError("This client no longer exists.")
        if method_id is not None and self._row(method_id).client_id != client_id:
            raise ValueError("payment method belongs to another client")
        if client.default_payment_method_id == method_id:
            return False
        client.default_payment_method_id = method_id
        client.updated_at = now
        self._session.flush()
        note(self._session, client_id)
        return True

    # Switching Stripe account or mode ---------------------------------------------------------

    def _outside(self, kept_clients: Select[Any], livemode: bool) -> Any:
        return or_(PaymentMethodRow.livemode != livemode,
                   PaymentMethodRow.client_id.not_in(kept_clients))

    def count_outside(self, kept_clients: Select[Any], livemode: bool) -> int:
        """Cached methods not of ``kept_clients`` in this mode (another account's or mode's)."""
        return self._session.scalar(select(func.count()).select_from(PaymentMethodRow).where(
            self._outside(kept_clients, livemode))) or 0

    def forget_outside(self, kept_clients: Select[Any], livemode: bool) -> int:
        """Drop them (and the defaults naming them); returns how many."""
        doomed = select(PaymentMethodRow.id).where(self._outside(kept_clients, livemode))
        count = self.count_outside(kept_clients, livemode)
        self._session.execute(
            update(ClientRow).where(ClientRow.default_payment_method_id.in_(doomed))
            .values(default_payment_method_id=None).execution_options(synchronize_session=False))
        self._session.execute(
            delete(PaymentMethodRow).where(PaymentMethodRow.id.in_(doomed))
            .execution_options(synchronize_session=False))
        self._session.expire_all()
        note(self._session, EVERYTHING)
        return count
