"""The portal accounts service on SQLite and PostgreSQL: links, passwords, sign-in, sessions,
rate limits in the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from owl_desktop.errors import ValidationFailed
from owl_desktop.services.portal_accounts import (
    MAX_ATTEMPTS_PER_ACCOUNT,
    InvitationInvalid,
    PortalAccessRefused,
    PortalAccountService,
    SignInRefused,
    TooManyAttempts,
    password_problem,
)
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.integration.portal.helpers import GOOD_PASSWORD, fast_hasher, make_client


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 5, 15, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def accounts(uow_factory: UnitOfWorkFactory, clock: Clock) -> PortalAccountService:
    return PortalAccountService(uow_factory, clock, fast_hasher())


def test_invitation_then_password_then_sign_in(uow_factory: UnitOfWorkFactory,
                                               accounts: PortalAccountService) -> None:
    client_id = make_client(uow_factory)
    invitation = accounts.invite(client_id)
    assert accounts.invitation(invitation.token).first_name == "Noor"
    accounts.accept(invitation.token, GOOD_PASSWORD, GOOD_PASSWORD)
    with pytest.raises(InvitationInvalid) as used:
        accounts.accept(invitation.token, GOOD_PASSWORD, GOOD_PASSWORD)
    assert used.value.reason == "used"
    signed = accounts.sign_in(" Noor@Example.com ", GOOD_PASSWORD, "10.0.0.1")
    assert signed.client_id == client_id
    session = accounts.session(signed.session_token)
    assert session is not None
    assert session.client_id == client_id
    assert session.csrf_token == signed.csrf_token
    account = accounts.access(client_id)
    assert account is not None
    assert account.last_sign_in_at is not None
    with uow_factory() as uow:  # only hashes are stored
        assert uow.portal_sessions.get(signed.session_token) is None
        assert uow.portal_invitations.get(invitation.token) is None
    accounts.sign_out(signed.session_token)
    assert accounts.session(signed.session_token) is None


def test_links_expire_after_seven_days_and_a_new_one_replaces_the_old(
        uow_factory: UnitOfWorkFactory, accounts: PortalAccountService, clock: Clock) -> None:
    client_id = make_client(uow_factory)
    first = accounts.invite(client_id)
    second = accounts.invite(client_id)
    with pytest.raises(InvitationInvalid):
        accounts.invitation(first.token)
    clock.now += timedelta(days=7, seconds=1)
    with pytest.raises(InvitationInvalid) as expired:
        accounts.accept(second.token, GOOD_PASSWORD, GOOD_PASSWORD)
    assert expired.value.reason == "expired"


def test_no_invitation_without_an_email_or_with_another_clients(
        uow_factory: UnitOfWorkFactory, accounts: PortalAccountService) -> None:
    with pytest.raises(PortalAccessRefused) as no_email:
        accounts.invite(make_client(uow_factory, "Zoé", "Pelletier", ""))
    assert no_email.value.reason == "no_email"
    accounts.invite(make_client(uow_factory))
    with pytest.raises(PortalAccessRefused) as shared:
        accounts.invite(make_client(uow_factory, "Sami", "Haddad", "NOOR@example.com"))
    assert shared.value.reason == "email_shared"


@pytest.mark.parametrize(("password", "problem"), [
    ("short", "too_short"), ("password123", "too_common"), ("aaaaaaaaaaaa", "too_common"),
    ("noor-is-great", "too_personal"), ("haddad2026!!", "too_personal"), (GOOD_PASSWORD, ""),
])
def test_password_strength(password: str, problem: str) -> None:
    assert password_problem(password, email="noor@example.com",
                            names=("Noor", "Haddad")) == problem


def test_weak_password_and_mismatch_keep_the_link_usable(
        uow_factory: UnitOfWorkFactory, accounts: PortalAccountService) -> None:
    invitation = accounts.invite(make_client(uow_factory))
    with pytest.raises(ValidationFailed) as weak:
        accounts.accept(invitation.token, "short", "short")
    assert weak.value.field_errors == {"password": "too_short"}
    with pytest.raises(ValidationFailed) as mismatch:
        accounts.accept(invitation.token, GOOD_PASSWORD, GOOD_PASSWORD + "x")
    assert mismatch.value.field_errors == {"confirm": "mismatch"}
    accounts.accept(invitation.token, GOOD_PASSWORD, GOOD_PASSWORD)


def test_the_same_refusal_whether_or_not_the_email_exists(
        uow_factory: UnitOfWorkFactory, accounts: PortalAccountService) -> None:
    invitation = accounts.invite(make_client(uow_factory))
    accounts.accept(invitation.token, GOOD_PASSWORD, GOOD_PASSWORD)
    answers = []
    for email in ("noor@example.com", "nobody@example.com"):
        with pytest.raises(SignInRefused) as refused:
            accounts.sign_in(email, "wrong password!", "10.0.0.1")
        answers.append((type(refused.value), refused.value.message, refused.value.hint))
    assert answers[0] == answers[1]


def test_sign_in_is_rate_limited_per_account_and_per_address(
        uow_factory: UnitOfWorkFactory, accounts: PortalAccountService, clock: Clock) -> None:
    invitation = accounts.invite(make_client(uow_factory))
    accounts.accept(invitation.token, GOOD_PASSWORD, GOOD_PASSWORD)
    for n in range(MAX_ATTEMPTS_PER_ACCOUNT):
        with pytest.raises(SignInRefused):
            accounts.sign_in("noor@example.com", "wrong password!", f"10.0.0.{n}")
    # The right password no longer helps, from any address: limited before it is checked.
    with pytest.raises(TooManyAttempts):
        accounts.sign_in("noor@example.com", GOOD_PASSWORD, "10.9.9.9")
    # A second service (another worker) on the same database counts the same attempts.
    other_worker = PortalAccountService(uow_factory, clock, fast_hasher())
    with pytest.raises(TooManyAttempts):
        other_worker.sign_in("noor@example.com", GOOD_PASSWORD, "10.9.9.9")
    for n in range(20):  # per address: many emails from one address
        with pytest.raises((SignInRefused, TooManyAttempts)):
            accounts.sign_in(f"guess{n}@example.com", "whatever12345", "10.1.1.1")
    with pytest.raises(TooManyAttempts):
        accounts.sign_in("someone@example.com", "whatever12345", "10.1.1.1")
    clock.now += timedelta(minutes=16)
    assert accounts.sign_in("noor@example.com", GOOD_PASSWORD, "10.1.1.1").client_id


def test_sessions_expire_when_idle_and_die_with_access(
        uow_factory: UnitOfWorkFactory, accounts: PortalAccountService, clock: Clock) -> None:
    client_id = make_client(uow_factory)
    accounts.accept(accounts.invite(client_id).token, GOOD_PASSWORD, GOOD_PASSWORD)
    first = accounts.sign_in("noor@example.com", GOOD_PASSWORD, "10.0.0.1")
    clock.now += timedelta(minutes=20)
    assert accounts.session(first.session_token) is not None  # used: kept alive
    clock.now += timedelta(minutes=29)
    assert accounts.session(first.session_token) is not None
    clock.now += timedelta(minutes=31)
    assert accounts.session(first.session_token) is None
    second = accounts.sign_in("noor@example.com", GOOD_PASSWORD, "10.0.0.1")
    assert second.session_token != first.session_token
    assert accounts.revoke(client_id)
    assert accounts.session(second.session_token) is None
    with pytest.raises(SignInRefused):
        accounts.sign_in("noor@example.com", GOOD_PASSWORD, "10.0.0.1")
