"""Create or edit a client's contact details.

Saving runs the service on the task runner. A rejected form keeps everything that was typed,
shows each problem under its field, and puts the cursor in the first field to fix.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.domain.clients import Address, Client, ClientDraft
from owl_desktop.errors import ValidationFailed
from owl_desktop.services.clients import ClientService
from owl_desktop.ui import style
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.fit import grow_to_fit
from owl_desktop.ui.messages import country_name, field_error_text, province_choices
from owl_desktop.ui.tasks import TaskRunner

# Form order: the first of these with an error gets the focus.
FIELDS = ("first_name", "last_name", "email", "phone", "line1", "line2", "city", "province",
          "postal_code", "country")


class ClientFormDialog(QDialog):
    """Signals:
        saved(object): the saved ``Client`` (after the dialog closes).
    """

    saved = Signal(object)

    def __init__(self, client_service: ClientService, tasks: TaskRunner,
                 presenter: ErrorPresenter, *, client: Client | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientFormDialog")
        self._service = client_service
        self._tasks = tasks
        self._presenter = presenter
        self._client = client
        self.setWindowTitle(self.tr("New client") if client is None
                            else self.tr("Edit {name}").format(name=client.full_name))

        self.fields: dict[str, QLineEdit | QComboBox] = {}
        self.error_labels: dict[str, QLabel] = {}
        line = self._line_edit
        line("first_name", 100)
        line("last_name", 100)
        line("email", 254).setPlaceholderText(self.tr("name@example.com (optional)"))
        line("phone", 30).setPlaceholderText(self.tr("514 555-0199 (optional)"))
        line("line1", 200)
        line("line2", 200).setPlaceholderText(self.tr("Apartment, suite (optional)"))
        line("city", 100)
        province = QComboBox(self)
        province.addItem(self.tr("Choose\u2026"), "")
        for code, name in province_choices():
            province.addItem(name, code)
        self._add_field("province", province)
        line("postal_code", 10).setPlaceholderText(self.tr("H2X 1Y4"))
        country = QComboBox(self)
        country.addItem(country_name("CA"), "CA")
        self._add_field("country", country)

        labels = {
            "first_name": self.tr("&First name:"), "last_name": self.tr("&Last name:"),
            "email": self.tr("E&mail:"), "phone": self.tr("&Phone:"),
            "line1": self.tr("&Address:"), "line2": self.tr("Address line &2:"),
            "city": self.tr("Ci&ty:"), "province": self.tr("Pro&vince:"),
            "postal_code": self.tr("P&ostal code:"), "country": self.tr("Co&untry:"),
        }
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name in FIELDS:
            cell = QWidget(self)
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            cell_layout.addWidget(self.fields[name])
            cell_layout.addWidget(self.error_labels[name])
            label = QLabel(labels[name], self)
            label.setBuddy(self.fields[name])
            form.addRow(label, cell)

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("formSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Create client") if client is None else self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

        if client is not None:
            self.set_draft(client.as_draft())
        self.fields["first_name"].setFocus()
        # What "unchanged" means: closing then needs no question.
        self._initial = self.draft()
        self.discard_box: QMessageBox | None = None

    # public API (also what tests drive)
    def draft(self) -> ClientDraft:
        """What the form holds, as typed."""
        return ClientDraft(
            first_name=self._text("first_name"), last_name=self._text("last_name"),
            email=self._text("email"), phone=self._text("phone"),
            address=Address(
                line1=self._text("line1"), line2=self._text("line2"), city=self._text("city"),
                province=self._combo_data("province"),
                postal_code=self._text("postal_code"),
                country=self._combo_data("country") or "CA",
            ),
        )

    def set_draft(self, draft: ClientDraft) -> None:
        values = {
            "first_name": draft.first_name, "last_name": draft.last_name, "email": draft.email,
            "phone": draft.phone, "line1": draft.address.line1, "line2": draft.address.line2,
            "city": draft.address.city, "postal_code": draft.address.postal_code,
        }
        for name, value in values.items():
            widget = self.fields[name]
            assert isinstance(widget, QLineEdit)
            widget.setText(value)
        for name, code in (("province", draft.address.province),
                           ("country", draft.address.country)):
            combo = self.fields[name]
            assert isinstance(combo, QComboBox)
            index = combo.findData(code)
            combo.setCurrentIndex(max(index, 0))

    def error_text(self, field: str) -> str:
        """The message shown under ``field`` (empty when none is)."""
        label = self.error_labels[field]
        return label.text() if not label.isHidden() else ""

    def show_field_errors(self, errors: dict[str, str]) -> None:
        province = self.draft().normalized().address.province
        first: str | None = None
        for name in FIELDS:
            code = errors.get(name)
            label = self.error_labels[name]
            widget = self.fields[name]
            if code is None:
                label.clear()
                label.hide()
                widget.setAccessibleDescription("")
                widget.setProperty("invalid", False)
                continue
            text = field_error_text(name, code, province=province)
            label.setText(text)
            label.show()
            widget.setAccessibleDescription(text)
            widget.setProperty("invalid", True)
            first = first or name
        if first is not None:
            count = len([n for n in FIELDS if n in errors])
            self.summary_label.setText(self.tr("%n field(s) need attention.", "", count))
            self.summary_label.show()
            # Wrapped messages need height the window didn't have: grow rather than squeeze.
            grow_to_fit(self)
            widget = self.fields[first]
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.selectAll()
        else:
            self.summary_label.hide()

    # slots
    def on_buttons_accepted(self) -> None:
        draft = self.draft()
        service, client = self._service, self._client
        self.save_button.setEnabled(False)
        if client is None:
            self._tasks.run(lambda: service.create(draft), on_success=self._on_saved,
                            on_failure=self._on_save_failed)
        else:
            client_id = client.id
            self._tasks.run(lambda: service.update(client_id, draft), on_success=self._on_saved,
                            on_failure=self._on_save_failed)

    def reject(self) -> None:
        """Esc, Cancel or the window's close button: ask before throwing typed text away."""
        if self.draft() == self._initial:
            super().reject()
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Discard changes?"),
                          self.tr("Close the form and lose what you typed?"),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("discardChangesBox")
        discard = box.addButton(self.tr("&Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)

        def answered(_result: int) -> None:
            self.discard_box = None
            if box.clickedButton() is discard:
                QDialog.reject(self)

        box.finished.connect(answered)
        self.discard_box = box
        box.open()

    def _on_saved(self, client: Client) -> None:
        self.save_button.setEnabled(True)
        self.show_field_errors({})
        self.accept()
        self.saved.emit(client)

    def _on_save_failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationFailed):
            self.show_field_errors(error.field_errors)
        else:
            self._presenter.present(error)

    # internals
    def _line_edit(self, name: str, max_length: int) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setMaxLength(max_length)
        self._add_field(name, edit)
        return edit

    def _add_field(self, name: str, widget: QLineEdit | QComboBox) -> None:
        widget.setObjectName(f"{name}Field")
        if isinstance(widget, QComboBox):
            # As wide as the line edits, so an error under it wraps at the form's width,
            # not the width of the longest province name.
            widget.setSizePolicy(QSizePolicy.Policy.Expanding, widget.sizePolicy().verticalPolicy())
        self.fields[name] = widget
        error = QLabel(self)
        error.setObjectName(f"{name}Error")
        error.setWordWrap(True)
        error.setStyleSheet(f"color: {style.LIGHT.error_text};")
        error.hide()
        self.error_labels[name] = error

    def _text(self, name: str) -> str:
        widget = self.fields[name]
        return widget.text() if isinstance(widget, QLineEdit) else ""

    def _combo_data(self, name: str) -> str:
        widget = self.fields[name]
        return str(widget.currentData() or "") if isinstance(widget, QComboBox) else ""
