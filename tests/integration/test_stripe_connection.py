"""Connecting Stripe against the sandbox, which answers bad and restricted keys as Stripe does.

Real database (SQLite and PostgreSQL), real keyring library (an in-memory backend, or its
``fail`` backend for the refusal path), the real gateway over HTTP to the sandbox.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime

import keyring
import keyring.backends.fail
import pytest

from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.sandbox.keys import SandboxAccount, SandboxKeys
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.secrets import KEYRING_SERVICE, KeyringUnavailable, SecretStore
from owl_desktop.services.stripe_connection import (
    REQUIRED_PERMISSIONS,
    SETTING_PUBLISHABLE_KEY,
    KeyProblem,
    StripeConnectionService,
    SwitchNotConfirmed,
    account_ref,
)
from owl_desktop.store.models import PaymentMethodRow
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.memory_keyring import MemoryKeyring

ACCT_A = "acct_1OwlClinicA0000"
ACCT_B = "acct_1OwlClinicB0000"
PK_A = "pk_test_ClinicApublic00001"
PK_A_REVOKED = "pk_test_ClinicApublicOld0001"
SK_A = "sk_test_ClinicAsecret00001"
RK_A = "rk_test_ClinicAallPerms0001"
RK_A_NO_MANDATES = "rk_test_ClinicAnoMandates01"
RK_A_READ_CUSTOMERS = "rk_test_ClinicAreadCust0001"
RK_A_REVOKED = "rk_test_ClinicArevoked00001"
PK_B = "pk_test_ClinicBpublic00001"
SK_B = "sk_test_ClinicBsecret00001"

ALL_WRITE = {"customers": "write", "setup_intents": "write", "payment_methods": "write",
             "payment_intents": "write", "mandates": "read", "events": "read", "refunds": "write"}


def _keys() -> SandboxKeys:
    no_mandates = {k: v for k, v in ALL_WRITE.items() if k != "mandates"}
    return SandboxKeys(accounts=[
        SandboxAccount(
            ACCT_A, secret_keys=[SK_A], publishable_keys=[PK_A],
            restricted_keys={RK_A: dict(ALL_WRITE), RK_A_NO_MANDATES: no_mandates,
                             RK_A_READ_CUSTOMERS: {**ALL_WRITE, "customers": "read"}},
            revoked_keys=[RK_A_REVOKED, PK_A_REVOKED]),
        SandboxAccount(ACCT_B, secret_keys=[SK_B], publishable_keys=[PK_B]),
    ])


@pytest.fixture(scope="module")
def keyed_sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(keys=_keys()) as server:
        yield server


@pytest.fixture
def service(uow_factory: UnitOfWorkFactory,
            keyed_sandbox: SandboxServer) -> StripeConnectionService:
    return StripeConnectionService(
        uow_factory, SecretStore(), lambda key: StripeGateway(key, api_base=keyed_sandbox.url))


def _codes(problems: tuple[KeyProblem, ...]) -> list[str]:
    return [p.code for p in problems]


# --- what is wrong with a pair of keys -------------------------------------------------------

@pytest.mark.parametrize(("publishable", "secret", "expected"), [
    ("", "", ["publishable_missing", "secret_missing"]),
    ("hello", "sk_test_", ["publishable_malformed", "secret_malformed"]),
    ("pk_test_ab cd 1234", RK_A, ["publishable_malformed"]),
    (RK_A, RK_A, ["secret_in_publishable_field"]),
    (PK_A, PK_A, ["publishable_in_secret_field"]),
    ("pk_live_ClinicApublic00001", RK_A, ["modes_differ"]),
])
def test_malformed_and_mixed_mode_keys_are_named_without_asking_stripe(
        service: StripeConnectionService, publishable: str, secret: str,
        expected: list[str]) -> None:
    check = service.check_keys(publishable, secret)
    assert _codes(check.problems) == expected
    assert not check.ok


def test_a_good_restricted_key_passes(service: StripeConnectionService) -> None:
    check = service.check_keys(f"  {PK_A} ", f"{RK_A}\n")
    assert check.problems == ()
    assert check.account_id == ACCT_A
    assert check.mode == "test"
    assert check.key_kind == "restricted"
    assert RK_A not in repr(check)


def test_a_full_secret_key_passes(service: StripeConnectionService) -> None:
    check = service.check_keys(PK_A, SK_A)
    assert check.ok
    assert check.account_id == ACCT_A
    assert check.key_kind == "secret"


def test_keys_of_different_accounts(service: StripeConnectionService) -> None:
    assert _codes(service.check_keys(PK_B, RK_A).problems) == ["accounts_differ"]
    assert _codes(service.check_keys(PK_A, SK_B).problems) == ["accounts_differ"]


def test_revoked_and_unknown_secret_keys(service: StripeConnectionService) -> None:
    assert _codes(service.check_keys(PK_A, RK_A_REVOKED).problems) == ["secret_revoked"]
    assert _codes(service.check_keys(PK_A, "rk_test_NeverIssued00001").problems) == [
        "secret_invalid"]


def test_revoked_and_unknown_publishable_keys(service: StripeConnectionService) -> None:
    assert _codes(service.check_keys(PK_A_REVOKED, RK_A).problems) == ["publishable_revoked"]
    assert _codes(service.check_keys("pk_test_NeverIssued00001", RK_A).problems) == [
        "publishable_invalid"]


def test_missing_permissions_are_named(service: StripeConnectionService) -> None:
    check = service.check_keys(PK_A, RK_A_NO_MANDATES)
    assert check.problems == (KeyProblem("permission_missing", "mandates_read"),)
    check = service.check_keys(PK_A, RK_A_READ_CUSTOMERS)
    assert check.missing_permissions == ("customers_write",)


def test_stripe_unreachable(uow_factory: UnitOfWorkFactory) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    service = StripeConnectionService(
        uow_factory, SecretStore(),
        lambda key: StripeGateway(key, api_base=f"http://127.0.0.1:{port}", timeout_s=2))
    assert _codes(service.check_keys(PK_A, RK_A).problems) == ["stripe_unreachable"]


def test_every_required_permission_is_probed(keyed_sandbox: SandboxServer) -> None:
    """Each permission alone missing is reported alone: the probes are independent."""
    gateway_keys = []
    for resource in ALL_WRITE:
        perms = {k: v for k, v in ALL_WRITE.items() if k != resource}
        gateway_keys.append((resource, perms))
    found = set()
    for resource, perms in gateway_keys:
        key = f"rk_test_Probe{resource.replace('_', '')}0001"
        keyed_sandbox.keys.accounts[0].restricted_keys[key] = perms  # type: ignore[union-attr]
        gateway = StripeGateway(key, api_base=keyed_sandbox.url)
        missing = [p for p in REQUIRED_PERMISSIONS if not gateway.has_permission(p)]
        assert len(missing) == 1
        assert missing[0].startswith(resource)
        found.add(missing[0])
    assert found == set(REQUIRED_PERMISSIONS)


# --- saving, keyring, disconnect -------------------------------------------------------------

def test_connect_keeps_the_secret_in_the_keyring_only(
        service: StripeConnectionService, uow_factory: UnitOfWorkFactory,
        memory_keyring: MemoryKeyring) -> None:
    assert service.current_mode() == "not_connected"
    status = service.connect(service.check_keys(PK_A, RK_A), RK_A)
    assert status.mode == "test"
    assert status.secret_on_this_desk is True
    assert service.current_mode() == "test"
    assert memory_keyring.entries == {(KEYRING_SERVICE, account_ref(ACCT_A, False)): RK_A}
    with uow_factory() as uow:
        settings = uow.settings.all()
    assert settings[SETTING_PUBLISHABLE_KEY] == PK_A
    assert RK_A not in repr(settings)
    creds = service.credentials()
    assert creds is not None
    assert (creds.publishable_key, creds.account_id, creds.livemode) == (PK_A, ACCT_A, False)
    assert creds.secret_key == RK_A
    assert RK_A not in repr(creds)


def test_connect_refuses_a_secret_other_than_the_one_checked(
        service: StripeConnectionService) -> None:
    check = service.check_keys(PK_A, RK_A)
    with pytest.raises(ValueError, match="differs"):
        service.connect(check, SK_A)


def test_no_keyring_means_nothing_is_saved(service: StripeConnectionService,
                                           uow_factory: UnitOfWorkFactory) -> None:
    check = service.check_keys(PK_A, RK_A)
    keyring.set_keyring(keyring.backends.fail.Keyring())
    with pytest.raises(KeyringUnavailable) as info:
        service.connect(check, RK_A)
    assert "install" in info.value.hint.lower()
    assert service.current_mode() == "not_connected"
    with uow_factory() as uow:
        assert uow.settings.all() == {}


def test_disconnect_removes_the_secret(service: StripeConnectionService,
                                       memory_keyring: MemoryKeyring) -> None:
    service.connect(service.check_keys(PK_A, RK_A), RK_A)
    assert service.disconnect() is True
    assert memory_keyring.entries == {}
    assert service.current_mode() == "not_connected"
    assert service.credentials() is None


def test_sandbox_mode_is_reported(uow_factory: UnitOfWorkFactory,
                                  keyed_sandbox: SandboxServer) -> None:
    service = StripeConnectionService(
        uow_factory, SecretStore(), lambda key: StripeGateway(key, api_base=keyed_sandbox.url),
        sandbox=True)
    assert service.current_mode() == "sandbox"


# --- switching account or mode -------------------------------------------------------------

def _linked_client(uow_factory: UnitOfWorkFactory, account_id: str, livemode: bool,
                   customer_id: str, pm_id: str) -> int:
    now = datetime.now(UTC)
    with uow_factory() as uow:
        client = uow.clients.add(ClientDraft("Ada", "Lovelace", "ada@example.com", "",
                                             Address("1 rue Principale", "", "Montréal", "QC",
                                                     "H2X 1Y4", "CA")), now)
        row = uow.clients.row(client.id)
        row.stripe_customer_id = customer_id
        row.stripe_account_id = account_id
        row.stripe_livemode = livemode
        pm = PaymentMethodRow(client_id=client.id, stripe_payment_method_id=pm_id,
                              livemode=livemode, type="card", brand="visa", last4="4242",
                              created_at=now, updated_at=now)
        uow.session.add(pm)
        uow.session.flush()
        row.default_payment_method_id = pm.id
        uow.outbox.enqueue("set_default", client_id=client.id,
                           payload={"payment_method_id": pm_id}, now=now)
        uow.commit()
        return client.id


def test_switching_account_warns_then_links_clients_afresh(
        service: StripeConnectionService, uow_factory: UnitOfWorkFactory,
        memory_keyring: MemoryKeyring) -> None:
    service.connect(service.check_keys(PK_A, RK_A), RK_A)
    same = _linked_client(uow_factory, ACCT_A, False, "cus_A1", "pm_A1")
    # Reconnecting the same account and mode needs no confirmation and keeps links.
    impact = service.switch_impact(service.check_keys(PK_A, SK_A))
    assert not impact.needs_confirmation
    service.connect(service.check_keys(PK_A, SK_A), SK_A)
    with uow_factory() as uow:
        assert uow.clients.get(same).stripe_customer_id == "cus_A1"

    check_b = service.check_keys(PK_B, SK_B)
    impact = service.switch_impact(check_b)
    assert impact.needs_confirmation
    assert (impact.previous_account_id, impact.new_account_id) == (ACCT_A, ACCT_B)
    assert (impact.linked_clients, impact.cached_payment_methods) == (1, 1)
    assert impact.pending_changes == 1
    with pytest.raises(SwitchNotConfirmed):
        service.connect(check_b, SK_B)
    with uow_factory() as uow:  # nothing changed yet
        assert uow.clients.get(same).stripe_customer_id == "cus_A1"

    service.connect(check_b, SK_B, confirm_unlink=True)
    with uow_factory() as uow:
        row = uow.clients.row(same)
        assert (row.stripe_customer_id, row.stripe_account_id, row.stripe_livemode) == (
            None, None, None)
        assert row.default_payment_method_id is None
        assert uow.session.query(PaymentMethodRow).count() == 0
        assert uow.outbox.count_waiting() == 0
    # The old account's secret left the keyring; only B's is there.
    assert memory_keyring.entries == {(KEYRING_SERVICE, account_ref(ACCT_B, False)): SK_B}


def test_switching_mode_unlinks_links_of_the_other_mode(
        service: StripeConnectionService, uow_factory: UnitOfWorkFactory) -> None:
    live_client = _linked_client(uow_factory, ACCT_A, True, "cus_live1", "pm_live1")
    unknown_account = _linked_client(uow_factory, "", False, "cus_x", "pm_x")
    with uow_factory() as uow:
        uow.clients.row(unknown_account).stripe_account_id = None
        uow.commit()
    check = service.check_keys(PK_A, RK_A)
    impact = service.switch_impact(check)
    assert impact.previous_mode is None  # first connection on this database
    assert (impact.linked_clients, impact.cached_payment_methods) == (1, 1)
    service.connect(check, RK_A, confirm_unlink=True)
    with uow_factory() as uow:
        assert uow.clients.get(live_client).stripe_customer_id is None
        # Of this mode, account unknown (an older version's link): the sync verifies it.
        assert uow.clients.get(unknown_account).stripe_customer_id == "cus_x"
        assert [link.client_id for link in uow.customer_links.unverified()] == [
            unknown_account]


def test_reconnecting_the_same_account_after_disconnect_keeps_links(
        service: StripeConnectionService, uow_factory: UnitOfWorkFactory) -> None:
    service.connect(service.check_keys(PK_A, RK_A), RK_A)
    recorded = _linked_client(uow_factory, ACCT_A, False, "cus_A1", "pm_A1")
    unrecorded = _linked_client(uow_factory, "", False, "cus_A2", "pm_A2")
    with uow_factory() as uow:  # linked by a sync path that knew only the mode
        uow.clients.row(unrecorded).stripe_account_id = None
        uow.commit()
    service.disconnect()
    impact = service.switch_impact(service.check_keys(PK_A, RK_A))
    assert impact.previous_account_id == ACCT_A
    assert not impact.needs_confirmation
    service.connect(service.check_keys(PK_A, RK_A), RK_A)
    with uow_factory() as uow:
        assert uow.clients.get(recorded).stripe_customer_id == "cus_A1"
        row = uow.clients.row(unrecorded)  # kept; its account is verified by the next sync
        assert (row.stripe_customer_id, row.stripe_account_id) == ("cus_A2", None)
        assert uow.outbox.count_waiting() == 2  # the queue still applies to this account
    # Disconnected, then another account: a switch, even though nothing is connected now.
    service.disconnect()
    impact = service.switch_impact(service.check_keys(PK_B, SK_B))
    assert impact.changes_account_or_mode
    assert impact.linked_clients == 1  # the unverified link is the sync's to check
