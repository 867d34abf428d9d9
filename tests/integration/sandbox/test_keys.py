"""API keys: malformed, live, missing; configured accounts, restricted and revoked keys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import stripe

from owl_desktop.sandbox.keys import SandboxAccount, SandboxKeys
from owl_desktop.sandbox.server import SandboxServer
from tests.integration.sandbox.http import call
from tests.stripe_env import StripeEnv


def client(base: str, key: str) -> stripe.StripeClient:
    return stripe.StripeClient(key, base_addresses={"api": base}, max_network_retries=0)


@pytest.mark.parametrize("key", ["sk_test_", "not-a-key", "sk_live_abcdefghijklmnop1234",
                                 "sk_test_has spaces"])
def test_bad_keys_are_401(stripe_env: StripeEnv, key: str) -> None:
    with pytest.raises(stripe.AuthenticationError) as info:
        client(stripe_env.api_base, key).v1.customers.list()
    assert info.value.http_status == 401
    body = info.value.json_body
    assert body is not None
    assert body["error"]["type"] == "invalid_request_error"
    assert "Invalid API Key provided" in body["error"]["message"]
    assert "abcdefghijklmnop1234" not in body["error"]["message"]  # redacted like Stripe


def test_no_key_is_401(stripe_env: StripeEnv) -> None:
    reply = call(stripe_env.api_base, "GET", "/v1/customers")
    assert reply.status == 401
    assert "You did not provide an API key" in reply.error["message"]


def test_basic_auth_is_accepted(stripe_env: StripeEnv) -> None:
    import base64

    token = base64.b64encode(f"{stripe_env.secret_key}:".encode()).decode()
    reply = call(stripe_env.api_base, "GET", "/v1/customers", {"limit": 1},
                 headers={"Authorization": f"Basic {token}"})
    assert reply.status == 200
    assert reply.body["object"] == "list"


def test_account_for_key_checks(stripe_client: stripe.StripeClient) -> None:
    account = stripe_client.v1.accounts.retrieve_current()
    assert account.id.startswith("acct_")
    assert account.object == "account"


def test_any_well_formed_test_key_works_by_default(sandbox: SandboxServer) -> None:
    mine = client(sandbox.url, "sk_test_myOwnChoice123")
    assert mine.v1.customers.create(params={"name": "x"}).id.startswith("cus_")
    restricted = client(sandbox.url, "rk_test_anyRestricted99")
    assert restricted.v1.customers.list().object == "list"


RK = "rk_test_deskOnly0001"
READ_ONLY = "rk_test_readOnly0001"


@pytest.fixture
def keyed(sandbox: SandboxServer) -> Iterator[SandboxServer]:
    """A second sandbox that accepts only configured keys, in two accounts."""
    keys = SandboxKeys(accounts=[
        SandboxAccount(id="acct_1Clinic0000000A", secret_keys=["sk_test_clinicA0001"],
                       publishable_keys=["pk_test_clinicA0001"],
                       restricted_keys={RK: {"customers": "write", "setup_intents": "write",
                                             "payment_methods": "write",
                                             "payment_intents": "write",
                                             "mandates": "read", "events": "read",
                                             "refunds": "write"},
                                        READ_ONLY: {"customers": "read"}},
                       revoked_keys=["sk_test_clinicAold01"]),
        SandboxAccount(id="acct_1Clinic0000000B", secret_keys=["sk_test_clinicB0001"]),
    ])
    with SandboxServer(keys=keys) as server:
        yield server


def test_only_configured_keys_work(keyed: SandboxServer) -> None:
    with pytest.raises(stripe.AuthenticationError):
        client(keyed.url, "sk_test_someOtherKey1").v1.customers.list()
    assert client(keyed.url, "sk_test_clinicA0001").v1.customers.list().object == "list"


def test_revoked_key_is_expired(keyed: SandboxServer) -> None:
    with pytest.raises(stripe.AuthenticationError) as info:
        client(keyed.url, "sk_test_clinicAold01").v1.customers.list()
    assert "Expired API Key provided" in str(info.value.user_message)


def test_restricted_key_permissions(keyed: SandboxServer) -> None:
    rk = client(keyed.url, RK)
    cus = rk.v1.customers.create(params={"name": "Ada"})
    assert rk.v1.events.list().object == "list"
    with pytest.raises(stripe.PermissionError) as info:
        rk.v1.accounts.retrieve_current()
    assert info.value.http_status == 403
    message = str(info.value.user_message)
    assert "does not have the required permissions" in message
    assert "rak_account_read" in message
    ro = client(keyed.url, READ_ONLY)
    assert ro.v1.customers.retrieve(cus.id).id == cus.id
    with pytest.raises(stripe.PermissionError) as write:
        ro.v1.customers.update(cus.id, params={"name": "B"})
    assert "rak_customer_write" in str(write.value.user_message)
    with pytest.raises(stripe.PermissionError):
        ro.v1.setup_intents.list()


def test_accounts_do_not_see_each_other(keyed: SandboxServer) -> None:
    a = client(keyed.url, "sk_test_clinicA0001")
    b = client(keyed.url, "sk_test_clinicB0001")
    cus = a.v1.customers.create(params={"name": "Only in A"})
    with pytest.raises(stripe.InvalidRequestError) as info:
        b.v1.customers.retrieve(cus.id)
    assert info.value.code == "resource_missing"
    assert b.v1.customers.list().data == []
    assert a.v1.accounts.retrieve_current().id == "acct_1Clinic0000000A"
    assert b.v1.accounts.retrieve_current().id == "acct_1Clinic0000000B"


def test_permission_is_checked_before_existence(keyed: SandboxServer) -> None:
    """A key without the permission gets 403 even for an id that doesn't exist; with it, 404."""
    with pytest.raises(stripe.PermissionError):
        client(keyed.url, READ_ONLY).v1.customers.update("cus_doesNotExist00",
                                                         params={"name": "x"})
    with pytest.raises(stripe.InvalidRequestError) as info:
        client(keyed.url, RK).v1.customers.update("cus_doesNotExist00", params={"name": "x"})
    assert info.value.http_status == 404


def test_publishable_key_objects_belong_to_its_account(keyed: SandboxServer) -> None:
    pm = call(keyed.url, "POST", "/v1/payment_methods", {
        "type": "card", "card": {"number": "4242424242424242", "exp_month": 1,
                                 "exp_year": 2035, "cvc": "123"}},
        key="pk_test_clinicA0001").body
    assert client(keyed.url, "sk_test_clinicA0001").v1.payment_methods.retrieve(pm["id"]).id
    with pytest.raises(stripe.InvalidRequestError) as info:
        client(keyed.url, "sk_test_clinicB0001").v1.payment_methods.retrieve(pm["id"])
    assert info.value.code == "resource_missing"
