"""Canary scan: plant secrets, run the flows that could leak them, scan every file the app wrote.

The app's data dir (database, WAL, logs) lives under ``tmp_path / "owl-data"``; logging is set up
by the app's own ``setup_logging`` at debug level, with stripe-python's logger turned up to debug
too, so the worst case is what gets scanned.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from owl_desktop.logs import setup_logging
from owl_desktop.payments.errors import PaymentError
from owl_desktop.payments.stripe import StripeGateway
from owl_desktop.sandbox.keys import SandboxAccount, SandboxKeys
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.secrets import SecretStore
from owl_desktop.services.stripe_connection import StripeConnectionService
from owl_desktop.store.db import create_db_engine, migrate
from owl_desktop.store.uow import UnitOfWorkFactory
from tests.memory_keyring import MemoryKeyring
from tests.secret_scan import CANARY, DATA_DIR_NAME, canary, find_canaries

ACCOUNT = "acct_1OwlCanaryClinic00"
PK = "pk_test_OwlPublicKeyIsNotSecret01"
RK = canary("rk_test_", "rk")
SK = canary("sk_test_", "sk")
RK_REVOKED = canary("rk_test_", "revoked")
RK_NO_PERMS = canary("rk_test_", "noperms")
CLIENT_SECRET = f"seti_1OwlCanarySI_secret_{CANARY}cs0123456789"
WEBHOOK_SECRET = f"whsec_{CANARY}wh0123456789"


class _EchoHandler(BaseHTTPRequestHandler):
    """A careless Stripe-compatible server: its error body repeats the key it was sent."""

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        auth = self.headers.get("Authorization", "")
        body = json.dumps({"error": {
            "type": "invalid_request_error", "code": "parameter_invalid",
            "message": f"Bad request with header '{auth}' and client secret {CLIENT_SECRET}",
        }}).encode()
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def echo_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EchoHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def app_logging(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    stripe_logger = logging.getLogger("stripe")
    path = setup_logging(tmp_path / DATA_DIR_NAME / "logs", debug=True)
    stripe_level = stripe_logger.level
    stripe_logger.setLevel(logging.DEBUG)  # worst case: the SDK's request logging
    yield path
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    stripe_logger.setLevel(stripe_level)


def test_no_secret_reaches_the_database_settings_or_logs(
        tmp_path: Path, app_logging: Path, echo_server: str,
        memory_keyring: MemoryKeyring) -> None:
    data_dir = tmp_path / DATA_DIR_NAME
    engine = create_db_engine(f"sqlite:///{data_dir / 'owl.sqlite3'}")
    migrate(engine)
    uow_factory = UnitOfWorkFactory(engine)
    keys = SandboxKeys(accounts=[SandboxAccount(
        ACCOUNT, secret_keys=[SK], publishable_keys=[PK],
        restricted_keys={RK: {"customers": "write", "setup_intents": "write",
                              "payment_methods": "write", "payment_intents": "write",
                              "mandates": "read", "events": "read", "refunds": "write"},
                         RK_NO_PERMS: {}},
        revoked_keys=[RK_REVOKED])])
    log = logging.getLogger("owl_desktop.test_secret_hygiene")
    with SandboxServer(keys=keys) as sandbox:
        service = StripeConnectionService(
            uow_factory, SecretStore(), lambda key: StripeGateway(key, api_base=sandbox.url))
        # Failing checks first (revoked key, missing permissions), then a real connection.
        assert not service.check_keys(PK, RK_REVOKED).ok
        assert not service.check_keys(PK, RK_NO_PERMS).ok
        service.connect(service.check_keys(PK, SK), SK)
        service.connect(service.check_keys(PK, RK), RK)
        creds = service.credentials()
        assert creds is not None
        log.info("connected with %r", creds)
        # A Stripe call with the connected key, logged the way the app logs.
        gateway = StripeGateway(creds.secret_key, api_base=sandbox.url)
        log.debug("gateway %r account %s", gateway, gateway.identify_account())
    # A server whose error body echoes the key and a client secret.
    with pytest.raises(PaymentError) as info:
        StripeGateway(RK, api_base=echo_server).retrieve_customer("cus_123")
    log.warning("stripe call failed: %s (%s)", info.value, info.value.detail)
    log.error("stripe call failed", exc_info=info.value)
    # Exceptions carrying secrets, logged with their tracebacks and stacks.
    try:
        raise RuntimeError(f"boom key={SK} cs={CLIENT_SECRET} hook={WEBHOOK_SECRET} "
                           f"Authorization: Bearer {RK}")
    except RuntimeError:
        log.exception("unexpected error while using %s", RK, stack_info=True)
    # The echo put the secrets in Stripe's error text; the gateway masks them in the error.
    assert CANARY not in f"{info.value} {info.value.hint} {info.value.detail}"
    assert "[REDACTED]" in str(info.value)
    assert memory_keyring.entries  # the secret is in the keyring, where it belongs

    for handler in logging.getLogger().handlers:
        handler.flush()
    engine.dispose()
    written = app_logging.read_text(encoding="utf-8")
    assert "[REDACTED]" in written  # the flows above did log secrets, masked
    assert "RuntimeError" in written
    files = [p.name for p in data_dir.rglob("*") if p.is_file()]
    assert "owl.sqlite3" in files
    assert find_canaries(data_dir) == []
