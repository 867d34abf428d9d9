"""The bottom of Settings → Online portal: "Require a valid payment method to book via the
client portal" (Yes / No, default No) and the message clients see when asked to add one, in
English and French (plain text, line breaks kept), with a preview of what the client sees."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.services.booking_settings import MAX_MESSAGE, BookingRule
from owl_desktop.ui import style
from owl_desktop.ui.plain import plain


class BookingRuleBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookingRuleBox")
        self.setTitle(self.tr("Online booking"))
        question = plain(QLabel(self.tr(
            "Require a valid payment method to book via the client portal"), self))
        question.setObjectName("requireMethodLabel")
        question.setWordWrap(True)
        self.yes_button = QRadioButton(self.tr("Yes"), self)
        self.yes_button.setObjectName("requireMethodYes")
        self.no_button = QRadioButton(self.tr("No"), self)
        self.no_button.setObjectName("requireMethodNo")
        self.no_button.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.yes_button)
        group.addButton(self.no_button)
        choice = QHBoxLayout()
        choice.addWidget(self.yes_button)
        choice.addWidget(self.no_button)
        choice.addStretch(1)
        explained = plain(QLabel(self.tr(
            "Valid: a card that hasn't expired by the appointment's date, or a bank account "
            "whose verification is complete. Clients without one are asked to add one; the "
            "time they chose is kept for them for 10 minutes meanwhile."), self))
        explained.setWordWrap(True)

        message_label = plain(QLabel(self.tr("Message clients see when asked to add one "
                                             "(e.g. your no-show policy):"), self))
        message_label.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("bookingMessageTabs")
        self.message_en = self._editor("bookingMessageEn")
        self.message_fr = self._editor("bookingMessageFr")
        self.tabs.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.tabs.addTab(self.message_en, self.tr("English"))
        self.tabs.addTab(self.message_fr, self.tr("French"))
        message_label.setBuddy(self.message_en)
        self.error_label = plain(QLabel(self))
        self.error_label.setObjectName("bookingMessageError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(style.error_css())
        self.error_label.hide()

        preview_title = plain(QLabel(self.tr("What the client sees:"), self))
        self.preview = plain(QLabel(self))
        self.preview.setObjectName("bookingMessagePreview")
        self.preview.setWordWrap(True)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setStyleSheet(
            style.note_css())
        self.preview.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)

        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addLayout(choice)
        layout.addWidget(explained)
        layout.addWidget(message_label)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error_label)
        layout.addWidget(preview_title)
        layout.addWidget(self.preview)
        self.message_en.textChanged.connect(self.update_preview)
        self.message_fr.textChanged.connect(self.update_preview)
        self.tabs.currentChanged.connect(self.update_preview)

    def _editor(self, name: str) -> QPlainTextEdit:
        editor = QPlainTextEdit(self)
        editor.setObjectName(name)
        editor.setTabChangesFocus(True)
        editor.setFixedHeight(self.fontMetrics().lineSpacing() * 5)
        return editor

    def show_rule(self, rule: BookingRule) -> None:
        (self.yes_button if rule.require_method else self.no_button).setChecked(True)
        self.message_en.setPlainText(rule.message_en)
        self.message_fr.setPlainText(rule.message_fr)
        self.update_preview()

    def typed(self) -> BookingRule:
        return BookingRule(self.yes_button.isChecked(), self.message_en.toPlainText(),
                           self.message_fr.toPlainText())

    def update_preview(self) -> None:
        """The message of the tab shown, as the portal shows it: as typed, line breaks
        kept, never markup (both languages when the other is empty: the portal falls back)."""
        editor = self.message_fr if self.tabs.currentIndex() == 1 else self.message_en
        other = self.message_en if editor is self.message_fr else self.message_fr
        self.preview.setText(editor.toPlainText().strip() or other.toPlainText().strip())

    def show_problems(self, errors: dict[str, str]) -> bool:
        """Field codes from ``ValidationFailed``; True when one concerned this box."""
        code = errors.get("message_en") or errors.get("message_fr") or ""
        text = ""
        if code == "too_long":
            text = self.tr("At most {n} characters.").replace("{n}", str(MAX_MESSAGE))
        elif code == "required":
            text = self.tr("Write the message clients see when the rule asks them for a "
                           "payment method.")
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        if text:
            self.tabs.setCurrentIndex(1 if "message_fr" in errors
                                      and "message_en" not in errors else 0)
            (self.message_fr if self.tabs.currentIndex() == 1 else self.message_en).setFocus()
        return bool(text)
