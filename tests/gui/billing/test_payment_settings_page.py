"""Settings → Payments through the real window: reachable from the Settings menu, checks the
GST/HST number, stores fees and the receipt details; in French too."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from owl_desktop.services.payment_settings import PaymentSettings, PaymentSettingsService
from owl_desktop.ui.billing.setup import BillingUi
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.main_window import MainWindow
from tests.gui.mnemonics import clashes, visible_mnemonics
from tests.gui.windows import OPEN_SERVICES


def billing_ui(window: MainWindow) -> BillingUi:
    return window.billing_ui  # type: ignore[attr-defined,no-any-return]


def idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.tasks.is_busy(), timeout=5000)


def with_passphrase(dialog: object, phrase: str = "clinic admin phrase") -> None:
    """Changes to Settings → Payments ask the administrator's passphrase (autopay, issue 17):
    the first time it is set, typed twice."""
    ask = dialog.passphrase_dialog  # type: ignore[attr-defined]
    assert ask is not None
    ask.edit.setText(phrase)
    ask.again.setText(phrase)
    ask.buttons.button(ask.buttons.StandardButton.Ok).click()


def test_settings_payments_checks_and_stores(qtbot: QtBot,
                                             sqlite_main_window: MainWindow) -> None:
    window = sqlite_main_window
    services = OPEN_SERVICES[-1]
    ui = billing_ui(window)
    assert ui.settings_action in window.settings_menu.actions()
    ui.settings_action.trigger()
    dialog = ui.settings_dialog
    assert dialog is not None
    idle(qtbot, window)
    assert dialog.loaded
    assert clashes(dialog) == {}, visible_mnemonics(dialog)
    assert dialog.no_show_fee.text() == "No fee"
    dialog.no_show_fee.setValue(40)
    dialog.late_fee.setValue(25.5)
    dialog.address_edit.setPlainText("12 rue des Pins\nMontréal QC")
    dialog.tax_edit.setText("12345")
    dialog.save()
    with_passphrase(dialog)
    idle(qtbot, window)
    assert dialog.isVisible()
    assert "123456789 RT 0001" in dialog.tax_error.text()
    assert dialog.tax_error.isVisible()
    dialog.tax_edit.setText("123456789RT0001")
    dialog.save()
    with_passphrase(dialog)
    idle(qtbot, window)
    assert not dialog.isVisible()
    assert PaymentSettingsService(services.uow_factory).load() == PaymentSettings(
        "CAD", 4000, 2550, "12 rue des Pins\nMontréal QC", "123456789 RT 0001")
    # Opened again, it shows what is stored.
    again = ui.open_settings()
    idle(qtbot, window)
    assert again.no_show_fee.value() == 40
    assert again.tax_edit.text() == "123456789 RT 0001"
    again.reject()


def test_settings_payments_in_french(qtbot: QtBot, sqlite_main_window: MainWindow,
                                     translations: Translations) -> None:
    translations.install("fr")
    dialog = billing_ui(sqlite_main_window).open_settings()
    idle(qtbot, sqlite_main_window)
    assert dialog.windowTitle() == "Paiements"
    assert dialog.no_show_fee.text() == "Aucuns frais"
    assert clashes(dialog) == {}, visible_mnemonics(dialog)
    dialog.reject()
