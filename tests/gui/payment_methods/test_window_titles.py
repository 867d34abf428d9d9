"""Window titles are shown whole: every dialog is at least as wide as its title bar needs,
in English and French (issue 12, item 7)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from owl_desktop.ui.fit import install_title_fit, title_width
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.payment_methods.add_flow import TypeChoiceDialog
from tests.gui.payment_methods.conftest import OFFSCREEN_POPUP_NOISE, PmEnv, SectionFactory
from tests.gui.windows import make_window

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_NOISE)


def whole_title(window: QWidget) -> bool:
    return window.width() >= title_width(window)


def test_a_narrow_message_box_is_widened_for_its_title(qtbot: QtBot, qapp: QApplication) -> None:
    install_title_fit(qapp)
    box = QMessageBox(QMessageBox.Icon.NoIcon, "Retirer le mode de paiement par défaut du client",
                      "Oui?")
    qtbot.addWidget(box)
    box.open()
    qtbot.waitExposed(box)
    qtbot.waitUntil(lambda: whole_title(box))
    assert box.width() >= title_width(box)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_desks_dialogs_show_their_whole_title(
        qtbot: QtBot, qapp: QApplication, translations: Translations, pm_env: PmEnv,
        make_section: SectionFactory, language: str) -> None:
    install_title_fit(qapp)
    translations.install(language)
    client_id = pm_env.add_client()
    pm_env.store_card(client_id, default=True)
    section = make_section(client_id)
    box = section.confirm_remove(section.list_view.rows()[0].method_id)
    assert box is not None
    qtbot.waitExposed(box)
    qtbot.waitUntil(lambda: whole_title(box))
    box.reject()

    window = make_window(qtbot, pm_env.uow, seed=False)
    form = window.new_client()
    qtbot.waitExposed(form)
    qtbot.waitUntil(lambda: whole_title(form))
    form.reject()

    client = section.client
    assert client is not None
    choice = TypeChoiceDialog(client, window)
    qtbot.addWidget(choice)
    choice.show()
    qtbot.waitExposed(choice)
    qtbot.waitUntil(lambda: whole_title(choice))
    assert whole_title(window)
    choice.reject()
    window.close()
