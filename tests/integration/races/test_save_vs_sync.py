"""Saving a card races the background sync (issue 10, "what was seen" 4): the sync stores the
just-saved card first, then the add dialog's ``complete_setup`` records the same SetupIntent.
The order is forced, not hoped for: the sync runs after the card is confirmed at Stripe and
before the save writes (before ``complete_setup`` is called, or from inside it, right after it
read the SetupIntent). The save succeeds, one row, one "added" in the trail."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import stripe

from owl_desktop.domain.audit import ELSEWHERE, NOTICED_BY_SYNC
from owl_desktop.domain.payment_methods import ACTIVE, AuditAction
from owl_desktop.payments.gateway import SetupIntentInfo
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.services.audit import this_workstation
from tests.integration.payments.conftest import confirm_card
from tests.integration.sync.desk import (
    Desk,
    add_client,
    assert_desk_matches_stripe,
    open_desk,
)
from tests.stripe_env import StripeEnv


class SyncAfterRead(StripeGateway):
    """The real gateway; the first time a SetupIntent is read, ``meanwhile`` runs before the
    answer goes back (the background sync getting there between the save's read and write)."""

    meanwhile: Callable[[], None] | None = None

    def retrieve_setup_intent(self, setup_intent_id: str) -> SetupIntentInfo:
        info = super().retrieve_setup_intent(setup_intent_id)
        run, self.meanwhile = self.meanwhile, None
        if run is not None:
            run()
        return info


@pytest.fixture
def desk(database_url: str, stripe_env: StripeEnv) -> Iterator[Desk]:
    gateway = SyncAfterRead(stripe_env.secret_key, api_base=stripe_env.api_base, timeout_s=10)
    desk = open_desk("A", database_url, stripe_env.api_base, stripe_env.secret_key,
                     gateway=gateway)
    yield desk
    desk.close()


def _trail(desk: Desk, client_id: int) -> list[tuple[str, str, str, str]]:
    with desk.uow() as uow:
        entries = uow.audit.list_for_client(client_id)
    return [(e.action, e.actor, e.desk, e.detail) for e in sorted(entries, key=lambda e: e.id)]


@pytest.mark.parametrize("when", ["before the save", "inside the save, after its read"])
def test_the_sync_stores_the_card_first_then_the_save_succeeds(
        when: str, desk: Desk, stripe_client: stripe.StripeClient) -> None:
    cid = add_client(desk, "Ada", email="ada@example.com")
    intent = desk.methods.start_setup(cid, "card")
    confirm_card(stripe_client, intent.id)  # the entry page's confirmation, done
    synced: list[object] = []

    def background_sync() -> None:
        summary = desk.sync()
        assert summary.error == "", summary
        with desk.uow() as uow:
            stored = uow.payment_methods.list_for_client(cid)
        assert [m.status for m in stored] == [ACTIVE]  # the sync stored it: first
        synced.append(summary)

    if when == "before the save":
        background_sync()
    else:
        assert isinstance(desk.gateway, SyncAfterRead)
        desk.gateway.meanwhile = background_sync

    saved = desk.methods.complete_setup(cid, intent.id)

    assert len(synced) == 1
    assert saved.status == ACTIVE
    assert saved.is_default  # the client's first usable method
    with desk.uow() as uow:
        rows = uow.payment_methods.list_for_client(cid, include_removed=True)
    assert [(m.id, m.stripe_id) for m in rows] == [(saved.id, saved.stripe_id)]
    here = this_workstation(None)  # type: ignore[arg-type]
    assert _trail(desk, cid) == [
        (AuditAction.ADDED, ELSEWHERE.actor, ELSEWHERE.desk, NOTICED_BY_SYNC),
        (AuditAction.SET_DEFAULT, here.actor, here.desk, ""),
    ]
    desk.sync()  # the default goes to Stripe; nothing else changes
    assert_desk_matches_stripe(desk, stripe_client)
    assert len(_trail(desk, cid)) == 2


def test_the_save_first_then_the_sync_adds_nothing(
        desk: Desk, stripe_client: stripe.StripeClient) -> None:
    """The usual order, for contrast: the save records "added" as this desk's."""
    cid = add_client(desk, "Ada", email="ada@example.com")
    intent = desk.methods.start_setup(cid, "card")
    confirm_card(stripe_client, intent.id)
    saved = desk.methods.complete_setup(cid, intent.id)
    summary = desk.sync()
    assert summary.error == "", summary
    here = this_workstation(None)  # type: ignore[arg-type]
    assert _trail(desk, cid) == [(AuditAction.ADDED, here.actor, here.desk, ""),
                                 (AuditAction.SET_DEFAULT, here.actor, here.desk, "")]
    with desk.uow() as uow:
        assert [m.id for m in uow.payment_methods.list_for_client(cid)] == [saved.id]
    assert_desk_matches_stripe(desk, stripe_client)
