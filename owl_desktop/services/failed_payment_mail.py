"""The email to a client whose payment failed (issue 17, item 3): which invoice, the amount, why
in plain words (``domain/decline_texts.py``'s sentence, in the client's language) and a link
to *My account* in the clinic's portal to add a new card or bank account. A card charge the
bank wants the client to authenticate (``requires_action``) links instead to the portal's
*Confirm payment* page for that payment (``portal/confirm_routes.py``), where the client
confirms it with their bank (the link signs them in first when needed).

Sent, when SMTP is set up, once per failed attempt: by the autopay run and *Charge now* (both
call :meth:`FailedPaymentMail.notify` with the charge's outcome — a skipped invoice has no
outcome, so no mail), and on demand from *Billing → Failed payments* (:meth:`send`). ``notify``
never raises: a mail that can't leave is a logged warning (no address, no password), never a
failed charge or run.
"""

from __future__ import annotations

import logging

from owl_desktop.core.charging import ChargeOutcome
from owl_desktop.domain.billing import Payment, PaymentMethodKind, PaymentStatus
from owl_desktop.domain.decline_texts import failure_text
from owl_desktop.errors import UserFacingError
from owl_desktop.services.debit_reasons import debit_reason
from owl_desktop.services.mail_texts import MailContent
from owl_desktop.services.mailer import Mailer, MailNotSent
from owl_desktop.services.portal_settings import PortalSettingsService
from owl_desktop.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "subject": "Your payment to {clinic} didn't go through",
        "hello": "Hello {name},",
        "failed": "We couldn't charge {amount} for invoice {invoice} to your {method}.",
        "confirm": "We couldn't charge {amount} for invoice {invoice} to your {method} "
                   "without you: your bank asks you to confirm the payment.",
        "why": "Why: {reason}",
        "what_now": "To pay it, add a new card or bank account in My account in the client "
                    "portal and make it your default: the clinic will charge it.",
        "confirm_now": "To pay it, confirm the payment in the client portal: your bank "
                       "will ask you to approve it. Nothing is charged twice.",
        "no_link": "To pay it, please contact the clinic.",
        "link": "Open My account",
        "confirm_link": "Confirm the payment",
        "ignore": "If you have paid this invoice another way since, you can ignore this "
                  "email.",
        "card": "card ending in {last4}",
        "bank": "bank account ending in {last4}",
        "method": "payment method",
    },
    "fr": {
        "subject": "Votre paiement à {clinic} n’a pas abouti",
        "hello": "Bonjour {name},",
        "failed": "Nous n’avons pas pu porter {amount} pour la facture {invoice} à votre "
                  "{method}.",
        "confirm": "Nous n’avons pas pu porter {amount} pour la facture {invoice} à votre "
                   "{method} sans vous : votre banque vous demande de confirmer le "
                   "paiement.",
        "why": "Raison\u00a0: {reason}",
        "what_now": "Pour la payer, ajoutez une nouvelle carte ou un compte bancaire dans Mon "
                    "compte du portail client et choisissez-le par défaut\u00a0: la clinique "
                    "le débitera.",
        "confirm_now": "Pour la payer, confirmez le paiement dans le portail client\u00a0: "
                       "votre banque vous demandera de l’approuver. Rien n’est débité deux "
                       "fois.",
        "no_link": "Pour la payer, veuillez communiquer avec la clinique.",
        "link": "Ouvrir Mon compte",
        "confirm_link": "Confirmer le paiement",
        "ignore": "Si vous avez payé cette facture autrement depuis, vous pouvez ignorer ce "
                  "courriel.",
        "card": "carte se terminant par {last4}",
        "bank": "compte bancaire se terminant par {last4}",
        "method": "mode de paiement",
    },
}

# The sentences of decline_texts.py a charge can end with, in French (the desk's Qt catalogue
# has the same words; services are Qt-free). Any other falls back to the generic decline.
_REASONS_FR: dict[str, str] = {
    "An error occurred while the card was processed.":
        "Une erreur s’est produite pendant le traitement de la carte.",
    "The address doesn't match the card's billing address.":
        "L’adresse ne correspond pas à l’adresse de facturation de la carte.",
    "The bank asks for the card's PIN, which can't be entered here.":
        "La banque demande le NIP de la carte, qui ne peut pas être saisi ici.",
    "The bank asks the cardholder to confirm this card (3-D Secure).":
        "La banque demande au titulaire de confirmer cette carte (3-D Secure).",
    "The bank couldn't approve the card right now.":
        "La banque n’a pas pu approuver la carte pour le moment.",
    "The bank refused the amount.": "La banque a refusé le montant.",
    "The bank saw the same payment a moment ago.":
        "La banque a reçu le même paiement il y a un instant.",
    "The card has expired.": "La carte est expirée.",
    "The card has insufficient funds.": "Les fonds de la carte sont insuffisants.",
    "The card is over its limit.": "La carte a dépassé sa limite.",
    "The card number is incorrect.": "Le numéro de carte est erroné.",
    "The card or its account is no longer valid.": "La carte ou son compte n’est plus valide.",
    "The card was declined. The bank gave no reason.":
        "La carte a été refusée. La banque n’a pas donné de raison.",
    "The card wasn't confirmed: the bank's 3-D Secure check failed or was cancelled.":
        "La carte n’a pas été confirmée\u00a0: la vérification 3-D Secure de la banque a "
        "échoué ou a été annulée.",
    "The card's bank couldn't be reached.": "La banque de la carte est injoignable.",
    "The expiry date is incorrect.": "La date d’expiration est erronée.",
    "The postal code doesn't match the card's billing address.":
        "Le code postal ne correspond pas à l’adresse de facturation de la carte.",
    "The security code (CVC) is incorrect.": "Le code de sécurité (CVC) est erroné.",
    "This card can't be used for this kind of payment.":
        "Cette carte ne peut pas servir à ce type de paiement.",
    "This card can't pay in Canadian dollars.":
        "Cette carte ne peut pas payer en dollars canadiens.",
    "This is one of Stripe's test cards: it works only in test mode.":
        "C’est une carte de test de Stripe\u00a0: elle ne fonctionne qu’en mode test.",
    "Too many wrong PINs were tried with this card.":
        "Trop de NIP erronés ont été essayés avec cette carte.",
}
_GENERIC_FR = "Le paiement a été refusé. La banque n’a pas donné de raison."
_GENERIC_EN = "The payment was refused. The bank gave no reason."


class NoClientEmail(UserFacingError):  # noqa: N818 - reads as a sentence
    code = "no_client_email"

    def __init__(self) -> None:
        super().__init__("This client has no email address.",
                         hint="Add one to the client's profile, or copy the portal link and "
                              "send it another way.")


def reason_text(payment: Payment, language: str) -> str:
    """Why it failed, for the client, in ``language``."""
    if payment.method is PaymentMethodKind.PAD and payment.status is PaymentStatus.FAILED:
        return debit_reason(payment.failure_code, language)  # a debit's return
    text = failure_text(decline_code=payment.failure_code or "generic_decline").message
    if payment.method is PaymentMethodKind.PAD and text.startswith(("The card", "This card")):
        text = ""  # a bank debit's return: the card sentences don't fit
    if language == "fr":
        return _REASONS_FR.get(text, _GENERIC_FR)
    return text or _GENERIC_EN


def amount_words(cents: int, currency: str, language: str) -> str:
    whole, part = f"{cents // 100:,}", f"{cents % 100:02d}"
    code = "" if currency.lower() == "cad" else f" {currency.upper()}"
    if language == "fr":
        return whole.replace(",", "\u00a0") + f",{part}\u00a0${code}"
    return f"${whole}.{part}{code}"


def confirm_link(public_url: str, payment_id: int) -> str:
    """The portal's *Confirm payment* page of a payment ("" without a public address)."""
    return f"{public_url.rstrip('/')}/billing/payments/{payment_id}/confirm" \
        if public_url else ""


def _fill(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


class FailedPaymentMail:
    def __init__(self, uow: UnitOfWorkFactory, mailer: Mailer) -> None:
        self._uow = uow
        self._mailer = mailer
        self._portal = PortalSettingsService(uow)

    def ready(self) -> bool:
        """Whether mail is set up (a server and a sender)."""
        return self._mailer.ready()

    def account_link(self) -> str:
        url = self._portal.load().public_url
        return f"{url.rstrip('/')}/account" if url else ""

    def link_for(self, payment: Payment) -> str:
        """Where the mail sends the client: the *Confirm payment* page of a charge waiting
        for them, else My account ("" when the portal has no public address)."""
        if payment.status is PaymentStatus.REQUIRES_ACTION:
            url = self._portal.load().public_url
            return confirm_link(url, payment.id)
        return self.account_link()

    @staticmethod
    def content(payment: Payment, invoice_number: str, language: str, *, name: str,
                clinic: str, link: str) -> MailContent:
        words = _WORDS["fr" if language == "fr" else "en"]
        kind = "bank" if payment.method is PaymentMethodKind.PAD else "card"
        method = _fill(words[kind], {"last4": payment.last4}) if payment.last4 \
            else words["method"]
        values = {"clinic": clinic, "name": name, "invoice": invoice_number, "method": method,
                  "amount": amount_words(payment.amount_cents, payment.currency, language),
                  "reason": reason_text(payment, language)}
        confirm = payment.status is PaymentStatus.REQUIRES_ACTION
        paragraphs = [_fill(words["hello"], values) if name else "",
                      _fill(words["confirm" if confirm else "failed"], values),
                      _fill(words["why"], values),
                      (words["confirm_now"] if confirm else words["what_now"]) if link
                      else words["no_link"]]
        return MailContent.of(_fill(words["subject"], values), [p for p in paragraphs if p],
                              link=link, link_label=words["confirm_link" if confirm else "link"],
                              after_link=[words["ignore"]], signature=clinic)

    def send(self, payment_id: int) -> str:
        """Mail the client about this failed attempt; returns the address it went to.
        Raises ``MailNotSent`` (not set up, the server refused…) or ``NoClientEmail``."""
        if not self._mailer.ready():
            raise MailNotSent("not_configured")
        with self._uow() as uow:
            payment = uow.payments.get(payment_id)
            invoice = uow.invoices.get(payment.invoice_id)
            client = uow.clients.get(payment.client_id)
        if not client.email:
            raise NoClientEmail()
        clinic = self._portal.load().clinic_name or ""
        content = self.content(payment, invoice.number,
                               self._mailer.language_for(client.id), name=client.first_name,
                               clinic=clinic, link=self.link_for(payment))
        self._mailer.send(client.email, content)
        log.info("failed-payment mail sent for payment %s", payment_id)
        return client.email

    def notify(self, outcome: ChargeOutcome) -> bool:
        """After a charge: mail the client when it failed, or waits for them to confirm it,
        and mail is set up (True when a mail left). Never raises."""
        if outcome.status not in (PaymentStatus.FAILED, PaymentStatus.REQUIRES_ACTION):
            return False
        try:
            if not self._mailer.ready():
                return False
            self.send(outcome.payment.id)
            return True
        except NoClientEmail:
            log.info("failed-payment mail not sent for payment %s: no email on file",
                     outcome.payment.id)
        except MailNotSent as error:
            log.warning("failed-payment mail not sent for payment %s (%s)",
                        outcome.payment.id, error.reason)
        except Exception as error:  # never fail a charge or a run over a mail
            log.warning("failed-payment mail not sent for payment %s (%s)",
                        outcome.payment.id, type(error).__name__)
        return False
