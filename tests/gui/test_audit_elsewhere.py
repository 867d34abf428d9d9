"""The payment method history shows changes made elsewhere, as sync recorded them from the
sandbox over HTTP, in words staff understand (English and French): "Stripe" / "Elsewhere",
"Verified", with a tooltip saying what that means."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import stripe
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from owl_desktop.services.audit import AuditTrailService
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.payment_methods.audit_model import AuditTrailModel
from owl_desktop.ui.payment_methods.audit_view import AuditTrailView
from tests.integration.sync.desk import (
    Desk,
    add_client,
    attach_card,
    link,
    new_customer,
    open_desk,
    set_default_elsewhere,
)
from tests.integration.sync.refund_charges import charged, refund_elsewhere
from tests.stripe_env import StripeEnv


@pytest.fixture
def desk(tmp_path: Path, stripe_env: StripeEnv) -> Iterator[Desk]:
    opened = open_desk("A", f"sqlite:///{tmp_path / 'desk.sqlite3'}", stripe_env.api_base,
                       stripe_env.secret_key)
    yield opened
    opened.close()


def rows(view: AuditTrailView, role: int = Qt.ItemDataRole.DisplayRole
         ) -> list[tuple[str, str, str, str]]:
    model = view.model
    cols = (AuditTrailModel.Column.WHO, AuditTrailModel.Column.DESK,
            AuditTrailModel.Column.ACTION, AuditTrailModel.Column.METHOD)
    return [tuple(model.data(model.index(r, c), role) for c in cols)  # type: ignore[misc]
            for r in range(model.rowCount())]


def test_history_names_changes_made_elsewhere(qtbot: QtBot, desk: Desk,
                                              stripe_client: stripe.StripeClient,
                                              translations: Translations) -> None:
    cid = add_client(desk, "Ada")
    cus = new_customer(stripe_client, "Ada", cid)
    link(desk, cid, cus)
    visa = attach_card(stripe_client, cus, "pm_card_visa")
    set_default_elsewhere(stripe_client, cus, visa)
    desk.sync()
    desk.methods.remove(cid, desk.methods.list_for_client(cid)[0].id)  # and one made here

    view = AuditTrailView()
    qtbot.addWidget(view)
    view.model.set_entries(AuditTrailService(desk.uow).list_for_client(cid))
    view.show()
    shown = rows(view)
    assert ("Stripe", "Elsewhere", "Added", "Visa •••• 4242") in shown
    assert ("Stripe", "Elsewhere", "Set as default", "Visa •••• 4242") in shown
    here = [r for r in shown if r[2] == "Removed"]
    assert len(here) == 1
    assert here[0][:2] != ("Stripe", "Elsewhere")  # this desk's user and desk name
    tips = rows(view, Qt.ItemDataRole.ToolTipRole)
    assert tips[-1][0] is not None
    assert "picked up by sync" in tips[-1][0]
    assert tips[0][0] is None  # this desk's own change needs no explanation

    translations.install("fr")
    view.model.set_entries(AuditTrailService(desk.uow).list_for_client(cid))
    shown = rows(view)
    assert ("Stripe", "Ailleurs", "Ajouté", "Visa •••• 4242") in shown


def test_a_removal_seen_through_sync_says_where_it_may_have_happened(
        qtbot: QtBot, desk: Desk, stripe_client: stripe.StripeClient,
        translations: Translations) -> None:
    cid = add_client(desk, "Ada")
    cus = new_customer(stripe_client, "Ada", cid)
    link(desk, cid, cus)
    visa = attach_card(stripe_client, cus, "pm_card_visa")
    desk.sync()
    stripe_client.v1.payment_methods.detach(visa)  # another desk, or the Dashboard
    desk.sync()

    view = AuditTrailView()
    qtbot.addWidget(view)
    view.model.set_entries(AuditTrailService(desk.uow).list_for_client(cid))
    assert rows(view)[0][2] == "Removed at another desk or in Stripe"
    translations.install("fr")
    view.model.set_entries(AuditTrailService(desk.uow).list_for_client(cid))
    assert rows(view)[0][2] == "Retiré à un autre poste ou dans Stripe"


def test_a_refund_made_in_stripe_before_the_first_sync_reads_as_made_elsewhere(
        qtbot: QtBot, desk: Desk, stripe_client: stripe.StripeClient,
        translations: Translations) -> None:
    payment = charged(desk, stripe_client)
    refund_elsewhere(stripe_client, payment, 20_00)  # the Dashboard, before any sync
    desk.sync()  # a full reconcile: no event told of it

    view = AuditTrailView()
    qtbot.addWidget(view)
    view.model.set_entries(AuditTrailService(desk.uow).list_for_client(payment.client_id))
    assert rows(view)[0][:3] == ("Stripe", "Elsewhere", "Refunded")
    assert "picked up by sync" in rows(view, Qt.ItemDataRole.ToolTipRole)[0][0]
    translations.install("fr")
    view.model.set_entries(AuditTrailService(desk.uow).list_for_client(payment.client_id))
    assert rows(view)[0][:3] == ("Stripe", "Ailleurs", "Remboursé")
