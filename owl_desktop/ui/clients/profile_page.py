"""A client's profile: a header with the name, and tabs (Contact & Clinic first).

Features add tabs with ``add_tab`` and listen to client changes by being a section (see
``ui/clients/profile_sections.py``); the page itself only knows which client is open.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from owl_desktop.domain.clients import Client
from owl_desktop.ui.clients.contact_tab import ContactTab
from owl_desktop.ui.clients.profile_sections import ClientSection, as_section
from owl_desktop.ui.plain import plain


class ProfilePage(QWidget):
    """Signals:
        edit_requested(int): edit the contact details of this client id.
    """

    edit_requested = Signal(int)

    def __init__(self, payment_section: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._client: Client | None = None
        self._extra_sections: list[ClientSection] = []

        self.name_label = plain(QLabel(self))
        self.name_label.setObjectName("profileName")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.name_label.setFont(font)
        self.subtitle_label = plain(QLabel(self))
        self.subtitle_label.setObjectName("profileSubtitle")
        palette = self.subtitle_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText,
                         palette.color(QPalette.ColorRole.PlaceholderText))
        self.subtitle_label.setPalette(palette)  # muted, but readable
        self.subtitle_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("profileTabs")
        self.tabs.setDocumentMode(True)
        self.contact_tab = ContactTab(payment_section, self.tabs)
        self.contact_tab.edit_requested.connect(self.on_contact_tab_edit_requested)
        self.tabs.addTab(self.contact_tab, self.tr("Contact && Clinic"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.name_label)
        layout.addWidget(self.subtitle_label)
        layout.addSpacing(6)
        layout.addWidget(self.tabs, 1)

    @property
    def client(self) -> Client | None:
        return self._client

    def add_tab(self, widget: QWidget, title: str) -> int:
        """Add a tab; if ``widget`` is a section it follows the open client too."""
        if isinstance(widget, ClientSection):
            self._extra_sections.append(widget)
            widget.set_client(self._client)
        return self.tabs.addTab(widget, title)

    def add_section(self, widget: QWidget) -> None:
        """Follow the open client with a widget shown elsewhere (e.g. a status panel)."""
        section = as_section(widget)
        self._extra_sections.append(section)
        section.set_client(self._client)

    def show_client(self, client: Client | None) -> None:
        self._client = client
        if client is None:
            self.name_label.clear()
            self.subtitle_label.clear()
        else:
            self.name_label.setText(client.full_name)
            parts = [p for p in (client.phone, client.email, client.address.city) if p]
            self.subtitle_label.setText("  \u00b7  ".join(parts))
        self.contact_tab.set_client(client)
        for section in self._extra_sections:
            section.set_client(client)

    def on_contact_tab_edit_requested(self) -> None:
        if self._client is not None:
            self.edit_requested.emit(self._client.id)
