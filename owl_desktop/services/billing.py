"""Billing at the desk (and later the portal): a client's invoices, payments and balance;
invoices made by hand and voided; *Charge now*; payments recorded by hand; receipts.

Charging goes through ``core/charging.py`` (the charge path autopay shares): see its contract.
One unit of work per staff action; the audit trail names who, when and which desk.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from owl_desktop.core.audit import record_billing_event
from owl_desktop.core.charging import (
    AlreadyChargedError,
    ChargeOutcome,
    Hook,
    charge_invoice,
    settle_unfinished,
    withdraw_waiting,
)
from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.domain.audit import ELSEWHERE
from owl_desktop.domain.billing import (
    MAX_REFERENCE,
    MAX_VOID_REASON,
    RECORDED_KINDS,
    BillingAuditAction,
    Invoice,
    InvoiceDraft,
    InvoiceKind,
    InvoiceStatus,
    Payment,
    PaymentMethodKind,
    PaymentStatus,
    balance_cents,
)
from owl_desktop.domain.payment_methods import StoredPaymentMethod, display_order, visible
from owl_desktop.domain.refunds import Refund
from owl_desktop.domain.scheduling import DEFAULT_TIME_ZONE, clinic_zone
from owl_desktop.errors import UserFacingError, ValidationFailed
from owl_desktop.payments.errors import PaymentError
from owl_desktop.payments.gateway import PaymentGateway
from owl_desktop.services.audit import WorkstationProvider, this_workstation
from owl_desktop.services.customers import not_connected
from owl_desktop.services.payment_settings import read_payment_settings
from owl_desktop.services.receipts import Receipt, receipt_for, render_pdf
from owl_desktop.services.scheduling import TIME_ZONE_KEY
from owl_desktop.store.uow import UnitOfWorkFactory

GatewaySource = Callable[[], "PaymentGateway | None"]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BillingOverview:
    """What the Billing tab shows: invoices (newest first), payments (newest first), balance."""

    client_id: int
    invoices: tuple[Invoice, ...]
    payments: tuple[Payment, ...]
    balance_cents: int
    currency: str
    # The refunds of its charges, whatever their status (a failed one too), oldest first.
    refunds: tuple[Refund, ...] = ()

    def refunds_of(self, payment: Payment) -> tuple[Refund, ...]:
        if not payment.payment_intent_id:
            return ()
        return tuple(r for r in self.refunds if r.payment_intent_id == payment.payment_intent_id)


@dataclass(frozen=True)
class ChargeChoices:
    """The methods *Charge now* may offer (usable only, display order) and which is
    preselected (the default when usable, else the first)."""

    methods: tuple[StoredPaymentMethod, ...]
    preselected_id: int | None


class BillingService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock = utc_now, *,
                 workstation: WorkstationProvider = this_workstation,
                 gateway: GatewaySource | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._workstation = workstation
        self._gateway = gateway or (lambda: None)
        self.charge_hook: Hook | None = None  # crash drills only
        # Told of every charge's outcome (the failed-payment mail to the client; never raises).
        self.after_charge: Callable[[ChargeOutcome], object] | None = None
        # Called after debits are asked about (the mail owed for a returned debit; never raises).
        self.after_settle: Callable[[], object] | None = None

    # -- reading ----------------------------------------------------------------------------
    def overview(self, client_id: int) -> BillingOverview:
        with self._uow() as uow:
            invoices = tuple(uow.invoices.list_for_client(client_id))
            payments = tuple(uow.payments.list_for_client(client_id))
            currency = read_payment_settings(uow.settings.get).currency
            refunds = tuple(r for p in reversed(payments) if p.is_charge and p.payment_intent_id
                            and p.status is PaymentStatus.SUCCEEDED
                            for r in uow.refunds.for_payment(p.payment_intent_id))
        return BillingOverview(client_id, invoices, payments, balance_cents(invoices),
                               currency, refunds)

    def invoice(self, invoice_id: int) -> Invoice:
        with self._uow() as uow:
            return uow.invoices.get(invoice_id)

    def charge_choices(self, client_id: int) -> ChargeChoices:
        """Only methods that can be charged now: unexpired cards, verified bank accounts with
        an active mandate."""
        today = self._clock().date()
        with self._uow() as uow:
            methods = uow.payment_methods.list_for_client(client_id)
        usable = tuple(m for m in display_order(visible(methods)) if m.is_usable(today))
        default = next((m.id for m in usable if m.is_default), None)
        return ChargeChoices(usable, default if default is not None else
                             (usable[0].id if usable else None))

    # -- invoices ---------------------------------------------------------------------------
    def make_invoice(self, draft: InvoiceDraft) -> Invoice:
        """An invoice made by hand; raises ``ValidationFailed`` (codes per field)."""
        errors = draft.validate()
        if errors:
            raise ValidationFailed(errors)
        now = self._clock()
        with self._uow(write=True) as uow:
            uow.clients.get(draft.client_id)
            currency = read_payment_settings(uow.settings.get).currency
            invoice = uow.invoices.add(
                client_id=draft.client_id, kind=InvoiceKind.MANUAL,
                description=" ".join(draft.description.split()),
                amount_cents=draft.amount_cents, currency=currency,
                service_date=draft.service_date, now=now, service_id=draft.service_id,
                practitioner_id=draft.practitioner_id)
            uow.commit()
        return invoice

    def void(self, invoice_id: int, reason: str) -> Invoice:
        """Void an invoice nothing was paid on (a reason is required)."""
        reason = " ".join(reason.split())
        if not reason:
            raise ValidationFailed({"reason": "required"})
        if len(reason) > MAX_VOID_REASON:
            raise ValidationFailed({"reason": "too_long"})
        self._withdraw_waiting(invoice_id)
        now = self._clock()
        with self._uow(write=True) as uow:
            who = self._workstation(uow)
            invoice = uow.invoices.get(invoice_id, lock=True)
            if invoice.status is InvoiceStatus.VOID:
                return invoice
            if any(p.status in (PaymentStatus.PENDING, PaymentStatus.PROCESSING,
                                PaymentStatus.SUCCEEDED)
                   for p in uow.payments.for_invoice(invoice_id)):
                raise UserFacingError("An invoice with a payment can't be voided.",
                                      hint="Refund the payment in Stripe first, or leave the "
                                           "invoice as it is.")
            uow.invoices.set_status(invoice_id, InvoiceStatus.VOID, now, reason=reason)
            voided = uow.invoices.get(invoice_id)
            record_billing_event(uow, invoice.client_id, BillingAuditAction.INVOICE_VOIDED,
                                 who, now, invoice=voided, reason=reason)
            uow.commit()
        return voided

    # -- payments ---------------------------------------------------------------------------
    def charge_now(self, invoice_id: int, payment_method_id: int | None) -> ChargeOutcome:
        """Charge the amount due to a saved method, off-session (``core/charging.py``)."""
        gateway = self._gateway()
        if gateway is None:
            raise not_connected()
        with self._uow() as uow:
            who = self._workstation(uow)
        outcome = charge_invoice(self._uow, gateway, invoice_id, payment_method_id, who=who,
                                 now=self._clock, hook=self.charge_hook)
        if self.after_charge is not None:
            self.after_charge(outcome)
        return outcome

    def record_payment(self, invoice_id: int, method: PaymentMethodKind, amount_cents: int,
                       *, reference: str = "", received_on: date | None = None) -> Payment:
        """Cash, cheque or e-transfer received at the desk (at most the amount due)."""
        if method not in RECORDED_KINDS:
            raise ValueError(f"not recorded by hand: {method}")
        reference = " ".join(reference.split())
        errors: dict[str, str] = {}
        if len(reference) > MAX_REFERENCE:
            errors["reference"] = "too_long"
        now = self._clock()
        if received_on is not None and received_on > now.date():
            errors["received_on"] = "future"
        if not errors:
            self._withdraw_waiting(invoice_id)
        with self._uow(write=True) as uow:
            who = self._workstation(uow)
            invoice = uow.invoices.get(invoice_id, lock=True)
            if invoice.status is InvoiceStatus.VOID:
                raise AlreadyChargedError("This invoice was voided.",
                                          hint="Nothing is owed on it.")
            if any(p.status in (PaymentStatus.PENDING, PaymentStatus.PROCESSING)
                   for p in uow.payments.for_invoice(invoice.id)):
                # A bank debit settling (or a charge being sent): recorded cash on top would
                # have the client pay twice once it goes through.
                raise AlreadyChargedError("A payment for this invoice is already processing.",
                                          hint="A bank debit settles in a few business days.")
            if not 0 < amount_cents <= invoice.due_cents:
                errors["amount_cents"] = "out_of_range"
            if errors:
                raise ValidationFailed(errors)
            at = now
            if received_on is not None and received_on != now.date():
                at = now.replace(year=received_on.year, month=received_on.month,
                                 day=received_on.day)
            payment = uow.payments.add(
                invoice_id=invoice.id, client_id=invoice.client_id, method=method,
                amount_cents=amount_cents, currency=invoice.currency,
                status=PaymentStatus.SUCCEEDED, now=at, actor=who.actor, desk=who.desk,
                reference=reference)
            settled = uow.invoices.get(invoice.id)
            if settled.paid_cents >= settled.amount_cents:
                uow.invoices.set_status(invoice.id, InvoiceStatus.PAID, now)
                settled = uow.invoices.get(invoice.id)
            record_billing_event(uow, invoice.client_id, BillingAuditAction.PAYMENT_RECORDED,
                                 who, now, invoice=settled, payment=payment)
            uow.commit()
        return payment

    def _withdraw_waiting(self, invoice_id: int) -> None:
        """Before the invoice is paid another way or voided: a card charge on it still
        waiting for the client's 3-D Secure is cancelled at Stripe, so the client can't pay
        it too from the portal (``core/charging.withdraw_waiting``; raises
        ``AlreadyChargedError`` when they just did). Offline, the invoice is recorded anyway:
        the portal offers no confirmation on an invoice that isn't open."""
        gateway = self._gateway()
        if gateway is None:
            return
        with self._uow() as uow:
            who = self._workstation(uow)
        try:
            withdraw_waiting(self._uow, gateway, invoice_id, who=who, now=self._clock)
        except PaymentError as error:
            log.warning("invoice %s: the charge waiting for the client couldn't be withdrawn "
                        "(%s)", invoice_id, error.code)

    def receipt(self, payment_id: int, language: str) -> Receipt:
        """The receipt of a succeeded payment, in ``language`` ("en" or "fr"); its PDF is
        ``receipts.render_pdf(receipt)``."""
        with self._uow() as uow:
            zone = clinic_zone(uow.settings.get(TIME_ZONE_KEY) or DEFAULT_TIME_ZONE)
            return receipt_for(uow, payment_id, "fr" if language.startswith("fr") else "en",
                               zone, self._clock().astimezone(zone).date())

    def receipt_pdf(self, payment_id: int, language: str) -> tuple[str, bytes]:
        """(file name, PDF bytes) of a payment's receipt."""
        receipt = self.receipt(payment_id, language)
        return receipt.filename, render_pdf(receipt)

    def refresh_processing(self) -> set[int]:
        """Ask Stripe about debits still processing (sync does this from events too)."""
        gateway = self._gateway()
        if gateway is None:
            raise not_connected()
        changed = settle_unfinished(self._uow, gateway, who=ELSEWHERE, now=self._clock)
        if self.after_settle is not None:
            self.after_settle()
        return changed
