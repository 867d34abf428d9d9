"""Puts autopay into the main window (called from ``ui/desk.py``): the Billing menu (*Run
autopay now*, *Failed payments*, *Refund a payment*, *Administrator history*), Settings →
Payments with processing and the nightly hour behind the passphrase, and the nightly run
while the desk is open (checked every minute and at start, so a night missed while every desk
was off runs once)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QBoxLayout, QMenu, QPushButton, QWidget

from owl_desktop.composition import Services
from owl_desktop.domain.billing import Payment, PaymentStatus
from owl_desktop.services.autopay_run import RunSummary
from owl_desktop.services.refunds import RefundRefusedError
from owl_desktop.ui.autopay.failed_view import FailedPaymentsDialog
from owl_desktop.ui.autopay.history_view import AdminHistoryDialog
from owl_desktop.ui.autopay.refund_dialog import RefundablePaymentsDialog, RefundDialog
from owl_desktop.ui.autopay.run_dialog import RunAutopayDialog
from owl_desktop.ui.autopay.settings_dialog import AutopaySettingsDialog
from owl_desktop.ui.change_bus import ChangeBus
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

NIGHTLY_CHECK_MS = 60_000

# Sentences the autopay services raise (translated by ui.messages in "UserFacingError").
_SERVICE_SENTENCES = (
    QT_TRANSLATE_NOOP("UserFacingError", "The clinic administrator's passphrase hasn't been "
                                         "set yet."),
    QT_TRANSLATE_NOOP("UserFacingError", "Set it in Settings → Payments first."),
    QT_TRANSLATE_NOOP("UserFacingError", "That isn't the clinic administrator's passphrase."),
    QT_TRANSLATE_NOOP("UserFacingError", "Ask the clinic administrator to enter it."),
    QT_TRANSLATE_NOOP("UserFacingError", "The clinic administrator's passphrase is already "
                                         "set."),
    QT_TRANSLATE_NOOP("UserFacingError", "This payment has already been refunded in full."),
    QT_TRANSLATE_NOOP("UserFacingError", "At most {left} can be refunded of this payment."),
    QT_TRANSLATE_NOOP("UserFacingError", "The passphrase must have at least {n} characters."),
    QT_TRANSLATE_NOOP("UserFacingError", "The passphrase was changed at another desk "
                                         "meanwhile."),
    QT_TRANSLATE_NOOP("UserFacingError", "Ask the clinic administrator for the new one."),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("AutopayUi", text)


class AutopayUi(QObject):
    def __init__(self, window: MainWindow, services: Services, bus: ChangeBus,
                 billing_ui: object | None = None) -> None:
        super().__init__(window)
        self._window, self._services, self._bus = window, services, bus
        self.run_dialog: RunAutopayDialog | None = None
        self.failed_dialog: FailedPaymentsDialog | None = None
        self.refunds_dialog: RefundablePaymentsDialog | None = None
        self.refund_dialog: RefundDialog | None = None
        self.history_dialog: AdminHistoryDialog | None = None
        self.nightly_running = False
        self.last_nightly: RunSummary | None = None
        menu = getattr(window, "billing_menu", None)
        if not isinstance(menu, QMenu):
            menu = QMenu(_tr(QT_TRANSLATE_NOOP("AutopayUi", "B&illing")), window)
            menu.setObjectName("billingMenu")
            window.menuBar().insertMenu(window.settings_menu.menuAction(), menu)
            window.billing_menu = menu  # type: ignore[attr-defined]
        self.run_action = QAction(
            _tr(QT_TRANSLATE_NOOP("AutopayUi", "&Run autopay now\u2026")), window)
        self.run_action.setObjectName("runAutopayAction")
        self.run_action.triggered.connect(self.open_run)
        self.failed_action = QAction(
            _tr(QT_TRANSLATE_NOOP("AutopayUi", "&Failed payments\u2026")), window)
        self.failed_action.setObjectName("failedPaymentsAction")
        self.failed_action.triggered.connect(self.open_failed)
        self.refund_action = QAction(
            _tr(QT_TRANSLATE_NOOP("AutopayUi", "Re&fund a payment\u2026")), window)
        self.refund_action.setObjectName("refundPaymentAction")
        self.refund_action.triggered.connect(self.open_refunds)
        self.history_action = QAction(
            _tr(QT_TRANSLATE_NOOP("AutopayUi", "A&dministrator history…")), window)
        self.history_action.setObjectName("adminHistoryAction")
        self.history_action.triggered.connect(self.open_history)
        for action in (self.run_action, self.failed_action, self.refund_action,
                       self.history_action):
            menu.addAction(action)
        if billing_ui is not None and hasattr(billing_ui, "make_dialog"):
            billing_ui.make_dialog = self.settings_dialog
        self.tab_refund_button: QPushButton | None = None
        tab = getattr(billing_ui, "tab", None)
        if tab is not None:
            self._add_refund_to_tab(tab)
        self.timer = QTimer(self)
        self.timer.setInterval(NIGHTLY_CHECK_MS)
        self.timer.timeout.connect(self.check_nightly)
        self.timer.start()
        QTimer.singleShot(0, self.check_nightly)

    def settings_dialog(self) -> AutopaySettingsDialog:
        return AutopaySettingsDialog(self._services.protected_settings, self._services.admin,
                                     self._window.tasks, self._window.presenter, self._window)

    def open_run(self) -> RunAutopayDialog:
        running = self.run_dialog
        if running is not None and not running.ended:
            # Escape hid it while its run goes on: show that run again, rather than start a
            # second that would only say another desk is running it.
            running.open()
            return running
        dialog = RunAutopayDialog(self._services.autopay_runner, self._window.tasks,
                                  self._window.presenter, self._window)
        dialog.finished_run.connect(lambda _s: self._bus.announce(None))
        self.run_dialog = dialog
        dialog.open()
        return dialog

    def open_failed(self) -> FailedPaymentsDialog:
        dialog = FailedPaymentsDialog(self._services.failed_payments, self._services.billing,
                                      self._window.tasks, self._window.presenter, self._window)
        dialog.changed.connect(lambda client: self._bus.announce([client]))
        self.failed_dialog = dialog
        dialog.open()
        return dialog

    def open_refunds(self) -> RefundablePaymentsDialog:
        dialog = RefundablePaymentsDialog(self._services.refunds, self._window.tasks,
                                          self._window.presenter, self._window)
        self.refunds_dialog = dialog
        dialog.open()
        return dialog

    def open_history(self) -> AdminHistoryDialog:
        dialog = AdminHistoryDialog(self._services.admin, self._window.tasks,
                                    self._window.presenter, self._window)
        self.history_dialog = dialog
        dialog.open()
        return dialog

    def _add_refund_to_tab(self, tab: QWidget) -> None:
        """*Refund…* beside the receipt buttons of the profile's Billing tab, for the
        selected payment (a charge that succeeded)."""
        anchor = getattr(tab, "print_receipt_button", None)
        layout = tab.layout()
        if anchor is None or layout is None:
            return
        button = QPushButton(_tr(QT_TRANSLATE_NOOP("AutopayUi", "R&efund\u2026")), tab)
        button.setObjectName("tabRefundButton")
        button.setEnabled(False)
        for i in range(layout.count()):
            item = layout.itemAt(i)
            row = item.layout() if item is not None else None
            if isinstance(row, QBoxLayout) and row.indexOf(anchor) >= 0:
                row.insertWidget(row.indexOf(anchor) + 1, button)
                break
        else:
            return
        self.tab_refund_button = button

        def selected() -> Payment | None:
            payment = tab.selected_payment()  # type: ignore[attr-defined]
            if isinstance(payment, Payment) and payment.is_charge and \
                    payment.status is PaymentStatus.SUCCEEDED and payment.payment_intent_id:
                return payment
            return None

        tab.payments.itemSelectionChanged.connect(  # type: ignore[attr-defined]
            lambda: button.setEnabled(selected() is not None))
        button.clicked.connect(lambda: self.refund_payment(selected()))

    def refund_payment(self, payment: Payment | None) -> None:
        if payment is None:
            return
        refunds, tasks = self._services.refunds, self._window.tasks

        def show(left: int) -> None:
            if left <= 0:
                self._window.presenter.present(RefundRefusedError(
                    "This payment has already been refunded in full.", "nothing_left"),
                    title=_tr(QT_TRANSLATE_NOOP("AutopayUi", "Refund")))
                return
            dialog = RefundDialog(refunds, payment, left, tasks, self._window.presenter,
                                  self._window)
            dialog.refunded.connect(lambda _r: self._bus.announce([payment.client_id]))
            self.refund_dialog = dialog
            dialog.open()

        tasks.run(lambda: refunds.left_to_refund(payment.payment_intent_id,
                                                 payment.amount_cents),
                  on_success=show, on_failure=self._window.presenter.present)

    def check_nightly(self) -> None:
        """Runs tonight's autopay in the background when it is due (cheap otherwise)."""
        if self.nightly_running or self._services.live.current is None:
            return
        self.nightly_running = True
        nightly = self._services.nightly_autopay

        def done(summary: RunSummary | None) -> None:
            self.nightly_running = False
            if summary is not None:
                self.last_nightly = summary
                self._bus.announce(None)

        def failed(_error: BaseException) -> None:
            self.nightly_running = False  # logged by the task runner; tried again next minute

        refunds = self._services.refunds

        def work() -> RunSummary | None:
            refunds.resume()  # refunds whose answer was lost: replayed with their own key
            return nightly.check()

        self._window.tasks.run(work, on_success=done, on_failure=failed)


def install_autopay(window: MainWindow, services: Services, bus: ChangeBus,
                    billing_ui: object | None = None) -> AutopayUi:
    return AutopayUi(window, services, bus, billing_ui)
