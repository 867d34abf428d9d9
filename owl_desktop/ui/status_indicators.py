"""Status bar indicators: connection to Stripe and which Stripe mode the desk works in.

Other parts drive them: the sync worker calls ``set_online``, the Stripe settings call
``set_mode``. The widget only displays; it never checks anything itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from owl_desktop.ui import style

MODES = ("sandbox", "test", "live", "not_connected")

# From the desk's palette (measured against the window by tests/unit/test_style.py).
_P = style.LIGHT
_GREEN, _ORANGE, _RED, _GREY, _PURPLE = (_P.success_text, _P.offline_text, _P.error_text,
                                         _P.idle_text, _P.sandbox_text)


class StatusIndicators(QWidget):
    """Two labels for the status bar's permanent area."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.connection_label = QLabel(self)
        self.connection_label.setObjectName("connectionStatus")
        self.mode_label = QLabel(self)
        self.mode_label.setObjectName("stripeModeStatus")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(16)
        layout.addWidget(self.connection_label)
        layout.addWidget(self.mode_label)
        self._online: bool | None = None
        self._pending = 0
        self._mode = "not_connected"
        self._render_connection()
        self._render_mode()
        # Room for the connection's usual words, so the bar doesn't jump as they change.
        metrics = self.connection_label.fontMetrics()
        usual = (self.tr("Connection not checked yet"), self.tr("Online"),
                 self.tr("Offline: working from local data"))
        self.connection_label.setMinimumWidth(
            max(metrics.horizontalAdvance(f"\u25cf {text}") for text in usual))
        # The room left over sits on the left, so the dot stays beside the words.
        self.connection_label.setAlignment(Qt.AlignmentFlag.AlignRight
                                           | Qt.AlignmentFlag.AlignVCenter)

    @property
    def online(self) -> bool | None:
        """None until someone has checked the connection."""
        return self._online

    @property
    def pending(self) -> int:
        return self._pending

    @property
    def mode(self) -> str:
        return self._mode

    def set_online(self, online: bool | None, pending: int = 0) -> None:
        """Show online/offline and how many changes wait to be sent to Stripe (None: not
        checked, e.g. after Stripe was disconnected)."""
        self._online = online
        self._pending = max(0, pending)
        self._render_connection()

    def set_mode(self, mode: str) -> None:
        """``mode`` is one of ``MODES``: sandbox, test, live or not_connected."""
        if mode not in MODES:
            raise ValueError(f"unknown Stripe mode {mode!r}")
        self._mode = mode
        self._render_mode()

    def _render_connection(self) -> None:
        if self._online is None:
            text, colour = self.tr("Connection not checked yet"), _GREY
        elif self._online:
            text, colour = self.tr("Online"), _GREEN
        else:
            text, colour = self.tr("Offline: working from local data"), _ORANGE
        full = text
        if self._pending:
            full = self.tr("{status} \u2013 %n change(s) waiting to sync", "",
                           self._pending).format(status=text)
            # Shown: the short word (the bar has 900 px for this, Stripe's mode and Sync now);
            # the whole sentence in the tooltip and for screen readers.
            short = self.tr("Offline") if self._online is False else text
            text = self.tr("{status} \u2013 %n change(s) waiting to sync", "",
                           self._pending).format(status=short)
        self._set(self.connection_label, text, colour, full)

    def _render_mode(self) -> None:
        texts = {
            "sandbox": (self.tr("Stripe: sandbox (practice data)"), _PURPLE),
            "test": (self.tr("Stripe: test mode"), _ORANGE),
            "live": (self.tr("Stripe: live"), _GREEN),
            "not_connected": (self.tr("Stripe: not connected"), _GREY),
        }
        text, colour = texts[self._mode]
        self._set(self.mode_label, text, colour)

    @staticmethod
    def _set(label: QLabel, text: str, colour: str, full: str = "") -> None:
        # The dot carries the colour; the words carry the meaning (colour-blind safe).
        label.setText(f'<span style="color:{colour}">\u25cf</span> {_escape(text)}')
        label.setAccessibleName(full or text)
        label.setToolTip(full or text)
        # Whole, never squeezed by the status bar ("Stripe : bac à sable (données d'exer").
        label.setMinimumWidth(label.sizeHint().width())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
