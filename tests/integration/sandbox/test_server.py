"""The server itself: static Stripe.js files, persistence across restarts (without numbers),
running alone with ``python -m owl_desktop.sandbox``."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import stripe

from owl_desktop.sandbox.server import STATIC_DIR, SandboxServer
from owl_desktop.sandbox.state import STATE_VERSION
from tests.integration.sandbox.http import call

SK = "sk_test_persist0001"
PK = "pk_test_persist0001"


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read()


def test_static_files(sandbox: SandboxServer) -> None:
    status, ctype, body = fetch(sandbox.url + "/v3/")
    assert status == 200
    assert ctype.startswith("application/javascript")
    assert body == (STATIC_DIR / "stripe.js").read_bytes()
    for path in sorted(STATIC_DIR.iterdir()):
        status, ctype, body = fetch(f"{sandbox.url}/v3/{path.name}")
        assert status == 200, path.name
        expected = {".js": "application/javascript", ".html": "text/html",
                    ".css": "text/css"}.get(path.suffix)
        if expected:
            assert ctype.startswith(expected), (path.name, ctype)


@pytest.mark.parametrize("path", ["/v3/../server.py", "/v3/%2e%2e/server.py",
                                  "/v3/..%2fserver.py", "/v3/.hidden", "/v3/nope.js",
                                  "/v3/static/../../server.py"])
def test_no_directory_traversal(sandbox: SandboxServer, path: str) -> None:
    status, _, body = fetch(sandbox.url + path)
    assert status == 404
    assert b"import" not in body


def test_state_survives_a_restart_without_numbers(tmp_path: Path,
                                                  sandbox: SandboxServer) -> None:
    state = tmp_path / "sandbox.json"
    with SandboxServer(state_path=state) as first:
        client = stripe.StripeClient(SK, base_addresses={"api": first.url},
                                     max_network_retries=0)
        cus = client.v1.customers.create(params={"name": "Kept"})
        pm = call(first.url, "POST", "/v1/payment_methods", {
            "type": "card", "card": {"number": "4000002760003184", "exp_month": 4,
                                     "exp_year": 2033, "cvc": "987"}}, key=PK).body
        bank = call(first.url, "POST", "/v1/payment_methods", {
            "type": "acss_debit", "acss_debit": {"institution_number": "000",
                                                 "transit_number": "11000",
                                                 "account_number": "000222222227"},
            "billing_details": {"name": "Kept", "email": "kept@example.com"}}, key=PK).body
        client.v1.payment_methods.attach(pm["id"], params={"customer": cus.id})
        first.advance(1000)
    text = state.read_text(encoding="utf-8")
    for secret in ("4000002760003184", "000222222227"):
        assert secret not in text
    # The CVC is short enough to appear inside random ids: look for it as a value or a key.
    leaves: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            leaves.extend(str(k) for k in node)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        else:
            leaves.append(str(node))

    walk(json.loads(text))
    assert "987" not in leaves
    assert not any(leaf == "cvc" for leaf in leaves)
    with SandboxServer(state_path=state) as second:
        client = stripe.StripeClient(SK, base_addresses={"api": second.url},
                                     max_network_retries=0)
        assert client.v1.customers.retrieve(cus.id).name == "Kept"
        again = client.v1.payment_methods.retrieve(pm["id"])
        assert again.customer == cus.id
        assert client.v1.payment_methods.retrieve(bank["id"]).type == "acss_debit"
        # The outcome of the number survived, not the number: it still needs 3-D Secure
        # off-session.
        with pytest.raises(stripe.CardError) as info:
            client.v1.payment_intents.create(params={
                "amount": 1000, "currency": "cad", "customer": cus.id,
                "payment_method": pm["id"], "off_session": True, "confirm": True})
        assert info.value.code == "authentication_required"
        assert second.now() >= int(time.time()) + 990


def test_reset_over_http(sandbox: SandboxServer, stripe_client: stripe.StripeClient) -> None:
    stripe_client.v1.customers.create(params={"name": "gone soon"})
    assert call(sandbox.control_url, "POST", "/_sandbox/reset").status == 200
    assert stripe_client.v1.customers.list().data == []


def test_runs_alone(tmp_path: Path, sandbox: SandboxServer) -> None:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({"accounts": [{"id": "acct_1Alone000000000",
                                              "secret_keys": [SK]}]}), encoding="utf-8")
    with subprocess.Popen(
            [sys.executable, "-m", "owl_desktop.sandbox", "--port", "0", "--state",
             str(tmp_path / "alone.json"), "--keys", str(keys)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line.startswith("Stripe sandbox listening on http://127.0.0.1:"), line
            url = line.rsplit(" ", 1)[1].strip()
            proc.stdout.readline()  # the Stripe.js double
            controls = re.search(r"Controls: (http://127\.0\.0\.1:\d+)/_sandbox/",
                                 proc.stdout.readline())
            assert controls is not None
            reply = call(url, "GET", "/v1/customers", key=SK)
            assert reply.status == 200
            assert reply.body["object"] == "list"
            assert call(url, "GET", "/v1/customers", key="sk_test_other0001").status == 401
            health = call(controls.group(1), "GET", "/_sandbox/health")
            assert health.body["url"] == url
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    assert proc.returncode == 0


def test_readme_control_commands_work(sandbox: SandboxServer) -> None:
    """README's curl commands for the trainer, against the control socket they name."""
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    commands = [line for line in readme.splitlines()
                if line.startswith("curl ") and "/_sandbox/" in line]
    assert len(commands) == 2, commands
    assert all("127.0.0.1:8766/" in c for c in commands)  # the --control-port README starts
    assert "--control-port 8766" in readme
    control_port = sandbox.control_url.rsplit(":", 1)[1]
    results = []
    for command in commands:
        argv = shlex.split(command.replace(":8766/", f":{control_port}/"))
        done = subprocess.run([*argv, "-s", "-o", "/dev/null", "-w", "%{http_code}"],
                              capture_output=True, text=True, timeout=20, check=False)
        results.append((done.stdout, sandbox.faults.snapshot()["desks"]))
    assert results[0][0] == "200"
    assert results[0][1]["back"]["refuse_connections"] is True
    assert results[1] == ("200", {})


def test_damaged_state_file_is_set_aside(tmp_path: Path, sandbox: SandboxServer) -> None:
    state = tmp_path / "sandbox.json"
    state.write_text("{not json", encoding="utf-8")
    with SandboxServer(state_path=state) as server:
        client = stripe.StripeClient(SK, base_addresses={"api": server.url},
                                     max_network_retries=0)
        assert client.v1.customers.list().data == []
        client.v1.customers.create(params={"name": "fresh"})
    assert [p.name for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert json.loads(state.read_text(encoding="utf-8"))["version"] == STATE_VERSION


def test_port_taken(sandbox: SandboxServer) -> None:
    with pytest.raises(OSError, match="in use"):
        SandboxServer(port=sandbox.port).start()
    assert fetch(sandbox.url + "/v3/")[0] == 200  # the running one is untouched
