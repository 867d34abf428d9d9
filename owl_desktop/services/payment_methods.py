"""A client's saved payment methods: list, add (through a SetupIntent), set default, remove.

Reading never touches the network. Adding needs Stripe (the card or bank details go straight
from Stripe's fields to Stripe); offline it refuses up front and leaves nothing half-done.
Setting the default and removing apply locally at once and reach Stripe through the outbox,
written in the same transaction, so they work offline and survive crashes.
Every add, removal and default change is written to the audit trail in that transaction too.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from owl_desktop.core.audit import record_method_change
from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.core.setups import (
    apply_default,
    new_setup_key,
    record_setup_outcome,
    verification_of,
)
from owl_desktop.domain.audit import Workstation, by_payload
from owl_desktop.domain.outbox import KIND_DETACH, KIND_SET_DEFAULT
from owl_desktop.domain.payment_methods import (
    PENDING_VERIFICATION,
    REMOVED,
    AuditAction,
    StoredPaymentMethod,
    duplicate_on_file,
)
from owl_desktop.errors import NotFoundError, UserFacingError
from owl_desktop.payments.errors import (
    PaymentError,
    RateLimited,
    StripeRequestError,
    StripeUnavailable,
)
from owl_desktop.payments.gateway import (
    BankVerification,
    PaymentGateway,
    PaymentMethodType,
    SetupIntentInfo,
)
from owl_desktop.services.audit import WorkstationProvider, this_workstation
from owl_desktop.services.customers import CustomerService, NeedsInternet, not_connected
from owl_desktop.store.pending_setups_repo import PendingSetup
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


class BankAccountNeedsEmail(UserFacingError):  # noqa: N818 - reads as a sentence
    code = "bank_needs_email"


class SetupNotCompleted(UserFacingError):  # noqa: N818 - reads as a sentence
    """The SetupIntent didn't end with a saved method (cancelled, declined, abandoned).

    ``status`` is Stripe's SetupIntent status; ``stripe_code`` its last error code, if any.
    """

    code = "setup_not_completed"

    def __init__(self, message: str, *, status: str, stripe_code: str | None = None,
                 hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.status = status
        self.stripe_code = stripe_code


class SetupOfAnotherClient(SetupNotCompleted):
    """The SetupIntent id given is another client's (a portal request with a foreign id)."""


class NotADuplicate(UserFacingError):  # noqa: N818 - reads as a sentence
    """Keeping only the method on file was asked, but it no longer is on file (removed at
    another desk meanwhile): the new one stays."""

    code = "not_a_duplicate"


class MethodNotUsable(UserFacingError):  # noqa: N818 - reads as a sentence
    """Staff tried to make an expired, pending or removed method the default."""

    code = "method_not_usable"


@dataclass(frozen=True)
class DefaultChoice:
    """The new default, and whether Stripe has it yet (False: queued for the sync)."""

    method: StoredPaymentMethod
    reached_stripe: bool


def _needs_internet(action: str, error: StripeUnavailable) -> NeedsInternet:
    return NeedsInternet(f"{action} needs an internet connection to Stripe.",
                         hint="Check the connection and try again. Nothing was changed.",
                         detail=error.detail)


class PaymentMethodService:
    def __init__(self, uow: UnitOfWorkFactory, gateway: PaymentGateway | None,
                 customers: CustomerService, clock: Clock = utc_now,
                 workstation: WorkstationProvider = this_workstation) -> None:
        """``gateway`` None: Stripe isn't connected on this desk. Listing, setting the default
        and removing still work (queued); adding says Stripe isn't connected."""
        self._uow = uow
        self._gateway_or_none = gateway
        self._customers = customers
        self._clock = clock
        self._workstation = workstation

    @property
    def _gateway(self) -> PaymentGateway:
        if self._gateway_or_none is None:
            raise not_connected()
        return self._gateway_or_none

    def _today(self) -> date:
        return self._clock().date()

    # Reading ------------------------------------------------------------------------------

    def list_for_client(self, client_id: int) -> list[StoredPaymentMethod]:
        """Local data only, never the network. Removed methods are already gone from it."""
        with self._uow() as uow:
            return uow.payment_methods.list_for_client(client_id)

    def list_shown(self, client_id: int) -> list[StoredPaymentMethod]:
        """What the profile lists: the methods on file plus those removed here whose removal
        Stripe hasn't heard of yet (status ``removed``, ``pending_sync``), so staff see it is
        still under way — offline, until the connection is back, across restarts too."""
        with self._uow() as uow:
            return [m for m in uow.payment_methods.list_for_client(client_id,
                                                                   include_removed=True)
                    if m.status != REMOVED or m.pending_sync]

    # Adding -------------------------------------------------------------------------------

    def start_setup(self, client_id: int, kind: PaymentMethodType, *,
                    instant: bool = False) -> SetupIntentInfo:
        """Create the SetupIntent the entry page confirms (its client secret goes to Stripe.js
        only). Creates the client's Stripe customer first if needed. ``instant``: a bank
        account may only be verified instantly (the bank login; no numbers typed in, no
        micro-deposits) — the portal's booking hold, where it must be valid within minutes."""
        verification: BankVerification = "instant" if instant and kind == "acss_debit" \
            else "automatic"
        with self._uow() as uow:
            client = uow.clients.get(client_id)
        if kind == "acss_debit" and not client.has_valid_email:
            raise BankAccountNeedsEmail(
                "A bank account needs the client's email address for the debit agreement.",
                hint="Add a valid email to the profile first.")
        customer_id = self._customers.ensure_customer(client_id)  # NeedsInternet as is
        try:
            key, made_by = self._setup_key(client_id, kind, customer_id, verification)
            try:
                info = self._gateway.create_setup_intent(customer_id, kind,
                                                         idempotency_key=key, made_by=made_by,
                                                         verification=verification)
            except PaymentError as error:
                self._after_refused_create(key, error)
                raise
        except StripeUnavailable as error:
            raise _needs_internet("Adding a payment method", error) from error
        with self._uow() as uow:
            uow.pending_setups.record_answer(key, info.id)
            uow.commit()
        log.info("setup intent %s started for client %s (%s)", info.id, client_id, kind)
        return info

    def _setup_key(self, client_id: int, kind: PaymentMethodType, customer_id: str,
                   verification: BankVerification = "automatic",
                   ) -> tuple[str, Workstation | None]:
        """The create call's idempotency key, stored before the call (pending_setups): a
        retry whose earlier answer was lost sends the same key, so Stripe replays the
        SetupIntent it made instead of making another; the sync cancels it if never used.
        With it, who started it (the SetupIntent's metadata): a replay sends the same."""
        now = self._clock()
        with self._uow(write=True) as uow:
            earlier = uow.pending_setups.retry_of(client_id, kind, customer_id, now)
            if earlier is not None and verification_of(earlier.key) == verification:
                return earlier.key, earlier.made_by
            key = new_setup_key(client_id, uuid.uuid4().hex, verification)
            who = self._workstation(uow)
            uow.pending_setups.add(PendingSetup(key=key, client_id=client_id, kind=kind,
                                                customer_id=customer_id, created_at=now,
                                                made_by=who))
            uow.commit()
        return key, who

    def _after_refused_create(self, key: str, error: PaymentError) -> None:
        """Keep the key only when Stripe may have acted without us hearing (no answer at all)
        or didn't run the request (429): a retry then replays or makes it once. Any other
        answer is what Stripe would replay for this key for 24 h, so the next try starts
        afresh."""
        no_answer = isinstance(error, StripeUnavailable) and error.offline
        if no_answer or isinstance(error, RateLimited):
            return
        with self._uow() as uow:
            uow.pending_setups.drop(key)
            uow.commit()

    def complete_setup(self, client_id: int, setup_intent_id: str) -> StoredPaymentMethod:
        """After the entry page reports success: fetch the SetupIntent with its method and
        mandate, and keep what may be kept. Safe to call twice."""
        try:
            info = self._gateway.retrieve_setup_intent(setup_intent_id)
        except StripeUnavailable as error:
            raise NeedsInternet(
                "The payment method may be saved at Stripe, but this desk can't reach Stripe "
                "to show it.",
                hint="It will appear after the next sync once the connection is back.",
                detail=error.detail) from error
        with self._uow() as uow:
            client = uow.clients.get(client_id)
            if info.customer_id is None or info.customer_id != client.stripe_customer_id:
                raise SetupOfAnotherClient("This setup belongs to another client.",
                                           status=info.status)
        stored = self.record_setup_intent(client_id, info)
        if stored is not None or info.status == "canceled":
            # Finished with: nothing for the sync to cancel. (Not after a decline: the
            # dialog may try again with the same SetupIntent.)
            self._forget_setup(setup_intent_id)
        if stored is None:
            raise self._not_completed(info)
        return stored

    def _forget_setup(self, setup_intent_id: str) -> None:
        with self._uow() as uow:
            uow.pending_setups.drop_setup_intent(setup_intent_id)
            uow.commit()

    @staticmethod
    def _not_completed(info: SetupIntentInfo) -> SetupNotCompleted:
        if info.status == "canceled":
            return SetupNotCompleted("Adding the payment method was cancelled.",
                                     status=info.status)
        if info.last_error_message:
            return SetupNotCompleted(info.last_error_message, status=info.status,
                                     stripe_code=info.last_error_code,
                                     hint="Check the details or try another payment method.")
        if info.status == "requires_payment_method":
            return SetupNotCompleted("The payment method was not saved.", status=info.status,
                                     hint="Nothing was added. Try again when the client is "
                                          "ready.")
        return SetupNotCompleted("The payment method isn't confirmed yet.",
                                 status=info.status,
                                 hint="Finish the confirmation in the form, then save again.")

    def record_setup_intent(self, client_id: int, info: SetupIntentInfo,
                            by: Workstation | None = None) -> StoredPaymentMethod | None:
        """Store the method a SetupIntent saved, or is verifying; None if it saved nothing
        (``core/setups.py``). ``by``: who to record in the audit trail when not this
        workstation."""
        with self._uow() as uow:
            here = self._workstation(uow)
        return record_setup_outcome(self._uow, self._gateway, client_id, info,
                                    who=by or here, first_default_by=here, clock=self._clock)

    def abandon_setup(self, setup_intent_id: str, client_id: int | None = None
                      ) -> StoredPaymentMethod | None:
        """The dialog closed before saving: cancel the SetupIntent so it can't be confirmed
        later. If Stripe says it already succeeded (saved at the last moment) and the client
        is known, keep the method instead. Offline, it stays recorded as pending and the sync
        cancels it once the connection is back (``sync/setups.py``)."""
        try:
            self._gateway.cancel_setup_intent(setup_intent_id,
                                              idempotency_key=f"setup_cancel:{setup_intent_id}")
            log.info("setup intent %s abandoned", setup_intent_id)
            self._forget_setup(setup_intent_id)
            return None
        except StripeUnavailable:
            log.info("setup intent %s left open: Stripe unreachable; the sync cancels it",
                     setup_intent_id)
            return None
        except StripeRequestError as error:
            log.info("setup intent %s not cancelled (%s)", setup_intent_id, error.stripe_code)
        self._forget_setup(setup_intent_id)  # succeeded or cancelled already: nothing to undo
        if client_id is None:
            return None
        try:
            return self.complete_setup(client_id, setup_intent_id)
        except (PaymentError, SetupNotCompleted, NeedsInternet):
            return None

    # The same card or account twice --------------------------------------------------------

    def duplicate_of(self, client_id: int, payment_method_id: int
                     ) -> StoredPaymentMethod | None:
        """The usable method already on file that this one repeats (same fingerprint; for a
        card the same expiry too), or None. Local data only: ask right after adding."""
        with self._uow() as uow:
            method = self._own(uow, client_id, payment_method_id)
            if method.status == REMOVED:
                return None
            return duplicate_on_file(method, uow.payment_methods.list_for_client(client_id),
                                     self._today())

    def keep_existing(self, client_id: int, payment_method_id: int) -> StoredPaymentMethod:
        """Keep only the method already on file: ``payment_method_id`` (the one just added,
        which repeats it) is removed like any removal (detached through the outbox, audited);
        the one on file keeps its default status and mandate. Returns the one kept.
        ``NotADuplicate`` if nothing on file repeats it any more (removed meanwhile)."""
        kept: list[StoredPaymentMethod] = []

        def still_repeats(uow: UnitOfWork, method: StoredPaymentMethod) -> None:
            on_file = duplicate_on_file(method, uow.payment_methods.list_for_client(client_id),
                                        self._today())
            if on_file is None:
                raise NotADuplicate("The payment method on file is no longer there, so the "
                                    "new one was kept.",
                                    hint="Check the list of payment methods.")
            kept.append(on_file)

        self.remove(client_id, payment_method_id, check=still_repeats)
        with self._uow() as uow:
            if kept:
                return uow.payment_methods.get(kept[-1].id)
            # Removed already (a second click): the one on file it repeated.
            method = self._own(uow, client_id, payment_method_id)
            on_file = duplicate_on_file(method, uow.payment_methods.list_for_client(client_id),
                                        self._today())
        if on_file is None:
            raise NotADuplicate("The payment method on file is no longer there.",
                                hint="Check the list of payment methods.")
        return on_file

    def keep_existing_now(self, client_id: int, payment_method_id: int) -> StoredPaymentMethod:
        """``keep_existing``, then send the detach to Stripe at once: for the portal, which has
        no sync of its own (what can't be sent now stays queued for the desks' sync)."""
        kept = self.keep_existing(client_id, payment_method_id)
        try:
            failure = self._customers.send_waiting(client_id)
        except StripeUnavailable:
            return kept
        if failure is not None:
            log.info("duplicate removal for client %s queued: %s", client_id, failure.code)
        return kept

    # Default and removal ------------------------------------------------------------------

    def set_default(self, client_id: int, payment_method_id: int) -> StoredPaymentMethod:
        """Applied here at once; Stripe's customer default follows through the outbox."""
        with self._uow(write=True) as uow:
            uow.clients.lock(client_id)  # another desk choosing at this moment: one wins
            method = self._own(uow, client_id, payment_method_id)
            if method.is_default:
                return method
            if not method.is_usable(self._today()):
                raise MethodNotUsable(
                    "This payment method can't be the default: it is expired, awaiting "
                    "verification or removed.",
                    hint="Choose another method, or add a new one.")
            apply_default(uow, method, self._workstation(uow), self._clock())
            uow.commit()
            return uow.payment_methods.get(method.id)

    def set_default_now(self, client_id: int, payment_method_id: int) -> DefaultChoice:
        """``set_default``, then send it to Stripe at once rather than through a sync: for the
        portal, which has no outbox drainer. If Stripe can't take it now, the choice stays
        made here and queued (the desks' sync sends it); the result says so."""
        method = self.set_default(client_id, payment_method_id)
        try:
            failure = self._customers.send_waiting(client_id)
        except StripeUnavailable:
            return DefaultChoice(method, reached_stripe=False)
        if failure is not None:
            log.info("default for client %s queued: %s", client_id, failure.code)
        return DefaultChoice(method, reached_stripe=failure is None)

    def abandon_own_setup(self, client_id: int, setup_intent_id: str) -> None:
        """``abandon_setup`` for a SetupIntent this client's own dialog started (the portal
        passes what a browser sent: another client's id is refused)."""
        with self._uow() as uow:
            owner = uow.pending_setups.client_of(setup_intent_id)
        if owner != client_id:
            raise NotFoundError("This setup belongs to another client.")
        self.abandon_setup(setup_intent_id, client_id)

    def remove(self, client_id: int, payment_method_id: int,
               check: Callable[[UnitOfWork, StoredPaymentMethod], None] | None = None) -> None:
        """Permanent. Gone from the list at once; Stripe detaches it through the outbox.
        Removing the default leaves the client without one: autopay pauses until staff
        choose another, and Stripe's default is cleared after the detach.

        A bank account still awaiting micro-deposits isn't attached yet, so its SetupIntent
        is cancelled instead, which needs Stripe now.

        ``check(uow, method)``: raises to refuse, run again under the client's lock.
        """
        with self._uow() as uow:
            method = self._own(uow, client_id, payment_method_id)
            if check is not None and method.status != REMOVED:
                check(uow, method)
        if method.status == REMOVED:
            return
        if method.status == PENDING_VERIFICATION and method.setup_intent_id:
            try:
                self._gateway.cancel_setup_intent(
                    method.setup_intent_id,
                    idempotency_key=f"setup_cancel:{method.setup_intent_id}")
            except StripeUnavailable as error:
                raise _needs_internet("Removing a bank account awaiting verification",
                                      error) from error
            except StripeRequestError as error:
                # Verified meanwhile (no longer cancelable): detach it like any other.
                log.info("pending setup %s not cancelled (%s); detaching",
                         method.setup_intent_id, error.stripe_code)
            else:
                with self._uow(write=True) as uow:
                    uow.clients.lock(client_id)
                    # Another desk may have cancelled it at the same moment: one audit row.
                    if uow.payment_methods.delete(method.id):
                        self._audit(uow, method, AuditAction.REMOVED)
                    uow.commit()
                return
        with self._uow(write=True) as uow:
            uow.clients.lock(client_id)  # read after the lock: a removal made meanwhile shows
            method = self._own(uow, client_id, payment_method_id)
            if method.status == REMOVED:
                return  # removed meanwhile, by another desk's hand or this one's
            if check is not None:
                check(uow, method)
            now = self._clock()
            uow.payment_methods.mark_removed(method.id, now)
            uow.outbox.enqueue(KIND_DETACH, client_id=client_id,
                               payload={"payment_method": method.stripe_id}, now=now)
            self._audit(uow, method, AuditAction.REMOVED)
            if method.is_default:
                # Stripe doesn't promise to clear a detached method from
                # invoice_settings.default_payment_method: say so explicitly, after the detach.
                uow.outbox.enqueue(KIND_SET_DEFAULT, client_id=client_id,
                                   payload={"payment_method": None,
                                            "after_removing": method.stripe_id,
                                            "by": by_payload(self._workstation(uow))},
                                   now=now)
                self._audit(uow, method, AuditAction.DEFAULT_CLEARED)
            uow.commit()
        log.info("payment method %s removed for client %s", payment_method_id, client_id)

    # Helpers ------------------------------------------------------------------------------

    @staticmethod
    def _own(uow: UnitOfWork, client_id: int, payment_method_id: int) -> StoredPaymentMethod:
        method = uow.payment_methods.get(payment_method_id)
        if method.client_id != client_id:
            raise NotFoundError("This payment method belongs to another client.")
        return method

    def _audit(self, uow: UnitOfWork, method: StoredPaymentMethod, action: str) -> None:
        record_method_change(uow, method, action, self._workstation(uow), self._clock())
