"""Why a bank (PAD) debit was returned, in the words the client reads in their email, by
Stripe's failure code (docs.stripe.com/payments/acss-debit: failed payments). The desk's own
words for staff live in ``ui/billing/texts.py``; these say the same to the client. The card
decline sentences don't fit a bank account, so a debit never falls back to them."""

from __future__ import annotations

_REASONS: dict[str, tuple[str, str]] = {
    "insufficient_funds": ("The bank account didn't have enough money.",
                           "Le compte bancaire n’avait pas assez d’argent."),
    "account_closed": ("The bank account is closed.", "Le compte bancaire est fermé."),
    "no_account": ("The bank couldn't find this account.",
                   "La banque n’a pas trouvé ce compte."),
    "debit_not_authorized": ("Your bank was told that this debit wasn't authorized.",
                             "Votre banque a été avisée que ce prélèvement n’était pas "
                             "autorisé."),
    "charge_exceeds_source_limit": ("The debit went over the account's weekly limit.",
                                    "Le prélèvement dépassait la limite hebdomadaire du "
                                    "compte."),
    "charge_exceeds_transaction_limit": (
        "The debit went over the account's limit per payment.",
        "Le prélèvement dépassait la limite par paiement du compte."),
}
_OTHER = ("The bank refused the debit.", "La banque a refusé le prélèvement.")


def debit_reason(code: str, language: str) -> str:
    """The sentence for ``code`` in ``language`` ("fr" or English)."""
    english, french = _REASONS.get(code, _OTHER)
    return french if language == "fr" else english
