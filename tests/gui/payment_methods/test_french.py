"""The section in French (fr_CA), from the built catalogue: list, badges, menu, confirmation,
autopay banner and audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from owl_desktop.ui.i18n import Translations
from tests.gui.payment_methods.conftest import (
    OFFSCREEN_POPUP_NOISE,
    PmEnv,
    SectionFactory,
    months_from,
)

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)
NBSP = "\u00a0"


def test_french_section(qtbot: QtBot, pm_env: PmEnv, make_section: SectionFactory,
                        translations: Translations) -> None:
    translations.install("fr")
    client = pm_env.add_client(autopay=True)
    # stored oldest first: shown default first, then newest first
    pm_env.store_bank(client, status="pending_verification")
    pm_env.store_card(client, brand="mastercard", last4="4444", exp=months_from(date.today(), 1))
    visa = pm_env.store_card(client, default=True)
    section = make_section(client)

    assert section.title() == "Modes de paiement"
    assert section.add_button.text() == "A&jouter un mode de paiement…"  # Alt+A is &Aide
    assert section.no_edit_label.text().startswith("Les modes de paiement ne peuvent pas être "
                                                   "modifiés")
    first, second, bank = section.list_view.rows()
    assert first.default_badge.text() == "Par défaut"
    assert second.state_badges["expires_soon"].text() == "Expire bientôt"
    assert bank.state_badges["pending_verification"].text() == "Vérification en attente"
    assert bank.icon_label.accessibleName() == "Compte bancaire"
    assert first.accessibleName().startswith("Visa se terminant par 4242, expire le ")
    assert [a.text() for a in first.menu.actions() if not a.isSeparator()][:2] == [
        "Définir par &défaut", "&Retirer…"]
    first.set_expanded(True)
    assert [label for label, _value in first.shown_details()] == [
        "Expiration", "Adresse de facturation", "Nom sur la carte"]
    bank.set_expanded(True)
    assert bank.shown_details()[:2] == [("Titulaire du compte", "Élise Tremblay"),
                                        ("Banque", "Desjardins")]
    label, value = bank.shown_details()[2]
    assert label == "Vérification"
    assert "deux petits dépôts" in value
    assert not bank.set_default_action.isEnabled()
    assert bank.set_default_action.text() == "Définir par défaut (une fois vérifié)"
    assert section.autopay_panel.title() == "Paiement automatique"
    assert section.autopay_panel.method_label.text() == \
        "Débite Visa •••• 4242, le mode par défaut."

    box = section.confirm_remove(visa)
    assert box is not None
    assert box.text() == "Retirer Visa •••• 4242?"
    assert box.informativeText().startswith(f"Le retrait est définitif{NBSP}:")
    remove = next(b for b in box.buttons() if b.objectName() == "confirmRemoveButton")
    with qtbot.waitSignal(section.loaded, timeout=10000):
        remove.click()
    panel = section.autopay_panel
    assert panel.banner_label.text() == ("Le paiement automatique est suspendu jusqu'au choix "
                                         "d'un autre mode par défaut.")
    assert [b.text() for b in panel.choice_buttons] == ["Utiliser Mastercard •••• 4444"]
    model = section.audit_view.model
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Quand"
    actions = {model.index(r, 3).data() for r in range(model.rowCount())}
    assert "Retiré" in actions
