"""The desk's side of online booking, through the real window: the rule at the bottom of
Settings → Online portal (Yes / No, the message in English and French, its preview), and the
profile's line saying whether the client could book online today, and why not."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from owl_desktop.domain.payment_methods import ACTIVE, PENDING_VERIFICATION, MethodStatus
from owl_desktop.payments.gateway import PaymentMethodInfo
from owl_desktop.services.booking_settings import (
    DEFAULT_MESSAGE_EN,
    DEFAULT_MESSAGE_FR,
    BookingRule,
)
from owl_desktop.store.uow import UnitOfWorkFactory
from owl_desktop.ui.clients.booking_line import BookingRuleLine
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.portal_setup import PortalUi
from tests.gui.windows import OPEN_SERVICES

MESSAGE = "No-show fee: $40.\n\n<b>Cancel 24 h ahead</b>, please."


def idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.tasks.is_busy(), timeout=5000)


def open_settings(qtbot: QtBot, window: MainWindow):  # type: ignore[no-untyped-def]
    ui: PortalUi = window.portal_ui  # type: ignore[attr-defined]
    dialog = ui.open_settings()
    qtbot.waitUntil(lambda: dialog.loaded, timeout=5000)
    assert dialog.booking_box is not None
    return dialog, dialog.booking_box


def test_the_rule_and_its_message_with_a_preview(qtbot: QtBot,
                                                 sqlite_main_window: MainWindow) -> None:
    window = sqlite_main_window
    services = OPEN_SERVICES[-1]
    dialog, box = open_settings(qtbot, window)
    assert box.no_button.isChecked()  # default No
    assert not box.yes_button.isChecked()
    assert box.message_en.toPlainText() == DEFAULT_MESSAGE_EN
    assert box.preview.text() == DEFAULT_MESSAGE_EN
    assert box.preview.textFormat() == Qt.TextFormat.PlainText

    qtbot.mouseClick(box.yes_button, Qt.MouseButton.LeftButton)
    box.message_en.setPlainText(MESSAGE)
    # The preview is what the client sees: as typed, line breaks kept, never markup.
    assert box.preview.text() == MESSAGE
    box.tabs.setCurrentIndex(1)
    assert box.preview.text() == DEFAULT_MESSAGE_FR
    box.message_fr.setPlainText("Absence : 40 $.\nAnnulez 24 h avant.")
    assert box.preview.text() == "Absence : 40 $.\nAnnulez 24 h avant."

    box.message_en.setPlainText("x" * 2001)
    dialog.save()
    idle(qtbot, window)
    assert dialog.isVisible()
    assert "2000" in box.error_label.text()
    assert services.booking.settings.load() == BookingRule()  # nothing saved

    box.message_en.setPlainText(MESSAGE)
    dialog.save()
    idle(qtbot, window)
    assert not dialog.isVisible()
    assert services.booking.settings.load() == BookingRule(
        True, MESSAGE, "Absence : 40 $.\nAnnulez 24 h avant.")

    again, box2 = open_settings(qtbot, window)
    assert box2.yes_button.isChecked()
    assert box2.message_en.toPlainText() == MESSAGE
    again.reject()


def test_the_rule_in_french(qtbot: QtBot, sqlite_main_window: MainWindow,
                            translations: Translations) -> None:
    translations.install("fr")
    dialog, box = open_settings(qtbot, sqlite_main_window)
    labels = [label.text() for label in box.findChildren(type(box.preview))]
    assert "Exiger un mode de paiement valide pour réserver via le portail client" in labels
    assert box.yes_button.text() == "Oui"
    assert box.title() == "Réservation en ligne"
    dialog.reject()


def store_method(uow: UnitOfWorkFactory, client_id: int, kind: str,
                 status: MethodStatus = ACTIVE, exp: tuple[int, int] = (12, 2035)) -> None:
    info = PaymentMethodInfo(
        id=f"pm_local_{uuid.uuid4().hex[:16]}", type=kind,  # type: ignore[arg-type]
        customer_id=None, livemode=False, last4="4242" if kind == "card" else "6789",
        brand="visa" if kind == "card" else "", exp_month=exp[0] if kind == "card" else None,
        exp_year=exp[1] if kind == "card" else None,
        bank_name="" if kind == "card" else "Desjardins", created=1)
    with uow() as unit:
        unit.payment_methods.upsert(info, client_id, datetime.now(UTC), status=status,
                                    mandate_status=None if kind == "card" else (
                                        "active" if status == ACTIVE else "pending"))
        unit.commit()


def test_the_profile_says_whether_the_client_could_book_online_today(
        qtbot: QtBot, sqlite_main_window: MainWindow,
        sqlite_uow_factory: UnitOfWorkFactory) -> None:
    window = sqlite_main_window
    services = OPEN_SERVICES[-1]
    line: BookingRuleLine = window.booking_line  # type: ignore[attr-defined]
    window.open_client(window.search_panel.model.summary(0).id)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: window.current_client is not None)
    idle(qtbot, window)
    client = window.current_client
    assert client is not None
    with sqlite_uow_factory() as uow:
        has_methods = bool(uow.payment_methods.list_for_client(client.id))
    assert not has_methods
    assert line.isVisible()
    assert line.text() == ("Online booking today: yes (the clinic doesn't require a payment "
                           "method).")

    def rule_on_then(expected: str) -> None:
        window.scheduling_ui._bus.announce([client.id])  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: line.text().startswith(expected), timeout=5000)

    services.booking.settings.save(BookingRule(require_method=True))
    rule_on_then("Online booking today: no. No payment method is on file")
    last_year = date.today().year - 1
    store_method(sqlite_uow_factory, client.id, "card", exp=(12, last_year))
    rule_on_then("Online booking today: no. The card on file has expired")
    store_method(sqlite_uow_factory, client.id, "acss_debit", PENDING_VERIFICATION)
    rule_on_then("Online booking today: no. The bank account awaits verification")
    store_method(sqlite_uow_factory, client.id, "card")
    rule_on_then("Online booking today: yes (Visa •••• 4242 is valid).")
