"""Client data is shown as plain text, never as Qt rich text.

``QLabel`` and ``QMessageBox`` guess (``Qt.AutoText``): a first name such as
``<font color=red>PAID IN FULL</font>`` would render as markup, and an ``<img src=file://…>``
would load a local file. Every label or box that can show client data (names, email, phone,
address, a bank's or holder's name, Stripe's messages) goes through ``plain`` or
``plain_box``; tooltips, which Qt also guesses about, through ``plain_tooltip``.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import QLabel, QMessageBox

PLAIN = Qt.TextFormat.PlainText


def plain(label: QLabel) -> QLabel:
    """``label`` shows its text as typed."""
    label.setTextFormat(PLAIN)
    return label


def plain_box(box: QMessageBox) -> QMessageBox:
    """A message box whose text and informative text show as typed (call it once both are
    set: Qt makes the informative text's label when it is first given)."""
    box.setTextFormat(PLAIN)
    for label in box.findChildren(QLabel):
        if label.text():
            label.setTextFormat(PLAIN)
            label.setWordWrap(True)
    return box


def plain_tooltip(text: str) -> str:
    """A tooltip showing ``text`` literally: text Qt would take for markup is escaped."""
    if not text or not QtGui.mightBeRichText(text):
        return text
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"
