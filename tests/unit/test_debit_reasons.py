"""Why a bank debit was returned, in the client's email: each of Stripe's PAD failure codes in
plain words, English and French (typographic apostrophes), never a card's sentence."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from owl_desktop.domain.billing import Payment, PaymentMethodKind, PaymentStatus
from owl_desktop.sandbox.testdata import PAD_ACCOUNTS, PAD_TOKENS
from owl_desktop.services.debit_reasons import _REASONS, debit_reason
from owl_desktop.services.failed_payment_mail import reason_text


def test_every_failure_of_the_test_accounts_has_its_words() -> None:
    codes = {p.failure_code for p in [*PAD_ACCOUNTS.values(), *PAD_TOKENS.values()]
             if p.failure_code}
    assert codes <= set(_REASONS)


@pytest.mark.parametrize("code", [*_REASONS, "something_new"])
def test_english_and_french(code: str) -> None:
    english, french = debit_reason(code, "en"), debit_reason(code, "fr")
    assert english
    assert french not in ("", english)
    assert "'" not in french
    assert "card" not in english
    assert "carte" not in french


def test_the_mail_uses_them_for_a_returned_debit() -> None:
    debit = Payment(id=1, uuid="u", invoice_id=1, client_id=1, method=PaymentMethodKind.PAD,
                    amount_cents=8000, currency="CAD", status=PaymentStatus.FAILED,
                    created_at=datetime(2026, 12, 3, tzinfo=UTC),
                    failure_code="account_closed")
    assert reason_text(debit, "en") == "The bank account is closed."
    assert reason_text(debit, "fr") == "Le compte bancaire est fermé."
