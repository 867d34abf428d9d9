"""The status bar at 900×600 in English and French with changes waiting: its permanent parts
(connection and pending changes, Stripe's mode, the sync activity and *Sync now*) side by side,
none drawn over another (French once overlapped « En ligne – 6 modifications en attente de
synchronisation » and « Stripe : bac à sable »)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tools.desk_scene import sandbox_desk, settle

SMALL = (900, 600)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_status_bar_parts_do_not_overlap(qtbot: QtBot, language: str) -> None:
    with sandbox_desk(language, SMALL) as scene:
        window = scene.window
        settle(300)  # the first sync has said where it stands
        # The longest words it shows (the sync worker would say them when offline).
        window.status.set_online(False, 16)
        settle(30)
        bar = window.statusBar()
        parts = sorted((w for w in bar.findChildren(QWidget)
                        if w.parentWidget() is bar and w.isVisible()
                        and type(w).__name__ != "QSizeGrip"),
                       key=lambda w: w.geometry().x())
        assert len(parts) >= 2, parts
        for left, right in pairwise(parts):
            assert left.geometry().right() < right.geometry().left(), (
                type(left).__name__, left.geometry(), type(right).__name__, right.geometry())
        assert parts[0].geometry().left() >= 0
        assert parts[-1].geometry().right() < bar.width()
        inside = window.status
        assert inside.connection_label.geometry().right() < inside.mode_label.geometry().left()
        for label in (inside.connection_label, inside.mode_label):
            assert label.width() >= label.sizeHint().width(), label.accessibleName()
        words = window.status.connection_label.accessibleName()
        assert "16" in words
        # Shown short, whole in the tooltip and for screen readers.
        shown = window.status.connection_label.text()
        assert ("Offline \u2013 16 changes" if language == "en"
                else "Hors ligne \u2013 16 modifications") in shown
        assert window.status.connection_label.toolTip() == words
