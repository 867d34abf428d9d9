"""Only Stripe's public test numbers get in: a real card or bank account typed in sandbox mode
(staff training) is refused when its PaymentMethod would be created, and nothing derived from
it (object, last4, fingerprint, event, idempotency record) is kept in memory or on disk. The
state file holds no secret that would make stored fingerprints reversible, and an old file that
did is upgraded on load."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import stripe

from owl_desktop.sandbox import testdata
from owl_desktop.sandbox.acss_js import TEST_BANK_ACCOUNTS
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.sandbox.state import STATE_VERSION
from tests.integration.sandbox.conftest import Browser
from tests.integration.sandbox.http import Reply, call

SK = "sk_test_realnumbers01"
PK = "pk_test_realnumbers01"
#: A real-looking Visa: right length, passes Luhn, not one of Stripe's test cards.
REAL_VISA = "4532015112830366"
#: A well-formed Canadian account that isn't a Stripe test account.
REAL_BANK = {"institution_number": "003", "transit_number": "04512",
             "account_number": "5038291746"}
LIVE_MESSAGE = ("Your card was declined. Your request was in test mode, but used a non test "
                "(live) card. For a list of valid test cards, visit: "
                "https://stripe.com/docs/testing.")


def leaves(node: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, scalar value) pair in a JSON tree."""
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, dict | list):
                yield from leaves(v)
            else:
                yield str(k), v
    elif isinstance(node, list):
        for v in node:
            yield from leaves(v)


def values_of(tree: Any, key: str) -> set[Any]:
    return {v for k, v in leaves(tree) if k == key}


def number_fingerprints(tree: Any) -> set[str]:
    """Fingerprints of card and bank details (dicts with a last4), not of idempotency keys."""
    found: set[str] = set()
    if isinstance(tree, dict):
        if "last4" in tree:
            found.add(tree["fingerprint"])
        for v in tree.values():
            found |= number_fingerprints(v)
    elif isinstance(tree, list):
        for v in tree:
            found |= number_fingerprints(v)
    return found


def card(number: str) -> dict[str, Any]:
    return {"type": "card", "card": {"number": number, "exp_month": 9, "exp_year": 2031,
                                     "cvc": "314"},
            "billing_details": {"name": "Real Client"}}


def bank(numbers: dict[str, str]) -> dict[str, Any]:
    return {"type": "acss_debit", "acss_debit": numbers,
            "billing_details": {"name": "Real Client", "email": "client@example.com"}}


def assert_live_card_refused(reply: Reply) -> None:
    assert reply.status == 402, reply.body
    assert reply.error["type"] == "card_error"
    assert reply.error["code"] == "card_declined"
    assert reply.error["decline_code"] == "test_mode_live_card"
    assert reply.error["message"] == LIVE_MESSAGE


@pytest.mark.parametrize("number", [REAL_VISA, "5425233430109903"])
def test_non_test_card_is_refused_at_creation(browser: Browser, number: str) -> None:
    assert testdata.luhn_ok(number)
    assert number not in testdata.CARDS
    reply = browser.post("/v1/payment_methods", card(number))
    assert_live_card_refused(reply)
    assert not re.search(rf'"last4":\s*"{number[-4:]}"', json.dumps(reply.body))
    assert number not in json.dumps(reply.body)


def test_test_cards_still_work_with_stable_fingerprints(browser: Browser) -> None:
    first = browser.card_pm("4242424242424242")
    second = browser.card_pm("4242424242424242")
    assert first.status == second.status == 200
    assert first.body["card"]["fingerprint"] == second.body["card"]["fingerprint"]


@pytest.mark.parametrize(("numbers", "wrong"), [
    (REAL_BANK, "institution_number"),
    ({**REAL_BANK, "institution_number": "000"}, "transit_number"),
    ({**REAL_BANK, "institution_number": "000", "transit_number": "11000"}, "account_number"),
    ({"institution_number": "000", "transit_number": "11000", "account_number": "7654321"},
     "account_number"),
])
def test_non_test_bank_account_is_refused_at_creation(
        browser: Browser, sandbox: SandboxServer, numbers: dict[str, str], wrong: str) -> None:
    # The error is the sandbox's choice (Stripe documents none), hence sandbox-only.
    reply = browser.post("/v1/payment_methods", bank(numbers))
    assert reply.status == 400, reply.body
    assert reply.error["type"] == "invalid_request_error"
    assert reply.error["param"] == f"acss_debit[{wrong}]"
    message = reply.error["message"]
    for test_number in ("000", "11000", *testdata.PAD_ACCOUNTS):
        assert test_number in message
    assert numbers["account_number"] not in message


def test_every_test_account_is_still_accepted(browser: Browser) -> None:
    for account in testdata.PAD_ACCOUNTS:
        assert browser.acss_pm(account).status == 200, account


def test_bank_login_offers_only_test_accounts() -> None:
    for name, number in TEST_BANK_ACCOUNTS.items():
        assert testdata.pad_profile(testdata.PAD_INSTITUTION, testdata.PAD_TRANSIT,
                                    number) is not None, name


@pytest.fixture
def persisted(tmp_path: Path, sandbox: SandboxServer) -> Iterator[tuple[SandboxServer, Path]]:
    """A sandbox that saves its state to a file, like the app's ``--sandbox`` mode (the
    ``sandbox`` fixture skips this on a real Stripe test mode)."""
    path = tmp_path / "sandbox.json"
    with SandboxServer(state_path=path) as server:
        yield server, path


def test_nothing_about_real_numbers_is_kept(persisted: tuple[SandboxServer, Path]) -> None:
    server, path = persisted
    client = stripe.StripeClient(SK, base_addresses={"api": server.url},
                                 max_network_retries=0)
    cus = client.v1.customers.create(params={"name": "Trainee"})
    saved = call(server.url, "POST", "/v1/payment_methods", card("4242424242424242"), key=PK)
    client.v1.payment_methods.attach(saved.body["id"], params={"customer": cus.id})
    seti = client.v1.setup_intents.create(params={"customer": cus.id,
                                                  "allowed_payment_method_types": ["card"]})
    server.state.flush()
    memory_before = json.loads(json.dumps(server.state.to_json()))
    file_before = json.loads(path.read_text(encoding="utf-8"))

    # Every way a number reaches the sandbox: Stripe.js creating a PaymentMethod (with and
    # without an Idempotency-Key), and confirming a SetupIntent with payment_method_data.
    assert_live_card_refused(call(server.url, "POST", "/v1/payment_methods", card(REAL_VISA),
                                  key=PK))
    assert_live_card_refused(call(server.url, "POST", "/v1/payment_methods", card(REAL_VISA),
                                  key=PK, headers={"Idempotency-Key": "real-card-1"}))
    confirm = call(server.url, "POST", f"/v1/setup_intents/{seti.id}/confirm",
                   {"client_secret": seti.client_secret,
                    "payment_method_data": card(REAL_VISA)}, key=PK)
    assert_live_card_refused(confirm)
    for numbers in (REAL_BANK, {**REAL_BANK, "institution_number": "000",
                                "transit_number": "11000"}):
        reply = call(server.url, "POST", "/v1/payment_methods", bank(numbers), key=PK,
                     headers={"Idempotency-Key": "real-bank-" + numbers["transit_number"]})
        assert reply.status == 400
    server.state.flush()
    memory_after = json.loads(json.dumps(server.state.to_json()))
    text = path.read_text(encoding="utf-8")
    file_after = json.loads(text)

    # Nothing changed at all: no PaymentMethod, event, idempotency record, fingerprint, last4.
    assert memory_after == memory_before
    assert file_after == file_before
    for tree in (memory_after, file_after):
        assert values_of(tree, "last4") == {"4242"}
        assert number_fingerprints(tree) == {testdata.fingerprint("card", "4242424242424242")}
        assert "salt" not in tree
        assert not any(v in (SK, PK) for _, v in leaves(tree))
    for secret in (REAL_VISA, REAL_BANK["account_number"]):
        assert secret not in text
        assert secret not in json.dumps(memory_after)
    # Their last digits, as a value of their own: inside a random id, a hash or a timestamp
    # the same four digits turn up by chance (this failed once on "...0366..." in an id).
    for digits in ("0366", "1746", "04512"):
        alone = re.compile(rf"(?<![0-9A-Za-z_]){digits}(?![0-9A-Za-z_])")
        assert not alone.search(text)
        assert not alone.search(json.dumps(memory_after))


def _v1_file(path: Path, salt: str, live_fp_parts: tuple[str, ...]) -> dict[str, Any]:
    """Turn the version-2 file at ``path`` into what version 1 wrote: a salt, fingerprints
    keyed with it, and (as version 1 accepted) a card that isn't a test card, last4 0366."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = 1
    data["salt"] = salt
    test_fp = testdata.fingerprint("card", "4242424242424242")
    old_test_fp = testdata.fingerprint_with(salt.encode(), "card", "4242424242424242")
    old_live_fp = testdata.fingerprint_with(salt.encode(), *live_fp_parts)
    text = json.dumps(data).replace(test_fp, old_test_fp)
    data = json.loads(text)
    (account,) = data["accounts"].values()
    live = next(o for o in account["objects"].values()
                if o.get("object") == "payment_method" and o["customer"] is None)
    live["card"] = {**live["card"], "last4": "0366", "fingerprint": old_live_fp}
    account["events"].append({"id": "evt_v1live", "object": "event", "type": "x",
                              "created": live["created"],
                              "data": {"object": json.loads(json.dumps(live))}})
    account["idempotency"]["k"] = {"fingerprint": "f" * 64, "endpoint": "POST /v1/x",
                                   "status": 200, "body": json.dumps(live), "created": 0}
    path.write_text(json.dumps(data), encoding="utf-8")
    return data


def test_old_state_file_is_upgraded_without_its_salt(tmp_path: Path,
                                                     sandbox: SandboxServer) -> None:
    path = tmp_path / "sandbox.json"
    with SandboxServer(state_path=path) as first:
        client = stripe.StripeClient(SK, base_addresses={"api": first.url},
                                     max_network_retries=0)
        cus = client.v1.customers.create(params={"name": "Old data"})
        kept = call(first.url, "POST", "/v1/payment_methods", card("4242424242424242"),
                    key=PK).body
        client.v1.payment_methods.attach(kept["id"], params={"customer": cus.id})
        other = call(first.url, "POST", "/v1/payment_methods", card("4000056655665556"),
                     key=PK).body
    salt = "0123456789abcdef0123456789abcdef"
    _v1_file(path, salt, ("card", REAL_VISA))
    old_live_fp = testdata.fingerprint_with(salt.encode(), "card", REAL_VISA)

    with SandboxServer(state_path=path) as second:
        # Written back at once, before any request: the salt is gone from the disk.
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        assert data["version"] == STATE_VERSION == 3
        assert "salt" not in data
        assert salt not in text
        assert old_live_fp not in text
        assert not re.search(r'"last4":\s*"0366"', text)
        (account,) = data["accounts"].values()
        assert account["idempotency"] == {}
        assert values_of(data, "last4") == {"4242", "0000"}
        # The saved test card kept working, with the fingerprint a new one would get.
        client = stripe.StripeClient(SK, base_addresses={"api": second.url},
                                     max_network_retries=0)
        again = client.v1.payment_methods.retrieve(kept["id"])
        assert again.customer == cus.id
        assert again.card is not None
        assert again.card.fingerprint == testdata.fingerprint("card", "4242424242424242")
        fresh = call(second.url, "POST", "/v1/payment_methods", card("4242424242424242"),
                     key=PK).body
        assert fresh["card"]["fingerprint"] == again.card.fingerprint
        # The non-test card is kept (so nothing pointing at it breaks) but scrubbed.
        scrubbed = client.v1.payment_methods.retrieve(other["id"])
        assert scrubbed.card is not None
        assert scrubbed.card.last4 == "0000"
        assert scrubbed.card.fingerprint not in (old_live_fp, fresh["card"]["fingerprint"])
        event = account["events"][-1]["data"]["object"]["card"]
        assert event["last4"] == "0000"
        assert event["fingerprint"] == scrubbed.card.fingerprint
