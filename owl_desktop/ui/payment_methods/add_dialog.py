"""*Add payment method*: the type choice, the entry dialog around Stripe's fields, and the flow.

The numbers are typed into Stripe's iframes inside ``EntryView``; this module sees only what the
bridge reports (field states, SetupIntent statuses and ids, Stripe's messages). The service does
the rest off the UI thread: ``start_setup`` creates the SetupIntent (and nothing when offline),
``complete_setup`` fetches it with its payment method and stores what may be kept,
``abandon_setup`` cancels a SetupIntent the staff walked away from.

Public API (what the payment methods list uses)::

    flow = AddPaymentMethodFlow(main_window, service, tasks, pool)
    request = flow.start(client, section)      # type choice, then the entry dialog
    request.added.connect(section_reload)      # StoredPaymentMethod
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.domain.clients import Client
from owl_desktop.errors import UserFacingError
from owl_desktop.ui.messages import error_texts
from owl_desktop.ui.tasks import TaskRunner
from owl_desktop.ui.web.bridge import ConfirmOutcome
from owl_desktop.ui.web.pool import EntryViewPool
from owl_desktop.ui.web.view import EntryPrefill, EntryView, ViewState

log = logging.getLogger(__name__)

CARD = "card"
BANK = "acss_debit"
# SetupIntent outcomes after which Stripe holds a usable (or soon usable) payment method.
_SAVED_STATUSES = frozenset({"succeeded", "processing"})
_MICRODEPOSITS = "verify_with_microdeposits"
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class PaymentMethodSetup(Protocol):
    """What the dialog needs of ``services.payment_methods.PaymentMethodService``."""

    def start_setup(self, client_id: int, kind: Any) -> Any: ...

    def complete_setup(self, client_id: int, setup_intent_id: str) -> Any: ...

    def abandon_setup(self, setup_intent_id: str, client_id: int | None = None) -> Any: ...


def prefill_for(client: Client) -> EntryPrefill:
    """The profile's name, email and address, as the form starts with them."""
    a = client.address
    return EntryPrefill(name=client.full_name, email=client.email, line1=a.line1, line2=a.line2,
                        city=a.city, state=a.province, postal_code=a.postal_code)


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
        intro = QLabel(self.tr("What would {name} like to keep on file?").format(
            name=client.full_name or self.tr("the client")), self)
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


class _Stage(Enum):
    PREPARING = "preparing"    # waiting for the view and/or the SetupIntent
    EDITING = "editing"        # staff type; Save follows the fields
    CONFIRMING = "confirming"  # Stripe.js is confirming (3-D Secure / bank window may be open)
    STORING = "storing"        # the service fetches and stores the payment method
    DONE = "done"              # saved (pending verification shows here before closing)
    BROKEN = "broken"          # can't go on (offline, Stripe.js unreachable): Cancel only


class AddPaymentMethodDialog(QDialog):
    """One client, one kind, one SetupIntent, one entry view.

    Signals:
        added(object): the ``StoredPaymentMethod`` just saved.
        stage_changed(str): the dialog's stage (tests and the benchmark wait on it).
    """

    added = Signal(object)
    stage_changed = Signal(str)

    def __init__(self, client: Client, kind: str, view: EntryView, service: PaymentMethodSetup,
                 tasks: TaskRunner, parent: QWidget | None = None, *,
                 late_added: Callable[[object], None] | None = None) -> None:
        super().__init__(parent)
        # Where a method saved at the very last moment goes once this dialog is gone.
        self._late_added = late_added
        self.setObjectName("addPaymentMethodDialog")
        self.client = client
        self.kind = kind
        self.view = view
        self._service = service
        self._tasks = tasks
        self.stage = _Stage.PREPARING
        self.setup_intent_id = ""
        self.saved_method: object | None = None
        self._client_secret = ""
        self._confirmed_id = ""  # a SetupIntent Stripe confirmed, not yet stored
        self._closed = False
        self._stale_on_edit = False  # the status is about the input staff are now changing
        self._build_ui()
        self._connect_view()

    # ---- layout ----------------------------------------------------------------------------
    def _build_ui(self) -> None:
        card = self.kind == CARD
        self.setWindowTitle(self.tr("Add a credit card") if card else self.tr("Add a bank account"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(560, 640 if card else 700)
        self.heading = QLabel(self.tr("For {name}").format(name=self.client.full_name), self)
        self.heading.setObjectName("addPaymentMethodHeading")
        self.status_label = QLabel(self)
        self.status_label.setObjectName("addPaymentMethodStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        # Why Save is disabled, in one short line next to it.
        self.save_hint = QLabel(self)
        self.save_hint.setObjectName("addPaymentMethodSaveHint")
        self.save_hint.setWordWrap(True)
        self.save_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.save_hint.setStyleSheet("color: palette(placeholder-text);")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("addPaymentMethodProgress")
        self.progress.setRange(0, 0)  # busy indicator
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(
            self.tr("Save card") if card else self.tr("Continue to bank details"), self)
        self.save_button.setObjectName("savePaymentMethod")
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancelPaymentMethod")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.cancel_button.clicked.connect(self.reject)
        # The form, or (offline, Stripe.js unreachable, a bank account waiting for verification)
        # a message in its place, at the top where the form was.
        self.message_panel = QWidget(self)
        self.message_panel.setObjectName("addPaymentMethodMessagePanel")
        self.message_title = QLabel(self.message_panel)
        self.message_title.setObjectName("addPaymentMethodMessageTitle")
        self.message_title.setWordWrap(True)
        self.message_title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.message_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.message_title.setFont(font)
        self.message_body = QLabel(self.message_panel)
        self.message_body.setObjectName("addPaymentMethodMessage")
        self.message_body.setWordWrap(True)
        self.message_body.setTextFormat(Qt.TextFormat.PlainText)
        self.message_body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        panel_layout = QVBoxLayout(self.message_panel)
        panel_layout.setContentsMargins(4, 16, 4, 4)
        panel_layout.setSpacing(10)
        panel_layout.addWidget(self.message_title)
        panel_layout.addWidget(self.message_body)
        panel_layout.addStretch(1)
        self.stack = QStackedWidget(self)
        self.view.setMinimumSize(480, 420)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.message_panel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        layout.addWidget(self.save_hint)
        layout.addWidget(self.buttons)

    def _connect_view(self) -> None:
        self.view.ready.connect(self._on_view_ready)
        self.view.failed.connect(self._on_view_failed)
        self.view.form_opened.connect(self._on_view_form_opened)
        self.view.fields_changed.connect(self._refresh)
        self.view.confirm_finished.connect(self._on_view_confirm_finished)
        self.view.edited.connect(self._on_view_edited)
        self.view.escape_pressed.connect(self._on_view_escape)
        self.view.submit_requested.connect(self._on_save_clicked)
        self._key_targets: list[QObject] = []

    # ---- start -----------------------------------------------------------------------------
    def start(self) -> None:
        """Show the form (at once when the view is prepared) and create the SetupIntent."""
        self._set_stage(_Stage.PREPARING)
        if self.view.state is ViewState.READY:
            self._on_view_ready()
        elif self.view.state is ViewState.FAILED:
            self._on_view_failed(self.view.failure)
            return  # no form to confirm with: create nothing at Stripe
        else:
            self._show_status(self.tr("Preparing Stripe's secure form…"), info=True)
        client_id, kind, service = self.client.id, self.kind, self._service
        self._tasks.run(lambda: service.start_setup(client_id, kind),
                        on_success=self._on_setup_started, on_failure=self._on_setup_failed)

    def _on_view_ready(self) -> None:
        if self.stage is _Stage.PREPARING and not self._closed:
            self.view.open_form(self.kind, prefill_for(self.client))

    def _on_view_form_opened(self, _kind: str) -> None:
        if self._closed:
            return
        if self.stage is _Stage.PREPARING:
            self._set_stage(_Stage.EDITING)
            # The page put the caret in the card number: keys go there without a click.
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            self._watch_keys()
            if not self._client_secret:
                self._show_status(self.tr("Connecting to Stripe…"), info=True)
            else:
                self.view.set_client_secret(self._client_secret)
                self._show_status("")
        self._refresh()

    def _on_view_failed(self, code: str) -> None:
        if self._closed:
            return
        if code == "not_connected":
            text = self.tr("Stripe isn't connected yet. An administrator can connect it in the "
                           "settings.")
        else:
            text = self.tr("Stripe's secure form can't be loaded. Check the internet "
                           "connection, then try again.")
        self._break(text)

    def _on_setup_started(self, info: Any) -> None:
        if self._closed:
            # Closed while the SetupIntent was being created: cancel it (the flow owns it now).
            _abandon(self._tasks, self._service, str(info.id), self.client.id,
                     self._late_added)
            return
        self.setup_intent_id = str(info.id)
        self._client_secret = str(info.client_secret)
        self.view.set_client_secret(self._client_secret)
        if self.stage is _Stage.EDITING:
            self._show_status("")
        self._refresh()

    def _on_setup_failed(self, error: BaseException) -> None:
        if self._closed:
            return
        self._break(self._error_text(error))

    # ---- saving ----------------------------------------------------------------------------
    def can_save(self) -> bool:
        if self.stage is _Stage.STORING or self.stage is _Stage.CONFIRMING:
            return False
        if self._confirmed_id:  # storing failed earlier: Save retries it
            return self.stage is _Stage.EDITING
        return self.stage is _Stage.EDITING and bool(self._client_secret) and self.view.can_save

    def _refresh(self) -> None:
        can_save = self.can_save()
        self.save_button.setEnabled(can_save)
        hint = "" if can_save else self.save_hint_text()
        self.save_hint.setText(hint)
        self.save_hint.setVisible(bool(hint))
        self.save_button.setToolTip(hint)
        waiting = self.stage is _Stage.EDITING and not self._client_secret \
            and not self._confirmed_id
        busy = self.stage in (_Stage.PREPARING, _Stage.CONFIRMING, _Stage.STORING)
        self.progress.setVisible(busy or waiting)

    def save_hint_text(self) -> str:
        """Why Save is disabled while staff edit: what is still missing ("" otherwise)."""
        if self.stage is not _Stage.EDITING or self._confirmed_id or not self._client_secret:
            return ""
        parts: list[str] = []
        if self.kind == CARD:
            names = {"cardNumber": self.tr("the card number"),
                     "cardExpiry": self.tr("the expiry date"),
                     "cardCvc": self.tr("the CVC")}
            missing = [names[field] for field, state in self.view.field_states.items()
                       if not state.valid and field in names]
            if missing:
                fields = missing[0] if len(missing) == 1 else self.tr("{first} and {last}").format(
                    first=", ".join(missing[:-1]), last=missing[-1])
                parts.append(self.tr("Complete {fields} to save.").format(fields=fields))
        if not self.view.name_given:
            parts.append(self.tr("Enter the name on the card.") if self.kind == CARD
                         else self.tr("Enter the account holder's name."))
        return " ".join(parts)

    def _on_save_clicked(self) -> None:
        if not self.can_save():
            return
        if self._confirmed_id:
            self._store(self._confirmed_id)
            return
        self._set_stage(_Stage.CONFIRMING)
        self.view.set_busy(True)
        if self.kind == BANK:
            self._show_status(self.tr("Stripe's window is open: enter the bank account and accept "
                                      "the agreement there."), info=True)
        else:
            self._show_status(self.tr("Saving the card with Stripe…"), info=True)
        self.view.confirm()

    def _on_view_confirm_finished(self, outcome: object) -> None:
        assert isinstance(outcome, ConfirmOutcome)
        if self._closed or self.stage is not _Stage.CONFIRMING:
            return
        if outcome.failed:
            log.info("setup %s not confirmed: %s/%s/%s", self.setup_intent_id,
                     outcome.error_type, outcome.error_code, outcome.decline_code)
            message = outcome.error_message or self.tr(
                "Stripe couldn't save this payment method. Check the details and try again.")
            if outcome.error_code == "card_declined":
                # Stripe's sentence says what happened; staff also need what to do now.
                message = f"{message} " + self.tr(
                    "Ask the client for another card, or to call their bank.")
            self._back_to_editing(message)
            return
        log.info("setup %s confirmed by Stripe: status=%s next_action=%s",
                 outcome.setup_intent_id, outcome.status, outcome.next_action_type or "-")
        if outcome.status in _SAVED_STATUSES or (
                outcome.status == "requires_action" and outcome.next_action_type == _MICRODEPOSITS):
            self._confirmed_id = outcome.setup_intent_id or self.setup_intent_id
            self._store(self._confirmed_id)
        elif outcome.status == "requires_payment_method" and self.kind == BANK:
            self._back_to_editing(self.tr(
                "The bank account was not added: Stripe's window was closed before the agreement "
                "was accepted. Nothing was saved."), info=True)
        else:
            self._back_to_editing(self.tr(
                "Stripe didn't finish saving this payment method. Try again."))

    def _store(self, setup_intent_id: str) -> None:
        self._set_stage(_Stage.STORING)
        self.view.set_busy(True)
        self._show_status(self.tr("Saving…"), info=True)
        client_id, service = self.client.id, self._service
        self._tasks.run(lambda: service.complete_setup(client_id, setup_intent_id),
                        on_success=self._on_stored, on_failure=self._on_store_failed)

    def _on_stored(self, method: Any) -> None:
        if self._closed:
            # Closed while the service was storing it: the method is saved all the same.
            if self._late_added is not None:
                self._late_added(method)
            return
        self._confirmed_id = ""
        self.saved_method = method
        self._set_stage(_Stage.DONE)
        log.info("payment method saved for client %s", self.client.id)
        self.added.emit(method)
        if str(getattr(method, "status", "")) == "pending_verification":
            self._show_panel(self.tr("Bank account saved — waiting for verification"), self.tr(
                "The bank account is saved and waits for verification: Stripe sends two small "
                "deposits to it in 1–2 business days. It can't be used for autopay or bookings "
                "until they are confirmed."))
            self.save_button.hide()
            self.cancel_button.setText(self.tr("Close"))
            self.cancel_button.setEnabled(True)
            return
        self.accept()

    def _on_store_failed(self, error: BaseException) -> None:
        if self._closed:
            return
        self._set_stage(_Stage.EDITING)
        self.save_button.setText(self.tr("Try again"))
        self._show_status(self.tr("Stripe saved the payment method, but it couldn't be recorded "
                                  "here yet: {reason}").format(reason=self._error_text(error)))
        self._refresh()

    def _back_to_editing(self, message: str, *, info: bool = False) -> None:
        self._set_stage(_Stage.EDITING)
        self.view.set_busy(False)
        self._show_status(message, info=info)
        self._stale_on_edit = bool(message)
        self._refresh()

    def _on_view_edited(self) -> None:
        """A decline (or any outcome of the last try) is about what was typed then: once staff
        change anything, it no longer applies."""
        if self._closed or self.stage is not _Stage.EDITING or not self._stale_on_edit:
            return
        self._stale_on_edit = False
        self._show_status("")

    def _on_view_escape(self) -> None:
        if not self._closed and self.stage is not _Stage.CONFIRMING:
            self.reject()

    # ---- keyboard inside the web view ------------------------------------------------------
    def _watch_keys(self) -> None:
        """Enter and Escape typed into the page (Stripe's frames included) reach the web view's
        focus proxy first; the dialog handles them there like a form's default button and its
        Cancel. While Stripe's own window (3-D Secure, bank) is up, keys are left to it."""
        for target in (self.view.focusProxy(), self.view):
            if target is not None and target not in self._key_targets:
                target.installEventFilter(self)
                self._key_targets.append(target)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched in self._key_targets and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and not self._closed \
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                          Qt.KeyboardModifier.KeypadModifier):
            if event.key() == Qt.Key.Key_Escape and self.stage is not _Stage.CONFIRMING:
                self.reject()
                return True
            if event.key() in _ENTER_KEYS and self.stage is _Stage.EDITING:
                if self.can_save():
                    self._on_save_clicked()
                return True
        return super().eventFilter(watched, event)

    # ---- closing ---------------------------------------------------------------------------
    def done(self, result: int) -> None:
        if not self._closed:
            self._closed = True
            # Confirmed at Stripe (storing, or storing failed): cancelling would fail anyway,
            # and sync brings the method in if storing didn't.
            saved = self.stage in (_Stage.DONE, _Stage.STORING) or bool(self._confirmed_id)
            if not saved and self.setup_intent_id:
                log.info("add payment method closed before saving: cancelling %s",
                         self.setup_intent_id)
                _abandon(self._tasks, self._service, self.setup_intent_id, self.client.id,
                         self._late_added)
            for target in self._key_targets:
                if shiboken6.isValid(target):
                    target.removeEventFilter(self)
            self._key_targets.clear()
            self.view.hide()
            self.view.dispose()
        super().done(result)

    # ---- helpers ---------------------------------------------------------------------------
    def _set_stage(self, stage: _Stage) -> None:
        self.stage = stage
        self._refresh()
        self.stage_changed.emit(stage.value)

    def _break(self, message: str) -> None:
        self._set_stage(_Stage.BROKEN)
        self._show_panel(self.tr("The payment method can't be added now"), message, error=True)
        self._refresh()

    def _show_panel(self, title: str, message: str, *, error: bool = False) -> None:
        """The form gives way to a message at the top of the dialog (offline, saved and pending
        verification): nothing of the form, its explanations or its progress stays on screen."""
        self.message_title.setText(title)
        self.message_body.setText(message)
        self.message_body.setStyleSheet("color: #c81e1e;" if error else "")
        self.stack.setCurrentWidget(self.message_panel)
        self.view.hide()
        self._show_status("")

    def _show_status(self, text: str, *, info: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setProperty("kind", "info" if info else "error")
        self.status_label.setStyleSheet("" if info or not text else "color: #c81e1e;")

    def status_text(self) -> str:
        """What the dialog says now: the message in place of the form, or the status line."""
        if self.stack.currentWidget() is self.message_panel:
            return self.message_body.text()
        return self.status_label.text()

    def _error_text(self, error: BaseException) -> str:
        if isinstance(error, UserFacingError):
            message, hint = error_texts(error)
            return f"{message} {hint}".strip()
        log.error("adding a payment method failed", exc_info=error)
        return self.tr("Something went wrong. The details were written to the log file.")


def _abandon(tasks: TaskRunner, service: PaymentMethodSetup, setup_intent_id: str,
             client_id: int, late_added: Callable[[object], None] | None) -> None:
    """Cancel a SetupIntent off the UI thread. If Stripe had saved the method at the very last
    moment, the service keeps it and ``late_added`` hears of it. A failure only goes to the log
    (Stripe expires unconfirmed SetupIntents anyway, and sync ignores them)."""
    def done(method: Any) -> None:
        if method is not None and late_added is not None:
            late_added(method)

    def failed(error: BaseException) -> None:
        log.warning("could not cancel setup %s: %s", setup_intent_id, type(error).__name__)

    tasks.run(lambda: service.abandon_setup(setup_intent_id, client_id), on_success=done,
              on_failure=failed)


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
        self.choice: TypeChoiceDialog | None = None
        self.dialog: AddPaymentMethodDialog | None = None

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
        choice.rejected.connect(request._finish)
        request.choice = choice
        self.choice = choice
        choice.open()
        return request

    def _on_choice_chosen(self, request: AddPaymentMethodRequest, kind: str,
                          window: QWidget) -> None:
        dialog = self.open_dialog(request.client, kind, window)
        request.dialog = dialog
        dialog.added.connect(request.added)
        dialog.finished.connect(lambda _result: request._finish())
        request.dialog_opened.emit(dialog)

    def open_dialog(self, client: Client, kind: str,
                    parent: QWidget | None = None) -> AddPaymentMethodDialog:
        """The entry dialog for ``kind``; the bank kind needs the client's valid email."""
        if kind == BANK and not client.has_valid_email:
            raise ValueError("a bank account needs the client's valid email")
        view = self._pool.take()
        owner = parent or (self._parent_widget.window() if self._parent_widget else None)
        dialog = AddPaymentMethodDialog(client, kind, view, self._service, self._tasks, owner,
                                        late_added=self.added.emit)
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
