"""Unit of work: one Session per user action, committed by the service, never shared across
threads. Opening one is cheap; the engine's pool is shared.

``uow_factory(write=True)`` is for a read-modify-write that another process may do at the same
moment: on SQLite it takes the write lock up front (``BEGIN IMMEDIATE``; SQLite has no row
locks); on PostgreSQL the repositories lock the rows they change (``FOR UPDATE``) or write with
``INSERT … ON CONFLICT``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from owl_desktop.store.admin_history_repo import AdminHistoryRepository
from owl_desktop.store.appointments_repo import AppointmentRepository
from owl_desktop.store.audit_repo import AuditRepository
from owl_desktop.store.availability_repo import AvailabilityRepository
from owl_desktop.store.change_journal_repo import ChangeJournalRepository, take_noted
from owl_desktop.store.clients_repo import ClientRepository
from owl_desktop.store.customer_links_repo import CustomerLinkRepository
from owl_desktop.store.db import WRITE_OPTION, translate_errors
from owl_desktop.store.events_repo import ProcessedEventRepository
from owl_desktop.store.holds_repo import HoldRepository
from owl_desktop.store.invoices_repo import InvoiceRepository
from owl_desktop.store.key_values import KeyValueRepository
from owl_desktop.store.leases_repo import LeaseRepository
from owl_desktop.store.outbox_repo import OutboxRepository
from owl_desktop.store.payment_methods_repo import PaymentMethodRepository
from owl_desktop.store.payments_repo import PaymentRepository
from owl_desktop.store.pending_setups_repo import PendingSetupRepository
from owl_desktop.store.portal_accounts_repo import PortalAccountRepository
from owl_desktop.store.portal_invitations_repo import PortalInvitationRepository
from owl_desktop.store.portal_rate_limits_repo import PortalRateLimitRepository
from owl_desktop.store.portal_sessions_repo import PortalSessionRepository
from owl_desktop.store.practitioners_repo import PractitionerRepository
from owl_desktop.store.reconcile_requests_repo import ReconcileRequestRepository
from owl_desktop.store.refunds_repo import RefundRepository
from owl_desktop.store.services_repo import ServiceCatalogRepository
from owl_desktop.store.sync_cursor_repo import SyncCursorRepository


class UnitOfWork:
    """``with uow_factory() as uow: ...; uow.commit()`` — anything not committed rolls back."""

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self._session_factory = session_factory
        self._errors = translate_errors()

    def __enter__(self) -> UnitOfWork:
        self._errors.__enter__()
        self.session = self._session_factory()
        self.clients = ClientRepository(self.session)
        self.customer_links = CustomerLinkRepository(self.session)
        self.settings = KeyValueRepository(self.session, "settings")
        self.outbox = OutboxRepository(self.session)
        self.processed_events = ProcessedEventRepository(self.session)
        self.payment_methods = PaymentMethodRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.sync_cursor = SyncCursorRepository(self.session)
        self.pending_setups = PendingSetupRepository(self.session)
        self.reconcile_requests = ReconcileRequestRepository(self.session)
        self.change_journal = ChangeJournalRepository(self.session)
        self.portal_accounts = PortalAccountRepository(self.session)
        self.portal_invitations = PortalInvitationRepository(self.session)
        self.portal_sessions = PortalSessionRepository(self.session)
        self.portal_rate_limits = PortalRateLimitRepository(self.session)
        # The schedule (issue 14).
        self.practitioners = PractitionerRepository(self.session)
        self.service_catalog = ServiceCatalogRepository(self.session)
        self.availability = AvailabilityRepository(self.session)
        self.appointments = AppointmentRepository(self.session)
        self.holds = HoldRepository(self.session)
        # Autopay (issue 17).
        self.leases = LeaseRepository(self.session)
        self.admin_history = AdminHistoryRepository(self.session)
        self.refunds = RefundRepository(self.session)
        self.admin = KeyValueRepository(self.session, "admin")
        # Billing (issue 16).
        self.invoices = InvoiceRepository(self.session)
        self.payments = PaymentRepository(self.session)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> bool | None:
        try:
            self.session.rollback()
            self.session.close()
        finally:
            suppressed = self._errors.__exit__(exc_type, exc, tb)
        return suppressed

    def commit(self) -> None:
        """Commit, journaling which clients changed (for other processes' views)."""
        changed = take_noted(self.session)
        if changed:
            self.change_journal.record(changed, datetime.now(UTC))
        self.session.commit()


class UnitOfWorkFactory:
    """What services receive: call it to start a unit of work."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writers = sessionmaker(engine.execution_options(**{WRITE_OPTION: True}),
                                     expire_on_commit=False)

    def __call__(self, *, write: bool = False) -> UnitOfWork:
        return UnitOfWork(self._writers if write else self._sessions)
