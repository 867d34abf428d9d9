"""Autopay enrolment on both databases: the client's choice (*clinic default*, *on*, *off*)
against the clinic's setting, which method it charges, when it is paused (also when enrolled
with nothing chargeable), and that every change lands in the audit trail. Local only (no
Stripe call)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from owl_desktop.domain.autopay import AUTOMATIC, MANUAL, PROCESSING_KEY
from owl_desktop.domain.clients import Address, ClientDraft
from owl_desktop.domain.payment_methods import ACTIVE, PENDING_VERIFICATION, MethodStatus
from owl_desktop.payments.gateway import PaymentMethodInfo
from owl_desktop.services.audit import AuditTrailService, Workstation
from owl_desktop.services.autopay import (
    AUTOPAY_CLINIC_DEFAULT,
    AUTOPAY_OFF,
    AUTOPAY_ON,
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


def set_processing(uow_factory: UnitOfWorkFactory, processing: str) -> None:
    with uow_factory() as uow:
        uow.settings.set(PROCESSING_KEY, processing)
        uow.commit()


def test_enrolled_with_nothing_chargeable_is_enrolled_but_paused(
        uow_factory: UnitOfWorkFactory, autopay: AutopayService) -> None:
    client = new_client(uow_factory)
    status = autopay.set_enrolled(client, True)
    assert enrolled(uow_factory, client)
    assert status.enrolled
    assert status.paused
    assert status.pause_reason == PauseReason.NO_DEFAULT
    assert not status.chargeable
    store(uow_factory, client, exp=(10, 2026), default=True)  # expired last month
    store(uow_factory, client, kind="acss_debit", status=PENDING_VERIFICATION)
    status = autopay.status(client)
    assert status.enrolled
    assert status.pause_reason == PauseReason.DEFAULT_UNUSABLE
    assert status.charges is None
    trail = AuditTrailService(uow_factory).list_for_client(client)
    assert [e.action for e in trail] == [AUTOPAY_ON]
    # A usable default arrives: no longer paused, it is what the next run charges.
    card = store(uow_factory, client, last4="1881")
    with uow_factory() as uow:
        uow.payment_methods.set_default(client, card, datetime.now(UTC))
        uow.commit()
    status = autopay.status(client)
    assert not status.paused
    assert status.charges is not None
    assert status.charges.id == card


def test_clinic_default_follows_the_clinic(uow_factory: UnitOfWorkFactory,
                                           autopay: AutopayService) -> None:
    following = [new_client(uow_factory) for _ in range(3)]
    always, never = new_client(uow_factory), new_client(uow_factory)
    autopay.set_mode(always, "on")
    autopay.set_mode(never, "off")
    assert autopay.processing() == MANUAL
    assert autopay.clients_following_clinic() == 3
    assert [autopay.status(c).enrolled for c in [*following, always, never]] == [
        False, False, False, True, False]
    set_processing(uow_factory, AUTOMATIC)
    assert [autopay.status(c).enrolled for c in [*following, always, never]] == [
        True, True, True, True, False]
    assert autopay.status(following[0]).mode == "default"
    autopay.set_mode(always, "default")  # back to following the clinic
    assert autopay.clients_following_clinic() == 4
    trail = AuditTrailService(uow_factory).list_for_client(always)
    assert [e.action for e in trail] == [AUTOPAY_CLINIC_DEFAULT, AUTOPAY_ON]
    set_processing(uow_factory, MANUAL)
    assert not autopay.status(always).enrolled


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
        uow.clients.set_autopay(client, "on", datetime.now(UTC))
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
