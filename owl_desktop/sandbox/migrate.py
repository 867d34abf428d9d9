"""Upgrading older state files: version 1 (a salt beside fingerprints and last4) and version 2
(objects shaped before the double matched 2026-10-28.endive property by property).

Version 2 -> 3 (:func:`upgrade_v2`): SetupIntents and PaymentIntents gain
``allowed_payment_method_types`` (null: the caller's list wasn't kept), PaymentIntents
``payment_record`` (null), ``mandate_options.custom_mandate_url: null`` is dropped (Stripe omits
it), and ``setup_intent.updated`` events, which Stripe never sends, are dropped; in objects,
event payloads and idempotent replays alike.

Version 1 -> 2:

Version 1 kept ``salt`` in the same JSON as the HMAC fingerprints and last 4 digits of every
payment method, and accepted any Luhn-valid card or 7-12-digit bank account: a real number
typed in sandbox mode could be recovered from the file (BIN + last4 + salt + fingerprint is a
small search). Version 2 keeps no salt and accepts only Stripe's public test numbers.

The upgrade, done once when such a file is loaded (and written back at once):

- every fingerprint made from a test number (recomputed under the old salt) is replaced by its
  version-2 fingerprint, so saved test cards and accounts keep working unchanged;
- every other card or bank account detail (wherever it appears: the PaymentMethod, event
  payloads, charges) is scrubbed in place: ``last4`` becomes ``"0000"`` and the fingerprint a
  random value unrelated to the number. The objects are kept, not dropped, so customers, intents
  and mandates that point at them still load; their outcome is unchanged;
- the salt and every idempotency record are dropped (a record keeps an unsalted hash of the
  request's parameters, which held the number; records expire after 24 hours anyway).
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from owl_desktop.sandbox import testdata

SCRUBBED_LAST4 = "0000"


def _test_fingerprints(salt: str) -> dict[str, str]:
    """Version-1 fingerprint of every test number -> its version-2 fingerprint."""
    key = salt.encode()
    parts: list[tuple[str, ...]] = [("card", n) for n in testdata.CARDS]
    parts += [("acss", testdata.PAD_INSTITUTION, testdata.PAD_TRANSIT, a)
              for a in testdata.PAD_ACCOUNTS]
    parts += [("acss-token", t) for t in testdata.PAD_TOKENS]
    return {testdata.fingerprint_with(key, *p): testdata.fingerprint(*p) for p in parts}


def _walk(node: Any, known: dict[str, str], scrubbed: dict[str, str]) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, known, scrubbed)
        return
    if not isinstance(node, dict):
        return
    old = node.get("fingerprint")
    if "last4" in node and isinstance(old, str):
        if old in known:
            node["fingerprint"] = known[old]
        else:
            # The same unknown number gets the same random fingerprint everywhere it appears.
            node["fingerprint"] = scrubbed.setdefault(
                old, testdata.fingerprint_with(secrets.token_bytes(32), "scrubbed"))
            node["last4"] = SCRUBBED_LAST4
    for value in node.values():
        _walk(value, known, scrubbed)


def upgrade_v1(data: dict[str, Any]) -> int:
    """Upgrade a version-1 state dict in place to version 2; return how many distinct
    non-test numbers were scrubbed."""
    known = _test_fingerprints(str(data.get("salt") or ""))
    scrubbed: dict[str, str] = {}
    for account in (data.get("accounts") or {}).values():
        account["idempotency"] = {}
        for part in ("objects", "events", "tasks"):
            _walk(account.get(part), known, scrubbed)
    data.pop("salt", None)
    data["version"] = 2
    return len(scrubbed)


def _endive_shape(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _endive_shape(item)
        return
    if not isinstance(node, dict):
        return
    if node.get("object") in ("setup_intent", "payment_intent"):
        node.setdefault("allowed_payment_method_types", None)
    if node.get("object") == "payment_intent":
        node.setdefault("payment_record", None)
    options = node.get("mandate_options")
    if isinstance(options, dict) and "custom_mandate_url" in options and \
            options["custom_mandate_url"] is None:
        del options["custom_mandate_url"]
    for value in node.values():
        _endive_shape(value)


def upgrade_v2(data: dict[str, Any]) -> None:
    """Upgrade a version-2 state dict in place to version 3."""
    for account in (data.get("accounts") or {}).values():
        account["events"] = [e for e in account.get("events") or []
                             if e.get("type") != "setup_intent.updated"]
        for part in ("objects", "events"):
            _endive_shape(account.get(part))
        for record in (account.get("idempotency") or {}).values():
            try:
                body = json.loads(record["body"])
            except (KeyError, TypeError, ValueError):
                continue
            _endive_shape(body)
            record["body"] = json.dumps(body, indent=2)
    data["version"] = 3
