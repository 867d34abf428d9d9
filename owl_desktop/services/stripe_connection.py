"""Connecting the clinic's Stripe account: check a pair of keys, save them, switch, disconnect.

Qt-free: the Settings → Stripe dialog runs :meth:`StripeConnectionService.check_keys` off the
UI thread and maps the returned problem codes to translated sentences.

Where things live
    * publishable key, account id, mode, key kind: the ``settings`` table (shared by every desk)
    * the secret (``sk_``/``rk_``) key: this desk's OS keyring only (:mod:`owl_desktop.secrets`),
      filed under ``<account id>/<test|live>`` so it can never be paired with another account

How the keys are checked (all against Stripe, through the gateway)
    1. Format, locally: each key has the right prefix; both are of the same mode.
    2. The secret key's account: ``GET /v1/account``. Stripe offers restricted keys no
       permission for that endpoint, but its 403 names the account, which the gateway reads.
       401 ``api_key_expired`` means revoked/expired; any other 401 means unknown key.
    3. Each permission the app needs (restricted keys only; a full ``sk_`` key has them all):
       a request on an id that can't exist, which Stripe answers 404 when the key may use the
       endpoint and 403 (naming the ``rak_`` permission) when not. Nothing is created or
       changed. Stripe's docs don't spell out that permission is checked before existence;
       every observed refusal (and the sandbox) does so, and a wrong guess would only show up
       later as the gateway's own ``PermissionMissing`` naming the permission.
    4. The publishable key belongs to the same account: Stripe has no public endpoint that a
       publishable key may call and that names the account without creating something. So
       the gateway creates one SetupIntent with no customer and no payment method (it can
       never move money), reads it back with the publishable key (as Stripe.js does, with its
       client secret: 404 from another account), and cancels it at once.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.domain.stripe_records import StripeAccount
from owl_desktop.errors import UserFacingError
from owl_desktop.payments.errors import InvalidApiKey, PaymentError
from owl_desktop.payments.gateway import AppPermission, KeyCheckGateway, PublishableKeyStatus
from owl_desktop.secrets import KeyringUnavailable, SecretStore
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

Mode = Literal["sandbox", "test", "live", "not_connected"]
KeyKind = Literal["restricted", "secret"]

#: What the app does with Stripe, as restricted-key permissions (docs/stripe-keys.md).
REQUIRED_PERMISSIONS: tuple[AppPermission, ...] = (
    "customers_write", "setup_intents_write", "payment_methods_write",
    "payment_intents_write", "mandates_read", "events_read", "refunds_write",
)

ProblemCode = Literal[
    "publishable_missing",          # the publishable field is empty
    "secret_missing",               # the secret field is empty
    "publishable_malformed",        # not a pk_test_/pk_live_ key
    "secret_malformed",             # not an sk_/rk_ key
    "secret_in_publishable_field",  # an sk_/rk_ key typed where the pk_ goes (never saved)
    "publishable_in_secret_field",  # a pk_ key typed where the secret goes
    "modes_differ",                 # one test key, one live key
    "accounts_differ",              # the keys belong to different Stripe accounts
    "secret_revoked",               # Stripe: expired or revoked (roll/delete in Dashboard)
    "secret_invalid",               # Stripe doesn't know this key
    "publishable_revoked",
    "publishable_invalid",
    "permission_missing",           # ``permission`` names it
    "stripe_unreachable",           # network down, timeout, Stripe 5xx or 429
    "check_failed",                 # Stripe refused a check request for another reason
]

_PAIRING_PROBLEMS: dict[PublishableKeyStatus, ProblemCode] = {
    "other_account": "accounts_differ", "revoked": "publishable_revoked",
    "invalid": "publishable_invalid", "same_account": "accounts_differ",  # never looked up
}

_KEY = re.compile(r"^(pk|sk|rk)_(test|live)_[A-Za-z0-9]{8,247}$")

# Settings keys (namespace "settings"). Never the secret.
SETTING_PUBLISHABLE_KEY = "stripe.publishable_key"
SETTING_ACCOUNT_ID = "stripe.account_id"
SETTING_ACCOUNT_NAME = "stripe.account_name"
SETTING_LIVEMODE = "stripe.livemode"
SETTING_KEY_KIND = "stripe.secret_key_kind"
SETTING_CONNECTED_AT = "stripe.connected_at"
# Kept by disconnect(), so reconnecting tells "same account again" from "another account".
SETTING_PREVIOUS_ACCOUNT_ID = "stripe.previous_account_id"
SETTING_PREVIOUS_LIVEMODE = "stripe.previous_livemode"
_ALL_SETTINGS = (SETTING_PUBLISHABLE_KEY, SETTING_ACCOUNT_ID, SETTING_ACCOUNT_NAME,
                 SETTING_LIVEMODE, SETTING_KEY_KIND, SETTING_CONNECTED_AT)


@dataclass(frozen=True)
class KeyProblem:
    code: ProblemCode
    permission: AppPermission | None = None


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ConnectionCheck:
    """The outcome of :meth:`StripeConnectionService.check_keys`. Holds no secret."""

    problems: tuple[KeyProblem, ...]
    publishable_key: str = ""
    livemode: bool | None = None
    account_id: str | None = None
    account_name: str = ""
    key_kind: KeyKind | None = None
    secret_digest: str = field(default="", repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def mode(self) -> Literal["test", "live"] | None:
        return None if self.livemode is None else ("live" if self.livemode else "test")

    @property
    def missing_permissions(self) -> tuple[AppPermission, ...]:
        return tuple(p.permission for p in self.problems if p.permission is not None)


@dataclass(frozen=True)
class SwitchImpact:
    """What connecting a checked pair would undo; the UI asks before going ahead."""

    previous_account_id: str | None
    previous_mode: Literal["test", "live"] | None
    new_account_id: str
    new_mode: Literal["test", "live"]
    linked_clients: int
    cached_payment_methods: int
    pending_changes: int

    @property
    def changes_account_or_mode(self) -> bool:
        return self.previous_mode is not None and (
            self.previous_account_id != self.new_account_id
            or self.previous_mode != self.new_mode)

    @property
    def needs_confirmation(self) -> bool:
        return (self.changes_account_or_mode or self.linked_clients > 0
                or self.cached_payment_methods > 0)


@dataclass(frozen=True)
class ConnectionStatus:
    mode: Mode
    account_id: str | None = None
    account_name: str = ""
    publishable_key: str = ""
    key_kind: KeyKind | None = None
    #: True/False: whether this desk's keyring holds the secret; None: keyring unusable.
    secret_on_this_desk: bool | None = None


@dataclass(frozen=True)
class StripeCredentials:
    """What the composition root needs to build a gateway and the entry page."""

    publishable_key: str
    account_id: str
    livemode: bool
    secret_key: str = field(repr=False)


class SwitchNotConfirmed(UserFacingError):  # noqa: N818 - reads as a sentence
    """Connecting would unlink clients from another account or mode; ask first."""

    def __init__(self, impact: SwitchImpact) -> None:
        super().__init__(
            "Connecting these keys unlinks every client from the previous Stripe account "
            "or mode. Confirm to continue.")
        self.impact = impact


class SecretNotOnThisDesk(UserFacingError):  # noqa: N818 - reads as a sentence
    def __init__(self) -> None:
        super().__init__(
            "Stripe is connected, but its secret key isn't saved on this computer.",
            hint="An administrator should open Settings → Stripe on this computer and enter "
                 "the secret key again.")


def account_ref(account_id: str, livemode: bool) -> str:
    """The keyring entry name for an account and mode."""
    return f"{account_id}/{'live' if livemode else 'test'}"


def _kind(key: str) -> tuple[str, str] | None:
    m = _KEY.match(key)
    return (m.group(1), m.group(2)) if m else None


def format_problems(publishable: str, secret: str) -> tuple[KeyProblem, ...]:
    """Local checks only: emptiness, prefixes, mode agreement."""
    problems: list[KeyProblem] = []
    pk, sk = _kind(publishable), _kind(secret)
    if not publishable:
        problems.append(KeyProblem("publishable_missing"))
    elif pk is not None and pk[0] in ("sk", "rk"):
        problems.append(KeyProblem("secret_in_publishable_field"))
    elif pk is None or pk[0] != "pk":
        problems.append(KeyProblem("publishable_malformed"))
    if not secret:
        problems.append(KeyProblem("secret_missing"))
    elif sk is not None and sk[0] == "pk":
        problems.append(KeyProblem("publishable_in_secret_field"))
    elif sk is None:
        problems.append(KeyProblem("secret_malformed"))
    if not problems and pk is not None and sk is not None and pk[1] != sk[1]:
        problems.append(KeyProblem("modes_differ"))
    return tuple(problems)


class StripeConnectionService:
    """Use cases of Settings → Stripe. ``make_gateway(secret_key)`` builds a gateway for a
    candidate key (the composition root passes ``StripeGateway(key, api_base=...)``)."""

    def __init__(self, uow: UnitOfWorkFactory, secrets: SecretStore,
                 make_gateway: Callable[[str], KeyCheckGateway], *, sandbox: bool = False,
                 sandbox_credentials: StripeCredentials | None = None,
                 clock: Clock = utc_now) -> None:
        """``sandbox_credentials``: in sandbox mode, the Stripe double's made-up test keys,
        used as the connection (never stored: they are not secrets)."""
        self._uow = uow
        self._secrets = secrets
        self._make_gateway = make_gateway
        self._sandbox = sandbox or sandbox_credentials is not None
        self._sandbox_credentials = sandbox_credentials
        self._clock = clock

    # Reading ---------------------------------------------------------------------------

    def current_mode(self) -> Mode:
        if self._sandbox:
            return "sandbox"
        with self._uow() as uow:
            if not uow.settings.get(SETTING_PUBLISHABLE_KEY):
                return "not_connected"
            return "live" if uow.settings.get(SETTING_LIVEMODE) == "true" else "test"

    def status(self) -> ConnectionStatus:
        if self._sandbox_credentials is not None:
            return ConnectionStatus(mode="sandbox",
                                    account_id=self._sandbox_credentials.account_id,
                                    publishable_key=self._sandbox_credentials.publishable_key,
                                    key_kind="secret", secret_on_this_desk=True)
        with self._uow() as uow:
            values = {k: uow.settings.get(k) or "" for k in _ALL_SETTINGS}
        if not values[SETTING_PUBLISHABLE_KEY]:
            return ConnectionStatus(mode="sandbox" if self._sandbox else "not_connected")
        livemode = values[SETTING_LIVEMODE] == "true"
        account_id = values[SETTING_ACCOUNT_ID]
        try:
            on_desk: bool | None = self._secrets.get_secret_key(
                account_ref(account_id, livemode)) is not None
        except KeyringUnavailable:
            on_desk = None
        kind = values[SETTING_KEY_KIND]
        return ConnectionStatus(
            mode="sandbox" if self._sandbox else ("live" if livemode else "test"),
            account_id=account_id, account_name=values[SETTING_ACCOUNT_NAME],
            publishable_key=values[SETTING_PUBLISHABLE_KEY],
            key_kind="restricted" if kind == "restricted" else "secret" if kind else None,
            secret_on_this_desk=on_desk)

    def publishable_key(self) -> str:
        """The connected publishable key ("" when none), from settings only: never the
        keyring, so the UI thread may ask."""
        if self._sandbox_credentials is not None:
            return self._sandbox_credentials.publishable_key
        with self._uow() as uow:
            return uow.settings.get(SETTING_PUBLISHABLE_KEY) or ""

    def credentials(self) -> StripeCredentials | None:
        """The connected keys, or ``None`` when not connected. Reads the keyring: raises
        ``KeyringUnavailable`` or ``SecretNotOnThisDesk`` when the secret can't be had."""
        if self._sandbox_credentials is not None:
            return self._sandbox_credentials
        with self._uow() as uow:
            publishable = uow.settings.get(SETTING_PUBLISHABLE_KEY) or ""
            account_id = uow.settings.get(SETTING_ACCOUNT_ID) or ""
            livemode = uow.settings.get(SETTING_LIVEMODE) == "true"
        if not publishable:
            return None
        secret = self._secrets.get_secret_key(account_ref(account_id, livemode))
        if secret is None:
            raise SecretNotOnThisDesk()
        return StripeCredentials(publishable, account_id, livemode, secret)

    # Checking --------------------------------------------------------------------------

    def check_keys(self, publishable: str, secret: str) -> ConnectionCheck:
        """Check a pair of keys against Stripe. Blocking (network): run it off the UI thread.
        Never raises for a bad key: every problem comes back as a code."""
        publishable, secret = publishable.strip(), secret.strip()
        problems = format_problems(publishable, secret)
        if problems:
            return ConnectionCheck(problems, publishable)
        livemode = secret.split("_", 2)[1] == "live"
        kind: KeyKind = "restricted" if secret.startswith("rk_") else "secret"
        checked = ConnectionCheck((), publishable, livemode, key_kind=kind,
                                  secret_digest=_digest(secret))
        gateway = self._make_gateway(secret)
        found: list[KeyProblem] = []
        try:
            account = gateway.identify_account()
            missing: set[AppPermission] = set()
            if kind == "restricted":
                for permission in REQUIRED_PERMISSIONS:
                    if not gateway.has_permission(permission):
                        missing.add(permission)
                        found.append(KeyProblem("permission_missing", permission))
            # The pairing check needs a SetupIntent; without that permission it can't run
            # (and the missing permission is already reported).
            if "setup_intents_write" not in missing:
                pairing = gateway.check_publishable_key(publishable)
                if pairing != "same_account":
                    found.insert(0, KeyProblem(_PAIRING_PROBLEMS[pairing]))
        except InvalidApiKey as error:
            code: ProblemCode = ("secret_revoked" if error.stripe_code == "api_key_expired"
                                 else "secret_invalid")
            return replace(checked, problems=(KeyProblem(code),))
        except PaymentError as error:
            log.warning("stripe key check could not finish: %s %s", type(error).__name__,
                        error.detail)
            code = ("stripe_unreachable" if error.retryable else "check_failed")
            return replace(checked, problems=(KeyProblem(code),))
        # A restricted key whose account Stripe wouldn't name: its publishable key stands in
        # as the account's identity (it is public, and unique to one account and mode).
        account_id = account.id or f"pk:{publishable}"
        log.info("stripe keys checked: account=%s mode=%s kind=%s problems=%s", account_id,
                 "live" if livemode else "test", kind, [p.code for p in found])
        return replace(checked, problems=tuple(found), account_id=account_id,
                       account_name=account.display_name)

    # Connecting ------------------------------------------------------------------------

    def switch_impact(self, check: ConnectionCheck) -> SwitchImpact:
        """What connecting ``check``'s account would unlink (no changes made)."""
        account_id, livemode = self._target(check)
        with self._uow() as uow:
            return self._impact(uow, account_id, livemode)

    def connect(self, check: ConnectionCheck, secret: str, *,
                confirm_unlink: bool = False) -> ConnectionStatus:
        """Save a checked pair: the secret in the keyring, the rest in settings.

        Raises ``SwitchNotConfirmed`` when clients are linked to another account or mode and
        ``confirm_unlink`` is false; with it, unlinks them in the same transaction. Raises
        ``KeyringUnavailable`` (and saves nothing) when the keyring can't hold the secret.
        """
        secret = secret.strip()
        if not check.ok:
            raise ValueError("connect() needs a check without problems")
        if _digest(secret) != check.secret_digest:
            raise ValueError("the secret differs from the one checked")
        account_id, livemode = self._target(check)
        ref = account_ref(account_id, livemode)
        with self._uow() as uow:
            impact = self._impact(uow, account_id, livemode)
            previous_ref = (account_ref(impact.previous_account_id, impact.previous_mode == "live")
                            if impact.previous_account_id else None)
        if impact.needs_confirmation and not confirm_unlink:
            raise SwitchNotConfirmed(impact)
        # Keyring first: if it refuses, nothing at all changes.
        self._secrets.set_secret_key(ref, secret)
        try:
            with self._uow(write=True) as uow:
                if impact.needs_confirmation:
                    self._unlink(uow, StripeAccount(account_id, livemode),
                                 new_account=impact.changes_account_or_mode
                                 or impact.previous_mode is None)
                uow.settings.delete(SETTING_PREVIOUS_ACCOUNT_ID)
                uow.settings.delete(SETTING_PREVIOUS_LIVEMODE)
                uow.settings.set(SETTING_PUBLISHABLE_KEY, check.publishable_key)
                uow.settings.set(SETTING_ACCOUNT_ID, account_id)
                uow.settings.set(SETTING_ACCOUNT_NAME, check.account_name)
                uow.settings.set(SETTING_LIVEMODE, "true" if livemode else "false")
                uow.settings.set(SETTING_KEY_KIND, check.key_kind or "secret")
                uow.settings.set(SETTING_CONNECTED_AT, self._clock().isoformat())
                uow.commit()
        except Exception:
            if previous_ref != ref:
                self._secrets.delete_secret_key(ref)
            raise
        if previous_ref is not None and previous_ref != ref:
            self._forget_secret(previous_ref)
        log.info("stripe connected: account=%s mode=%s kind=%s", account_id,
                 "live" if livemode else "test", check.key_kind)
        return self.status()

    def disconnect(self) -> bool:
        """Forget the connection and remove this desk's secret. Client links are kept (a
        reconnect to the same account reuses them; another account unlinks them). Returns
        whether a secret was removed from the keyring."""
        with self._uow(write=True) as uow:
            account_id = uow.settings.get(SETTING_ACCOUNT_ID)
            livemode = uow.settings.get(SETTING_LIVEMODE) == "true"
            for key in _ALL_SETTINGS:
                uow.settings.delete(key)
            if account_id:
                uow.settings.set(SETTING_PREVIOUS_ACCOUNT_ID, account_id)
                uow.settings.set(SETTING_PREVIOUS_LIVEMODE, "true" if livemode else "false")
            uow.commit()
        removed = False
        if account_id:
            removed = self._forget_secret(account_ref(account_id, livemode))
        log.info("stripe disconnected (secret removed from keyring: %s)", removed)
        return removed

    # Internals -------------------------------------------------------------------------

    def _forget_secret(self, ref: str) -> bool:
        try:
            return self._secrets.delete_secret_key(ref)
        except KeyringUnavailable:
            # Nothing we can reach is left there; the settings no longer point at it.
            log.warning("keyring unusable while removing the stripe secret for %s", ref)
            return False

    @staticmethod
    def _target(check: ConnectionCheck) -> tuple[str, bool]:
        if check.account_id is None or check.livemode is None:
            raise ValueError("the check did not identify an account")
        return check.account_id, check.livemode

    @staticmethod
    def _previous(uow: UnitOfWork) -> tuple[str | None, Literal["test", "live"] | None]:
        """The account and mode connected now, or last (before a disconnect)."""
        for account_key, livemode_key in ((SETTING_ACCOUNT_ID, SETTING_LIVEMODE),
                                          (SETTING_PREVIOUS_ACCOUNT_ID,
                                           SETTING_PREVIOUS_LIVEMODE)):
            account = uow.settings.get(account_key) or None
            if account is not None:
                return account, "live" if uow.settings.get(livemode_key) == "true" else "test"
        return None, None

    def _impact(self, uow: UnitOfWork, account_id: str, livemode: bool) -> SwitchImpact:
        prev_account, prev_mode = self._previous(uow)
        mode: Literal["test", "live"] = "live" if livemode else "test"
        target = StripeAccount(account_id, livemode)
        clients = uow.customer_links.count_foreign(target)
        methods = uow.payment_methods.count_outside(uow.customer_links.linked_to(target),
                                                    livemode)
        switching = prev_mode is not None and (prev_account, prev_mode) != (account_id, mode)
        pending = uow.outbox.count_waiting() + uow.outbox.count_failed() if (
            switching or clients) else 0
        return SwitchImpact(prev_account, prev_mode, account_id, mode, clients, methods,
                            pending)

    def _unlink(self, uow: UnitOfWork, account: StripeAccount, *, new_account: bool) -> None:
        """Cut every link to another account or mode (a link with no recorded account too:
        nothing proves it is this one's), drop the cached methods of those clients, and, for
        a new account or mode, its queued Stripe changes and the sync bookkeeping (event
        cursor, setups in flight, re-reads asked), so the sync starts afresh (a full
        reconcile) on the new account."""
        now = self._clock()
        methods = uow.payment_methods.forget_outside(uow.customer_links.linked_to(account),
                                                     account.livemode)
        clients = uow.customer_links.unlink_foreign(account)
        discarded = 0
        if new_account:  # nothing queued still applies
            for entry in uow.outbox.open_entries():
                uow.outbox.discard(entry.id, now)
                discarded += 1
            uow.sync_cursor.reset()
            uow.pending_setups.clear()
            uow.reconcile_requests.clear()
        log.info("stripe switch: unlinked %d clients, dropped %d cached payment methods and "
                 "%d queued changes", clients, methods, discarded)
