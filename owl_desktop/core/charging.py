"""The charge path: one invoice charged off-session to a saved method, never twice.

Shared by the desk (``services/billing.py``: *Charge now*), a headless autopay run and the sync
(PAD debits settling days later). Qt-free; needs only a unit-of-work factory and a gateway.

Contract of :func:`charge_invoice` (``invoice_id``, ``payment_method_id`` — a stored method's
local id —, ``gateway``, ``who``, ``now``):

0. **Withdraw** a charge still waiting for the client's authentication (``requires_action``):
   it is cancelled at Stripe before anything else (:func:`withdraw_waiting`), so the client
   can't confirm it in the portal once another charge is made; confirmed meanwhile, it is
   recorded and ``AlreadyChargedError`` raised.
1. **Prepare** (one write unit of work, the invoice row locked): refuse a void or settled
   invoice, or one with a charge in flight (*processing*, or *succeeded*: ``AlreadyChargedError``);
   refuse a method that isn't the client's or isn't usable (expired card, bank account not
   verified or without an active mandate: ``MethodNotUsableError``). Then insert the attempt as
   *pending* with the next attempt number and its idempotency key
   ``charge:{invoice uuid}:{attempt}``, and **commit before calling Stripe**. If the latest
   attempt is still *pending* (the app stopped after storing its key, or Stripe didn't answer)
   that attempt is re-sent as stored — same key, method and amount — so Stripe answers with the
   PaymentIntent it already made, if it made one: one charge per invoice whatever happens.
   Stripe keeps keys 24 hours: an attempt pending longer is first looked up by its metadata
   (``gateway.find_charge``) and recorded if found, never re-sent blindly; a key Stripe
   refuses as reused with other details is looked up the same way, never taken as a decline.
2. **Call** ``gateway.charge_off_session`` (metadata ``owl_invoice`` = the invoice's uuid,
   ``owl_attempt``; a PAD debit with its mandate).
3. **Record** Stripe's answer (one write unit of work): *succeeded* (the invoice is paid when
   covered), *processing* (PAD: settled later by :func:`apply_payment_intent` from sync),
   *failed* with the decline code, or *requires_action* (off-session, the bank wants the
   cardholder to authenticate: ask the client to confirm). The audit trail names who, when and
   which desk. An answer never recorded (the app stopped) is picked up by sync:
   :func:`apply_payment_intent` from ``payment_intent.*`` events, :func:`settle_unfinished`
   after a full reconcile or on demand.

Returns a :class:`ChargeOutcome` for every answer Stripe gave (a decline is an outcome, not an
exception). Raises ``AlreadyChargedError`` / ``MethodNotUsableError`` before any call. When
Stripe can't be reached or errs on its side (``StripeUnavailable``, rate limits) the attempt
stays *pending* and the error is raised: charging again finishes it safely.

``hook(point)`` is for crash drills only: ``"storing"`` (before the key's commit),
``"stored"`` (key committed, Stripe not called), ``"answered"`` (Stripe answered, nothing
recorded yet).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from owl_desktop.core.audit import record_billing_event
from owl_desktop.domain.audit import Workstation
from owl_desktop.domain.billing import (
    BillingAuditAction,
    FailureMail,
    Invoice,
    InvoiceStatus,
    Payment,
    PaymentMethodKind,
    PaymentStatus,
    charge_key,
)
from owl_desktop.domain.payment_methods import StoredPaymentMethod
from owl_desktop.errors import UserFacingError
from owl_desktop.payments.errors import (
    CardDeclined,
    IdempotencyConflict,
    PaymentError,
    StripeRequestError,
)
from owl_desktop.payments.gateway import PaymentGateway, PaymentIntentInfo
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

Hook = Callable[[str], None]
# A pending attempt older than this isn't being sent any more (a sync may look it up).
STALE_PENDING = timedelta(minutes=2)
# Stripe forgets idempotency keys after 24 hours: past this, a pending attempt is looked up
# (by its metadata) before its key is sent again, so a lost answer is never charged twice.
KEY_LIFETIME = timedelta(hours=23)
# The bank wants the cardholder to authenticate (off-session), or the cardholder's attempt in
# the portal failed or was cancelled: either way the same PaymentIntent still waits for them
# to confirm it (Stripe leaves it requires_payment_method with this code).
AUTHENTICATION_CODES = frozenset({"authentication_required",
                                  "payment_intent_authentication_failure"})


class AlreadyChargedError(UserFacingError):
    """The invoice is paid, void, or has a charge in flight: nothing is sent."""

    def __init__(self, message: str = "This invoice has already been charged.",
                 hint: str = "Its payments are listed on the Billing tab.") -> None:
        super().__init__(message, hint=hint)


class MethodNotUsableError(UserFacingError):
    def __init__(self) -> None:
        super().__init__("This payment method can't be charged.",
                         hint="Choose a card that hasn't expired or a verified bank account.")


@dataclass(frozen=True)
class ChargeOutcome:
    invoice: Invoice  # after the outcome (``status`` paid when covered)
    payment: Payment  # the attempt as recorded
    resumed: bool = False  # a pending attempt was re-sent (its stored method and amount)

    @property
    def status(self) -> PaymentStatus:
        return self.payment.status

    @property
    def decline_code(self) -> str:
        """Stripe's decline or error code when the charge failed ("" otherwise)."""
        return self.payment.failure_code


def charge_invoice(uow_factory: UnitOfWorkFactory, gateway: PaymentGateway, invoice_id: int,
                   payment_method_id: int | None, *, who: Workstation,
                   now: Callable[[], datetime], hook: Hook | None = None) -> ChargeOutcome:
    """Charge the invoice's amount due now (see the module's contract)."""
    if _replaces_waiting(uow_factory, invoice_id, payment_method_id, now()):
        withdraw_waiting(uow_factory, gateway, invoice_id, who=who, now=now)
    attempt, resumed = prepare_attempt(uow_factory, invoice_id, payment_method_id, who=who,
                                       now=now, hook=hook)
    if hook is not None:
        hook("stored")
    if resumed and now() - attempt.created_at > KEY_LIFETIME:
        found = _find(uow_factory, gateway, attempt)
        if found is not None:
            return _record(uow_factory, attempt, _status_of(found), who=who, now=now,
                           resumed=True, payment_intent_id=found.id,
                           failure_code=found.failure_code or "",
                           failure_message=found.failure_message or "")
    return send_attempt(uow_factory, gateway, attempt, who=who, now=now, hook=hook,
                        resumed=resumed)


def _replaces_waiting(uow_factory: UnitOfWorkFactory, invoice_id: int,
                      payment_method_id: int | None, at: datetime) -> bool:
    """Whether this charge would replace one waiting for the client: checked first (the
    same refusals as step 1), so a charge refused anyway leaves the waiting one alone."""
    with uow_factory() as uow:
        latest = uow.payments.latest_attempt(invoice_id)
        if latest is None or latest.status is not PaymentStatus.REQUIRES_ACTION:
            return False
        invoice = uow.invoices.get(invoice_id)
        _check_chargeable(uow, invoice, latest)
        _usable_method(uow, invoice, payment_method_id, at)
    return True


def withdraw_waiting(uow_factory: UnitOfWorkFactory, gateway: PaymentGateway,
                     invoice_id: int, *, who: Workstation,
                     now: Callable[[], datetime]) -> None:
    """Before another attempt: the invoice's charge still waiting for the client to confirm
    it (``requires_action``, a link in their email, a page open in the portal) is cancelled
    at Stripe first, so the client can't confirm it once the new one is made — never both.
    Stripe's answer is recorded; when the client confirmed it meanwhile (it succeeded, or a
    debit is processing) that is recorded instead and ``AlreadyChargedError`` raised."""
    with uow_factory() as uow:
        latest = uow.payments.latest_attempt(invoice_id)
    if latest is None or latest.status is not PaymentStatus.REQUIRES_ACTION or \
            not latest.payment_intent_id:
        return
    intent = latest.payment_intent_id
    try:
        info = gateway.cancel_payment_intent(intent, idempotency_key=f"cancel:{intent}")
    except StripeRequestError:
        # Not cancellable any more: confirmed by the client, or already cancelled. Refused
        # for any other reason while the client can still confirm it: nothing more is sent.
        info = gateway.retrieve_payment_intent(intent)
        if info.status not in ("succeeded", "processing", "canceled"):
            raise
    log.info("charge %s waiting for the client withdrawn: now %s", intent, info.status)
    apply_payment_intent(uow_factory, info, who=who, now=now)
    if info.status in ("succeeded", "processing"):
        raise AlreadyChargedError()


def prepare_attempt(uow_factory: UnitOfWorkFactory, invoice_id: int,
                    payment_method_id: int | None, *, who: Workstation,
                    now: Callable[[], datetime], hook: Hook | None = None
                    ) -> tuple[Payment, bool]:
    """Step 1: the attempt to send, committed with its key; (attempt, resumed)."""
    at = now()
    with uow_factory(write=True) as uow:
        invoice = uow.invoices.get(invoice_id, lock=True)
        latest = uow.payments.latest_attempt(invoice_id)
        if latest is not None and latest.status is PaymentStatus.PENDING:
            return latest, True
        _check_chargeable(uow, invoice, latest)
        method, customer_id = _usable_method(uow, invoice, payment_method_id, at)
        number = (latest.attempt or 0) + 1 if latest is not None else 1
        kind = PaymentMethodKind.PAD if method.is_bank_account else PaymentMethodKind.CARD
        attempt = uow.payments.add(
            invoice_id=invoice.id, client_id=invoice.client_id, method=kind,
            amount_cents=invoice.due_cents, currency=invoice.currency,
            status=PaymentStatus.PENDING, now=at, actor=who.actor, desk=who.desk,
            attempt=number, idempotency_key=charge_key(invoice.uuid, number),
            payment_method_id=method.id, stripe_payment_method_id=method.stripe_id,
            customer_id=customer_id, mandate_id=method.mandate_id,
            brand=method.brand_name if method.is_card else method.bank_name,
            last4=method.last4)
        if hook is not None:
            hook("storing")
        uow.commit()
    return attempt, False


def _usable_method(uow: UnitOfWork, invoice: Invoice, payment_method_id: int | None,
                   at: datetime) -> tuple[StoredPaymentMethod, str]:
    """The client's method to charge and their Stripe customer; ``MethodNotUsableError``."""
    if payment_method_id is None:
        raise MethodNotUsableError()
    method = uow.payment_methods.get(payment_method_id)
    if method.client_id != invoice.client_id or not method.is_usable(at.date()):
        raise MethodNotUsableError()
    customer_id = uow.customer_links.customer_of(invoice.client_id)
    if not customer_id:
        raise MethodNotUsableError()
    return method, customer_id


def _check_chargeable(uow: UnitOfWork, invoice: Invoice, latest: Payment | None) -> None:
    if invoice.status is InvoiceStatus.VOID:
        raise AlreadyChargedError("This invoice was voided.", hint="Nothing is charged for it.")
    if latest is not None and latest.status in (PaymentStatus.PROCESSING,
                                                PaymentStatus.SUCCEEDED):
        raise AlreadyChargedError(
            "A charge for this invoice is already processing."
            if latest.status is PaymentStatus.PROCESSING else
            "This invoice has already been charged.",
            hint="A bank debit settles in a few business days; the Billing tab shows it."
            if latest.status is PaymentStatus.PROCESSING else
            "Its payments are listed on the Billing tab.")
    if invoice.status is InvoiceStatus.PAID or invoice.due_cents <= 0:
        raise AlreadyChargedError("This invoice is paid.", hint="Nothing is left to charge.")
    if any(p.status is PaymentStatus.PROCESSING for p in uow.payments.for_invoice(invoice.id)):
        raise AlreadyChargedError("A payment for this invoice is already processing.",
                             hint="A bank debit settles in a few business days.")


def send_attempt(uow_factory: UnitOfWorkFactory, gateway: PaymentGateway, attempt: Payment,
                 *, who: Workstation, now: Callable[[], datetime], hook: Hook | None = None,
                 resumed: bool = False) -> ChargeOutcome:
    """Steps 2 and 3: send the stored attempt (its own key, method and amount), record the
    answer. Safe to call again for a *pending* attempt."""
    with uow_factory() as uow:
        invoice = uow.invoices.get(attempt.invoice_id)
    try:
        info = gateway.charge_off_session(
            customer_id=attempt.customer_id,
            payment_method_id=attempt.stripe_payment_method_id,
            amount=attempt.amount_cents, currency=attempt.currency,
            idempotency_key=attempt.idempotency_key,
            description=f"Invoice {invoice.number}: {invoice.description}"[:200],
            payment_method_type="acss_debit" if attempt.method is PaymentMethodKind.PAD
            else "card",
            mandate_id=attempt.mandate_id or None,
            metadata={"owl_invoice": invoice.uuid, "owl_attempt": str(attempt.attempt)})
    except CardDeclined as declined:
        if hook is not None:
            hook("answered")
        code = declined.decline_code or declined.stripe_code or "card_declined"
        status = (PaymentStatus.REQUIRES_ACTION if code in AUTHENTICATION_CODES
                  else PaymentStatus.FAILED)
        log.info("charge declined: invoice %s attempt %s code %s request %s", invoice.uuid,
                 attempt.attempt, code, declined.request_id)
        return _record(uow_factory, attempt, status, who=who, now=now, resumed=resumed,
                       payment_intent_id=declined.payment_intent_id, failure_code=code,
                       failure_message=str(declined.message))
    except IdempotencyConflict:
        # The key was used with other details (the app changed between the crash and now):
        # never a failure to charge again after; find what the first request made.
        if hook is not None:
            hook("answered")
        found = _find(uow_factory, gateway, attempt)
        if found is None:
            raise
        return _record(uow_factory, attempt, _status_of(found), who=who, now=now,
                       resumed=resumed, payment_intent_id=found.id,
                       failure_code=found.failure_code or "",
                       failure_message=found.failure_message or "")
    except StripeRequestError as refused:
        if hook is not None:
            hook("answered")
        # Refused as such (e.g. the mandate became inactive): no PaymentIntent was made.
        log.warning("charge refused: invoice %s attempt %s code %s request %s", invoice.uuid,
                    attempt.attempt, refused.stripe_code, refused.request_id)
        return _record(uow_factory, attempt, PaymentStatus.FAILED, who=who, now=now,
                       resumed=resumed, failure_code=refused.stripe_code or refused.code,
                       failure_message=str(refused.message))
    except PaymentError as error:
        # No answer (network, 5xx, 429) or the key can't be used: the outcome is unknown, the
        # attempt stays pending and is re-sent with the same key next time.
        log.warning("charge not answered: invoice %s attempt %s (%s)", invoice.uuid,
                    attempt.attempt, error.code)
        raise
    if hook is not None:
        hook("answered")
    return _record(uow_factory, attempt, _status_of(info), who=who, now=now, resumed=resumed,
                   payment_intent_id=info.id, failure_code=info.failure_code or "",
                   failure_message=info.failure_message or "")


def _status_of(info: PaymentIntentInfo) -> PaymentStatus:
    if info.status == "succeeded":
        return PaymentStatus.SUCCEEDED
    if info.status == "processing":
        return PaymentStatus.PROCESSING
    if info.status == "requires_action" or (
            info.status == "requires_payment_method"
            and (info.failure_code or "") in AUTHENTICATION_CODES):
        return PaymentStatus.REQUIRES_ACTION
    return PaymentStatus.FAILED


_AUDIT_ACTIONS = {
    PaymentStatus.SUCCEEDED: BillingAuditAction.CHARGE_SUCCEEDED,
    PaymentStatus.PROCESSING: BillingAuditAction.CHARGE_PROCESSING,
    PaymentStatus.FAILED: BillingAuditAction.CHARGE_FAILED,
    PaymentStatus.REQUIRES_ACTION: BillingAuditAction.CHARGE_REQUIRES_ACTION,
}


def _record(uow_factory: UnitOfWorkFactory, attempt: Payment, status: PaymentStatus, *,
            who: Workstation, now: Callable[[], datetime], resumed: bool,
            **fields: str | None) -> ChargeOutcome:
    at = now()
    with uow_factory(write=True) as uow:
        current = uow.payments.get(attempt.id)
        if current.status is not PaymentStatus.PENDING:
            # Another desk (or sync) recorded this very answer first: keep theirs.
            invoice = uow.invoices.get(attempt.invoice_id)
            return ChargeOutcome(invoice, current, resumed)
        payment = uow.payments.set_outcome(attempt.id, status, at, **fields)
        invoice = _settle_invoice(uow, payment.invoice_id, at)
        record_billing_event(uow, payment.client_id, _AUDIT_ACTIONS[status], who, at,
                             invoice=invoice, payment=payment)
        uow.commit()
    return ChargeOutcome(invoice, payment, resumed)


def _settle_invoice(uow: UnitOfWork, invoice_id: int, at: datetime) -> Invoice:
    """Mark the invoice paid once its succeeded payments cover it (open again otherwise)."""
    invoice = uow.invoices.get(invoice_id, lock=True)
    if invoice.status is InvoiceStatus.VOID:
        return invoice
    wanted = InvoiceStatus.PAID if invoice.paid_cents >= invoice.amount_cents else \
        InvoiceStatus.OPEN
    if wanted is not invoice.status:
        uow.invoices.set_status(invoice_id, wanted, at)
        invoice = uow.invoices.get(invoice_id)
    return invoice


_FINAL = (PaymentStatus.SUCCEEDED, PaymentStatus.FAILED)


def apply_payment_intent(uow_factory: UnitOfWorkFactory, info: PaymentIntentInfo, *,
                         who: Workstation, now: Callable[[], datetime]) -> int | None:
    """A PaymentIntent's current state (from sync) onto its local attempt: a PAD debit that
    settled or failed, or a charge whose answer the app never recorded (found by the
    ``owl_invoice``/``owl_attempt`` metadata). A debit that failed after *processing* is
    marked as owing the client an email (``FailureMail.DUE``; sent by whoever sweeps them,
    ``services/debit_failure_mail.py``). Returns the client whose billing changed, or
    None when nothing changed (unknown PaymentIntent, or already recorded)."""
    status = _status_of(info)
    at = now()
    with uow_factory(write=True) as uow:
        payment = uow.payments.by_intent(info.id)
        if payment is None and info.owl_invoice and info.owl_attempt is not None:
            invoice = uow.invoices.get_by_uuid(info.owl_invoice)
            latest = uow.payments.latest_attempt(invoice.id) if invoice is not None else None
            if latest is not None and latest.attempt == info.owl_attempt and \
                    latest.status is PaymentStatus.PENDING:
                payment = latest
        if payment is None or payment.status is status or payment.status in _FINAL:
            return None
        updated = uow.payments.set_outcome(payment.id, status, at, payment_intent_id=info.id,
                                           failure_code=info.failure_code or "",
                                           failure_message=info.failure_message or "")
        invoice = _settle_invoice(uow, updated.invoice_id, at)
        if payment.status is PaymentStatus.PROCESSING:
            action = (BillingAuditAction.DEBIT_SETTLED if status is PaymentStatus.SUCCEEDED
                      else BillingAuditAction.DEBIT_FAILED)
            if status is PaymentStatus.FAILED:  # the client is owed an email (in this write)
                uow.payments.set_failure_mail(payment.id, FailureMail.DUE, now=at,
                                              expected=FailureMail.NONE)
        else:
            action = _AUDIT_ACTIONS[status]
        record_billing_event(uow, updated.client_id, action, who, at, invoice=invoice,
                             payment=updated)
        uow.commit()
    return updated.client_id


def settle_unfinished(uow_factory: UnitOfWorkFactory, gateway: PaymentGateway, *,
                      who: Workstation, now: Callable[[], datetime]) -> set[int]:
    """Ask Stripe about every charge not finished here: debits still *processing*, charges
    waiting for the client's authentication (confirmed in the portal since?), and attempts
    left *pending* for a while (the app stopped before recording Stripe's answer; one still
    being sent elsewhere is left alone). A fallback for missed events; returns the clients
    whose billing changed."""
    with uow_factory() as uow:
        processing = uow.payments.with_status(PaymentStatus.PROCESSING) + \
            uow.payments.with_status(PaymentStatus.REQUIRES_ACTION)
        pending = uow.payments.with_status(PaymentStatus.PENDING)
    changed: set[int] = set()
    infos = [gateway.retrieve_payment_intent(p.payment_intent_id) for p in processing
             if p.payment_intent_id]
    for attempt in pending:
        if now() - attempt.created_at < STALE_PENDING or attempt.attempt is None:
            continue
        found = _find(uow_factory, gateway, attempt)
        if found is not None:
            infos.append(found)
    for info in infos:
        client = apply_payment_intent(uow_factory, info, who=who, now=now)
        if client is not None:
            changed.add(client)
    return changed


def _find(uow_factory: UnitOfWorkFactory, gateway: PaymentGateway, attempt: Payment
          ) -> PaymentIntentInfo | None:
    with uow_factory() as uow:
        invoice = uow.invoices.get(attempt.invoice_id)
    return gateway.find_charge(attempt.customer_id, invoice.uuid, attempt.attempt or 0,
                               created_gte=int(attempt.created_at.timestamp()) - 300)
