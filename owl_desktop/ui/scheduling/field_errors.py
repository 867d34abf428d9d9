"""One plain sentence next to each field a scheduling settings form rejected (services,
practitioners, booking rules), in the user's language; never the field's code."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from owl_desktop.ui import style
from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

_CONTEXT = "SchedulingField"

# (field, code) -> sentence; the codes come from domain/scheduling.py's validate() methods.
_SENTENCES: dict[tuple[str, str], str] = {
    ("name_en", "required"): QT_TRANSLATE_NOOP("SchedulingField",
                                               "Enter the service's name in English."),
    ("name_fr", "required"): QT_TRANSLATE_NOOP("SchedulingField",
                                               "Enter the service's name in French."),
    ("duration_minutes", "out_of_range"): QT_TRANSLATE_NOOP(
        "SchedulingField", "Choose a duration between 5 minutes and 8 hours."),
    ("fee_cents", "out_of_range"): QT_TRANSLATE_NOOP(
        "SchedulingField", "Enter a fee between $0 and $10,000."),
    ("name", "required"): QT_TRANSLATE_NOOP("SchedulingField",
                                            "Enter the practitioner's name."),
    ("windows", "invalid"): QT_TRANSLATE_NOOP(
        "SchedulingField", "Write each day's hours like 09:00-17:00, the start before the end."),
    ("windows", "overlap"): QT_TRANSLATE_NOOP(
        "SchedulingField", "Two stretches of hours overlap on the same day: join them or "
                           "correct one."),
    ("hours", "format"): QT_TRANSLATE_NOOP(
        "SchedulingField", "Write the hours like 09:00-17:00, the start before the end."),
    ("hours", "overlap"): QT_TRANSLATE_NOOP(
        "SchedulingField", "These hours overlap: join them or correct one."),
    ("days_off", "format"): QT_TRANSLATE_NOOP(
        "SchedulingField", "Write the dates like 2030-12-24, separated by commas."),
    ("break_minutes", "out_of_range"): QT_TRANSLATE_NOOP(
        "SchedulingField", "Choose a break between 0 and 240 minutes."),
    ("horizon_days", "out_of_range"): QT_TRANSLATE_NOOP(
        "SchedulingField", "Choose at most 730 days ahead."),
    ("min_notice_minutes", "out_of_range"): QT_TRANSLATE_NOOP(
        "SchedulingField", "Choose at most 30 days of notice."),
    ("cancellation_notice_hours", "out_of_range"): QT_TRANSLATE_NOOP(
        "SchedulingField", "Choose at most 336 hours (two weeks) of notice."),
    ("time_zone", "unknown"): QT_TRANSLATE_NOOP(
        "SchedulingField", "Choose the clinic's time zone from the list."),
}
_OTHER = QT_TRANSLATE_NOOP("SchedulingField", "This value isn't accepted.")


def field_sentence(field: str, code: str) -> str:
    return QCoreApplication.translate(_CONTEXT, _SENTENCES.get((field, code), _OTHER))


class FieldErrors:
    """A hidden sentence under each field of a form, shown when the field is rejected."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self.labels: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}

    def add_row(self, form: QFormLayout, label: str, field: QWidget, key: str) -> None:
        form.addRow(label, field)
        error = QLabel(self._parent)
        error.setObjectName(f"{key}Error")
        error.setWordWrap(True)
        error.setStyleSheet(f"color: {style.LIGHT.error_text};")  # as the client form's
        error.setVisible(False)
        form.addRow("", error)
        self.labels[key] = error
        self._fields[key] = field

    def clear(self) -> None:
        for key, error in self.labels.items():
            error.clear()
            error.setVisible(False)
            self._fields[key].setAccessibleDescription("")

    def show(self, errors: dict[str, str]) -> dict[str, str]:
        """Show each error next to its field (focusing the first); the errors of fields this
        form hasn't got are returned."""
        self.clear()
        first = None
        for key, code in errors.items():
            if key in self.labels:
                self.set(key, field_sentence(key, code))
                first = first or self._fields[key]
        if first is not None:
            first.setFocus()
        return {k: v for k, v in errors.items() if k not in self.labels}

    def set(self, key: str, text: str) -> None:
        self.labels[key].setText(text)
        self.labels[key].setVisible(True)
        self._fields[key].setAccessibleDescription(text)
