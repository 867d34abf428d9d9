"""The section's item models, checked with pytest-qt's ``qtmodeltester`` and by what they say."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from owl_desktop.domain.payment_methods import AuditEntry, MethodAddress, StoredPaymentMethod
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.payment_methods.audit_model import AuditTrailModel
from owl_desktop.ui.payment_methods.model import MethodState, PaymentMethodListModel

TODAY = date(2026, 11, 22)
Role = PaymentMethodListModel.Role


def card(pm_id: int, *, brand: str = "visa", last4: str = "4242", exp: tuple[int, int] =
         (4, 2029), default: bool = False, pending: bool = False) -> StoredPaymentMethod:
    return StoredPaymentMethod(
        id=pm_id, client_id=1, stripe_id=f"pm_{pm_id}", type="card", last4=last4,
        status="active", is_default=default, pending_sync=pending, brand=brand,
        exp_month=exp[0], exp_year=exp[1], holder_name="Élise Tremblay",
        billing_address=MethodAddress("12 rue Principale", "", "Montréal", "QC", "H2X 1Y4",
                                      "CA"))


def bank(pm_id: int, *, status: str = "active") -> StoredPaymentMethod:
    return StoredPaymentMethod(
        id=pm_id, client_id=1, stripe_id=f"pm_{pm_id}", type="acss_debit", last4="6789",
        status=status, bank_name="Desjardins", holder_name="Élise Tremblay",  # type: ignore[arg-type]
        mandate_status="active" if status == "active" else "pending")


def model_with(methods: list[StoredPaymentMethod]) -> PaymentMethodListModel:
    model = PaymentMethodListModel(today=lambda: TODAY)
    model.set_methods(methods)
    return model


def test_list_model_passes_the_model_tester(qtmodeltester: ModelTester,
                                            translations: Translations) -> None:
    model = model_with([card(1, default=True), card(2, brand="amex", last4="0005",
                                                    exp=(12, 2026)), bank(3)])
    qtmodeltester.check(model, force_py=True)
    # Changing contents in place, and changing the set of methods, keep the model consistent.
    model.set_methods([card(1, default=False), card(2, brand="amex", last4="0005",
                                                    exp=(12, 2026), default=True), bank(3)])
    model.set_methods([bank(3)])
    model.set_methods([])
    qtmodeltester.check(model, force_py=True)


def test_roles_say_brand_last4_expiry_default_and_states(translations: Translations) -> None:
    model = model_with([
        card(1, default=True),
        card(2, brand="mastercard", last4="4444", exp=(12, 2026)),   # next month: soon
        card(3, brand="amex", last4="0005", exp=(11, 2026)),         # this month: soon
        card(4, brand="discover", last4="1117", exp=(10, 2026)),     # last month: expired
        bank(5, status="pending_verification"),
        card(6, last4="1881", pending=True),
    ])
    rows = [{role: model.index(r, 0).data(role) for role in Role}
            for r in range(model.rowCount())]
    assert [r[Role.TITLE] for r in rows] == ["Visa", "Mastercard", "American Express",
                                            "Discover", "Desjardins", "Visa"]
    assert [r[Role.LAST4] for r in rows] == ["•••• 4242", "•••• 4444", "•••• 0005",
                                            "•••• 1117", "•••• 6789", "•••• 1881"]
    assert [r[Role.EXPIRY] for r in rows] == ["04/2029", "12/2026", "11/2026", "10/2026", "",
                                             "04/2029"]
    assert [r[Role.IS_DEFAULT] for r in rows] == [True, False, False, False, False, False]
    assert [r[Role.STATES] for r in rows] == [
        [], [MethodState.EXPIRES_SOON], [MethodState.EXPIRES_SOON], [MethodState.EXPIRED],
        [MethodState.PENDING_VERIFICATION], [MethodState.PENDING_SYNC]]
    assert rows[3][Role.STATE_LABELS] == ["Expired"]
    # Only usable, non-default methods can become the default.
    assert [r[Role.CAN_SET_DEFAULT] for r in rows] == [False, True, True, False, False, True]
    assert [r[Role.ICON_NAME] for r in rows] == [
        "card_visa.svg", "card_mastercard.svg", "card_amex.svg", "card_generic.svg", "bank.svg",
        "card_visa.svg"]
    assert model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole) == \
        "Visa ending in 4242, expires 04/2029, default"
    assert model.index(4, 0).data(Qt.ItemDataRole.AccessibleTextRole) == \
        "Desjardins ending in 6789, pending verification"
    assert not model.index(0, 0).data(Qt.ItemDataRole.DecorationRole).isNull()


def test_details_card_and_bank(translations: Translations) -> None:
    model = model_with([card(1), bank(2)])
    assert model.index(0, 0).data(Role.DETAILS) == [
        ("Expiry", "04/2029"),
        ("Billing address", "12 rue Principale, Montréal, QC, H2X 1Y4, CA"),
        ("Name on card", "Élise Tremblay")]
    assert model.index(1, 0).data(Role.DETAILS) == [
        ("Account holder", "Élise Tremblay"), ("Bank", "Desjardins")]


def test_same_methods_update_in_place(qtbot: object, translations: Translations) -> None:
    model = model_with([card(1, default=True), card(2)])
    resets: list[int] = []
    changed: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda tl, _br, _roles: changed.append(tl.row()))
    model.set_methods([card(1), card(2, default=True)])
    assert (resets, changed) == ([], [0, 1])
    model.set_methods([card(2, default=True)])
    assert resets == [1]


def test_audit_model_passes_the_model_tester(qtmodeltester: ModelTester,
                                             translations: Translations) -> None:
    at = datetime(2026, 11, 22, 15, 30, tzinfo=UTC)
    entries = [
        AuditEntry(3, 1, at, "reception1", "Front desk A", "removed", "card", "Visa", "4242"),
        AuditEntry(2, 1, at - timedelta(minutes=1), "reception2", "Front desk B",
                   "set_default", "acss_debit", "Desjardins", "6789"),
        AuditEntry(1, 1, at - timedelta(minutes=2), "reception1", "Front desk A",
                   "autopay_enabled", "", "", ""),
    ]
    model = AuditTrailModel()
    model.set_entries(entries)
    qtmodeltester.check(model, force_py=True)
    texts = [[model.index(r, c).data() for c in range(1, 5)] for r in range(3)]
    assert texts == [
        ["reception1", "Front desk A", "Removed", "Visa •••• 4242"],
        ["reception2", "Front desk B", "Set as default", "Desjardins •••• 6789"],
        ["reception1", "Front desk A", "Autopay turned on", ""],
    ]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "When"
    assert model.index(0, 0).data()  # a formatted local date and time


def test_audit_entries_of_one_moment_read_in_the_order_they_were_made(
        translations: Translations) -> None:
    """The service lists newest id first; one removal of the default records "Removed" then
    "No longer the default" at the same moment, and the trail shows them in that order."""
    at = datetime(2026, 11, 22, 15, 30, tzinfo=UTC)
    entries = [  # as the service returns them: newest first, id descending
        AuditEntry(7, 1, at, "r1", "A", "default_cleared", "card", "Visa", "4242"),
        AuditEntry(6, 1, at, "r1", "A", "removed", "card", "Visa", "4242"),
        AuditEntry(5, 1, at - timedelta(minutes=5), "r1", "A", "set_default", "card", "Visa",
                   "4242"),
    ]
    model = AuditTrailModel()
    model.set_entries(entries)
    assert [model.index(r, 3).data() for r in range(3)] == [
        "Removed", "No longer the default", "Set as default"]


def test_other_entries_stay_newest_first_even_within_a_second(
        translations: Translations) -> None:
    at = datetime(2026, 11, 22, 15, 30, tzinfo=UTC)
    entries = [
        AuditEntry(4, 1, at, "r1", "A", "removed", "card", "Visa", "4242"),
        AuditEntry(3, 1, at - timedelta(milliseconds=300), "r1", "A", "set_default", "card",
                   "Visa", "4242"),
        AuditEntry(2, 1, at - timedelta(milliseconds=600), "r1", "A", "added", "card", "Visa",
                   "4242"),
    ]
    model = AuditTrailModel()
    model.set_entries(entries)
    assert [model.index(r, 3).data() for r in range(3)] == ["Removed", "Set as default", "Added"]
