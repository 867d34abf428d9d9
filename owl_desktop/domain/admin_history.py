"""The clinic administrator's history: what each row records, in a shape the desk can word in
English and French (the services write it, ``ui/autopay/history_view.py`` reads it).

A row's ``detail`` is JSON (like the billing rows of the client's trail): a refund names its
amount, invoice, client and reason; a change to Settings → Payments names each changed field
with its old and new value; a refused passphrase names what it was for. Rows written before
the details became JSON hold plain text, shown as they are.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class AdminEntry:
    """One row: when, who (the OS user), at which desk, what (``AdminAction``), detail."""

    id: int
    at: datetime
    actor: str
    desk: str
    action: str
    detail: str


class AdminAction:
    """Codes in the administrator's history; the desk shows each as a sentence."""

    PASSPHRASE_SET = "passphrase_set"  # noqa: S105 - an action code, not a secret
    PASSPHRASE_CHANGED = "passphrase_changed"  # noqa: S105 - an action code
    # Cleared with ``owl-desktop reset-admin-passphrase`` (forgotten): the next use sets one.
    PASSPHRASE_RESET = "passphrase_reset"  # noqa: S105 - an action code
    REFUSED = "passphrase_refused"
    REFUND = "refund"
    PAYMENT_SETTINGS = "payment_settings"


def refund_detail(*, payment_intent_id: str, amount_cents: int, currency: str,
                  reason: str, note: str = "", invoice: str = "", client: str = "") -> str:
    """A refund: ``reason`` is Stripe's code (``requested_by_customer``, ``duplicate``,
    ``fraudulent`` or ""), ``note`` staff's own words."""
    found: dict[str, Any] = {"payment_intent": payment_intent_id, "amount_cents": amount_cents,
                             "currency": currency.upper(), "reason": reason}
    for name, value in (("note", note), ("invoice", invoice), ("client", client)):
        if value:
            found[name] = value
    return json.dumps(found, sort_keys=True, ensure_ascii=False)


def settings_detail(changed: Mapping[str, tuple[Any, Any]]) -> str:
    """Settings → Payments saved: ``{field: (before, after)}`` for each field that changed
    (an empty mapping: saved with no change)."""
    return json.dumps({"changes": {name: [before, after]
                                   for name, (before, after) in changed.items()}},
                      sort_keys=True, ensure_ascii=False)


def refused_detail(action: str) -> str:
    """A wrong passphrase: what it was typed for (one of the codes above)."""
    return json.dumps({"for": action}, sort_keys=True)


def reset_detail(command: str) -> str:
    return json.dumps({"command": command}, sort_keys=True)


def parse_detail(detail: str) -> dict[str, Any]:
    """The JSON detail of a row, or ``{}`` (an older row in plain text, or none)."""
    if not detail.startswith("{"):
        return {}
    try:
        found = json.loads(detail)
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def refused_for(detail: str) -> str:
    """What a refused passphrase was for: from the JSON, or an older row's bare code."""
    return str(parse_detail(detail).get("for", "")) or detail
