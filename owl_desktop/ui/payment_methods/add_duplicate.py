"""*Add payment method*: the method just saved repeats one already on file (the service's rule,
``PaymentMethodService.duplicate_of``): the dialog says so at once, in place of the form, and
offers to keep only the one on file (the new one is removed) or both.

The panel only draws and reports clicks; the machine (``add_machine.py``) decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from owl_desktop.ui.payment_methods.add_machine import AddPaymentMethodMachine, Effect
    from owl_desktop.ui.tasks import TaskRunner


class PaymentMethodSetup(Protocol):
    """What the dialog needs of ``services.payment_methods.PaymentMethodService``."""

    def start_setup(self, client_id: int, kind: Any) -> Any: ...

    def complete_setup(self, client_id: int, setup_intent_id: str) -> Any: ...

    def abandon_setup(self, setup_intent_id: str, client_id: int | None = None) -> Any: ...

    def duplicate_of(self, client_id: int, payment_method_id: int) -> Any: ...

    def keep_existing(self, client_id: int, payment_method_id: int) -> Any: ...


def store_and_check(service: PaymentMethodSetup, client_id: int, setup_intent_id: str
                    ) -> tuple[Any, Any]:
    """Record what Stripe saved, then look for the same method on file (a local read): both
    off the UI thread, so the dialog hears both at once."""
    method = service.complete_setup(client_id, setup_intent_id)
    return method, service.duplicate_of(client_id, method.id)


def method_words(method: Any) -> str:
    """"Visa •••• 4242": brand or bank and the last 4 (names, not translated)."""
    return f"{method.label} {method.masked}"


class DuplicatePanel(QWidget):
    """The choice, with its two buttons.

    Signals:
        keep_existing_clicked(): keep only the one on file.
        keep_both_clicked(): keep both.
    """

    keep_existing_clicked = Signal()
    keep_both_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addPaymentMethodDuplicatePanel")
        self.title = QLabel(self)
        self.title.setObjectName("duplicateTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.body = QLabel(self)
        self.body.setObjectName("duplicateMessage")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.keep_existing_button = QPushButton(self.tr("Keep only the one on file"), self)
        self.keep_existing_button.setObjectName("keepExistingMethod")
        self.keep_existing_button.setDefault(True)
        self.keep_both_button = QPushButton(self.tr("Keep both"), self)
        self.keep_both_button.setObjectName("keepBothMethods")
        self.keep_existing_button.clicked.connect(self.keep_existing_clicked)
        self.keep_both_button.clicked.connect(self.keep_both_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_both_button)
        buttons.addWidget(self.keep_existing_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 16, 4, 4)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def show_choice(self, new: Any, on_file: Any) -> None:
        """Say which method on file the new one repeats; the keyboard starts on *Keep only the
        one on file*."""
        if getattr(new, "is_card", False):
            self.title.setText(self.tr("This card is already on file"))
            self.body.setText(self.tr(
                "{new} was saved, but the client already has this card on file with the same "
                "expiry date ({on_file}). Keep only the one on file? It keeps its default "
                "status; the card just added is removed.").format(
                new=method_words(new), on_file=method_words(on_file)))
        else:
            self.title.setText(self.tr("This bank account is already on file"))
            self.body.setText(self.tr(
                "{new} was saved, but the client already has this bank account on file "
                "({on_file}). Keep only the one on file? It keeps its default status and its "
                "debit agreement; the account just added is removed.").format(
                new=method_words(new), on_file=method_words(on_file)))
        self.set_busy(False)
        self.keep_existing_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_busy(self, busy: bool) -> None:
        self.keep_existing_button.setEnabled(not busy)
        self.keep_both_button.setEnabled(not busy)


class DuplicateChoice:
    """The dialog's part in it (mixed into ``AddPaymentMethodDialog``, which provides what is
    declared here): the panel in the dialog's stack, drawn for ``DUPLICATE_FOUND``, and the
    service's removal off the UI thread."""

    if TYPE_CHECKING:
        machine: AddPaymentMethodMachine
        stack: QStackedWidget
        view: Any  # the EntryView
        save_button: QPushButton
        client: Any
        _tasks: TaskRunner

        def _handle(self, effects: list[Effect]) -> None: ...

        def _show_status(self, text: str, *, info: bool = False) -> None: ...

        def _error_text(self, error: BaseException | None) -> str: ...

    duplicate_panel: DuplicatePanel

    def _build_duplicate_panel(self) -> None:
        self.duplicate_panel = DuplicatePanel(self.stack)
        self.duplicate_panel.keep_existing_clicked.connect(
            lambda: self._handle(self.machine.keep_existing()))
        self.duplicate_panel.keep_both_clicked.connect(
            lambda: self._handle(self.machine.keep_both()))
        self.stack.addWidget(self.duplicate_panel)

    def _show_duplicate(self) -> None:
        """The same method is on file: the choice in place of the form (and of Save)."""
        self.duplicate_panel.show_choice(self.machine.saved_method, self.machine.duplicate_of)
        self.stack.setCurrentWidget(self.duplicate_panel)
        self.view.hide()
        self.save_button.hide()
        error = self.machine.error
        self._show_status("" if error is None else self._error_text(error))

    def _keep_existing(self, service: PaymentMethodSetup, method_id: int) -> None:
        client_id = self.client.id
        self._tasks.run(lambda: service.keep_existing(client_id, method_id),
                        on_success=lambda kept: self._handle(
                            self.machine.duplicate_removed(kept)),
                        on_failure=lambda error: self._handle(
                            self.machine.duplicate_not_removed(error)))
