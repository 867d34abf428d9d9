"""Billing's sentences for staff, in English and French: a failed bank debit by its code, a
card the bank wants confirmed, a declined card (the shared decline table)."""

from __future__ import annotations

from datetime import UTC, datetime

from owl_desktop.domain.billing import Payment, PaymentMethodKind, PaymentStatus
from owl_desktop.ui.billing.texts import failure_text, payment_method_text
from owl_desktop.ui.i18n import Translations


def payment(method: PaymentMethodKind, status: PaymentStatus, code: str = "") -> Payment:
    return Payment(id=1, uuid="u", invoice_id=1, client_id=1, method=method, amount_cents=4500,
                   currency="CAD", status=status, created_at=datetime(2030, 1, 7, tzinfo=UTC),
                   brand="Visa" if method is PaymentMethodKind.CARD else "TD", last4="4242",
                   failure_code=code)


def test_failures_in_english(translations: Translations) -> None:
    assert failure_text(payment(PaymentMethodKind.PAD, PaymentStatus.FAILED,
                                "insufficient_funds")) == (
        "The bank account didn't have enough money. Ask the client for another payment method.")
    assert failure_text(payment(PaymentMethodKind.PAD, PaymentStatus.FAILED, "odd")).startswith(
        "The bank refused the debit.")
    assert "confirm" in failure_text(payment(PaymentMethodKind.CARD,
                                             PaymentStatus.REQUIRES_ACTION))
    assert failure_text(payment(PaymentMethodKind.CARD, PaymentStatus.FAILED,
                                "insufficient_funds")).startswith("The card has insufficient")
    assert failure_text(payment(PaymentMethodKind.CARD, PaymentStatus.SUCCEEDED)) == ""
    assert payment_method_text(payment(PaymentMethodKind.CARD, PaymentStatus.SUCCEEDED)) == \
        "Visa •••• 4242"


def test_failures_in_french(translations: Translations) -> None:
    translations.install("fr")
    assert failure_text(payment(PaymentMethodKind.PAD, PaymentStatus.FAILED,
                                "account_closed")) == (
        "Le compte bancaire est fermé. Demandez au client un autre mode de paiement.")
    assert failure_text(payment(PaymentMethodKind.CARD, PaymentStatus.REQUIRES_ACTION)) \
        .startswith("La banque demande au titulaire de la carte de confirmer ce paiement.")
    assert failure_text(payment(PaymentMethodKind.CARD, PaymentStatus.FAILED,
                                "insufficient_funds")).startswith("Les fonds de la carte")
