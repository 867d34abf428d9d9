"""A rejected scheduling settings form says, next to each field, in a plain sentence, what to
correct (never the field's code), in English and in French."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.main_window import MainWindow
from tests.gui.scheduling.helpers import idle, scheduling_ui

CODES = ("name_en", "name_fr", "required", "hours", "days_off", "windows")


def shown(dialog: object) -> dict[str, str]:
    """Object name -> text of every visible sentence in the dialog."""
    labels = dialog.findChildren(QLabel)  # type: ignore[attr-defined]
    return {label.objectName(): label.text() for label in labels
            if label.objectName().endswith("Error") and label.isVisibleTo(dialog)}


def no_codes(texts: list[str]) -> None:
    for text in texts:
        assert not any(code in text for code in CODES), text


def test_a_service_without_names_says_so_next_to_each_name(
        qtbot: QtBot, main_window: MainWindow, translations: Translations) -> None:
    window = main_window
    services = scheduling_ui(window).open_services()
    idle(qtbot, window)
    services.name_en.setText("  ")
    qtbot.mouseClick(services.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    assert shown(services) == {"name_enError": "Enter the service's name in English.",
                               "name_frError": "Enter the service's name in French."}
    assert services.problem.text() == ""
    assert services.name_en.hasFocus()
    services.close()

    translations.install("fr")
    services = scheduling_ui(window).open_services()
    idle(qtbot, window)
    qtbot.mouseClick(services.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    assert shown(services) == {"name_enError": "Entrez le nom du service en anglais.",
                               "name_frError": "Entrez le nom du service en français."}
    # Corrected, the sentences go away and the service is saved.
    services.name_en.setText("Massage 60")
    services.name_fr.setText("Massage 60")
    qtbot.mouseClick(services.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    assert shown(services) == {}
    assert services.list.count() == 1
    services.close()


def test_a_practitioner_form_points_at_the_day_and_the_dates_to_correct(
        qtbot: QtBot, main_window: MainWindow, translations: Translations) -> None:
    window = main_window
    dialog = scheduling_ui(window).open_practitioners()
    idle(qtbot, window)
    dialog.name.setText("")
    dialog.hours[1].setText("17:00-09:00")
    dialog.hours[2].setText("09:00-12:00, 11:00-15:00")
    dialog.days_off.setText("24 décembre")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    assert shown(dialog) == {
        "hours1Error": "Write the hours like 09:00-17:00, the start before the end.",
        "hours2Error": "These hours overlap: join them or correct one.",
        "days_offError": "Write the dates like 2030-12-24, separated by commas."}
    dialog.hours[1].setText("09:00-17:00")
    dialog.hours[2].clear()
    dialog.days_off.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    assert shown(dialog) == {"nameError": "Enter the practitioner's name."}
    dialog.close()

    translations.install("fr")
    dialog = scheduling_ui(window).open_practitioners()
    idle(qtbot, window)
    label = dialog.form.labelForField(dialog.hours[0])
    assert label.text() == "Lundi\xa0:"  # type: ignore[attr-defined]
    dialog.hours[0].setText("9h-")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    idle(qtbot, window)
    texts = shown(dialog)
    assert texts == {"hours0Error": "Écrivez les heures comme 09:00-17:00, le début avant "
                                    "la fin."}
    no_codes(list(texts.values()))
    dialog.close()
