"""The top of a client's profile: who it is and the facts the front desk looks for first.

Name, then contact (phone · email · city), then a line of facts: autopay (on, off or paused),
the default payment method. Other features add their own fact with :meth:`ProfileHeader.set_fact`
— billing's balance goes here (``set_fact("balance", …)``) — and the header shows them in the
order they were first set, after the built-in ones.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from owl_desktop.domain.clients import Client
from owl_desktop.services.autopay import AutopayStatus
from owl_desktop.ui import style
from owl_desktop.ui.payment_methods.autopay_panel import autopay_summary, short_label
from owl_desktop.ui.plain import plain

AUTOPAY, DEFAULT_METHOD = "autopay", "default_method"


class _Fact(QLabel):
    """One fact: on one line when there is room, wrapped when not (a word-wrapped QLabel on
    its own asks for a narrow, tall box even with room to spare)."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        one_line = self.fontMetrics().horizontalAdvance(self.text()) + 2 * self.margin() + 2
        return QSize(max(hint.width(), one_line), self.heightForWidth(one_line))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), MIN_FACT_WIDTH), hint.height())


MIN_FACT_WIDTH = 140  # narrower than this, a fact wraps into too many lines to read


class ProfileHeader(QWidget):
    """Name, contact line and facts of the open client."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profileHeader")
        self.name_label = plain(QLabel(self))
        self.name_label.setObjectName("profileName")
        style.set_type(self.name_label, style.TYPE.HEADING, bold=True)
        self.subtitle_label = plain(QLabel(self))
        self.subtitle_label.setObjectName("profileSubtitle")
        style.muted(self.subtitle_label)
        self.subtitle_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle_label.setWordWrap(True)

        self._client_id: int | None = None
        self.facts: dict[str, QLabel] = {}
        self._facts_line = QHBoxLayout()
        self._facts_line.setSpacing(style.SPACE.L)
        self._facts_line.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.SPACE.XS)
        layout.addWidget(self.name_label)
        layout.addWidget(self.subtitle_label)
        layout.addLayout(self._facts_line)

    # -- public ------------------------------------------------------------------------------

    def show_client(self, client: Client | None) -> None:
        client_id = client.id if client is not None else None
        if client_id != self._client_id:
            # Another client: nothing of the last one's facts stays (features set theirs again).
            for key in list(self.facts):
                self.set_fact(key, "")
        self._client_id = client_id
        if client is None:
            self.name_label.clear()
            self.subtitle_label.clear()
            return
        self.name_label.setText(client.full_name)
        parts = [p for p in (client.phone, client.email, client.address.city) if p]
        self.subtitle_label.setText("  \u00b7  ".join(parts))
        if AUTOPAY not in self.facts or self.facts[AUTOPAY].isHidden():
            self.set_fact(AUTOPAY, self._autopay_text(
                self.tr("On") if client.autopay_enabled else self.tr("Off")))

    def set_fact(self, key: str, text: str, tooltip: str = "") -> QLabel:
        """Show (or update) one fact, e.g. ``set_fact("balance", "Balance: $12.00")``; an
        empty text hides it. Returns its label."""
        label = self.facts.get(key)
        if label is None:
            label = plain(_Fact(self))
            label.setObjectName(f"profileFact_{key}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            # A long fact (French, a paused autopay) wraps rather than run off the profile.
            label.setWordWrap(True)
            self._facts_line.insertWidget(self._facts_line.count() - 1, label)
            self.facts[key] = label
        label.setText(text)
        label.setToolTip(tooltip)
        label.setAccessibleName(text)
        label.setVisible(bool(text))
        return label

    def fact_texts(self) -> list[str]:
        """The facts shown, in order."""
        return [label.text() for label in self.facts.values() if not label.isHidden()]

    # -- slots ---------------------------------------------------------------------------------

    def on_autopay_status_shown(self, status: AutopayStatus | None) -> None:
        """The payment section loaded the client's methods: autopay as it really stands
        (paused?) and the default method."""
        if status is None:
            self.set_fact(DEFAULT_METHOD, "")
            return
        self.set_fact(AUTOPAY, self._autopay_text(autopay_summary(status)))
        if status.default is not None:
            self.set_fact(DEFAULT_METHOD, self.tr("Default method: {method}").replace(
                "{method}", short_label(status.default)))
        elif status.paused:
            self.set_fact(DEFAULT_METHOD, "")  # "paused (no default method)" says it already
        else:
            self.set_fact(DEFAULT_METHOD, self.tr("No default payment method"))

    def _autopay_text(self, state: str) -> str:
        return self.tr("Autopay: {state}").replace("{state}", state)
