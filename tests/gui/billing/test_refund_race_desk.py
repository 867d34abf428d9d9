"""Two refunds of one payment at once, on a sandbox-mode desk (its own Stripe double, real
widgets), in English and French: the refund dialog opened when $80.00 was left; another desk
refunds $15.00 meanwhile; asking for $70.00 is refused, and the dialog says how much is left
the way the Billing tab writes amounts ($65.00; 65,00 $ in French), never "65.00 CAD"."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from owl_desktop.composition import Services
from owl_desktop.domain.billing import InvoiceDraft, PaymentStatus
from owl_desktop.ui.main_window import MainWindow
from tests.gui.billing.test_charge_in_sandbox import idle, saved
from tests.gui.billing.test_refund_fails_in_sandbox import (  # noqa: F401 - the desk fixture
    PASSPHRASE,
    sandbox_desk,
)
from tests.gui.test_autopay_desk import ui

REFUSED = {
    "en": "At most $65.00 can be refunded of this payment.",
    "fr": "Au plus 65,00\u00a0$ peut être remboursé sur ce paiement.",
}


def test_a_refund_beyond_what_another_desk_left_says_the_amount_in_the_desks_language(
        qtbot: QtBot, sandbox_desk: tuple[Services, MainWindow, str]) -> None:  # noqa: F811
    services, window, language = sandbox_desk
    qtbot.waitUntil(lambda: services.live.current is not None, timeout=20_000)
    client_id = next(c.id for c in services.client_service.search("", limit=50)
                     if services.client_service.get(c.id).has_valid_email)
    card = saved(services, client_id, "card", "pm_card_visa")
    invoice = services.billing.make_invoice(InvoiceDraft(client_id, "Massage 60", 80_00,
                                                         date.today()))
    payment = services.billing.charge_now(invoice.id, card.id).payment
    assert payment.status is PaymentStatus.SUCCEEDED
    services.admin.set_once(PASSPHRASE)

    autopay = ui(window)
    autopay.refund_action.trigger()
    refunds = autopay.refunds_dialog
    assert refunds is not None
    qtbot.waitUntil(lambda: len(refunds.rows) == 1, timeout=10_000)
    dialog = refunds.open_refund()
    assert dialog is not None
    assert dialog.amount.value() == 80.00
    # Meanwhile, at another desk sharing the database:
    services.refunds.refund_payment(payment, 15_00, "requested_by_customer", "", PASSPHRASE)

    dialog.amount.setValue(70.00)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.refund_button.click()
    qtbot.waitUntil(dialog.problem.isVisible, timeout=10_000)
    idle(qtbot, window)
    assert dialog.problem.text() == REFUSED[language]
    assert services.refunds.left_to_refund(payment.payment_intent_id, 80_00) == 65_00
    dialog.close()
    refunds.close()
