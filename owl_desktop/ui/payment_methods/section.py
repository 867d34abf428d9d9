"""The *Payment Methods* section of a client's profile.

What staff see and do with a client's saved methods: the autopay status (switch, the method it
charges, the paused banner), the list of methods (expand for details, kebab menu to set the
default or remove), *Add payment method*, a line saying methods can't be edited, and the audit
trail. Everything is loaded off the UI thread through the task runner and reloaded when sync
reports that this client's data changed elsewhere, so the profile never needs reopening.

Every change goes through the services: set default and remove apply locally at once and
queue the Stripe call in the outbox; the section then asks the sync controller to drain it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.domain.autopay import mode_from
from owl_desktop.domain.clients import Client
from owl_desktop.domain.payment_methods import REMOVED, AuditEntry, StoredPaymentMethod
from owl_desktop.services.autopay import AutopayService, AutopayStatus
from owl_desktop.sync.engine import SyncStatus
from owl_desktop.sync.online import OnlineState
from owl_desktop.ui.change_bus import ChangeBus, concerns
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.payment_methods.audit_view import AuditTrailView
from owl_desktop.ui.payment_methods.autopay_panel import AutopayPanel, short_label
from owl_desktop.ui.payment_methods.list_view import PaymentMethodListView
from owl_desktop.ui.payment_methods.model import PaymentMethodListModel
from owl_desktop.ui.plain import plain_box
from owl_desktop.ui.sync.controller import SyncController
from owl_desktop.ui.tasks import TaskRunner
from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

LOAD_TASK_KEY = "payment-methods-load"
# A desk stays open for days: re-read now and then so "expires soon" and "expired" follow the
# calendar (and anything a missed sync signal would have shown).
REFRESH_INTERVAL_MS = 60 * 60 * 1000

# Sentences the services may raise from this section's actions (set default, remove), for
# ui.messages.error_texts, which looks them up in the "UserFacingError" context.
_ERROR_SENTENCES = (
    QT_TRANSLATE_NOOP("UserFacingError", "This payment method can't be the default: it is "
                                         "expired, awaiting verification or removed."),
    QT_TRANSLATE_NOOP("UserFacingError", "Choose another method, or add a new one."),
    QT_TRANSLATE_NOOP("UserFacingError", "Removing a bank account awaiting verification needs "
                                         "an internet connection to Stripe."),
    QT_TRANSLATE_NOOP("UserFacingError", "Check the connection and try again. Nothing was "
                                         "changed."),
    QT_TRANSLATE_NOOP("UserFacingError", "This payment method belongs to another client."),
    QT_TRANSLATE_NOOP("UserFacingError", "This payment method no longer exists."),
    QT_TRANSLATE_NOOP("UserFacingError", "Another desk or Stripe may have removed it."),
)


class PaymentMethodsApi(Protocol):
    """What the section needs of the payment methods service."""

    def list_shown(self, client_id: int) -> Sequence[StoredPaymentMethod]: ...

    def set_default(self, client_id: int, payment_method_id: int) -> Any: ...

    def remove(self, client_id: int, payment_method_id: int) -> Any: ...


class AuditApi(Protocol):
    def list_for_client(self, client_id: int) -> Sequence[AuditEntry]: ...


# Opens the Add payment method flow for a client; returns the dialog (with an ``added`` signal).
AddFlowOpener = Callable[[Client, QWidget], QObject | None]


@dataclass
class PaymentMethodsDeps:
    """What the composition root hands the section (see ``ui.desk.build_main_window``)."""

    # None while this desk isn't connected to Stripe: the list then says how to connect.
    payment_methods: PaymentMethodsApi | None
    autopay: AutopayService
    audit: AuditApi
    tasks: TaskRunner
    presenter: ErrorPresenter
    # Where changes are announced and heard (this section's own, sync runs', other
    # processes'); None in tests that drive the section alone.
    bus: ChangeBus | None = None
    # The sync controller (sync now after a change; offline state); None when Stripe isn't
    # connected.
    sync: SyncController | None = None
    open_add_flow: AddFlowOpener | None = None
    today: Callable[[], date] = date.today


@dataclass(frozen=True)
class _Loaded:
    client_id: int
    methods: list[StoredPaymentMethod]
    autopay: AutopayStatus
    audit: list[AuditEntry]


class PaymentMethodsSection(QGroupBox):
    """A ``ClientSection`` (``set_client``) for the Contact & Clinic tab.

    Signals:
        loaded(int): the data of this client id is on screen (first load or reload).
        changed(int): a change made here (default, removal, autopay) was saved locally.
        autopay_changed(int): the autopay enrolment of this client id changed (the profile's
            own autopay line may want to reload the client).
        autopay_status_shown(object): the ``AutopayStatus`` now shown (None: no client), so
            the profile's summary line says the same as the banner.
    """

    loaded = Signal(int)
    changed = Signal(int)
    autopay_changed = Signal(int)
    autopay_status_shown = Signal(object)

    def __init__(self, deps: PaymentMethodsDeps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._deps = deps
        self._client: Client | None = None
        self.confirm_box: QMessageBox | None = None
        self.add_dialog: QObject | None = None
        self.setObjectName("paymentMethodsSection")
        self.setTitle(self.tr("Payment Methods"))

        self.autopay_panel = AutopayPanel(self)
        self.autopay_panel.mode_change_requested.connect(
            self.on_autopay_panel_mode_change_requested)
        self.autopay_panel.choose_default_requested.connect(self.set_default)
        self.autopay_panel.add_requested.connect(self.open_add_flow)

        self.model = PaymentMethodListModel(self, today=deps.today)
        self.list_view = PaymentMethodListView(self.model, self)
        self.list_view.set_default_requested.connect(self.set_default)
        self.list_view.remove_requested.connect(self.confirm_remove)

        self.add_button = QPushButton(self.tr("&Add payment method…"), self)
        self.add_button.setObjectName("addPaymentMethodButton")
        self.add_button.clicked.connect(self.open_add_flow)
        self.no_edit_label = QLabel(self.tr(
            "Payment methods can't be edited: to change one, remove it and add it again."),
            self)
        self.no_edit_label.setObjectName("paymentMethodsNoEdit")
        self.no_edit_label.setWordWrap(True)

        self.not_connected_label = QLabel(self.tr(
            "Connect Stripe (Settings → Stripe…) to see and manage this client's payment "
            "methods."), self)
        self.not_connected_label.setObjectName("paymentMethodsNotConnected")
        self.not_connected_label.setWordWrap(True)
        self.not_connected_label.setVisible(deps.payment_methods is None)
        self.list_view.setVisible(deps.payment_methods is not None)

        self.audit_view = AuditTrailView(self)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.autopay_panel)
        layout.addWidget(self.not_connected_label)
        layout.addWidget(self.list_view)
        layout.addLayout(buttons)
        layout.addWidget(self.no_edit_label)
        layout.addWidget(self.audit_view)

        self._offline = False
        # Where the keyboard goes once the list is rebuilt after an action made here:
        # ("position", n) the row now at n (else the last row, else Add), ("method", id).
        self._focus_after_load: tuple[str, int] | None = None
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(REFRESH_INTERVAL_MS)
        self._refresh_timer.timeout.connect(self.reload)
        self._refresh_timer.start()
        if deps.bus is not None:
            deps.bus.clients_changed.connect(self.on_bus_clients_changed)
        if deps.sync is not None:
            self.attach_sync(deps.sync)
        self.set_client(None)

    def attach_sync(self, sync: SyncController) -> None:
        """Follow a sync controller (built after the main window, hence not always in deps):
        say when adding needs the connection; sync at once after a change made here. (What a
        run changed arrives on the change bus.)"""
        self._deps.sync = sync
        sync.status_changed.connect(self.on_sync_status_changed)
        if self._deps.bus is None:  # alone, without a bus: follow the runs directly
            sync.data_changed.connect(self.on_sync_data_changed)

    def set_payment_methods(self, service: PaymentMethodsApi | None) -> None:
        """Stripe was connected, switched or disconnected (None): use this service from now
        on and show the current client's methods again (or how to connect)."""
        self._deps.payment_methods = service
        self.not_connected_label.setVisible(service is None)
        self.list_view.setVisible(service is not None)
        if service is None:
            self.model.set_methods([])
        self.reload()

    def set_add_flow(self, opener: AddFlowOpener | None) -> None:
        """The *Add payment method* flow (None while Stripe isn't connected)."""
        self._deps.open_add_flow = opener
        self._render_add_button()

    # -- ClientSection ---------------------------------------------------------------------

    @property
    def client(self) -> Client | None:
        return self._client

    @property
    def busy(self) -> bool:
        """A load or a change of this section is still running in the background."""
        return self._deps.tasks.is_busy()

    def set_client(self, client: Client | None) -> None:
        """Show another client (or none). Keeps what is shown if the same client is re-shown."""
        same = client is not None and self._client is not None and client.id == self._client.id
        self._client = client
        self.setEnabled(client is not None)
        self._render_add_button()
        if client is None:
            self._deps.tasks.cancel(LOAD_TASK_KEY)
            self.model.set_methods([])
            self.autopay_panel.set_status(None)
            self.autopay_status_shown.emit(None)
            self.audit_view.model.set_entries([])
            return
        if not same:
            self.model.set_methods([])
            self.autopay_panel.set_status(None)
            self.audit_view.model.set_entries([])
        self.reload()

    # -- public actions (also what the tests drive) ----------------------------------------

    def reload(self) -> None:
        """Read this client's methods, autopay status and audit trail again (off the UI)."""
        client = self._client
        if client is None:
            return
        deps = self._deps
        client_id = client.id

        methods_api = deps.payment_methods

        def load() -> _Loaded:
            methods = [] if methods_api is None else methods_api.list_shown(client_id)
            return _Loaded(client_id=client_id, methods=list(methods),
                           autopay=deps.autopay.status(client_id),
                           audit=list(deps.audit.list_for_client(client_id)))

        deps.tasks.run(load, on_success=self._on_loaded, key=LOAD_TASK_KEY)

    def set_default(self, method_id: int) -> None:
        """Make a method the default (locally now, on Stripe through the outbox)."""
        client = self._client
        service = self._deps.payment_methods
        if client is None or service is None:
            return
        client_id = client.id
        if self.autopay_panel.banner.isAncestorOf(self.focusWidget() or self):
            # The banner's button goes away with the pause: keep the keyboard on the new
            # default rather than letting it fall back to the search field.
            self._focus_after_load = ("method", method_id)
        self._deps.tasks.run(lambda: service.set_default(client_id, method_id),
                             on_success=lambda _r: self._after_change(client_id),
                             on_failure=lambda error: self._action_failed(
                                 error, self.tr("Set as default")))

    def confirm_remove(self, method_id: int) -> QMessageBox | None:
        """Ask before removing: removal is permanent. Returns the (non-blocking) box."""
        row = self.model.row_of(method_id)
        if self._client is None or row < 0:
            return None
        method = self.model.method(row)
        box = QMessageBox(self)
        box.setObjectName("confirmRemoveBox")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Remove payment method"))
        box.setText(self.tr("Remove {method}?").replace("{method}", short_label(method)))
        info = self.tr("Removal is permanent: Stripe deletes the method (at once, or as soon as "
                       "this desk is back online) and it can't be brought back. To use it again, "
                       "it must be added again.")
        if method.is_default:
            info += "\n\n" + self.tr("This is the default method: until another default is "
                                     "chosen, autopay is paused for this client.")
        box.setInformativeText(info)
        plain_box(box)
        remove = box.addButton(self.tr("&Remove"), QMessageBox.ButtonRole.DestructiveRole)
        remove.setObjectName("confirmRemoveButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.buttonClicked.connect(
            lambda button: self.remove(method_id) if button is remove else None)
        box.finished.connect(self._forget_confirm_box)
        self.confirm_box = box
        box.open()
        return box

    def remove(self, method_id: int) -> None:
        """Remove a method without asking (the confirmation is ``confirm_remove``)."""
        client = self._client
        service = self._deps.payment_methods
        if client is None or service is None:
            return
        client_id = client.id
        row = self.model.row_of(method_id)

        def removed(_result: object) -> None:
            # The service lists it greyed ("Removal pending sync") until Stripe has heard;
            # the sync's data_changed reloads the list then.
            self._focus_after_load = ("position", max(row, 0))
            self._after_change(client_id)

        self._deps.tasks.run(lambda: service.remove(client_id, method_id),
                             on_success=removed,
                             on_failure=lambda error: self._action_failed(
                                 error, self.tr("Remove payment method")))

    def open_add_flow(self) -> QObject | None:
        """Open the Add payment method flow; the list reloads when a method is added."""
        opener = self._deps.open_add_flow
        if self._client is None or opener is None:
            return None
        dialog = opener(self._client, self)
        if dialog is not None:
            added = getattr(dialog, "added", None)
            if added is not None:
                client_id = self._client.id
                added.connect(lambda *_args: self._after_change(client_id))
        self.add_dialog = dialog
        return dialog

    # -- slots -----------------------------------------------------------------------------

    def on_bus_clients_changed(self, changed: frozenset[int]) -> None:
        """Data changed (here, by a sync run or by another process): reload if it concerns
        this client."""
        if concerns(changed, self._client.id if self._client is not None else None):
            self.reload()

    def on_sync_data_changed(self, client_ids: list[int]) -> None:
        """A sync run changed local data (no bus): reload if it concerns this client."""
        self.on_bus_clients_changed(frozenset(client_ids))

    def on_sync_status_changed(self, status: SyncStatus) -> None:
        """Offline (as the last Stripe calls said): adding can't work now, say so."""
        self._offline = status.online is OnlineState.OFFLINE
        self._render_add_button()

    def on_autopay_panel_mode_change_requested(self, mode: str) -> None:
        client = self._client
        if client is None:
            return
        service = self._deps.autopay
        client_id = client.id

        def failed(error: BaseException) -> None:
            self.autopay_panel.revert_switch()
            self._deps.presenter.present(error, title=self.tr("Autopay"))

        def done(status: AutopayStatus) -> None:
            self.autopay_panel.set_status(status)
            self.autopay_status_shown.emit(status)
            self.autopay_changed.emit(client_id)
            self._after_change(client_id, sync=False)

        choice = mode_from(mode)
        self._deps.tasks.run(lambda: service.set_mode(client_id, choice),
                             on_success=done, on_failure=failed)

    # -- internals -------------------------------------------------------------------------

    def _after_change(self, client_id: int, *, sync: bool = True) -> None:
        self.changed.emit(client_id)
        if self._deps.bus is not None:
            self._deps.bus.announce([client_id])  # reloads this section too
        elif self._client is not None and self._client.id == client_id:
            self.reload()
        if sync and self._deps.sync is not None:
            self._deps.sync.sync_now()

    def _action_failed(self, error: BaseException, title: str) -> None:
        """Say why, then show what is true now (another desk may have changed it)."""
        self._deps.presenter.present(error, title=title)
        self.reload()

    def _render_add_button(self) -> None:
        button = self.add_button
        if self._deps.open_add_flow is None:
            button.setText(self.tr("&Add payment method…"))
            button.setEnabled(False)
            button.setToolTip(self.tr("Connect Stripe in Settings to add payment methods."))
        elif self._offline:
            button.setText(self.tr("Add payment method (offline)"))
            button.setEnabled(False)
            button.setToolTip(self.tr("Adding a payment method needs Stripe, and this desk "
                                      "can't reach it now. Try again when the status bar "
                                      "shows Online."))
        else:
            button.setText(self.tr("&Add payment method…"))
            button.setEnabled(self._client is not None)
            button.setToolTip(self.tr("Add a credit card or a bank account for this client."))
        button.setAccessibleDescription(button.toolTip())
        # The paused banner's way out obeys the same rule, with the same reason.
        self.autopay_panel.set_add_available(
            button.isEnabledTo(self), button.toolTip(),
            offline=self._offline and self._deps.open_add_flow is not None)

    def _on_loaded(self, data: _Loaded) -> None:
        if self._client is None or self._client.id != data.client_id:
            return
        self.model.set_methods(list(data.methods))
        self.autopay_panel.set_status(data.autopay)
        self.autopay_status_shown.emit(data.autopay)
        self.audit_view.model.set_entries(data.audit)
        self._order_tabs()
        self._restore_focus()
        self.loaded.emit(data.client_id)

    def _order_tabs(self) -> None:
        """Tab goes down the section as it is drawn: the autopay switch, the banner's
        buttons, each row then its ⋮, Add, the history. Rows and banner buttons are made
        as data arrives, which would otherwise put them at the end of the window's chain."""
        panel = self.autopay_panel
        chain: list[QWidget] = [panel.switch, *panel.choice_buttons, panel.add_button]
        for row in self.list_view.rows():
            chain += [row, row.menu_button]
        chain += [self.add_button, self.audit_view.table]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _restore_focus(self) -> None:
        """After Remove or the banner's "Use …": the keyboard stays in this section."""
        target, self._focus_after_load = self._focus_after_load, None
        if target is None:
            return
        kind, value = target
        removing = {m.id for m in self.model.methods() if m.status == REMOVED}
        rows = [r for r in self.list_view.rows()
                if r.isEnabled() and r.method_id not in removing]
        widget: QWidget | None = None
        if kind == "method":
            widget = self.list_view.row_for(value)
        elif rows:
            widget = rows[min(value, len(rows) - 1)]
        if widget is None:
            widget = self.add_button if self.add_button.isEnabled() else (
                rows[0] if rows else self.list_view)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _forget_confirm_box(self) -> None:
        self.confirm_box = None
