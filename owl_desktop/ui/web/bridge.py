"""The one object the entry page sees: ``owlEntry`` on the QWebChannel.

Everything the page may tell the app is a slot below, with plain, short arguments: statuses,
Stripe ids, Stripe's error codes and messages. There is deliberately no slot that takes form
data: the name, address and the numbers stay in the page and in Stripe's iframes. Incoming values
are checked (ids by shape, texts by length) before they become the bridge's Python signals, so a
misbehaving page can't push anything else into the app.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Signal, Slot

log = logging.getLogger(__name__)

CARD_FIELDS = ("cardNumber", "cardExpiry", "cardCvc")
_SETUP_INTENT_ID = re.compile(r"^seti_[A-Za-z0-9]{1,100}$")
_CODE = re.compile(r"^[a-z0-9_]{0,80}$")
_STATUSES = frozenset({
    "requires_payment_method", "requires_confirmation", "requires_action", "processing",
    "succeeded", "canceled",
})
_MAX_MESSAGE = 400


def _code(value: str) -> str:
    """Stripe codes are lower_snake_case; anything else is dropped."""
    value = str(value)
    return value if _CODE.match(value) else ""


def _message(value: str) -> str:
    """Stripe's sentence for people, trimmed to a sane length."""
    return " ".join(str(value).split())[:_MAX_MESSAGE]


def _setup_intent_id(value: str) -> str:
    value = str(value)
    return value if _SETUP_INTENT_ID.match(value) else ""


@dataclass(frozen=True)
class FieldState:
    """What a Stripe field's ``change`` event said (never its content)."""

    empty: bool = True
    complete: bool = False
    error_code: str = ""
    error_message: str = ""

    @property
    def valid(self) -> bool:
        return self.complete and not self.error_code


@dataclass(frozen=True)
class ConfirmOutcome:
    """How ``confirmCardSetup`` / ``confirmAcssDebitSetup`` ended.

    ``error_*`` are set when Stripe returned an error (``error_message`` is Stripe's sentence);
    otherwise ``status`` is the SetupIntent's and ``next_action_type`` e.g.
    ``verify_with_microdeposits``.
    """

    setup_intent_id: str = ""
    status: str = ""
    next_action_type: str = ""
    error_type: str = ""
    error_code: str = ""
    decline_code: str = ""
    error_message: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error_type or self.error_code)


class EntryBridge(QObject):
    """Registered as ``owlEntry``; the page's only way to reach the app.

    Signals to the page (Python → JS):
        prepareRequested(str): JSON {publishableKey, locale, lang, texts}; build Stripe and
            mount the card fields.
        openRequested(str): JSON {kind, prefill: {name, email, address}, texts}.
        clientSecretProvided(str): the SetupIntent's client secret.
        confirmRequested(): confirm the SetupIntent with what the fields hold.
        busyRequested(bool): lock / unlock the form.

    Signals to the app (emitted from the page's slots, already checked):
        page_loaded(): the channel is up; the page waits for ``prepareRequested``.
        fields_ready(): the three card fields are mounted and ready.
        prepare_failed(str): code, e.g. ``stripe_js_unavailable``.
        form_opened(str): the form shows this kind.
        field_changed(str, object): a card field (``cardNumber``...) and its ``FieldState``.
        holder_changed(bool): whether a name is given.
        address_checked(bool): whether the billing postal code fits the province's rules.
        confirm_finished(object): a ``ConfirmOutcome``.
        edited(): staff changed something (a page input, or a Stripe field's state).
        escape_pressed(): Escape inside a Stripe field (Stripe.js's ``escape`` event).
        submit_requested(): Enter submitted the form.
    """

    prepareRequested = Signal(str)  # noqa: N815 - the page's API
    openRequested = Signal(str)  # noqa: N815 - the page's API
    clientSecretProvided = Signal(str)  # noqa: N815 - the page's API
    confirmRequested = Signal()  # noqa: N815 - the page's API
    busyRequested = Signal(bool)  # noqa: N815 - the page's API

    page_loaded = Signal()
    fields_ready = Signal()
    prepare_failed = Signal(str)
    form_opened = Signal(str)
    field_changed = Signal(str, object)
    holder_changed = Signal(bool)
    address_checked = Signal(bool)
    confirm_finished = Signal(object)
    edited_ = Signal()
    escape_pressed = Signal()
    submit_requested = Signal()

    OBJECT_NAME = "owlEntry"
    #: The view's failure code once the page touched what QObject lends every bridge.
    TAMPERED = "tampered"

    #: tampered(str): the page called a member every QObject has (``deleteLater``, a write to
    #: ``objectName``): the bridge refused it, and the view fails closed.
    tampered = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # QWebChannel publishes QObject's own members too: a page can write objectName and
        # call deleteLater. Neither may change the bridge; both mean the page misbehaves.
        self.setObjectName(self.OBJECT_NAME)
        # (A lambda, not a method: PySide would publish a connected method as a slot.)
        self.objectNameChanged.connect(lambda name: self._check_name(name))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DeferredDelete:
            # Only deleteLater posts this; the app never calls it on the bridge (the bridge
            # goes with its view, deleted as a child): the page did. Refused.
            log.warning("entry page asked to delete the bridge: refused")
            self.tampered.emit("deleteLater")
            return True
        return super().event(event)

    def _check_name(self, name: str) -> None:
        if name != self.OBJECT_NAME:
            log.warning("entry page renamed the bridge: refused")
            self.setObjectName(self.OBJECT_NAME)
            self.tampered.emit("objectName")

    @Slot()
    def pageLoaded(self) -> None:
        self.page_loaded.emit()

    # Slot names are the page's API (camelCase, like Stripe.js's); no form data in any of them.
    @Slot()
    def prepared(self) -> None:
        self.fields_ready.emit()

    @Slot(str)
    def prepareFailed(self, code: str) -> None:
        self.prepare_failed.emit(_code(code) or "unknown")

    @Slot(str)
    def opened(self, kind: str) -> None:
        self.form_opened.emit(kind if kind in ("card", "acss_debit") else "card")

    @Slot(str, bool, bool, str, str)
    def fieldChanged(self, element_type: str, empty: bool, complete: bool, error_code: str,
                     error_message: str) -> None:
        if element_type not in CARD_FIELDS:
            log.warning("entry page reported an unknown field %r", element_type[:40])
            return
        state = FieldState(empty=bool(empty), complete=bool(complete),
                           error_code=_code(error_code) or ("invalid" if error_code else ""),
                           error_message=_message(error_message))
        self.field_changed.emit(element_type, state)

    @Slot()
    def edited(self) -> None:
        self.edited_.emit()

    @Slot()
    def escapePressed(self) -> None:
        self.escape_pressed.emit()

    @Slot()
    def submitRequested(self) -> None:
        self.submit_requested.emit()

    @Slot(bool)
    def holderChanged(self, name_given: bool) -> None:
        self.holder_changed.emit(bool(name_given))

    @Slot(bool)
    def addressChecked(self, acceptable: bool) -> None:
        """Whether the billing postal code passes the client form's rules."""
        self.address_checked.emit(bool(acceptable))

    @Slot(str, str, str)
    def confirmFinished(self, status: str, setup_intent_id: str, next_action_type: str) -> None:
        outcome = ConfirmOutcome(
            setup_intent_id=_setup_intent_id(setup_intent_id),
            status=status if status in _STATUSES else "",
            next_action_type=_code(next_action_type))
        self.confirm_finished.emit(outcome)

    @Slot(str, str, str, str, str)
    def confirmFailed(self, error_type: str, code: str, decline_code: str, message: str,
                      setup_intent_id: str) -> None:
        outcome = ConfirmOutcome(
            setup_intent_id=_setup_intent_id(setup_intent_id),
            error_type=_code(error_type) or "unknown",
            error_code=_code(code), decline_code=_code(decline_code),
            error_message=_message(message))
        self.confirm_finished.emit(outcome)
