"""The *Add payment method* dialog: Stripe's form in an entry view, a status line, Save.

The numbers are typed into Stripe's iframes inside ``EntryView``; this module sees only what the
bridge reports (field states, SetupIntent statuses and ids, Stripe's messages). What happens
next is decided by ``add_machine.AddPaymentMethodMachine`` (no Qt): the dialog forwards every
event to it, carries out the effects it returns, and draws its state. The service does the
Stripe and database work off the UI thread: ``start_setup`` creates the SetupIntent (and nothing
when offline), ``complete_setup`` fetches it with its payment method and stores what may be
kept, ``abandon_setup`` cancels a SetupIntent the staff walked away from.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
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
from owl_desktop.ui import style
from owl_desktop.ui.messages import error_texts
from owl_desktop.ui.payment_failures import failure_sentence
from owl_desktop.ui.payment_methods.add_abandon import abandon
from owl_desktop.ui.payment_methods.add_duplicate import (
    DuplicateChoice,
    PaymentMethodSetup,
    store_and_check,
)
from owl_desktop.ui.payment_methods.add_machine import (
    BROKEN_FAILURE,
    CARD,
    RATE_LIMITED,
    Abandon,
    AddPaymentMethodMachine,
    AddState,
    Announce,
    Confirm,
    Effect,
    Finish,
    FocusForm,
    FormCheck,
    FormView,
    HandOver,
    KeepExisting,
    OpenForm,
    ProvideSecret,
    RetryLater,
    SetBusy,
    Stage,
    StartSetup,
    Store,
    stage_of,
)
from owl_desktop.ui.plain import plain
from owl_desktop.ui.tasks import TaskRunner
from owl_desktop.ui.web.bridge import ConfirmOutcome
from owl_desktop.ui.web.view import EntryPrefill, EntryView, ViewState

log = logging.getLogger(__name__)
_ERROR_CSS = f"color: {style.LIGHT.error_text};"

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_BROKEN = frozenset({AddState.OFFLINE, AddState.SETUP_FAILED, AddState.NOT_CONNECTED,
                     AddState.FORM_UNAVAILABLE})


def prefill_for(client: Client) -> EntryPrefill:
    """The profile's name, email and address, as the form starts with them."""
    a = client.address
    return EntryPrefill(name=client.full_name, email=client.email, line1=a.line1, line2=a.line2,
                        city=a.city, state=a.province, postal_code=a.postal_code)


class AddPaymentMethodDialog(DuplicateChoice, QDialog):
    """One client, one kind, one SetupIntent, one entry view.

    Signals:
        added(object): the ``StoredPaymentMethod`` just saved.
        stage_changed(str): the flow's ``Stage`` (tests and the benchmark wait on it).
        state_changed(str): the flow's finer ``AddState``.
    """

    added = Signal(object)
    stage_changed = Signal(str)
    state_changed = Signal(str)

    def __init__(self, client: Client, kind: str, view: EntryView, service: PaymentMethodSetup,
                 tasks: TaskRunner, parent: QWidget | None = None, *,
                 late_added: Callable[[object], None] | None = None,
                 machine: AddPaymentMethodMachine | None = None) -> None:
        super().__init__(parent)
        # Where a method saved at the very last moment goes once this dialog is gone.
        self._late_added = late_added
        self.setObjectName("addPaymentMethodDialog")
        self.client = client
        self.kind = kind
        self.view = view
        self._service = service
        self._tasks = tasks
        if machine is None:
            machine = AddPaymentMethodMachine(bank_allowed=client.has_valid_email, kind=kind)
        elif machine.kind != kind:
            raise ValueError(f"the flow chose {machine.kind!r}, not {kind!r}")
        self.machine = machine
        self._drawn: AddState | None = None  # the state the status and panel were drawn for
        self._build_ui()
        self._connect_view()

    # ---- what tests and the flow read ------------------------------------------------------
    @property
    def stage(self) -> Stage:
        return self.machine.stage

    @property
    def state(self) -> AddState:
        return self.machine.state

    @property
    def setup_intent_id(self) -> str:
        return self.machine.setup_intent_id

    @property
    def saved_method(self) -> object | None:
        return self.machine.saved_method

    # ---- layout ----------------------------------------------------------------------------
    def _build_ui(self) -> None:
        card = self.kind == CARD
        self.setWindowTitle(self.tr("Add a credit card") if card else self.tr("Add a bank account"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(560, 640 if card else 700)
        self.heading = plain(QLabel(self.tr("For {name}").format(name=self.client.full_name),
                                    self))
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
        style.set_type(self.message_title, style.TYPE.SUBTITLE, bold=True)
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
        self._build_duplicate_panel()
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
        self.view.fields_changed.connect(self._on_view_fields_changed)
        self.view.confirm_finished.connect(self._on_view_confirm_finished)
        self.view.edited.connect(self._on_view_edited)
        self.view.escape_pressed.connect(self._on_view_escape)
        self.view.submit_requested.connect(self._on_save_clicked)
        self._key_targets: list[QObject] = []

    # ---- events, forwarded to the machine --------------------------------------------------
    def start(self) -> None:
        """Show the form (at once when the view is prepared) and create the SetupIntent."""
        state = self.view.state
        view = (FormView.READY if state is ViewState.READY
                else FormView.FAILED if state is ViewState.FAILED else FormView.LOADING)
        self._handle(self.machine.start(view, self.view.failure))

    def _on_view_ready(self) -> None:
        self._handle(self.machine.view_ready())

    def _on_view_failed(self, code: str) -> None:
        self._handle(self.machine.view_failed(code))

    def _on_view_form_opened(self, _kind: str) -> None:
        self._handle(self.machine.form_opened(self._form_check()))

    def _on_view_fields_changed(self) -> None:
        self._handle(self.machine.fields_changed(self._form_check()))

    def _on_view_edited(self) -> None:
        self._handle(self.machine.edited())

    def _on_view_confirm_finished(self, outcome: object) -> None:
        assert isinstance(outcome, ConfirmOutcome)
        self._handle(self.machine.confirm_finished(outcome))

    def _on_view_escape(self) -> None:
        if self.machine.may_close:
            self.reject()

    def _on_save_clicked(self) -> None:
        self._handle(self.machine.save())

    def _on_setup_started(self, info: Any) -> None:
        self._handle(self.machine.setup_started(str(info.id), str(info.client_secret)))

    def _on_retry_due(self) -> None:
        self._handle(self.machine.retry_due())

    def _on_setup_failed(self, error: BaseException) -> None:
        self._handle(self.machine.setup_failed(error))

    def _on_stored(self, stored: tuple[Any, Any]) -> None:
        self._handle(self.machine.stored(*stored))

    def _on_store_failed(self, error: BaseException) -> None:
        self._handle(self.machine.store_failed(error))

    def _form_check(self) -> FormCheck:
        states = self.view.field_states
        return FormCheck(missing=tuple(name for name, s in states.items() if not s.valid),
                         invalid=tuple(name for name, s in states.items() if s.error_code),
                         name_given=self.view.name_given, address_ok=self.view.address_ok)

    # ---- effects ---------------------------------------------------------------------------
    def _handle(self, effects: list[Effect]) -> None:
        self._draw()
        for effect in effects:
            self._do(effect)

    def _do(self, effect: Effect) -> None:
        client_id, service = self.client.id, self._service
        match effect:
            case OpenForm():
                self.view.open_form(self.kind, prefill_for(self.client))
            case StartSetup():
                kind = self.kind
                self._tasks.run(lambda: service.start_setup(client_id, kind),
                                on_success=self._on_setup_started,
                                on_failure=self._on_setup_failed)
            case RetryLater(delay_s=delay):
                QTimer.singleShot(int(delay * 1000), self, self._on_retry_due)
            case ProvideSecret(client_secret=secret):
                self.view.set_client_secret(secret)
            case FocusForm():
                # The page put the caret in the card number: keys go there without a click.
                self.view.setFocus(Qt.FocusReason.OtherFocusReason)
                self._watch_keys()
            case SetBusy(busy=busy):
                self.view.set_busy(busy)
            case Confirm():
                self.view.confirm()
            case Store(setup_intent_id=setup_intent_id):
                self._tasks.run(lambda: store_and_check(service, client_id, setup_intent_id),
                                on_success=self._on_stored, on_failure=self._on_store_failed)
            case KeepExisting(method_id=method_id):
                self._keep_existing(service, method_id)
            case Abandon(setup_intent_id=setup_intent_id):
                abandon(self._tasks, service, setup_intent_id, client_id, self._late_added)
            case Announce(method=method):
                log.info("payment method saved for client %s", client_id)
                self.added.emit(method)
            case HandOver(method=method):
                if self._late_added is not None:
                    self._late_added(method)
            case Finish():
                self.accept()

    # ---- drawing the state -----------------------------------------------------------------
    def can_save(self) -> bool:
        return self.machine.can_save

    def _draw(self) -> None:
        machine = self.machine
        if machine.closed:
            return
        if machine.state is not self._drawn:
            stage_before = None if self._drawn is None else stage_of(self._drawn)
            self._drawn = machine.state
            self._draw_state(machine.state)
            self.state_changed.emit(machine.state.value)
            if machine.stage is not stage_before:
                self.stage_changed.emit(machine.stage.value)
        can_save = machine.can_save
        self.save_button.setEnabled(can_save)
        hint = "" if can_save else self.save_hint_text()
        self.save_hint.setText(hint)
        self.save_hint.setVisible(bool(hint))
        self.save_button.setToolTip(hint)
        self.progress.setVisible(machine.busy)

    def _draw_state(self, state: AddState) -> None:
        """What changes when the flow enters ``state``: the status line, or a message in place
        of the form."""
        if state in _BROKEN:
            self._show_panel(self.tr("The payment method can't be added now"),
                             self._broken_text(state), error=True)
        elif state is AddState.SAVED_PENDING_VERIFICATION:
            self._show_panel(self.tr("Bank account saved — waiting for verification"), self.tr(
                "The bank account is saved and waits for verification: Stripe sends two small "
                "deposits to it in 1–2 business days. It can't be used for autopay or bookings "
                "until they are confirmed."))
            self.save_button.hide()
            self.cancel_button.setText(self.tr("Close"))
            self.cancel_button.setEnabled(True)
        elif state is AddState.PREPARING_FORM:
            # A prepared view shows the form at once: no message to flash meanwhile.
            if self.view.state is not ViewState.READY:
                self._show_status(self.tr("Preparing Stripe's secure form…"), info=True)
        elif state is AddState.PREPARING_INTENT:
            self._show_status(self.tr("Connecting to Stripe…"), info=True)
        elif state in (AddState.WAITING_TO_RETRY, AddState.WAITING_TO_STORE):
            self._show_status(self.tr("Stripe is receiving too many requests right now: trying "
                                      "again in %n second(s)…", "",
                                      max(1, math.ceil(self.machine.retry_in_s))), info=True)
        elif state is AddState.CONFIRMING:
            self._show_status(self.tr("Saving the card with Stripe…"), info=True)
        elif state is AddState.BANK_WINDOW:
            self._show_status(self.tr("Stripe's window is open: enter the bank account and accept "
                                      "the agreement there."), info=True)
        elif state is AddState.SAVING:
            self._show_status(self.tr("Saving…"), info=True)
        elif state is AddState.DECLINED:
            self._show_status(self._refusal_text())
        elif state is AddState.BANK_WINDOW_CLOSED:
            self._show_status(self.tr(
                "The bank account was not added: Stripe's window was closed before the agreement "
                "was accepted. Nothing was saved."), info=True)
        elif state is AddState.NOT_RECORDED:
            self.save_button.setText(self.tr("Try again"))
            self._show_status(self.tr("Stripe saved the payment method, but it couldn't be "
                                      "recorded here yet: {reason}").format(
                reason=self._error_text(self.machine.error)))
        elif state in (AddState.FORM_INCOMPLETE, AddState.FORM_INVALID, AddState.FORM_READY):
            self._show_status("")
        elif state is AddState.DUPLICATE_FOUND:
            self._show_duplicate()
        elif state is AddState.REMOVING_DUPLICATE:
            self.duplicate_panel.set_busy(True)

    def _broken_text(self, state: AddState) -> str:
        if state is AddState.NOT_CONNECTED:
            return self.tr("Stripe isn't connected yet. An administrator can connect it in the "
                           "settings.")
        if state is AddState.FORM_UNAVAILABLE and self.machine.view_failure == BROKEN_FAILURE:
            return self.tr("The secure form stopped working and must be reopened: close this "
                           "window, then add the payment method again.")
        if state is AddState.FORM_UNAVAILABLE:
            return self.tr("Stripe's secure form can't be loaded. Check the internet "
                           "connection, then try again.")
        if getattr(self.machine.error, "code", "") == RATE_LIMITED:  # retried already
            return self.tr("Stripe is still receiving too many requests. Close this window and "
                           "try again in a few minutes.")
        return self._error_text(self.machine.error)

    def _refusal_text(self) -> str:
        """The app's own sentence for Stripe's codes (Stripe's went to the log)."""
        refusal = self.machine.refusal
        if refusal is None or refusal.unfinished:
            return self.tr("Stripe didn't finish saving this payment method. Try again.")
        return failure_sentence(refusal.code, refusal.decline_code, refusal.error_type)

    def save_hint_text(self) -> str:
        """Why Save is disabled while staff edit: what is still missing ("" otherwise)."""
        check = self.machine.missing_input
        if check is None:
            return ""
        parts: list[str] = []
        if self.kind == CARD:
            names = {"cardNumber": self.tr("the card number"),
                     "cardExpiry": self.tr("the expiry date"),
                     "cardCvc": self.tr("the CVC")}
            missing = [names[field] for field in check.missing if field in names]
            if missing:
                fields = missing[0] if len(missing) == 1 else self.tr("{first} and {last}").format(
                    first=", ".join(missing[:-1]), last=missing[-1])
                parts.append(self.tr("Complete {fields} to save.").format(fields=fields))
        if self.kind == CARD and not check.address_ok:
            parts.append(self.tr("Correct the billing postal code."))
        if not check.name_given:
            parts.append(self.tr("Enter the name on the card.") if self.kind == CARD
                         else self.tr("Enter the account holder's name."))
        return " ".join(parts)

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
                and isinstance(event, QKeyEvent) and not self.machine.closed \
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                          Qt.KeyboardModifier.KeypadModifier):
            if event.key() == Qt.Key.Key_Escape and self.machine.may_close:
                self.reject()
                return True
            if event.key() in _ENTER_KEYS and self.machine.stage is Stage.EDITING:
                self._on_save_clicked()
                return True
        return super().eventFilter(watched, event)

    # ---- closing ---------------------------------------------------------------------------
    def done(self, result: int) -> None:
        if not self.machine.closed:
            self._handle(self.machine.close())
            for target in self._key_targets:
                if shiboken6.isValid(target):
                    target.removeEventFilter(self)
            self._key_targets.clear()
            self.view.hide()
            self.view.dispose()
        super().done(result)

    # ---- helpers ---------------------------------------------------------------------------
    def _show_panel(self, title: str, message: str, *, error: bool = False) -> None:
        """The form gives way to a message at the top of the dialog (offline, saved and pending
        verification): nothing of the form, its explanations or its progress stays on screen."""
        self.message_title.setText(title)
        self.message_body.setText(message)
        self.message_body.setStyleSheet(_ERROR_CSS if error else "")
        self.stack.setCurrentWidget(self.message_panel)
        self.view.hide()
        self._show_status("")
        self.cancel_button.setDefault(True)  # nothing left to fill in: Enter closes
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_status(self, text: str, *, info: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setProperty("kind", "info" if info else "error")
        self.status_label.setStyleSheet("" if info or not text else _ERROR_CSS)

    def status_text(self) -> str:
        """What the dialog says now: the message in place of the form, or the status line."""
        if self.stack.currentWidget() is self.message_panel:
            return self.message_body.text()
        return self.status_label.text()

    def _error_text(self, error: BaseException | None) -> str:
        if isinstance(error, UserFacingError):
            message, hint = error_texts(error)
            return f"{message} {hint}".strip()
        log.error("adding a payment method failed", exc_info=error)
        return self.tr("Something went wrong. The details were written to the log file.")

