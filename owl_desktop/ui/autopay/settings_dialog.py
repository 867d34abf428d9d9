"""Settings → Payments with autopay: *Process manually* (the default) or *Process
automatically*, the hour of the nightly run (the clinic's time zone), how many clients a
change affects; saving asks the clinic administrator's passphrase (set once, the first time)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from owl_desktop.domain.autopay import AUTOMATIC, MANUAL
from owl_desktop.services.admin_passphrase import AdminPassphraseService
from owl_desktop.services.autopay_settings import ProtectedPaymentSettings
from owl_desktop.services.payment_settings import PaymentSettings
from owl_desktop.ui.autopay.passphrase import PassphraseDialog
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.plain import plain
from owl_desktop.ui.settings.payments import PaymentSettingsDialog
from owl_desktop.ui.tasks import TaskRunner


class AutopaySettingsDialog(PaymentSettingsDialog):
    def __init__(self, protected: ProtectedPaymentSettings, admin: AdminPassphraseService,
                 tasks: TaskRunner, presenter: ErrorPresenter,
                 parent: QWidget | None = None) -> None:
        self._protected = protected
        self._admin = admin
        self.affected = 0
        self.passphrase_dialog: PassphraseDialog | None = None
        super().__init__(protected, tasks, presenter, parent)  # type: ignore[arg-type]
        self.processing = QComboBox(self)
        self.processing.setObjectName("processingCombo")
        self.processing.addItem(self.tr("Process manually"), MANUAL)
        self.processing.addItem(self.tr("Process automatically"), AUTOMATIC)
        self.processing.currentIndexChanged.connect(self._say_affected)
        self.hour = QComboBox(self)
        self.hour.setObjectName("autopayHourCombo")
        for h in range(24):
            self.hour.addItem(f"{h:02d}:00", h)
        self.affected_label = plain(QLabel(self))
        self.affected_label.setObjectName("processingAffected")
        self.affected_label.setWordWrap(True)
        self.form.insertRow(0, self.tr("&Payments:"), self.processing)
        # Across both columns: in French the labels take half the width, and a sentence
        # wrapped in the other half was cut off.
        self.form.insertRow(1, self.affected_label)
        self.form.insertRow(2, self.tr("Autopay &runs nightly at:"), self.hour)
        tasks.run(protected.clients_affected, on_success=self._on_affected,
                  on_failure=presenter.present)

    def _show(self, settings: PaymentSettings) -> None:
        super()._show(settings)
        self.processing.setCurrentIndex(max(0, self.processing.findData(settings.processing)))
        self.hour.setCurrentIndex(max(0, self.hour.findData(settings.autopay_hour)))
        self._say_affected()

    def _on_affected(self, count: int) -> None:
        self.affected = count
        self._say_affected()

    def _say_affected(self) -> None:
        chosen = self.processing.currentData()
        if not self.loaded or chosen == self.settings.processing:
            self.affected_label.setText(self.tr(
                "Clients set to \u201cclinic default\u201d follow this; a client\u2019s own "
                "\u201con\u201d or \u201coff\u201d wins (on the profile)."))
        else:
            self.affected_label.setText(
                self.tr("%n client(s) following the clinic will be charged automatically "
                        "every night.", "", self.affected) if chosen == AUTOMATIC else
                self.tr("%n client(s) following the clinic will no longer be charged "
                        "automatically.", "", self.affected))
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow to the height the wrapped sentences need at this width (a window doesn't
        grow on its own when a label's text gets longer)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = (layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth()
                  else layout.totalSizeHint().height())
        if needed > self.height():
            self.resize(self.width(), needed)

    def typed(self) -> PaymentSettings:
        return replace(super().typed(), processing=str(self.processing.currentData()),
                       autopay_hour=int(self.hour.currentData()))

    def save(self) -> None:
        """Ask the passphrase (have it set the first time), then save with it."""
        if not self.loaded:
            return
        settings = self.typed()
        first = not self._protected.passphrase_set()
        dialog = PassphraseDialog(self.tr("Changes to Settings → Payments need the clinic "
                                          "administrator's passphrase."),
                                  setting=first, parent=self)
        self.passphrase_dialog = dialog

        def go() -> None:
            phrase = dialog.passphrase()
            dialog.edit.clear()
            protected, admin = self._protected, self._admin

            def work() -> PaymentSettings:
                if first:
                    admin.set_once(phrase)
                return protected.save(settings, phrase)

            self._save_button().setEnabled(False)
            self._tasks.run(work, on_success=self._on_saved, on_failure=self._on_failed)

        dialog.accepted.connect(go)
        dialog.open()
