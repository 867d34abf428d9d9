"""What pull sync reads and writes in the local cache of Stripe data.

Why a repository of its own: reconciling works on Stripe ids (customer, payment method,
mandate) and applies Stripe's state wholesale, while the payment-method service works on one
client's methods by local id. Keeping sync's queries here keeps SQLAlchemy inside ``store/``.
Never commits; the sync engine's unit of work does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from owl_desktop.payments.gateway import PaymentMethodInfo
from owl_desktop.store.models import ClientRow, PaymentMethodRow
from owl_desktop.store.outbox_repo import as_utc

# Local statuses: see PaymentMethodRow.status.
ACTIVE = "active"
PENDING_VERIFICATION = "pending_verification"
REMOVED = "removed"


@dataclass(frozen=True)
class LinkedCustomer:
    client_id: int
    customer_id: str


@dataclass(frozen=True)
class CachedMethod:
    id: int
    client_id: int
    stripe_id: str
    type: str
    status: str
    brand: str
    bank_name: str
    last4: str
    exp_month: int | None
    exp_year: int | None
    mandate_id: str
    mandate_status: str
    created_at: datetime
    setup_intent_id: str = ""


def _cached(row: PaymentMethodRow) -> CachedMethod:
    return CachedMethod(
        id=row.id, client_id=row.client_id, stripe_id=row.stripe_payment_method_id,
        type=row.type, status=row.status, brand=row.brand, bank_name=row.bank_name,
        last4=row.last4, exp_month=row.exp_month, exp_year=row.exp_year,
        mandate_id=row.mandate_id, mandate_status=row.mandate_status,
        created_at=as_utc(row.created_at) or row.created_at,
        setup_intent_id=row.setup_intent_id)


class SyncCacheRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # Clients and their Stripe link -------------------------------------------------------

    def linked_customers(self) -> list[LinkedCustomer]:
        rows = self._session.execute(
            select(ClientRow.id, ClientRow.stripe_customer_id)
            .where(ClientRow.stripe_customer_id.is_not(None)).order_by(ClientRow.id))
        return [LinkedCustomer(cid, cus) for cid, cus in rows if cus]

    def client_for_customer(self, customer_id: str) -> int | None:
        return self._session.scalar(
            select(ClientRow.id).where(ClientRow.stripe_customer_id == customer_id).limit(1))

    def customer_of(self, client_id: int) -> str | None:
        row = self._session.get(ClientRow, client_id)
        return None if row is None else row.stripe_customer_id

    def client_name(self, client_id: int) -> str:
        row = self._session.get(ClientRow, client_id)
        return "" if row is None else f"{row.first_name} {row.last_name}".strip()

    def link_customer(self, client_id: int, customer_id: str | None, livemode: bool | None,
                      now: datetime) -> None:
        row = self._session.get(ClientRow, client_id)
        if row is None:
            return
        row.stripe_customer_id = customer_id
        row.stripe_livemode = livemode
        row.updated_at = now
        self._session.flush()

    def default_method_id(self, client_id: int) -> int | None:
        row = self._session.get(ClientRow, client_id)
        return None if row is None else row.default_payment_method_id

    def set_default_method(self, client_id: int, method_id: int | None) -> bool:
        row = self._session.get(ClientRow, client_id)
        if row is None or row.default_payment_method_id == method_id:
            return False
        row.default_payment_method_id = method_id
        self._session.flush()
        return True

    # Payment methods -----------------------------------------------------------------------

    def methods_of(self, client_id: int) -> list[CachedMethod]:
        rows = self._session.scalars(
            select(PaymentMethodRow).where(PaymentMethodRow.client_id == client_id)
            .order_by(PaymentMethodRow.id))
        return [_cached(r) for r in rows]

    def method_by_stripe_id(self, payment_method_id: str) -> CachedMethod | None:
        row = self._by_stripe_id(payment_method_id)
        return None if row is None else _cached(row)

    def method_by_mandate(self, mandate_id: str) -> CachedMethod | None:
        row = self._session.scalar(
            select(PaymentMethodRow).where(PaymentMethodRow.mandate_id == mandate_id).limit(1))
        return None if row is None else _cached(row)

    def _by_stripe_id(self, payment_method_id: str) -> PaymentMethodRow | None:
        return self._session.scalar(
            select(PaymentMethodRow)
            .where(PaymentMethodRow.stripe_payment_method_id == payment_method_id).limit(1))

    def upsert_method(self, client_id: int, info: PaymentMethodInfo, now: datetime) -> bool:
        """Make the cached copy equal Stripe's; True if anything changed. Only last 4 digits,
        expiry and billing details are kept: ``PaymentMethodInfo`` holds nothing more."""
        row = self._by_stripe_id(info.id)
        if row is None:
            row = PaymentMethodRow(
                client_id=client_id, stripe_payment_method_id=info.id, status=ACTIVE,
                setup_intent_id="", mandate_id="", mandate_status="", created_at=now,
                updated_at=now)
            self._session.add(row)
            changed = True
        else:
            changed = row.client_id != client_id
            row.client_id = client_id
        a = info.billing_address
        values: dict[str, object] = {
            "livemode": info.livemode, "type": info.type, "brand": info.brand,
            "bank_name": info.bank_name, "institution_number": info.institution_number,
            "transit_number": info.transit_number, "last4": info.last4,
            "exp_month": info.exp_month, "exp_year": info.exp_year,
            "fingerprint": info.fingerprint, "holder_name": info.holder_name,
            "holder_email": info.holder_email, "billing_line1": a.line1,
            "billing_line2": a.line2, "billing_city": a.city, "billing_province": a.state,
            "billing_postal_code": a.postal_code, "billing_country": a.country,
        }
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
                changed = True
        if row.status == PENDING_VERIFICATION and info.type == "acss_debit":
            # Attached to the customer in Stripe: the micro-deposits were verified elsewhere.
            row.status = ACTIVE
            changed = True
        if changed:
            row.updated_at = now
        self._session.flush()
        return changed

    def set_mandate(self, method_id: int, mandate_id: str, status: str, now: datetime) -> bool:
        row = self._session.get(PaymentMethodRow, method_id)
        if row is None or (row.mandate_id == mandate_id and row.mandate_status == status):
            return False
        row.mandate_id, row.mandate_status, row.updated_at = mandate_id, status, now
        self._session.flush()
        return True

    def delete_method(self, method_id: int) -> bool:
        """Forget a cached method (detached in Stripe); clears the default that named it."""
        row = self._session.get(PaymentMethodRow, method_id)
        if row is None:
            return False
        client = self._session.get(ClientRow, row.client_id)
        if client is not None and client.default_payment_method_id == row.id:
            client.default_payment_method_id = None
        self._session.delete(row)
        self._session.flush()
        return True
