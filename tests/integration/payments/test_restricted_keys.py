"""Restricted and revoked keys answer as Stripe does; the gateway names what is missing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from owl_desktop.payments import errors as pe
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.sandbox.keys import SandboxAccount, SandboxKeys
from owl_desktop.sandbox.server import SandboxServer
from tests.integration.payments.conftest import unique_details

READ_ONLY = "rk_test_owlReadOnly00000000000000"
REVOKED = "sk_test_owlRevoked000000000000000"


@pytest.fixture
def keyed_sandbox(stripe_env: object, sandbox: SandboxServer) -> Iterator[SandboxServer]:
    """A sandbox of its own that knows only these keys (sandbox-only: real keys differ)."""
    keys = SandboxKeys([SandboxAccount(
        id="acct_1OwlKeysTest000000", secret_keys=["sk_test_owlFull00000000000000000"],
        restricted_keys={READ_ONLY: {"customers": "read"}}, revoked_keys=[REVOKED])])
    server = SandboxServer(keys=keys)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_restricted_key_missing_write_permission(keyed_sandbox: SandboxServer) -> None:
    gateway = StripeGateway(READ_ONLY, api_base=keyed_sandbox.url)
    assert gateway.list_customers()[0] == []  # reading is allowed
    with pytest.raises(pe.PermissionMissing) as caught:
        gateway.create_customer(unique_details(), idempotency_key="k1")
    assert caught.value.permission == "rak_customer_write"
    assert "rak_customer_write" in caught.value.message
    assert READ_ONLY not in caught.value.message
    assert caught.value.http_status == 403


def test_revoked_key(keyed_sandbox: SandboxServer) -> None:
    gateway = StripeGateway(REVOKED, api_base=keyed_sandbox.url)
    with pytest.raises(pe.InvalidApiKey) as caught:
        gateway.retrieve_customer("cus_x")
    assert caught.value.http_status == 401
    assert REVOKED not in str(caught.value)
