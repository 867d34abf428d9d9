"""The *Payment Methods* section of the Contact & Clinic tab: an empty state for now.

The payment-methods work replaces this widget with the real list (add, set default, remove).
The contract the profile page relies on is small: a ``QWidget`` with ``set_client(client)``
(see ``ui/clients/profile_sections.py``); build it through the factory passed to ``MainWindow``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from owl_desktop.domain.clients import Client


class PaymentMethodsSection(QGroupBox):
    """Placeholder that states plainly that nothing is on file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paymentMethodsSection")
        self.setTitle(self.tr("Payment Methods"))
        self.empty_label = QLabel(self.tr("No payment method on file."), self)
        self.empty_label.setObjectName("paymentMethodsEmpty")
        self.empty_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_label)
        self._client: Client | None = None

    def set_client(self, client: Client | None) -> None:
        self._client = client
