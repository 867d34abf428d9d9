"""The question asked when staff cancel an appointment inside the clinic's cancellation
notice: record a late cancellation (proposed), cancel without a fee, or keep it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from owl_desktop.ui.plain import plain_box


def late_cancellation_box(parent: QWidget, mark_late: Callable[[], None],
                          cancel: Callable[[], None]) -> QMessageBox:
    """A window-modal question (``open()`` it); Escape keeps the appointment."""
    box = QMessageBox(parent)
    box.setObjectName("lateCancellationBox")
    box.setIcon(QMessageBox.Icon.Question)
    translate = QCoreApplication.translate
    box.setWindowTitle(translate("LateCancellation", "Late cancellation"))
    box.setText(translate("LateCancellation",
                          "This appointment is inside the clinic's cancellation notice."))
    box.setInformativeText(translate(
        "LateCancellation", "Record it as a late cancellation? Either way its time becomes free "
                            "for another booking."))
    late = box.addButton(translate("LateCancellation", "Mark as &late cancellation"),
                         QMessageBox.ButtonRole.AcceptRole)
    late.setObjectName("markLateButton")
    plain = box.addButton(translate("LateCancellation", "Cancel &without a fee"),
                          QMessageBox.ButtonRole.DestructiveRole)
    plain.setObjectName("cancelWithoutFeeButton")
    keep = box.addButton(translate("LateCancellation", "&Keep the appointment"),
                         QMessageBox.ButtonRole.RejectRole)
    keep.setObjectName("keepAppointmentButton")
    box.setDefaultButton(late)
    box.setEscapeButton(keep)

    def clicked(button: object) -> None:
        if button is late:
            mark_late()
        elif button is plain:
            cancel()

    box.buttonClicked.connect(clicked)
    return plain_box(box)
