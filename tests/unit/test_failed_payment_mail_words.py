"""The failed-payment mail's words: every decline sentence a charge can end with has its French,
and the amount is written the client's way."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from owl_desktop.domain.billing import Payment, PaymentMethodKind, PaymentStatus
from owl_desktop.domain.decline_texts import DECLINE_TEXTS, GENERIC_DECLINE
from owl_desktop.services.failed_payment_mail import _REASONS_FR, amount_words, reason_text


def payment(code: str, method: PaymentMethodKind = PaymentMethodKind.CARD) -> Payment:
    return Payment(id=1, uuid="u", invoice_id=1, client_id=1, method=method,
                   amount_cents=4500, currency="cad", status=PaymentStatus.FAILED,
                   created_at=datetime(2026, 12, 3, tzinfo=UTC), failure_code=code)


def test_every_decline_sentence_has_its_french() -> None:
    missing = {t.message for t in [*DECLINE_TEXTS.values(), GENERIC_DECLINE]} - set(_REASONS_FR)
    assert missing == set()


@pytest.mark.parametrize(("code", "en", "fr"), [
    ("insufficient_funds", "The card has insufficient funds.",
     "Les fonds de la carte sont insuffisants."),
    ("", "The card was declined. The bank gave no reason.",
     "La carte a été refusée. La banque n’a pas donné de raison."),
])
def test_reasons(code: str, en: str, fr: str) -> None:
    assert reason_text(payment(code), "en") == en
    assert reason_text(payment(code), "fr") == fr


def test_a_bank_debit_gets_no_card_sentence() -> None:
    debit = payment("insufficient_funds", PaymentMethodKind.PAD)
    assert "card" not in reason_text(debit, "en")
    assert "carte" not in reason_text(debit, "fr")


def test_amounts() -> None:
    assert amount_words(123_456, "cad", "en") == "$1,234.56"
    assert amount_words(123_456, "cad", "fr") == "1\u00a0234,56\u00a0$"
    assert amount_words(5, "usd", "en") == "$0.05 USD"


def test_a_payment_waiting_for_authentication_says_so() -> None:
    from dataclasses import replace

    from owl_desktop.services.failed_payment_mail import FailedPaymentMail

    waiting = replace(payment("authentication_required"), status=PaymentStatus.REQUIRES_ACTION,
                      last4="3155")
    content = FailedPaymentMail.content(waiting, "2026-0042", "fr", name="Élise",
                                        clinic="Clinique Azur",
                                        link="https://portal.example/account")
    assert "votre banque vous demande de confirmer le paiement" in content.text
    assert "carte se terminant par 3155" in content.text
    assert "La banque demande au titulaire de confirmer cette carte (3-D Secure)." in content.text
    assert "https://portal.example/account" in content.html


def test_a_payment_waiting_for_authentication_links_to_confirm_it() -> None:
    from dataclasses import replace

    from owl_desktop.services.failed_payment_mail import FailedPaymentMail, confirm_link

    waiting = replace(payment("authentication_required"), id=42,
                      status=PaymentStatus.REQUIRES_ACTION, last4="3184")
    link = confirm_link("https://portal.example/", waiting.id)
    assert link == "https://portal.example/billing/payments/42/confirm"
    assert confirm_link("", 42) == ""
    fr = FailedPaymentMail.content(waiting, "2026-0042", "fr", name="Élise",
                                   clinic="Clinique Azur", link=link)
    assert "confirmez le paiement dans le portail client\u00a0: votre banque" in fr.text
    assert "Raison\u00a0: La banque demande au titulaire de confirmer cette carte" in fr.text
    assert "ajoutez une nouvelle carte" not in fr.text
    assert "Confirmer le paiement" in fr.html
    en = FailedPaymentMail.content(waiting, "2026-0042", "en", name="Élise",
                                   clinic="Clinique Azur", link=link)
    assert "To pay it, confirm the payment in the client portal" in en.text
    assert "add a new card" not in en.text
    assert f'href="{link}"' in en.html
    assert "Confirm the payment" in en.html
    declined = FailedPaymentMail.content(payment("insufficient_funds"), "2026-0043", "en",
                                         name="Élise", clinic="Clinique Azur",
                                         link="https://portal.example/account")
    assert "add a new card or bank account" in declined.text
    assert "Open My account" in declined.html
