"""Creating and editing clients through the real form, saved to the real database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from owl_desktop.ui.clients.form import FIELDS, ClientFormDialog
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.main_window import MainWindow
from tests.gui.keyboard import type_text


def fill(qtbot: QtBot, form: ClientFormDialog, **values: str) -> None:
    for name, value in values.items():
        widget = form.fields[name]
        if isinstance(widget, QComboBox):
            index = widget.findData(value)
            assert index >= 0, value
            widget.setCurrentIndex(index)
        else:
            assert isinstance(widget, QLineEdit)
            widget.clear()
            type_text(qtbot, widget, value)


def text_of(form: ClientFormDialog, name: str) -> str:
    widget = form.fields[name]
    assert isinstance(widget, QLineEdit)
    return widget.text()


def open_new_form(qtbot: QtBot, window: MainWindow) -> ClientFormDialog:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.form is not None and window.form.isVisible())
    assert window.form is not None
    return window.form


def test_bad_email_and_postal_code_are_explained_and_the_typing_kept_then_fixed(
        main_window: MainWindow, qtbot: QtBot) -> None:
    form = open_new_form(qtbot, main_window)
    typed = {"first_name": "Anne-Sophie", "last_name": "Désilets", "email": "anne-sophie@",
             "phone": "819 555 0142", "line1": "25 rue Laurier", "city": "Gatineau",
             "province": "QC", "postal_code": "Z9Z 9Z9"}
    fill(qtbot, form, **typed)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.error_text("email") != "")

    assert form.error_text("email") == "Enter an email address like name@example.com."
    assert form.error_text("postal_code") == "Enter a Canadian postal code, like H2X 1Y4."
    assert form.error_text("first_name") == ""
    assert form.isVisible()
    for name, value in typed.items():
        if name != "province":
            assert text_of(form, name) == value  # nothing typed was lost
    assert form.draft().address.province == "QC"
    assert QApplication.focusWidget() is form.fields["email"]  # first field to fix
    assert form.summary_label.text() == "2 fields need attention."

    fill(qtbot, form, email="anne-sophie@example.ca", postal_code="j8x 3x7")
    with qtbot.waitSignal(form.saved) as saved:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    client = saved.args[0]
    assert client.email == "anne-sophie@example.ca"
    assert client.address.postal_code == "J8X 3X7"
    qtbot.waitUntil(lambda: main_window.current_client is not None
                    and main_window.current_client.id == client.id)
    assert main_window.profile_page.name_label.text() == "Anne-Sophie Désilets"
    assert main_window.form is None or not main_window.form.isVisible()

    field = main_window.search_panel.search_field
    field.clear()
    qtbot.keyClicks(field, "desilets")
    qtbot.waitUntil(lambda: main_window.search_panel.shown_query == "desilets")
    assert main_window.search_panel.model.summary(0) is not None
    assert main_window.search_panel.model.summary(0).full_name == "Anne-Sophie Désilets"


def test_a_new_client_is_listed_and_highlighted_whatever_the_search(
        main_window: MainWindow, qtbot: QtBot) -> None:
    panel = main_window.search_panel
    qtbot.keyClicks(panel.search_field, "tremblay")
    qtbot.waitUntil(lambda: panel.shown_query == "tremblay")
    form = open_new_form(qtbot, main_window)
    fill(qtbot, form, first_name="Noémie", last_name="Zurbuchen")
    with qtbot.waitSignal(form.saved) as saved:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    client = saved.args[0]
    qtbot.waitUntil(lambda: panel.shown_query == "Noémie Zurbuchen")
    current = panel.table.selectionModel().currentIndex()
    assert panel.model.summary(current.row()) is not None
    assert panel.model.summary(current.row()).id == client.id


def test_postal_code_of_another_province_is_explained(main_window: MainWindow,
                                                      qtbot: QtBot) -> None:
    form = open_new_form(qtbot, main_window)
    fill(qtbot, form, first_name="Ann", last_name="Lee", line1="1 Main St", city="Calgary",
         province="AB", postal_code="H2X 1Y4")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.error_text("postal_code") != "")
    assert form.error_text("postal_code") == (
        "This postal code doesn't match the province: it should start with T.")


def test_names_are_required_and_the_first_one_gets_the_focus(main_window: MainWindow,
                                                            qtbot: QtBot) -> None:
    form = open_new_form(qtbot, main_window)
    fill(qtbot, form, email="someone@example.com")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.error_text("first_name") != "")
    assert form.error_text("first_name") == "Enter the first name."
    assert form.error_text("last_name") == "Enter the last name."
    assert QApplication.focusWidget() is form.fields["first_name"]
    assert text_of(form, "email") == "someone@example.com"


def test_edit_changes_the_profile_and_the_list(main_window: MainWindow, qtbot: QtBot) -> None:
    field = main_window.search_panel.search_field
    qtbot.keyClicks(field, "noemie")
    with qtbot.waitSignal(main_window.client_opened):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.mouseClick(main_window.profile_page.contact_tab.edit_button,
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: main_window.form is not None and main_window.form.isVisible())
    form = main_window.form
    assert form is not None
    assert text_of(form, "first_name") == "Noémie"  # prefilled
    fill(qtbot, form, phone="418-555-0177", email="")
    with qtbot.waitSignal(main_window.client_opened) as opened:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    client = opened.args[0]
    assert client.phone == "(418) 555-0177"
    assert client.email == ""
    tab = main_window.profile_page.contact_tab
    assert tab.phone_value.text() == "(418) 555-0177"
    assert tab.email_value.text() == "No email on file"
    qtbot.waitUntil(lambda: not main_window.tasks.is_busy())
    row = main_window.search_panel.model.row_of(client.id)
    assert main_window.search_panel.model.summary(row).phone == "(418) 555-0177"


def test_cancel_leaves_the_client_unchanged(main_window: MainWindow, qtbot: QtBot) -> None:
    form = open_new_form(qtbot, main_window)
    fill(qtbot, form, first_name="Nobody", last_name="Saved")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    # Typed text is never thrown away without asking; Esc again means "keep editing".
    qtbot.waitUntil(lambda: form.discard_box is not None and form.discard_box.isVisible())
    assert form.discard_box is not None
    qtbot.keyClick(form.discard_box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: form.discard_box is None)
    assert form.isVisible()
    assert text_of(form, "first_name") == "Nobody"
    # Asked again, staff choose to discard.
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: form.discard_box is not None and form.discard_box.isVisible())
    box = form.discard_box
    assert box is not None
    discard = next(b for b in box.buttons()
                   if box.buttonRole(b) == box.ButtonRole.DestructiveRole)
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: main_window.form is None or not main_window.form.isVisible())
    qtbot.keyClicks(main_window.search_panel.search_field, "nobody")
    qtbot.waitUntil(lambda: main_window.search_panel.shown_query == "nobody")
    assert main_window.search_panel.model.rowCount() == 0


def test_an_untouched_form_closes_without_asking(main_window: MainWindow,
                                                 qtbot: QtBot) -> None:
    form = open_new_form(qtbot, main_window)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert form.discard_box is None


def _dialog_rect(form: ClientFormDialog, widget: object) -> object:
    from PySide6.QtCore import QRect
    assert isinstance(widget, QWidget)
    return QRect(widget.mapTo(form, widget.rect().topLeft()), widget.size())


def test_long_errors_wrap_and_push_the_form_down_never_overlap(
        main_window: MainWindow, qtbot: QtBot, translations: Translations) -> None:
    """French errors are long: each wraps under its field, the dialog grows, and no label is
    drawn over the next field or cut off."""
    translations.install("fr")
    form = open_new_form(qtbot, main_window)
    form.resize(460, form.height())
    fill(qtbot, form, first_name="Hélène", last_name="Bélanger", email="helene@",
         phone="12", line1="250 Front Street West", city="Toronto", province="ON",
         postal_code="H2X 1Y4")
    height_before = form.height()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.error_text("email") != "")
    qtbot.wait(50)
    shown = [name for name in FIELDS if form.error_text(name)]
    assert {"email", "phone", "postal_code"} <= set(shown)
    assert form.height() > height_before
    for name in shown:
        label = form.error_labels[name]
        assert label.height() >= label.heightForWidth(label.width()), name  # not cut off
        area = _dialog_rect(form, label)
        for other in FIELDS:
            if other != name:
                assert not area.intersects(_dialog_rect(form, form.fields[other])), (name, other)
        assert form.rect().contains(area)


def test_an_error_under_the_province_list_uses_the_form_width(
        main_window: MainWindow, qtbot: QtBot, translations: Translations) -> None:
    translations.install("fr")
    form = open_new_form(qtbot, main_window)
    form.resize(460, form.height())
    fill(qtbot, form, first_name="Hélène", last_name="Bélanger", line1="250 rue Front",
         city="Québec", postal_code="G1R 4P5")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.error_text("province") != "")
    qtbot.wait(50)
    label = form.error_labels["province"]
    assert form.fields["province"].width() >= form.fields["city"].width() - 2
    assert label.height() >= label.heightForWidth(label.width())  # not cut off
    area = _dialog_rect(form, label)
    assert not area.intersects(_dialog_rect(form, form.fields["postal_code"]))
