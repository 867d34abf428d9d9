"""Settings → Services, Practitioners and Booking rules: the clinic's schedule set-up.

Loads and saves run on the task runner; a rejected form says what is wrong under the form.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import available_timezones

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from owl_desktop.domain.scheduling import (
    Availability,
    BookingRules,
    Practitioner,
    PractitionerDraft,
    Service,
    ServiceDraft,
    StartRule,
    WeeklyWindow,
    overlapping_windows,
)
from owl_desktop.errors import ValidationFailed
from owl_desktop.services.scheduling import SchedulingService
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.scheduling.field_errors import FieldErrors, field_sentence
from owl_desktop.ui.scheduling.texts import hhmm, money, parse_hhmm, weekday_text
from owl_desktop.ui.tasks import TaskRunner


class _Editor(QDialog):
    """Shared parts: a list on the left, a form on the right, New / Save / Close.

    Signals:
        saved(): something was saved (the schedule views reload).
    """

    saved = Signal()

    def __init__(self, service: SchedulingService, tasks: TaskRunner,
                 presenter: ErrorPresenter, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._service = service
        self._tasks = tasks
        self._presenter = presenter
        self._editing: int | None = None
        self.list = QListWidget(self)
        self.list.currentRowChanged.connect(self.on_list_row_changed)
        self.form = QFormLayout()
        self.field_errors = FieldErrors(self)
        self.problem = QLabel(self)
        self.problem.setObjectName("formProblem")
        self.problem.setWordWrap(True)
        self.new_button = QPushButton(
            QCoreApplication.translate("SchedulingEditor", "&New"), self)
        self.new_button.clicked.connect(self.on_new_clicked)
        self.save_button = QPushButton(
            QCoreApplication.translate("SchedulingEditor", "&Save"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.on_save_clicked)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        right = QVBoxLayout()
        right.addLayout(self.form)
        right.addWidget(self.problem)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.list, 2)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addLayout(buttons)
        self.resize(760, 480)

    def on_list_row_changed(self, row: int) -> None:
        raise NotImplementedError

    def on_new_clicked(self) -> None:
        self.list.setCurrentRow(-1)
        self._editing = None
        self.clear_problems()

    def clear_problems(self) -> None:
        self.problem.clear()
        self.field_errors.clear()

    def on_save_clicked(self) -> None:
        raise NotImplementedError

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationFailed):
            # Each sentence next to its field; one this form hasn't got goes under the form.
            others = self.field_errors.show(error.field_errors)
            self.problem.setText(" ".join(field_sentence(k, c) for k, c in others.items()))
        else:
            self._presenter.present(error)


class ServicesDialog(_Editor):
    def __init__(self, service: SchedulingService, tasks: TaskRunner,
                 presenter: ErrorPresenter, parent: QWidget | None = None) -> None:
        super().__init__(service, tasks, presenter, parent)
        self.setObjectName("servicesDialog")
        self.setWindowTitle(self.tr("Services"))
        self._services: list[Service] = []
        self.name_en = QLineEdit(self)
        self.name_fr = QLineEdit(self)
        self.duration = QSpinBox(self)
        self.duration.setRange(5, 480)
        self.duration.setSingleStep(5)
        self.duration.setValue(60)
        self.duration.setSuffix(self.tr(" min"))
        self.fee = QDoubleSpinBox(self)
        self.fee.setRange(0, 10_000)
        self.fee.setDecimals(2)
        self.fee.setPrefix("$ ")
        self.active = QCheckBox(self.tr("Offered"), self)
        self.active.setChecked(True)
        add = self.field_errors.add_row
        add(self.form, self.tr("Name (&English):"), self.name_en, "name_en")
        add(self.form, self.tr("Name (&French):"), self.name_fr, "name_fr")
        add(self.form, self.tr("&Duration:"), self.duration, "duration_minutes")
        add(self.form, self.tr("&Fee (CAD):"), self.fee, "fee_cents")
        self.form.addRow("", self.active)
        self.reload()

    def reload(self, select: int | None = None) -> None:
        self._tasks.run(self._service.services, on_success=lambda found: self._show(found,
                                                                                      select))

    def _show(self, services: list[Service], select: int | None) -> None:
        self._services = services
        self.list.blockSignals(True)
        self.list.clear()
        for s in services:
            self.list.addItem(self.tr("{name}\n{minutes} min, {fee}").format(
                name=s.name_en, minutes=s.duration_minutes, fee=money(s.fee_cents)))
        self.list.blockSignals(False)
        ids = [s.id for s in services]
        if select in ids:
            self.list.setCurrentRow(ids.index(select))

    def on_list_row_changed(self, row: int) -> None:
        if not 0 <= row < len(self._services):
            self._editing = None
            for field in (self.name_en, self.name_fr):
                field.clear()
            return
        s = self._services[row]
        self._editing = s.id
        self.name_en.setText(s.name_en)
        self.name_fr.setText(s.name_fr)
        self.duration.setValue(s.duration_minutes)
        self.fee.setValue(s.fee_cents / 100)
        self.active.setChecked(s.active)
        self.clear_problems()

    def on_save_clicked(self) -> None:
        draft = ServiceDraft(self.name_en.text(), self.name_fr.text(), self.duration.value(),
                             round(self.fee.value() * 100), self.active.isChecked())
        editing, service = self._editing, self._service

        def done(saved: Service) -> None:
            self.clear_problems()
            self.saved.emit()
            self.reload(saved.id)

        self._tasks.run(lambda: service.save_service(editing, draft), on_success=done,
                        on_failure=self._failed)


class PractitionersDialog(_Editor):
    def __init__(self, service: SchedulingService, tasks: TaskRunner,
                 presenter: ErrorPresenter, parent: QWidget | None = None) -> None:
        super().__init__(service, tasks, presenter, parent)
        self.setObjectName("practitionersDialog")
        self.setWindowTitle(self.tr("Practitioners"))
        self._practitioners: list[Practitioner] = []
        self._services: list[Service] = []
        self.name = QLineEdit(self)
        self.online = QCheckBox(self.tr("Takes &online bookings"), self)
        self.online.setChecked(True)
        self.active = QCheckBox(self.tr("Takes appointments"), self)
        self.active.setChecked(True)
        self.offered = QListWidget(self)
        self.offered.setMaximumHeight(110)
        self.registration = QLineEdit(self)
        self.registration.setMaxLength(60)
        self.field_errors.add_row(self.form, self.tr("&Name:"), self.name, "name")
        self.field_errors.add_row(self.form, self.tr("Re&gistration number:"),
                                  self.registration, "registration_number")
        self.form.addRow("", self.online)
        self.form.addRow("", self.active)
        self.form.addRow(self.tr("Se&rvices:"), self.offered)
        self.hours: list[QLineEdit] = []
        for weekday in range(7):
            field = QLineEdit(self)
            field.setPlaceholderText(self.tr("e.g. 09:00-12:00, 13:00-17:00"))
            self.hours.append(field)
            label = self.tr("{day}:").format(day=weekday_text(weekday))  # "Lundi :" in French
            self.field_errors.add_row(self.form, label, field, f"hours{weekday}")
        self.days_off = QLineEdit(self)
        self.days_off.setPlaceholderText(self.tr("e.g. 2030-12-24, 2030-12-26"))
        self.field_errors.add_row(self.form, self.tr("Days &off:"), self.days_off, "days_off")
        self.reload()

    def reload(self, select: int | None = None) -> None:
        service = self._service
        self._tasks.run(lambda: (service.practitioners(), service.services()),
                        on_success=lambda found: self._show(*found, select))

    def _show(self, practitioners: list[Practitioner], services: list[Service],
              select: int | None) -> None:
        self._practitioners, self._services = practitioners, services
        self.list.blockSignals(True)
        self.list.clear()
        for p in practitioners:
            self.list.addItem(p.name)
        self.list.blockSignals(False)
        self._fill_offered(frozenset())
        ids = [p.id for p in practitioners]
        if select in ids:
            self.list.setCurrentRow(ids.index(select))

    def _fill_offered(self, checked: frozenset[int]) -> None:
        self.offered.clear()
        for s in self._services:
            item = QListWidgetItem(s.name_en, self.offered)
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if s.id in checked
                               else Qt.CheckState.Unchecked)

    def on_new_clicked(self) -> None:
        super().on_new_clicked()
        self.name.clear()
        self.registration.clear()
        self._fill_offered(frozenset())
        for field in self.hours:
            field.clear()
        self.days_off.clear()
        self.name.setFocus()

    def on_list_row_changed(self, row: int) -> None:
        if not 0 <= row < len(self._practitioners):
            return
        p = self._practitioners[row]
        self._editing = p.id
        self.name.setText(p.name)
        self.registration.setText(p.registration_number)
        self.online.setChecked(p.takes_online_bookings)
        self.active.setChecked(p.active)
        self._fill_offered(p.service_ids)
        self.clear_problems()
        self._tasks.run(lambda: self._service.availability(p.id),
                        on_success=self._show_week, key="practitioner-week")

    def _show_week(self, week: Availability) -> None:
        for weekday, field in enumerate(self.hours):
            field.setText(", ".join(f"{hhmm(w.start_minute)}-{hhmm(w.end_minute)}"
                                    for w in week.windows if w.weekday == weekday))
        self.days_off.setText(", ".join(d.isoformat() for d in sorted(week.days_off)))

    def _parsed_week(self) -> tuple[list[WeeklyWindow], set[date]] | None:
        """The week as written, or None with a sentence next to each field to correct."""
        windows: list[WeeklyWindow] = []
        errors: dict[str, str] = {}
        for weekday, field in enumerate(self.hours):
            day: list[WeeklyWindow] = []
            for part in filter(None, (p.strip() for p in field.text().split(","))):
                ends = [parse_hhmm(t) for t in part.split("-")]
                if len(ends) != 2 or ends[0] is None or ends[1] is None or ends[0] >= ends[1]:
                    errors[f"hours{weekday}"] = "format"
                    break
                day.append(WeeklyWindow(weekday, ends[0], ends[1]))
            if f"hours{weekday}" not in errors and overlapping_windows(day):
                errors[f"hours{weekday}"] = "overlap"
            windows += day
        days: set[date] = set()
        for part in filter(None, (p.strip() for p in self.days_off.text().split(","))):
            try:
                days.add(date.fromisoformat(part))
            except ValueError:
                errors["days_off"] = "format"
        if errors:
            self.problem.clear()
            self.field_errors.show(errors)
            for key, code in errors.items():  # the day's fields share the "hours" sentences
                if key.startswith("hours"):
                    self.field_errors.set(key, field_sentence("hours", code))
            return None
        return windows, days

    def on_save_clicked(self) -> None:
        week = self._parsed_week()
        if week is None:
            return
        offered = frozenset(int(self.offered.item(i).data(Qt.ItemDataRole.UserRole))
                            for i in range(self.offered.count())
                            if self.offered.item(i).checkState() == Qt.CheckState.Checked)
        draft = PractitionerDraft(self.name.text(), self.online.isChecked(), offered,
                                  self.active.isChecked(),
                                  registration_number=self.registration.text())
        editing, service = self._editing, self._service
        windows, days = week

        def save() -> Practitioner:
            saved = service.save_practitioner(editing, draft)
            service.save_availability(Availability(saved.id, tuple(windows), frozenset(days)))
            return saved

        def done(saved: Practitioner) -> None:
            self.clear_problems()
            self.saved.emit()
            self.reload(saved.id)

        self._tasks.run(save, on_success=done, on_failure=self._failed)


class RulesDialog(QDialog):
    """The clinic's booking rules and time zone."""

    def __init__(self, service: SchedulingService, tasks: TaskRunner,
                 presenter: ErrorPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookingRulesDialog")
        self.setWindowTitle(self.tr("Booking rules"))
        self._service, self._tasks, self._presenter = service, tasks, presenter
        self.start_rule = QComboBox(self)
        self.start_rule.addItem(self.tr("On the hour"), StartRule.HOUR.value)
        self.start_rule.addItem(self.tr("On the hour or half hour"), StartRule.HALF_HOUR.value)
        self.start_rule.addItem(self.tr("Back to back, with a set break"), StartRule.BREAK.value)
        self.break_minutes = self._spin(0, 240, self.tr(" min"))
        self.horizon = self._spin(0, 730, self.tr(" days"))
        self.notice = self._spin(0, 720, self.tr(" h"))
        self.cancel_notice = self._spin(0, 336, self.tr(" h"))
        self.zone = QComboBox(self)
        self.zone.addItems(sorted(z for z in available_timezones() if z.startswith("America/")))
        form = QFormLayout()
        self.field_errors = FieldErrors(self)
        add = self.field_errors.add_row
        form.addRow(self.tr("Sessions &start:"), self.start_rule)
        add(form, self.tr("&Break between sessions:"), self.break_minutes, "break_minutes")
        add(form, self.tr("Clients may book up to:"), self.horizon, "horizon_days")
        add(form, self.tr("Clients must book at least:"), self.notice, "min_notice_minutes")
        add(form, self.tr("&Cancellation notice:"), self.cancel_notice,
            "cancellation_notice_hours")
        add(form, self.tr("Clinic's &time zone:"), self.zone, "time_zone")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.on_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        tasks.run(service.rules, on_success=self._show)

    def _spin(self, low: int, high: int, suffix: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        return spin

    def _show(self, rules: BookingRules) -> None:
        self.start_rule.setCurrentIndex(self.start_rule.findData(rules.start_rule.value))
        self.break_minutes.setValue(rules.break_minutes)
        self.horizon.setValue(rules.horizon_days)
        self.notice.setValue(rules.min_notice_minutes // 60)
        self.cancel_notice.setValue(rules.cancellation_notice_hours)
        self.zone.setCurrentText(rules.time_zone)

    def on_save(self) -> None:
        rules = BookingRules(StartRule(self.start_rule.currentData()), self.break_minutes.value(),
                             self.horizon.value(), self.notice.value() * 60,
                             self.cancel_notice.value(), self.zone.currentText())
        service = self._service
        self._tasks.run(lambda: service.save_rules(rules), on_success=lambda _: self.accept(),
                        on_failure=self._failed)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationFailed) and not self.field_errors.show(
                error.field_errors):
            return
        self._presenter.present(error)
