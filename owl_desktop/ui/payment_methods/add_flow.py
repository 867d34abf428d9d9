"""*Add payment method* from the click to a saved method: the type choice, then the dialog.

Public API (what the Payment Methods section uses)::

    flow = AddPaymentMethodFlow(main_window, service, tasks, pool)
    request = flow.start(client, section)      # type choice, then the entry dialog
    request.added.connect(section_reload)      # StoredPaymentMethod

A request's ``machine`` (``add_machine.AddPaymentMethodMachine``) starts at the type choice and
goes on in the entry dialog; ``open_dialog`` skips the choice (tests, the benchmark).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.domain.clients import Client
from owl_desktop.ui.payment_methods.add_dialog import AddPaymentMethodDialog
from owl_desktop.ui.payment_methods.add_duplicate import PaymentMethodSetup
from owl_desktop.ui.payment_methods.add_machine import BANK, CARD, AddPaymentMethodMachine
from owl_desktop.ui.plain import plain
from owl_desktop.ui.tasks import TaskRunner
from owl_desktop.ui.web.pool import EntryViewPool


class TypeChoiceDialog(QDialog):
    """*Credit card* or *Bank account*; the bank option says why when it can't be used.

    Signals:
        chosen(str): ``card`` or ``acss_debit``.
    """

    chosen = Signal(str)

    def __init__(self, client: Client, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paymentTypeChoice")
        self.setWindowTitle(self.tr("Add payment method"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        intro = plain(QLabel(self.tr("What would {name} like to keep on file?").format(
            name=client.full_name or self.tr("the client")), self))
        intro.setWordWrap(True)
        self.card_button = QCommandLinkButton(
            self.tr("Credit card"),
            self.tr("Visa, Mastercard or American Express, typed into Stripe's secure fields."),
            self)
        self.card_button.setObjectName("chooseCard")
        self.bank_button = QCommandLinkButton(
            self.tr("Bank account"),
            self.tr("Canadian pre-authorized debit: Stripe's window collects the account and the "
                    "client's agreement."), self)
        self.bank_button.setObjectName("chooseBank")
        if not client.has_valid_email:
            self.bank_button.setEnabled(False)
            self.bank_button.setDescription(self.tr(
                "Needs a valid email address on the profile: the pre-authorized debit agreement "
                "is sent there. Add the email to the client's contact details first."))
            self.bank_button.setToolTip(self.bank_button.description())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.rejected.connect(self.reject)
        self.card_button.clicked.connect(lambda: self._choose(CARD))
        self.bank_button.clicked.connect(lambda: self._choose(BANK))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.card_button)
        layout.addWidget(self.bank_button)
        layout.addWidget(buttons)

    def _choose(self, kind: str) -> None:
        self.accept()
        self.chosen.emit(kind)


class AddPaymentMethodRequest(QObject):
    """One click on *Add payment method*: the type choice, then (maybe) the entry dialog.

    It lives until the entry dialog closes (or the choice is cancelled), so whoever started it
    can connect ``added`` right away, before the dialog even exists.

    Signals:
        added(object): the ``StoredPaymentMethod`` saved through this request.
        dialog_opened(object): the ``AddPaymentMethodDialog`` just shown.
        finished(): the choice was cancelled or the entry dialog closed.
    """

    added = Signal(object)
    dialog_opened = Signal(object)
    finished = Signal()

    def __init__(self, client: Client, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.machine = AddPaymentMethodMachine(bank_allowed=client.has_valid_email)
        self.choice: TypeChoiceDialog | None = None
        self.dialog: AddPaymentMethodDialog | None = None

    def _cancel(self) -> None:
        self.machine.cancel()
        self._finish()

    def _finish(self) -> None:
        self.finished.emit()
        self.deleteLater()


class AddPaymentMethodFlow(QObject):
    """From *Add payment method* to a saved method: type choice, then the entry dialog.

    ``start`` matches the payment methods section's ``AddFlowOpener``: it takes the client and
    the widget asking, and returns an object with an ``added`` signal.

    Signals:
        added(object): a ``StoredPaymentMethod`` was saved (any client).
        dialog_opened(object): the ``AddPaymentMethodDialog`` just shown (tests, benchmarks).
    """

    added = Signal(object)
    dialog_opened = Signal(object)

    def __init__(self, parent_widget: QWidget | None, service: PaymentMethodSetup,
                 tasks: TaskRunner, pool: EntryViewPool) -> None:
        """``parent_widget`` may be None when the flow is built before the main window (the
        sections are built inside it): ``start`` then places its dialogs over the widget that
        asks."""
        super().__init__(parent_widget)
        self._parent_widget = parent_widget
        self._service = service
        self._tasks = tasks
        self._pool = pool
        self.choice: TypeChoiceDialog | None = None
        self.dialog: AddPaymentMethodDialog | None = None

    @property
    def pool(self) -> EntryViewPool:
        return self._pool

    def start(self, client: Client, parent: QWidget | None = None) -> AddPaymentMethodRequest:
        """Ask *Credit card* or *Bank account* (window-modal; returns at once)."""
        asking = parent or self._parent_widget
        if asking is None:
            raise ValueError("start() needs a parent widget when the flow has none")
        window = asking.window()
        request = AddPaymentMethodRequest(client, self)
        choice = TypeChoiceDialog(client, window)
        choice.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        choice.chosen.connect(lambda kind: self._on_choice_chosen(request, kind, window))
        choice.rejected.connect(request._cancel)
        request.choice = choice
        self.choice = choice
        choice.open()
        return request

    def _on_choice_chosen(self, request: AddPaymentMethodRequest, kind: str,
                          window: QWidget) -> None:
        request.machine.choose(kind)
        dialog = self.open_dialog(request.client, kind, window, machine=request.machine)
        request.dialog = dialog
        dialog.added.connect(request.added)
        dialog.finished.connect(lambda _result: request._finish())
        request.dialog_opened.emit(dialog)

    def open_dialog(self, client: Client, kind: str, parent: QWidget | None = None, *,
                    machine: AddPaymentMethodMachine | None = None) -> AddPaymentMethodDialog:
        """The entry dialog for ``kind``; the bank kind needs the client's valid email."""
        if machine is None:  # no type choice: the kind is chosen here (ValueError if refused)
            machine = AddPaymentMethodMachine(bank_allowed=client.has_valid_email, kind=kind)
        view = self._pool.take()
        owner = parent or (self._parent_widget.window() if self._parent_widget else None)
        dialog = AddPaymentMethodDialog(client, kind, view, self._service, self._tasks, owner,
                                        late_added=self.added.emit, machine=machine)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.added.connect(self.added)
        self.dialog = dialog
        dialog.destroyed.connect(lambda _o=None: self._forget(dialog))
        dialog.open()
        dialog.start()
        self.dialog_opened.emit(dialog)
        return dialog

    def _forget(self, dialog: AddPaymentMethodDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
