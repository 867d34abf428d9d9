"""A client's profile: a header with the name and key facts, and tabs (Contact & Clinic first).

Features add tabs with ``add_tab`` and listen to client changes by being a section (see
``ui/clients/profile_sections.py``); the page itself only knows which client is open.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from owl_desktop.domain.clients import Client
from owl_desktop.ui import style
from owl_desktop.ui.clients.contact_tab import ContactTab
from owl_desktop.ui.clients.profile_header import ProfileHeader
from owl_desktop.ui.clients.profile_sections import ClientSection, as_section


class ProfilePage(QWidget):
    """Signals:
        edit_requested(int): edit the contact details of this client id.
    """

    edit_requested = Signal(int)

    def __init__(self, payment_section: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._client: Client | None = None
        self._extra_sections: list[ClientSection] = []

        # Name, contact and key facts (autopay, default method; other features add theirs,
        # e.g. billing's balance, with header.set_fact).
        self.header = ProfileHeader(self)
        self.name_label = self.header.name_label
        self.subtitle_label = self.header.subtitle_label
        shown = getattr(payment_section, "autopay_status_shown", None)
        if shown is not None:
            shown.connect(self.header.on_autopay_status_shown)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("profileTabs")
        self.tabs.setDocumentMode(True)
        self.contact_tab = ContactTab(payment_section, self.tabs)
        self.contact_tab.edit_requested.connect(self.on_contact_tab_edit_requested)
        self.tabs.addTab(self.contact_tab, self.tr("Contact && Clinic"))

        layout = QVBoxLayout(self)
        layout.setSpacing(style.SPACE.M)
        layout.addWidget(self.header)
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
        self.header.show_client(client)
        self.contact_tab.set_client(client)
        for section in self._extra_sections:
            section.set_client(client)

    def on_contact_tab_edit_requested(self) -> None:
        if self._client is not None:
            self.edit_requested.emit(self._client.id)
