"""A refund that the card's bank refuses after Stripe accepted it (Stripe's test card
``4000000000005126``), on a sandbox-mode desk (its own Stripe double, its own sync, real
widgets), in English and French: the profile's Billing tab shows the payment refunded, then —
once the double's clock has moved on and the desk has synced — the refund failed, why in plain
words and what to do; the whole payment can be refunded again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from owl_desktop.composition import Services, build_services
from owl_desktop.config import load_config
from owl_desktop.domain.billing import InvoiceDraft, PaymentStatus
from owl_desktop.domain.refunds import FAILED
from owl_desktop.sandbox import testdata
from owl_desktop.ui.application import GuiSession
from owl_desktop.ui.desk import build_main_window
from owl_desktop.ui.main_window import MainWindow
from tests.gui.billing.test_charge_in_sandbox import idle, open_billing, saved

PASSPHRASE = "front desk admin 2026"
WORDS = {
    "en": ("Refunded $30.00.",
           "Refund of $30.00 failed: The card has expired or was canceled. Refund the client "
           "another way (cash, cheque or e-transfer)."),
    "fr": ("Remboursé 30,00\u00a0$.",
           "Le remboursement de 30,00\u00a0$ a échoué\u00a0: La carte est expirée ou a été "
           "annulée. Remboursez le client autrement (comptant, chèque ou virement Interac)."),
}


@pytest.fixture(params=["en", "fr"])
def sandbox_desk(request: pytest.FixtureRequest, qtbot: QtBot, tmp_path: Path
                 ) -> Iterator[tuple[Services, MainWindow, str]]:
    language = str(request.param)
    config = load_config(["--sandbox", "--data-dir", str(tmp_path), "--lang", language],
                         {"OWL_DESK": "front"})
    services = build_services(config)
    gui = GuiSession(config)
    window = build_main_window(services, gui)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield services, window, language
    window.close()
    services.close()
    gui.close()


def test_the_billing_tab_shows_a_refund_that_failed_later(
        qtbot: QtBot, sandbox_desk: tuple[Services, MainWindow, str]) -> None:
    services, window, language = sandbox_desk
    qtbot.waitUntil(lambda: services.live.current is not None, timeout=20_000)
    client_id = next(c.id for c in services.client_service.search("", limit=50)
                     if services.client_service.get(c.id).has_valid_email)
    card = saved(services, client_id, "card", "pm_card_refundFail")
    invoice = services.billing.make_invoice(InvoiceDraft(client_id, "Massage 60", 80_00,
                                                         date.today()))
    payment = services.billing.charge_now(invoice.id, card.id).payment
    assert payment.status is PaymentStatus.SUCCEEDED
    services.admin.set_once(PASSPHRASE)
    services.refunds.refund_payment(payment, 30_00, "requested_by_customer", "", PASSPHRASE)

    tab = open_billing(qtbot, window, client_id)
    done, failed = WORDS[language]
    status = tab.payments.item(0, 4)
    assert status is not None
    assert status.text().endswith(done)

    controls = services.sandbox_controls
    assert controls is not None
    controls.server.advance(testdata.REFUND_FAIL_SECONDS + 1)
    engine = services.sync_engine
    assert engine is not None
    qtbot.waitUntil(lambda: engine.run_once().error == "", timeout=20_000)  # not the desk's own
    assert [r.status for r in services.refunds.for_payment(payment.payment_intent_id)] == [
        FAILED]
    tab.reload()
    idle(qtbot, window)
    status = tab.payments.item(0, 4)
    assert status is not None
    assert status.text().endswith(failed)
    assert done not in status.text()
    assert failed in status.toolTip()
    assert services.refunds.left_to_refund(payment.payment_intent_id, 80_00) == 80_00
