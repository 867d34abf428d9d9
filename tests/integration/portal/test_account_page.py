"""``PortalAccountService.account_page``: the session check and *My account*'s data in one unit
of work (what each My account request costs; benchmarks/portal_load.py) — the same rules as
``session`` then ``my_account``: idle sessions end, use keeps them alive, revoked access ends
them, and a client only ever gets their own data."""

from __future__ import annotations

from owl_desktop.services.portal_accounts import PortalAccountService
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.portal.conftest import Clock
from tests.integration.portal.helpers import GOOD_PASSWORD, fast_hasher, make_client


def test_account_page_follows_the_session_rules(uow_factory: UnitOfWorkFactory) -> None:
    clock = Clock()
    accounts = PortalAccountService(uow_factory, clock, fast_hasher())
    noor = make_client(uow_factory)
    sami = make_client(uow_factory, "Sami", "Roy", "sami@example.com")
    for client_id in (noor, sami):
        accounts.accept(accounts.invite(client_id).token, GOOD_PASSWORD, GOOD_PASSWORD)
    signed = accounts.sign_in("noor@example.com", GOOD_PASSWORD, "10.0.0.1")
    assert accounts.account_page("") is None
    assert accounts.account_page("not-a-token") is None

    page = accounts.account_page(signed.session_token)
    assert page is not None
    session, mine = page
    assert (session.client_id, session.csrf_token) == (noor, signed.csrf_token)
    assert mine.client.id == noor
    assert mine.client.email == "noor@example.com"
    assert mine.methods == []
    assert mine.today == clock.now.date()
    assert accounts.my_account(noor) == mine

    clock.advance(minutes=20)
    assert accounts.account_page(signed.session_token) is not None  # used: kept alive
    clock.advance(minutes=29)
    assert accounts.account_page(signed.session_token) is not None
    clock.advance(minutes=31)
    assert accounts.account_page(signed.session_token) is None  # idle too long
    assert accounts.session(signed.session_token) is None  # and gone

    again = accounts.sign_in("noor@example.com", GOOD_PASSWORD, "10.0.0.1")
    assert accounts.revoke(noor)
    assert accounts.account_page(again.session_token) is None
