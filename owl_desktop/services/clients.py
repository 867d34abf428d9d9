"""Client profiles: search, open, create, edit."""

from __future__ import annotations

import logging

from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.core.customers import customer_details, details_payload
from owl_desktop.domain.clients import (
    SEARCH_LIMIT,
    Client,
    ClientDraft,
    ClientSummary,
    validate_client,
)
from owl_desktop.domain.outbox import KIND_CUSTOMER_UPDATE
from owl_desktop.errors import ValidationFailed
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)


class ClientService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock = utc_now) -> None:
        self._uow = uow
        self._clock = clock

    def search(self, query: str, limit: int = SEARCH_LIMIT) -> list[ClientSummary]:
        with self._uow() as uow:
            return uow.clients.search(query, limit)

    def count(self) -> int:
        with self._uow() as uow:
            return uow.clients.count()

    def get(self, client_id: int) -> Client:
        with self._uow() as uow:
            return uow.clients.get(client_id)

    def create(self, draft: ClientDraft) -> Client:
        """Validate and save a new client. Raises ``ValidationFailed`` with per-field codes."""
        clean = self._validated(draft)
        with self._uow() as uow:
            client = uow.clients.add(clean, self._clock())
            uow.commit()
        log.info("client created id=%s", client.id)
        return client

    def update(self, client_id: int, draft: ClientDraft) -> Client:
        clean = self._validated(draft)
        # Locked: a customer being linked at this moment (core/customers.link_created) either
        # sees this edit or is seen here, so the edit always reaches Stripe.
        with self._uow(write=True) as uow:
            uow.clients.lock(client_id)
            before = customer_details(uow.clients.get(client_id))
            client = uow.clients.update(client_id, clean, self._clock())
            after = customer_details(client)
            if client.stripe_customer_id and after != before:
                # Stripe's copy follows through the outbox, in this same transaction.
                uow.outbox.enqueue(KIND_CUSTOMER_UPDATE, client_id=client.id,
                                   payload=details_payload(after), now=self._clock())
            uow.commit()
        log.info("client updated id=%s", client.id)
        return client

    @staticmethod
    def _validated(draft: ClientDraft) -> ClientDraft:
        clean = draft.normalized()
        errors = validate_client(clean)
        if errors:
            raise ValidationFailed(errors)
        return clean
