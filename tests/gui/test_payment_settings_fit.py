"""Settings → Payments with autopay at 900×600, in English and French: the sentence under
*Payments* (who follows the clinic, how many clients a change affects) is shown whole — it
spans the dialog rather than wrap in the field column, where French cut it off — and the
dialog grows to it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from owl_desktop.domain.autopay import AUTOMATIC
from tools.desk_scene import pump, sandbox_desk, settle

SMALL = (900, 600)


def shown_whole(label: QLabel) -> bool:
    return label.isVisible() and label.height() >= label.heightForWidth(label.width())


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_affected_clients_sentence_is_shown_whole(qtbot: QtBot, language: str) -> None:
    with sandbox_desk(language, SMALL) as scene:
        dialog = scene.window.billing_ui.open_settings()
        pump(lambda: dialog.loaded and dialog.affected > 0)
        settle()
        label = dialog.affected_label
        assert shown_whole(label), (label.text(), label.size(), label.heightForWidth(
            label.width()))
        dialog.processing.setCurrentIndex(dialog.processing.findData(AUTOMATIC))
        settle()
        assert str(dialog.affected) in label.text()
        assert shown_whole(label), (label.text(), label.size(), label.heightForWidth(
            label.width()))
        # Across the dialog, not squeezed into the field column.
        assert label.width() >= dialog.width() * 0.8
        assert dialog.width() <= SMALL[0]
        assert dialog.height() <= SMALL[1]
        dialog.reject()
