"""Autopay status on the profile: the client's choice (*clinic default*, *on*, *off*), the
method it charges, and the banner that says plainly when autopay is paused (no default, or it
can't be charged) with a one-click way to pick another default.

The panel shows an ``AutopayStatus`` and asks for changes through signals; the payment methods
section runs them through the services and feeds the new status back.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.domain.autopay import ALWAYS, AUTOMATIC, CLINIC_DEFAULT, MODES, NEVER
from owl_desktop.domain.payment_methods import StoredPaymentMethod
from owl_desktop.services.autopay import AutopayStatus, PauseReason
from owl_desktop.ui import style
from owl_desktop.ui.payment_methods import texts
from owl_desktop.ui.plain import plain
from owl_desktop.ui.translate import QT_TRANSLATE_NOOP

# How many one-click "use this method" buttons the banner offers before it stops adding more.
MAX_CHOICES = 4

# Banner sentence per (pause reason, whether another method could be chosen now).
_PAUSED: dict[tuple[str, bool], str] = {
    (PauseReason.NO_DEFAULT, True): QT_TRANSLATE_NOOP(
        "AutopayPanel", "Autopay is paused until another default is chosen."),
    (PauseReason.NO_DEFAULT, False): QT_TRANSLATE_NOOP(
        "AutopayPanel", "Autopay is paused: no payment method on file can be charged. Add a "
                        "payment method to resume."),
    (PauseReason.DEFAULT_UNUSABLE, True): QT_TRANSLATE_NOOP(
        "AutopayPanel", "Autopay is paused: the default method can't be charged. Choose "
                        "another default."),
    (PauseReason.DEFAULT_UNUSABLE, False): QT_TRANSLATE_NOOP(
        "AutopayPanel", "Autopay is paused: the default method can't be charged and no other "
                        "method on file can be. Add a payment method to resume."),
}

# The profile's one-line autopay summary (Clinic box), consistent with the banner.
_SUMMARY: dict[str, str] = {
    "off": QT_TRANSLATE_NOOP("AutopayPanel", "Off"),
    "on": QT_TRANSLATE_NOOP("AutopayPanel", "On"),
    PauseReason.NO_DEFAULT: QT_TRANSLATE_NOOP("AutopayPanel",
                                              "On — paused (no default method)"),
    PauseReason.DEFAULT_UNUSABLE: QT_TRANSLATE_NOOP(
        "AutopayPanel", "On — paused (default can't be charged)"),
}


def autopay_summary(status: AutopayStatus) -> str:
    """'Off', 'On', or 'On — paused (why)': what the Clinic box says about autopay."""
    if not status.enrolled:
        key = "off"
    elif status.paused:
        key = status.pause_reason
    else:
        key = "on"
    return QCoreApplication.translate("AutopayPanel", _SUMMARY[key])

def short_label(method: StoredPaymentMethod) -> str:
    """'Visa •••• 4242' or 'Desjardins •••• 6789'."""
    title = texts.method_title(method.type, method.brand, method.bank_name)
    return f"{title} {texts.masked_last4(method.last4)}"


class AutopayPanel(QGroupBox):
    """Signals:
        mode_change_requested(str): staff chose "default", "on" or "off".
        choose_default_requested(int): staff picked this method id as the new default from
            the paused banner.
        add_requested(): staff want to add a method (the banner's way out when none is usable).
    """

    mode_change_requested = Signal(str)
    choose_default_requested = Signal(int)
    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("autopayPanel")
        self.setTitle(self.tr("Autopay"))
        self._status: AutopayStatus | None = None
        self._add_available = True

        self.switch = QComboBox(self)
        self.switch.setObjectName("autopaySwitch")
        for _mode in MODES:
            self.switch.addItem("", _mode)
        self._name_choices(None)
        self.switch.setAccessibleName(self.tr("Autopay"))
        self.switch.setAccessibleDescription(self.tr(
            "When on, invoices are charged to the client's default payment method."))
        self.switch.activated.connect(self._on_switch_activated)
        switch_label = QLabel(self.tr("Auto&pay:"), self)
        switch_label.setBuddy(self.switch)
        switch_row = QHBoxLayout()
        switch_row.addWidget(switch_label)
        switch_row.addWidget(self.switch)
        switch_row.addStretch(1)
        self.method_label = plain(QLabel(self))
        self.method_label.setObjectName("autopayMethod")
        self.method_label.setWordWrap(True)

        self.banner = QFrame(self)
        self.banner.setObjectName("autopayPausedBanner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        p = style.LIGHT
        self.banner.setStyleSheet(
            f"#autopayPausedBanner {{ background: {p.pending}; border: 1px solid "
            f"{p.pending_border}; border-radius: {style.SPACE.XS + 2}px; }}"
            f"#autopayPausedBanner QLabel {{ color: {p.on_pending}; }}")
        self.banner_label = plain(QLabel(self.banner))
        self.banner_label.setObjectName("autopayPausedText")
        self.banner_label.setWordWrap(True)
        self.banner_label.setAccessibleName(self.tr("Autopay paused"))
        self._choices_box = QHBoxLayout()
        self.choice_buttons: list[QPushButton] = []
        self.add_button = QPushButton(self.tr("Add a payment method…"), self.banner)
        self.add_button.setObjectName("autopayAddMethod")
        self.add_button.clicked.connect(self.add_requested)
        banner_layout = QVBoxLayout(self.banner)
        banner_layout.addWidget(self.banner_label)
        banner_layout.addLayout(self._choices_box)
        self._choices_box.addWidget(self.add_button)
        self._choices_box.addStretch(1)
        self.banner.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(switch_row)
        layout.addWidget(self.method_label)
        layout.addWidget(self.banner)

    @property
    def status(self) -> AutopayStatus | None:
        return self._status

    def set_status(self, status: AutopayStatus | None) -> None:
        """Show a client's autopay status (``None``: no client open)."""
        self._status = status
        self.setEnabled(status is not None)
        self._name_choices(status)
        self.revert_switch()
        if status is None:
            self.method_label.clear()
            self.banner.setVisible(False)
            return
        self.method_label.setText(self._method_text(status))
        self.banner.setVisible(status.paused)
        self._rebuild_choices(status)
        if status.paused:
            self.banner_label.setText(QCoreApplication.translate(
                "AutopayPanel", _PAUSED[(status.pause_reason, bool(status.usable))]))

    def set_add_available(self, available: bool, reason: str, *, offline: bool = False) -> None:
        """Follow the section's *Add payment method* rule: same enabled state, "(offline)"
        when that is why, and the reason as tooltip and accessible description."""
        self._add_available = available
        self.add_button.setEnabled(available)
        self.add_button.setText(self.tr("Add a payment method (offline)") if offline
                                else self.tr("Add a payment method…"))
        self.add_button.setToolTip(reason)
        self.add_button.setAccessibleDescription(reason)

    def revert_switch(self) -> None:
        """Put the choice back as the status says (after a refused change)."""
        mode = self._status.mode if self._status is not None else CLINIC_DEFAULT
        self.switch.setCurrentIndex(max(0, self.switch.findData(mode)))

    def _name_choices(self, status: AutopayStatus | None) -> None:
        """'Clinic default (on)' says what the clinic's setting means for this client."""
        automatic = status is not None and status.processing == AUTOMATIC
        names = {CLINIC_DEFAULT: self.tr("Clinic default (on)") if automatic
                 else self.tr("Clinic default (off)"),
                 ALWAYS: self.tr("On"), NEVER: self.tr("Off")}
        for index in range(self.switch.count()):
            self.switch.setItemText(index, names[self.switch.itemData(index)])

    def _method_text(self, status: AutopayStatus) -> str:
        if status.charges is not None:
            text = self.tr("Charges {method}, the default method.") if status.enrolled \
                else self.tr("Would charge {method}, the default method.")
            return text.replace("{method}", short_label(status.charges))
        if status.enrolled and not status.usable:
            return self.tr("Enrolled, but paused: nothing on file can be charged yet.")
        if not status.usable:
            return self.tr("No payment method that autopay can charge is on file.")
        return self.tr("No default payment method.")

    def _rebuild_choices(self, status: AutopayStatus) -> None:
        # A reload (a sync's) while the keyboard is on a "Use …" button keeps it on that
        # method's new button: hiding the old one would pass it on to the next widget (the
        # section's Add button, where the user's Space would open the add dialog).
        keyboard = self.window().focusWidget()
        kept = next((b.property("methodId") for b in self.choice_buttons if b is keyboard),
                    None)
        old, self.choice_buttons = self.choice_buttons, []
        if status.paused:
            self._add_choices(status, kept)
        for button in old:
            self._choices_box.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.add_button.setVisible(status.paused and not status.usable)

    def _add_choices(self, status: AutopayStatus, focused_method: object) -> None:
        for position, method in enumerate(status.usable[:MAX_CHOICES]):
            label = short_label(method)
            button = QPushButton(self.tr("Use {method}").replace("{method}", label),
                                 self.banner)
            button.setObjectName(f"autopayUseMethod{method.id}")
            button.setAccessibleName(self.tr("Make {method} the default").replace(
                "{method}", label))
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setProperty("methodId", method.id)
            button.clicked.connect(lambda _checked=False, pm=method.id:
                                   self.choose_default_requested.emit(pm))
            self._choices_box.insertWidget(position, button)
            button.show()  # at once, not on the layout's queued show: focus needs it
            self.choice_buttons.append(button)
            if method.id == focused_method:
                button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_switch_activated(self, index: int) -> None:
        # Optimistic: the local change is quick; a refusal puts the choice back (revert_switch).
        mode = str(self.switch.itemData(index))
        if self._status is None or mode != self._status.mode:
            self.mode_change_requested.emit(mode)
