"""Autopay enrolment on both databases: who can be enrolled, which method it charges, when it
is paused, and that every change lands in the audit trail. Local only (no Stripe call)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.domain.payment_methods import ACTIVE, PENDING_VERIFICATION, MethodStatus
from owl_desktop.payments.gateway import PaymentMethodInfo
from owl_desktop.services.audit import AuditTrailService, Workstation
from owl_desktop.services.autopay import (
    AUTOPAY_OFF,
    AUTOPAY_ON,
    AutopayNotPossibleError,
    AutopayService,
    PauseReason,
)
from owl_desktop.store.uow import UnitOfWork, UnitOfWorkFactory

TODAY = date(2026, 11, 22)


def workstation(uow: UnitOfWork) -> Workstation:
    return Workstation(actor="reception2", desk="Desk B")


@pytest.fixture
def autopay(uow_factory: UnitOfWorkFactory) -> AutopayService:
    return AutopayService(uow_factory, lambda: datetime(2026, 11, 22, 15, tzinfo=UTC),
                          workstation, today=lambda: TODAY)


def new_client(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        client = uow.clients.add(ClientDraft("Marc", "Roy", "marc@example.com", "",
                                             Address()), datetime.now(UTC))
        uow.commit()
    return client.id


def store(uow_factory: UnitOfWorkFactory, client_id: int, *, kind: str = "card",
          exp: tuple[int, int] = (4, 2030), status: MethodStatus = ACTIVE,
          default: bool = False, last4: str = "4242") -> int:
    info = PaymentMethodInfo(id=f"pm_{uuid.uuid4().hex[:14]}", type=kind,  # type: ignore[arg-type]
                             customer_id=None, livemode=False, last4=last4, brand="visa",
                             exp_month=exp[0] if kind == "card" else None,
                             exp_year=exp[1] if kind == "card" else None,
                             bank_name="Desjardins" if kind != "card" else "")
    now = datetime.now(UTC)
    with uow_factory() as uow:
        stored = uow.payment_methods.upsert(
            info, client_id, now, status=status,
            mandate_status=("active" if status == ACTIVE else "pending")
            if kind == "acss_debit" else None)
        if default:
            uow.payment_methods.set_default(client_id, stored.method.id, now)
        uow.commit()
    return stored.method.id


def enrolled(uow_factory: UnitOfWorkFactory, client_id: int) -> bool:
    with uow_factory() as uow:
        return uow.clients.get(client_id).autopay_enabled


def test_no_usable_method_means_no_enrolment(uow_factory: UnitOfWorkFactory,
                                             autopay: AutopayService) -> None:
    client = new_client(uow_factory)
    with pytest.raises(AutopayNotPossibleError) as refused:
        autopay.set_enrolled(client, True)
    assert "no usable payment method" in refused.value.message
    store(uow_factory, client, exp=(10, 2026), default=True)  # expired last month
    store(uow_factory, client, kind="acss_debit", status=PENDING_VERIFICATION)
    with pytest.raises(AutopayNotPossibleError):
        autopay.set_enrolled(client, True)
    assert not enrolled(uow_factory, client)
    assert AuditTrailService(uow_factory).list_for_client(client) == []
    assert not autopay.status(client).can_enrol


def test_enrolled_client_charges_the_default(uow_factory: UnitOfWorkFactory,
                                             autopay: AutopayService) -> None:
    client = new_client(uow_factory)
    other = store(uow_factory, client, last4="1111")
    default = store(uow_factory, client, default=True, exp=(12, 2026))  # soon, still good
    status = autopay.set_enrolled(client, True)
    assert enrolled(uow_factory, client)
    assert status.enrolled
    assert not status.paused
    assert status.charges is not None
    assert status.charges.id == default
    assert [m.id for m in status.usable] == [default, other]  # default first
    # Idempotent: enrolling again writes nothing more.
    autopay.set_enrolled(client, True)
    trail = AuditTrailService(uow_factory).list_for_client(client)
    assert [(e.action, e.actor, e.desk) for e in trail] == [(AUTOPAY_ON, "reception2",
                                                             "Desk B")]
    autopay.set_enrolled(client, False)
    assert not enrolled(uow_factory, client)
    assert [e.action for e in AuditTrailService(uow_factory).list_for_client(client)] == [
        AUTOPAY_OFF, AUTOPAY_ON]


def test_paused_without_a_usable_default(uow_factory: UnitOfWorkFactory,
                                         autopay: AutopayService) -> None:
    client = new_client(uow_factory)
    card = store(uow_factory, client)
    bank = store(uow_factory, client, kind="acss_debit", last4="6789")
    status = autopay.set_enrolled(client, True)  # usable methods but no default: allowed
    assert status.paused
    assert status.pause_reason == PauseReason.NO_DEFAULT
    assert {m.id for m in status.usable} == {card, bank}

    with uow_factory() as uow:
        uow.payment_methods.set_default(client, card, datetime.now(UTC))
        uow.commit()
    status = autopay.status(client)
    assert not status.paused
    assert status.charges is not None

    # The default is removed (locally, as the service does): paused until another is chosen.
    with uow_factory() as uow:
        uow.payment_methods.mark_removed(card, datetime.now(UTC))
        uow.commit()
    status = autopay.status(client)
    assert status.enrolled
    assert status.paused
    assert status.pause_reason == PauseReason.NO_DEFAULT
    assert [m.id for m in status.usable] == [bank]


def test_an_expired_default_pauses_autopay(uow_factory: UnitOfWorkFactory,
                                           autopay: AutopayService) -> None:
    client = new_client(uow_factory)
    store(uow_factory, client, exp=(12, 2026))
    expired = store(uow_factory, client, default=True, exp=(10, 2026))
    with uow_factory() as uow:
        uow.clients.row(client).autopay_enabled = True
        uow.commit()
    status = autopay.status(client)
    assert status.default is not None
    assert status.default.id == expired
    assert status.charges is None
    assert status.pause_reason == PauseReason.DEFAULT_UNUSABLE


def test_not_enrolled_is_never_paused(uow_factory: UnitOfWorkFactory,
                                      autopay: AutopayService) -> None:
    client = new_client(uow_factory)
    status = autopay.status(client)
    assert not status.enrolled
    assert not status.paused
    assert status.charges is None
