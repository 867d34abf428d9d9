"""The clinic administrator's history and passphrase at a sandbox-mode desk, in English and
French: Billing → Administrator history… and Settings → Payments → Administrator history…
list, newest first, who and which desk did what (a refund with its amount, invoice, client and
reason; each changed setting; the passphrase set, changed, typed wrong); *Change the
administrator passphrase…* needs the current one; the set-up dialog says what happens if it
is forgotten; the nightly hour names its time zone; amounts read as the Billing tab's; the
autopay summary uses plural forms."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from owl_desktop.composition import Services, build_services
from owl_desktop.config import load_config
from owl_desktop.domain.admin_history import AdminAction, AdminEntry, settings_detail
from owl_desktop.domain.autopay import AUTOMATIC
from owl_desktop.services.autopay_run import Outcome, RunLine, RunSummary
from owl_desktop.ui.application import GuiSession
from owl_desktop.ui.autopay.history_texts import entry_text
from owl_desktop.ui.autopay.run_dialog import RunAutopayDialog
from owl_desktop.ui.desk import build_main_window
from owl_desktop.ui.main_window import MainWindow
from tests.gui.mnemonics import clashes, visible_mnemonics
from tests.gui.test_autopay_desk import client_with_card, invoice, ui
from tests.gui.test_small_screens import fit_problems

PASSPHRASE = "front desk admin 2026"
NEW_PASSPHRASE = "a new desk phrase 2027"


@pytest.fixture(params=["en", "fr"])
def desk(request: pytest.FixtureRequest, qtbot: QtBot,
         tmp_path: Path) -> Iterator[tuple[Services, MainWindow, str]]:
    before = QLocale()
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
    QLocale.setDefault(before)


def idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.tasks.is_busy(), timeout=20_000)


def words(language: str, en: str, fr: str) -> str:
    return fr if language == "fr" else en


def test_history_lists_what_was_done_newest_first(
        qtbot: QtBot, desk: tuple[Services, MainWindow, str]) -> None:
    services, window, language = desk
    qtbot.waitUntil(lambda: services.live.current is not None, timeout=20_000)
    # Settings → Payments: the passphrase set the first time (the set-up dialog says what
    # happens if it is forgotten), then automatic processing at 03:00.
    settings = window.billing_ui.open_settings()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: settings.loaded and settings.zone is not None, timeout=10_000)
    assert not settings.change_button.isEnabled()  # nothing to change yet
    settings.processing.setCurrentIndex(settings.processing.findData(AUTOMATIC))
    settings.hour.setCurrentIndex(settings.hour.findData(3))
    settings.save()
    ask = settings.passphrase_dialog
    assert ask is not None
    assert ask.setting
    qtbot.waitExposed(ask)
    assert ask.width() <= 900
    assert ask.height() <= 600
    assert fit_problems(ask) == []
    intro = " ".join(label.text() for label in ask.findChildren(type(settings.zone_label)))
    assert "owl-desktop reset-admin-passphrase" in intro
    assert words(language, "if it is forgotten", "si elle est oubliée") in intro
    ask.edit.setText(PASSPHRASE)
    ask.again.setText(PASSPHRASE)
    with qtbot.waitSignal(settings.saved, timeout=10_000):
        ask.buttons.button(ask.buttons.StandardButton.Ok).click()

    # A refund of part of a paid invoice, once with a wrong passphrase.
    client = client_with_card(services, "Ada")
    bill = invoice(services, client, 80_00)
    with services.uow_factory() as uow:
        method = uow.payment_methods.list_for_client(client)[0]
    payment = services.billing.charge_now(bill.id, method.id).payment
    refunds = services.refunds
    with pytest.raises(Exception, match="passphrase"):
        refunds.refund_payment(payment, 30_00, "duplicate", "", "not it at all")
    refunds.refund_payment(payment, 30_00, "duplicate", "card run twice", PASSPHRASE)

    # Settings → Payments → Change the administrator passphrase…: the current one first.
    settings = window.billing_ui.open_settings()  # type: ignore[attr-defined]
    qtbot.waitUntil(settings.change_button.isEnabled, timeout=10_000)
    change = settings.open_change()
    assert clashes(change) == {}, visible_mnemonics(change)
    qtbot.waitExposed(change)
    hint = change.minimumSizeHint()
    assert change.width() <= 900
    assert hint.width() <= 900
    assert hint.height() <= 600
    assert fit_problems(change) == []
    change.current.setText("not the passphrase")
    change.new.setText(NEW_PASSPHRASE)
    change.again.setText(NEW_PASSPHRASE)
    change.change_button.click()
    qtbot.waitUntil(change.problem.isVisible, timeout=10_000)
    assert change.problem.text() == words(
        language, "That isn't the clinic administrator's passphrase. Ask the clinic "
                  "administrator to enter it.",
        "Ce n’est pas la phrase secrète de l’administrateur de la clinique. Demandez à "
        "l’administrateur de la clinique de l’entrer.")
    assert change.current.text() == ""
    change.current.setText(PASSPHRASE)
    change.new.setText(NEW_PASSPHRASE)
    change.again.setText(NEW_PASSPHRASE)
    with qtbot.waitSignal(change.changed, timeout=10_000):
        change.change_button.click()
    services.admin.verify(NEW_PASSPHRASE, "refund")  # every desk asks the new one now
    settings.reject()

    # Billing → Administrator history…
    autopay = ui(window)
    autopay.history_action.trigger()
    history = autopay.history_dialog
    assert history is not None
    qtbot.waitUntil(lambda: history.loaded, timeout=10_000)
    amount = words(language, "$30.00", "30,00\u00a0$")
    assert history.texts() == [
        words(language, "Changed the clinic administrator's passphrase.",
              "Phrase secrète de l’administrateur de la clinique changée."),
        words(language, "Wrong current passphrase typed to change it: it wasn't changed.",
              "Mauvaise phrase secrète actuelle saisie pour la changer\u00a0: elle n’a pas été "
              "changée."),
        words(language, f"Refund of {amount} on invoice {bill.number} (Ada Autopay): charged "
                        "twice. Note: card run twice",
              f"Remboursement de {amount} sur la facture {bill.number} (Ada Autopay)\u00a0: "
              "débité deux fois. Note\u00a0: card run twice"),
        words(language, "Wrong passphrase typed for a refund: nothing was refunded.",
              "Mauvaise phrase secrète saisie pour un remboursement\u00a0: rien n’a été "
              "remboursé."),
        words(language, "Payment processing changed from manual to automatic. Autopay's "
                        "nightly hour changed from 02:00 to 03:00.",
              "Traitement des paiements passé de manuel à automatique. Heure de la nuit du "
              "paiement automatique passée de 02:00 à 03:00."),
        words(language, "Set the clinic administrator's passphrase.",
              "Phrase secrète de l’administrateur de la clinique définie."),
    ]
    table = history.table
    assert [table.item(0, c).text() for c in (1, 2)] == [history.entries[0].actor, "front"]
    assert table.horizontalHeaderItem(3).text() == words(language, "What", "Quoi")
    # Read-only, keyboard first: the table has the focus on the newest row; Esc closes.
    assert table.editTriggers() == table.EditTrigger.NoEditTriggers
    assert table.currentRow() == 0
    assert QApplication.focusWidget() is table or table.hasFocus()
    assert not table.tabKeyNavigation()
    history.resize(900, 600)
    assert not table.horizontalScrollBar().isVisible()
    qtbot.keyClick(table, Qt.Key.Key_Escape)
    assert not history.isVisible()

    # The same history from Settings → Payments.
    settings = window.billing_ui.open_settings()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: settings.loaded, timeout=10_000)
    assert clashes(settings) == {}, visible_mnemonics(settings)
    from_settings = settings.open_history()
    qtbot.waitUntil(lambda: from_settings.loaded, timeout=10_000)
    assert from_settings.texts() == history.texts()
    from_settings.close()
    settings.reject()


def test_the_nightly_hour_names_its_time_zone(
        qtbot: QtBot, desk: tuple[Services, MainWindow, str]) -> None:
    services, window, language = desk
    settings = window.billing_ui.open_settings()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: settings.zone is not None, timeout=10_000)
    assert settings.zone_label.text() == words(
        language, "America/Toronto: the clinic’s time zone isn’t set, so every desk uses this "
                  "default. Set it in Settings → Booking rules.",
        "America/Toronto\u00a0: le fuseau horaire de la clinique n’est pas défini, tous les "
        "postes utilisent donc celui-ci par défaut. Définissez-le dans Paramètres → Règles de "
        "réservation.")
    settings.reject()
    rules = services.scheduling.rules()
    services.scheduling.save_rules(replace(rules, time_zone="America/Vancouver"))
    settings = window.billing_ui.open_settings()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: settings.zone is not None, timeout=10_000)
    assert settings.zone_label.text() == words(
        language, "America/Vancouver (the clinic’s time zone)",
        "America/Vancouver (fuseau horaire de la clinique)")
    assert settings.zone_label.isVisible()
    buddies = [w.buddy() for w in settings.findChildren(QLabel) if w.buddy() is not None]
    assert settings.hour in buddies  # Alt+R (Alt+X in French) reaches the hour
    settings.reject()


def _line(n: int, outcome: str) -> RunLine:
    return RunLine(n, f"2026-{n:04d}", 1, 80_00, "cad", outcome)


def test_amounts_and_the_run_summary_in_plural_forms(
        qtbot: QtBot, desk: tuple[Services, MainWindow, str]) -> None:
    services, window, language = desk
    qtbot.waitUntil(lambda: services.live.current is not None, timeout=20_000)
    invoice(services, client_with_card(services, "Bea"), 80_00)
    dialog = ui(window).open_run()
    assert isinstance(dialog, RunAutopayDialog)
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=30_000)
    lines = [dialog.lines.item(i).text() for i in range(dialog.lines.count())]
    assert any(words(language, "($80.00)", "(80,00\u00a0$)") in line for line in lines), lines
    assert dialog.status.text() == words(
        language, "Done, 1 invoice: 1 paid, 0 bank debits sent, 0 failed, 0 skipped.",
        "Terminé, 1 facture\u00a0: 1 payée, 0 prélèvement bancaire envoyé, 0 en échec, "
        "0 ignorée.")
    one_each = RunSummary("desk", datetime(2026, 12, 3, tzinfo=UTC), lines=[
        _line(1, Outcome.PROCESSING), _line(2, Outcome.SKIPPED), _line(3, Outcome.CHARGED),
        _line(4, Outcome.CHARGED)])
    assert dialog.summary_text(one_each) == words(
        language, "Done, 4 invoices: 2 paid, 1 bank debit sent, 0 failed, 1 skipped.",
        "Terminé, 4 factures\u00a0: 2 payées, 1 prélèvement bancaire envoyé, 0 en échec, "
        "1 ignorée.")
    one_failed = RunSummary("desk", datetime(2026, 12, 3, tzinfo=UTC), lines=[
        _line(1, Outcome.FAILED), _line(2, Outcome.NOT_SENT)])
    assert dialog.summary_text(one_failed) == words(
        language, "Done, 2 invoices: 0 paid, 0 bank debits sent, 1 failed, 0 skipped. Failed "
                  "payments are listed in Billing → Failed payments. 1 not sent (Stripe "
                  "couldn't be reached), to be sent by the next run.",
        "Terminé, 2 factures\u00a0: 0 payée, 0 prélèvement bancaire envoyé, 1 en échec, "
        "0 ignorée. Les paiements échoués sont dans Facturation → Paiements échoués. 1 non "
        "envoyée (Stripe était injoignable), qui partira au prochain traitement.")
    dialog.close()


def test_rows_kept_before_the_details_were_json_read_as_they_were(
        translations: object) -> None:
    """Rows written before this change (plain text) still read sensibly."""
    at = datetime(2026, 12, 1, 15, tzinfo=UTC)

    def row(action: str, detail: str) -> AdminEntry:
        return AdminEntry(1, at, "admin", "front", action, detail)

    assert entry_text(row(AdminAction.REFUND, "pi_123: 65.00 CAD duplicate")) == (
        "Refund: pi_123: 65.00 CAD duplicate")
    assert entry_text(row(AdminAction.PAYMENT_SETTINGS, "processing: manual → automatic")) == (
        "Settings → Payments: processing: manual → automatic")
    assert entry_text(row(AdminAction.REFUSED, "refund")) == (
        "Wrong passphrase typed for a refund: nothing was refunded.")
    assert entry_text(row(AdminAction.PAYMENT_SETTINGS, settings_detail({}))) == (
        "Settings → Payments saved with no change.")
    assert entry_text(row(AdminAction.PAYMENT_SETTINGS, settings_detail({
        "no_show_fee_cents": (None, 40_00), "tax_number": ("", "123456789 RT 0001")}))) == (
        "No-show fee changed from no fee to $40.00. GST/HST number changed from none to "
        "123456789 RT 0001.")
