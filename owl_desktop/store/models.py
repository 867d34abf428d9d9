"""Typed ORM models. The schema itself is owned by the Alembic migrations in ``migrations/``;
these classes must match them (a test compares ``metadata`` with the migrated database)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


# The partial unique index's condition (also written by migration 0002).
OPEN_CUSTOMER_CREATE = ("kind = 'customer_create' "
                        "AND status IN ('pending', 'in_progress', 'failed')")


class ClientRow(Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    line1: Mapped[str] = mapped_column(String(200), default="")
    line2: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    province: Mapped[str] = mapped_column(String(2), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    country: Mapped[str] = mapped_column(String(2), default="CA")
    # Folded names, email and phone digits: what search matches against.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # Folded "last first": the list's order, accent- and case-insensitive (Émond before Zed).
    sort_name: Mapped[str] = mapped_column(String(201), default="")
    # Stripe link. The mode and account are kept so ids from another mode are never reused.
    stripe_customer_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    stripe_livemode: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    stripe_account_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    # How many Stripe customer creations were started for this client: the next one's
    # idempotency key uses the next number (a client unlinked later gets a new customer,
    # not a replay of the first creation's answer). See core/customers.py.
    stripe_customer_generation: Mapped[int] = mapped_column(Integer, default=0)
    default_payment_method_id: Mapped[int | None] = mapped_column(
        ForeignKey("payment_methods.id", use_alter=True, name="fk_clients_default_pm",
                   ondelete="SET NULL"),
        nullable=True,
    )
    # Kept equal to ``autopay_mode == "on"`` for desks on an older release (migration 0009).
    autopay_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # "default" (the clinic's choice), "on" or "off" (domain.autopay.AutopayMode).
    autopay_mode: Mapped[str] = mapped_column(String(8), default="default",
                                              server_default="default")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_clients_sort_name", "sort_name"),
        Index("ix_clients_stripe_customer_id", "stripe_customer_id"),
    )


class PaymentMethodRow(Base):
    """A cached copy of a Stripe PaymentMethod: never more than the last 4 digits."""

    __tablename__ = "payment_methods"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    stripe_payment_method_id: Mapped[str] = mapped_column(String(255))
    livemode: Mapped[bool] = mapped_column(Boolean, default=False)
    type: Mapped[str] = mapped_column(String(32))  # "card" | "acss_debit"
    brand: Mapped[str] = mapped_column(String(32), default="")
    bank_name: Mapped[str] = mapped_column(String(100), default="")
    institution_number: Mapped[str] = mapped_column(String(8), default="")
    transit_number: Mapped[str] = mapped_column(String(8), default="")
    last4: Mapped[str] = mapped_column(String(4))
    exp_month: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exp_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    holder_name: Mapped[str] = mapped_column(String(200), default="")
    holder_email: Mapped[str] = mapped_column(String(254), default="")
    billing_line1: Mapped[str] = mapped_column(String(200), default="")
    billing_line2: Mapped[str] = mapped_column(String(200), default="")
    billing_city: Mapped[str] = mapped_column(String(100), default="")
    billing_province: Mapped[str] = mapped_column(String(100), default="")
    billing_postal_code: Mapped[str] = mapped_column(String(20), default="")
    billing_country: Mapped[str] = mapped_column(String(2), default="")
    setup_intent_id: Mapped[str] = mapped_column(String(255), default="")
    mandate_id: Mapped[str] = mapped_column(String(255), default="")
    mandate_status: Mapped[str] = mapped_column(String(32), default="")
    # "active", "pending_verification" (PAD micro-deposits) or "removed" (detach queued).
    status: Mapped[str] = mapped_column(String(32), default="active")
    # Stripe's ``created`` (Unix seconds): the list's order, the same on every desk.
    stripe_created: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("stripe_payment_method_id", name="uq_payment_methods_stripe_id"),
        Index("ix_payment_methods_client", "client_id"),
    )


class OutboxRow(Base):
    """A Stripe change waiting to be sent, written in the same transaction as the local change.

    The idempotency key is stored here before the call, so a retry after a crash replays the
    same request and Stripe applies it once.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), nullable=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    idempotency_key: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                             nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("idempotency_key", name="uq_outbox_idempotency_key"),
        Index("ix_outbox_status_client", "status", "client_id", "id"),
        # At most one customer creation in flight per client, whatever desk queued it.
        Index("uq_outbox_open_customer_create", "client_id", unique=True,
              sqlite_where=text(OPEN_CUSTOMER_CREATE),
              postgresql_where=text(OPEN_CUSTOMER_CREATE)),
    )


class ProcessedEventRow(Base):
    """Stripe event ids already applied, so a re-delivered event is a no-op."""

    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    created: Mapped[int] = mapped_column(Integer)
    processed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class KeyValueRow(Base):
    """Small named values: the clinic's settings (namespace ``settings``)."""

    __tablename__ = "key_values"

    namespace: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class AuditRow(Base):
    """Who did what to a payment method; kept when the method itself is gone."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
    desk: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    method_type: Mapped[str] = mapped_column(String(32), default="")
    method_label: Mapped[str] = mapped_column(String(100), default="")
    last4: Mapped[str] = mapped_column(String(4), default="")
    detail: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_audit_client_at", "client_id", "at"),)


class SyncCursorRow(Base):
    """Where the event pull stands: one row (``id`` 1), written only by ``SyncCursorRepository``.

    ``cursor_event_id`` None: never pulled (a full reconcile comes first); "" when the account
    had no events at the last full reconcile. ``full_resume_after`` is set while a full
    reconcile is under way: the last client id it finished.
    """

    __tablename__ = "sync_cursor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cursor_event_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    cursor_created: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_pull_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    overlap_floor: Mapped[str] = mapped_column(String(255), default="")
    full_start_event: Mapped[str | None] = mapped_column(String(255), nullable=True)
    full_start_created: Mapped[int | None] = mapped_column(Integer, nullable=True)
    full_resume_after: Mapped[int | None] = mapped_column(Integer, nullable=True)


class PendingSetupRow(Base):
    """A SetupIntent this database asked Stripe for and hasn't finished with (an add dialog
    open, or left by a crash): the sync cancels those left too long. Keyed by the create
    call's idempotency key, stored before the call."""

    __tablename__ = "pending_setups"

    idempotency_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    customer_id: Mapped[str] = mapped_column(String(255))
    setup_intent_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Who started it (the SetupIntent's metadata): a replay of its key must send the same.
    made_by_actor: Mapped[str] = mapped_column(String(200), default="", server_default="")
    made_by_desk: Mapped[str] = mapped_column(String(200), default="", server_default="")

    __table_args__ = (Index("ix_pending_setups_setup_intent", "setup_intent_id"),)


class ReconcileRequestRow(Base):
    """A client the next sync run re-reads from Stripe in full (after a discarded change, or
    a customer adopted rather than created): one row per client, so concurrent requests from
    several processes simply meet."""

    __tablename__ = "reconcile_requests"

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"),
                                           primary_key=True)
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ChangeJournalRow(Base):
    """One committed change to what a front-end shows, by client (None: not about one client,
    e.g. settings), so other processes sharing the database (desks, the portal, an autopay run)
    learn of it within seconds (``core/change_watch.py``). Pruned after a day."""

    __tablename__ = "change_journal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    origin: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PortalAccountRow(Base):
    """A client's portal sign-in: the email (folded) and the argon2id hash ("" until the
    invitation is accepted). Removing the row revokes access."""

    __tablename__ = "portal_accounts"

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"),
                                           primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    password_set_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                             nullable=True)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                             nullable=True)
    # The portal language the client last used ("en", "fr"); NULL until they use it.
    language: Mapped[str | None] = mapped_column(String(5), nullable=True)

    __table_args__ = (UniqueConstraint("email", name="uq_portal_accounts_email"),)


class PortalInvitationRow(Base):
    """A single-use link to set a password (an invitation or a reset): only its hash."""

    __tablename__ = "portal_invitations"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(16))  # "invite" | "reset"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    __table_args__ = (Index("ix_portal_invitations_client", "client_id"),)


class PortalSessionRow(Base):
    """A signed-in browser: the hash of its cookie's token and the CSRF token of its forms."""

    __tablename__ = "portal_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_portal_sessions_client", "client_id"),)


class PortalRateLimitRow(Base):
    """Sign-in attempts per account or address in the current window, shared by every
    portal worker."""

    __tablename__ = "portal_rate_limits"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    count: Mapped[int] = mapped_column(Integer)
