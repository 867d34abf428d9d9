"""API keys: which keys the double accepts, which account they belong to, what they may do.

By default any well-formed test key works and everything lives in one default account (so a test
or a trial user can pick their own ``sk_test_...``). Given :class:`SandboxKeys`, only the listed
keys work, restricted keys carry per-resource permissions, and revoked keys get Stripe's
"Expired API Key" answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from owl_desktop.sandbox.errors import StripeApiError

DEFAULT_ACCOUNT_ID = "acct_1OwlSandbox000000"
KeyKind = Literal["secret", "restricted", "publishable"]
# Stripe's keys are letters and digits after the prefix; underscores are tolerated so that
# readable made-up keys (``sk_test_owl_demo``) work too.
_WELL_FORMED = re.compile(r"^(sk|rk|pk)_(test|live)_[A-Za-z0-9_]{1,247}$")
_KIND: dict[str, KeyKind] = {"sk": "secret", "rk": "restricted", "pk": "publishable"}


@dataclass(frozen=True)
class SandboxAccount:
    """One Stripe account of the double and the keys that reach it.

    ``restricted_keys`` maps a ``rk_test_...`` key to its permissions: resource name (plural, as in
    :data:`RESOURCES`) -> ``"read"`` or ``"write"`` (write implies read; absent means none).
    """

    id: str
    secret_keys: list[str] = field(default_factory=list)
    publishable_keys: list[str] = field(default_factory=list)
    restricted_keys: dict[str, dict[str, str]] = field(default_factory=dict)
    revoked_keys: list[str] = field(default_factory=list)
    email: str = "sandbox@owl-desktop.invalid"
    country: str = "CA"


@dataclass(frozen=True)
class SandboxKeys:
    """The accounts (and so the keys) the double accepts; ``None`` elsewhere means any test key."""

    accounts: list[SandboxAccount]


@dataclass(frozen=True)
class Caller:
    """Who is calling: the key's kind, its account, and (restricted keys) its permissions."""

    key: str
    kind: KeyKind
    account_id: str
    permissions: dict[str, str] | None  # None: full access


# Stripe's restricted-key permission names per resource (rak_<name>_<read|write>).
RESOURCES: dict[str, str] = {
    "customers": "customer",
    "payment_methods": "payment_method",
    "setup_intents": "setup_intent",
    "payment_intents": "payment_intent",
    "mandates": "mandate",
    "events": "event",
    "account": "account",
    "refunds": "refund",
}


def redact(key: str) -> str:
    """Stripe shows a key as its prefix, asterisks and its last 4 characters."""
    m = re.match(r"^((?:sk|rk|pk)_(?:test|live)_)(.*)$", key)
    if not m or len(m.group(2)) <= 4:
        return key[:8] + "*" * max(0, len(key) - 8)
    rest = m.group(2)
    return m.group(1) + "*" * (len(rest) - 4) + rest[-4:]


def no_key_error() -> StripeApiError:
    return StripeApiError(
        401,
        "You did not provide an API key. You need to provide your API key in the Authorization "
        "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See "
        "https://stripe.com/docs/api#authentication for details, or we can help at "
        "https://support.stripe.com/.", saved=False)


def invalid_key_error(key: str) -> StripeApiError:
    return StripeApiError(401, f"Invalid API Key provided: {redact(key)}", saved=False)


def expired_key_error(key: str) -> StripeApiError:
    return StripeApiError(401, f"Expired API Key provided: {redact(key)}",
                          code="api_key_expired", saved=False)


def resolve(key: str | None, keys: SandboxKeys | None) -> Caller:
    """Map a presented key to a :class:`Caller`, or raise Stripe's 401."""
    if not key:
        raise no_key_error()
    m = _WELL_FORMED.match(key)
    if not m or m.group(2) != "test":
        raise invalid_key_error(key)
    kind = _KIND[m.group(1)]
    if keys is None:
        return Caller(key, kind, DEFAULT_ACCOUNT_ID, None)
    for account in keys.accounts:
        if key in account.revoked_keys:
            raise expired_key_error(key)
        if key in account.secret_keys:
            return Caller(key, "secret", account.id, None)
        if key in account.publishable_keys:
            return Caller(key, "publishable", account.id, None)
        if key in account.restricted_keys:
            return Caller(key, "restricted", account.id, dict(account.restricted_keys[key]))
    raise invalid_key_error(key)


def require(caller: Caller, resource: str, access: str) -> None:
    """Refuse a restricted key lacking ``access`` ("read"/"write") on ``resource`` with a 403."""
    if caller.permissions is None:
        return
    have = caller.permissions.get(resource, "none")
    if have == "write" or (have == "read" and access == "read"):
        return
    name = RESOURCES.get(resource, resource.rstrip("s"))
    raise StripeApiError(
        403,
        f"The provided key '{redact(caller.key)}' does not have the required permissions for "
        f"this endpoint on account '{caller.account_id}'. Having the 'rak_{name}_{access}' "
        "permission would allow this request to continue.", saved=False)


def publishable_refused() -> StripeApiError:
    return StripeApiError(
        401,
        "This API call cannot be made with a publishable API key. Please use a secret API key. "
        "You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.",
        saved=False)


def keys_from_json(data: dict[str, object]) -> SandboxKeys:
    """``{"accounts": [{"id", "secret_keys", "publishable_keys", "restricted_keys",
    "revoked_keys", "email", "country"}]}`` (as in a ``--keys`` file) to :class:`SandboxKeys`."""
    accounts = data.get("accounts")
    if not isinstance(accounts, list) or not accounts:
        raise ValueError("a keys file needs a non-empty 'accounts' list")
    fields = set(SandboxAccount.__dataclass_fields__)
    out = []
    for raw in accounts:
        if not isinstance(raw, dict) or "id" not in raw:
            raise ValueError("each account needs an 'id'")
        unknown = set(raw) - fields
        if unknown:
            raise ValueError(f"unknown account fields: {sorted(unknown)}")
        out.append(SandboxAccount(**raw))
    return SandboxKeys(accounts=out)
