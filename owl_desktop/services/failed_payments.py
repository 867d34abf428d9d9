"""Billing → Failed payments: charges that failed or wait for the client to authenticate, on
invoices still open, with what staff can do next — retry (the client's default, or the method
that failed), charge another method, mark the invoice paid another way, or give the client a
link to their portal account to add a new card (by email when SMTP is set up, else copied);
for a charge waiting for the client to authenticate it, the link to confirm it in the portal.
Everything goes through billing's services (the same charge path as *Charge now*, so nothing
is charged twice).

The client's portal link is the account page of the clinic's portal (Settings → Online
portal): a client signed in there adds a card or a bank account and chooses their default; the
next autopay run charges the new default.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from owl_desktop.core.charging import ChargeOutcome
from owl_desktop.core.clock import Clock, utc_now
from owl_desktop.domain.billing import FailureMail, Payment, PaymentMethodKind, PaymentStatus
from owl_desktop.services.billing import BillingService
from owl_desktop.services.failed_payment_mail import FailedPaymentMail, confirm_link
from owl_desktop.services.mailer import MailNotSent
from owl_desktop.services.portal_settings import PortalSettingsService
from owl_desktop.store.uow import UnitOfWorkFactory

FAILED_STATUSES = (PaymentStatus.FAILED, PaymentStatus.REQUIRES_ACTION)


@dataclass(frozen=True)
class FailedPayment:
    payment_id: int
    invoice_id: int
    invoice_number: str
    client_id: int
    client_name: str
    amount_cents: int
    currency: str
    method_brand: str  # card brand or bank name
    last4: str
    status: PaymentStatus  # failed, or requires_action (the client must authenticate)
    code: str  # Stripe's decline or error code: the desk words it
    at: datetime
    payment_method_id: int | None
    method: PaymentMethodKind = PaymentMethodKind.CARD  # a card, or a bank debit (PAD)
    # The email owed to the client without staff (a bank debit returned days later): sent;
    # unsent (it couldn't leave, or it isn't known whether it left: staff may send it).
    client_mail: FailureMail = FailureMail.NONE

    @property
    def client_emailed(self) -> bool:
        return self.client_mail is FailureMail.SENT

    @property
    def client_maybe_not_emailed(self) -> bool:
        return self.client_mail is FailureMail.UNSENT


class FailedPaymentsService:
    def __init__(self, uow: UnitOfWorkFactory, billing: BillingService,
                 portal_settings: PortalSettingsService, *,
                 mail: FailedPaymentMail | None = None, clock: Clock = utc_now) -> None:
        self._uow = uow
        self._clock = clock
        self._billing = billing
        self._portal = portal_settings
        self._mail = mail

    def list(self) -> list[FailedPayment]:
        """The latest attempt of each open invoice, when it failed; newest first."""
        out: list[FailedPayment] = []
        with self._uow() as uow:
            found: list[Payment] = []
            for status in FAILED_STATUSES:
                found.extend(uow.payments.with_status(status))
            for payment in found:
                latest = uow.payments.latest_attempt(payment.invoice_id)
                if latest is None or latest.id != payment.id:
                    continue  # tried again since
                invoice = uow.invoices.get(payment.invoice_id)
                if invoice.status.value != "open" or invoice.due_cents <= 0:
                    continue
                out.append(FailedPayment(
                    payment_id=payment.id, invoice_id=invoice.id,
                    invoice_number=invoice.number, client_id=invoice.client_id,
                    client_name=uow.clients.name_of(invoice.client_id),
                    amount_cents=invoice.due_cents, currency=invoice.currency,
                    method_brand=payment.brand, last4=payment.last4, status=payment.status,
                    code=payment.failure_code, at=payment.settled_at or payment.created_at,
                    payment_method_id=payment.payment_method_id, method=payment.method,
                    client_mail=payment.failure_mail))
        out.sort(key=lambda f: f.at, reverse=True)
        return out

    def retry(self, invoice_id: int, payment_method_id: int | None = None) -> ChargeOutcome:
        """Charge again: the given method, else the client's default now (or, without one,
        the method that failed)."""
        if payment_method_id is None:
            invoice = self._billing.invoice(invoice_id)
            choices = self._billing.charge_choices(invoice.client_id)
            payment_method_id = choices.preselected_id
        return self._billing.charge_now(invoice_id, payment_method_id)

    def portal_link(self) -> str:
        """The clinic portal's account page ("" when no public address is set)."""
        url = self._portal.load().public_url
        return f"{url.rstrip('/')}/account" if url else ""

    def confirm_link(self, payment_id: int) -> str:
        """The portal's *Confirm payment* page of a charge waiting for the client to
        authenticate it ("" when no public address is set): signed in there, the client
        confirms it with their bank and the invoice is paid."""
        return confirm_link(self._portal.load().public_url, payment_id)

    def can_email(self) -> bool:
        """Whether the client can be emailed from here (SMTP set up)."""
        return self._mail is not None and self._mail.ready()

    def email_client(self, payment_id: int) -> str:
        """Email the client about this failed payment, with the link to their portal
        account (to the payment's *Confirm payment* page when it waits for them); returns
        the address. Raises ``MailNotSent`` or ``NoClientEmail``. An automatic mail about it
        that didn't leave (or wasn't confirmed) is then marked sent: staff sent it."""
        if self._mail is None:
            raise MailNotSent("not_configured")
        address = self._mail.send(payment_id)
        with self._uow(write=True) as uow:
            uow.payments.set_failure_mail(payment_id, FailureMail.SENT, now=self._clock(),
                                          expected=FailureMail.UNSENT)
            uow.commit()
        return address
