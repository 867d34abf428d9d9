"""Saved payment methods (the local cache of Stripe's), and each client's default.

Never commits: the caller's unit of work does, together with any outbox entry. The default
lives on the client row (``clients.default_payment_method_id``), so there is at most one.
``pending_sync`` is derived from the open outbox entries that name a method's Stripe id.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from owl_desktop.domain.payment_methods import (
    ACTIVE,
    PENDING_VERIFICATION,
    REMOVED,
    MethodAddress,
    MethodStatus,
    MethodType,
    StoredPaymentMethod,
)
from owl_desktop.errors import NotFoundError
from owl_desktop.payments.gateway import PaymentMethodInfo
from owl_desktop.store.models import ClientRow, OutboxRow, PaymentMethodRow

_STATUSES: dict[str, MethodStatus] = {
    "active": ACTIVE, "pending_verification": PENDING_VERIFICATION, "removed": REMOVED}

# Outbox statuses that mean "not yet applied at Stripe" (see outbox_repo.OPEN_STATUSES).
_OPEN = ("pending", "in_progress", "failed")


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
        fingerprint=row.fingerprint, created_at=_aware(row.created_at))


def _apply(row: PaymentMethodRow, info: PaymentMethodInfo) -> None:
    """Copy what we may keep; nothing else exists in ``PaymentMethodInfo`` anyway."""
    a = info.billing_address
    row.stripe_payment_method_id = info.id
    row.livemode = info.livemode
    row.type = info.type
    row.brand, row.last4 = info.brand, info.last4[-4:]
    row.exp_month, row.exp_year = info.exp_month, info.exp_year
    row.bank_name = info.bank_name
    row.institution_number, row.transit_number = info.institution_number, info.transit_number
    row.fingerprint = info.fingerprint
    row.holder_name, row.holder_email = info.holder_name, info.holder_email
    row.billing_line1, row.billing_line2, row.billing_city = a.line1, a.line2, a.city
    row.billing_province, row.billing_postal_code = a.state, a.postal_code
    row.billing_country = a.country


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
            .where(OutboxRow.status.in_(_OPEN)))
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
            .where(OutboxRow.kind == "set_default").where(OutboxRow.status.in_(_OPEN))
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
        """Oldest first (the order they were added), default included in place."""
        stmt = (select(PaymentMethodRow).where(PaymentMethodRow.client_id == client_id)
                .order_by(PaymentMethodRow.created_at, PaymentMethodRow.id))
        if not include_removed:
            stmt = stmt.where(PaymentMethodRow.status != REMOVED)
        default_id = self._default_id(client_id)
        pending = self._pending(client_id)
        return [to_method(r, default_id=default_id, pending=pending)
                for r in self._session.scalars(stmt)]

    def default_for_client(self, client_id: int) -> StoredPaymentMethod | None:
        default_id = self._default_id(client_id)
        return None if default_id is None else self.get(default_id)

    def has_pending_default_change(self, client_id: int) -> bool:
        return self._pending_default_change(client_id)

    # Writing --------------------------------------------------------------------------------

    def upsert(self, info: PaymentMethodInfo, client_id: int, now: datetime, *,
               status: MethodStatus = ACTIVE, setup_intent_id: str | None = None,
               mandate_id: str | None = None, mandate_status: str | None = None
               ) -> StoredPaymentMethod:
        """Insert or refresh the local copy of a Stripe method (keyed by its Stripe id).

        ``None`` for the mandate and setup intent fields keeps what is stored. A row marked
        ``removed`` stays removed: its detach is queued, and Stripe will soon agree.
        """
        row = self._session.scalar(
            select(PaymentMethodRow).where(PaymentMethodRow.stripe_payment_method_id == info.id))
        if row is None:
            row = PaymentMethodRow(client_id=client_id, created_at=now, updated_at=now,
                                   status=status, setup_intent_id="", mandate_id="",
                                   mandate_status="")
            self._session.add(row)
        elif row.status != REMOVED:
            row.status = status
        row.client_id = client_id
        _apply(row, info)
        if setup_intent_id is not None:
            row.setup_intent_id = setup_intent_id
        if mandate_id is not None:
            row.mandate_id = mandate_id
        if mandate_status is not None:
            row.mandate_status = mandate_status
        row.updated_at = now
        self._session.flush()
        return self.get(row.id)

    def set_status(self, method_id: int, status: MethodStatus, now: datetime) -> None:
        row = self._row(method_id)
        row.status = status
        row.updated_at = now
        self._session.flush()

    def set_mandate(self, method_id: int, mandate_id: str, mandate_status: str,
                    now: datetime) -> None:
        row = self._row(method_id)
        row.mandate_id, row.mandate_status = mandate_id, mandate_status
        row.updated_at = now
        self._session.flush()

    def mark_removed(self, method_id: int, now: datetime) -> StoredPaymentMethod:
        """Hidden at once; the row stays until Stripe confirms the detach (then ``delete``).
        Removing the default clears it: autopay pauses until staff choose another."""
        row = self._row(method_id)
        row.status = REMOVED
        row.updated_at = now
        client = self._session.get(ClientRow, row.client_id)
        if client is not None and client.default_payment_method_id == row.id:
            client.default_payment_method_id = None
        self._session.flush()
        return self.get(method_id)

    def delete(self, method_id: int) -> None:
        row = self._session.get(PaymentMethodRow, method_id)
        if row is None:
            return
        client = self._session.get(ClientRow, row.client_id)
        if client is not None and client.default_payment_method_id == row.id:
            client.default_payment_method_id = None
        self._session.delete(row)
        self._session.flush()

    def delete_by_stripe_id(self, stripe_id: str) -> None:
        row = self._session.scalar(
            select(PaymentMethodRow).where(PaymentMethodRow.stripe_payment_method_id == stripe_id))
        if row is not None:
            self.delete(row.id)

    def set_default(self, client_id: int, method_id: int | None, now: datetime) -> None:
        """Make ``method_id`` (one of this client's) the default, or clear it with None."""
        client = self._session.get(ClientRow, client_id)
        if client is None:
            raise NotFoundError("This client no longer exists.")
        if method_id is not None and self._row(method_id).client_id != client_id:
            raise ValueError("payment method belongs to another client")
        client.default_payment_method_id = method_id
        client.updated_at = now
        self._session.flush()

    # The client's Stripe customer link (written once, by services.customers) -----------------

    def link_customer(self, client_id: int, customer_id: str, *, livemode: bool,
                      account_id: str | None, now: datetime) -> None:
        client = self._session.get(ClientRow, client_id)
        if client is None:
            raise NotFoundError("This client no longer exists.")
        client.stripe_customer_id = customer_id
        client.stripe_livemode = livemode
        client.stripe_account_id = account_id
        client.updated_at = now
        self._session.flush()

    def client_ids_with_methods(self) -> list[int]:
        return list(self._session.scalars(
            select(PaymentMethodRow.client_id).distinct().order_by(PaymentMethodRow.client_id)))
