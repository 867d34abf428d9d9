"""Links between local rows and Stripe objects of one account and mode.

Stripe ids are meaningful only inside the account and mode (test or live) that created them.
When the clinic connects another account or switches mode, every link made under the old
connection is cut here, so clients get a fresh Customer and nothing reuses a foreign id.
Repositories don't commit; the service's unit of work does.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from owl_desktop.store.models import ClientRow, PaymentMethodRow


@dataclass(frozen=True)
class LinkCounts:
    clients: int
    payment_methods: int


def _foreign_clients(account_id: str, livemode: bool,
                     unrecorded_is_same: bool) -> ColumnElement[bool]:
    """Clients linked to anything but (account_id, livemode).

    A link whose account wasn't recorded (some sync paths know only the mode) is attributed to
    the account connected before, when that is ``account_id`` (``unrecorded_is_same``);
    otherwise it counts as foreign: we can't prove it belongs to this account.
    """
    # Spelled out so that no comparison meets a NULL (SQL's NULL would silently drop rows).
    other = [ClientRow.stripe_livemode.is_(None),
             ClientRow.stripe_livemode != livemode,
             and_(ClientRow.stripe_account_id.is_not(None),
                  ClientRow.stripe_account_id != account_id)]
    if not unrecorded_is_same:
        other.append(ClientRow.stripe_account_id.is_(None))
    return and_(ClientRow.stripe_customer_id.is_not(None), or_(*other))


def _foreign_methods(account_id: str, livemode: bool,
                     unrecorded_is_same: bool) -> ColumnElement[bool]:
    foreign_owner = select(ClientRow.id).where(
        _foreign_clients(account_id, livemode, unrecorded_is_same))
    unlinked_owner = select(ClientRow.id).where(ClientRow.stripe_customer_id.is_(None))
    return or_(PaymentMethodRow.livemode != livemode,
               PaymentMethodRow.client_id.in_(foreign_owner),
               PaymentMethodRow.client_id.in_(unlinked_owner))


class StripeLinkRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def count_foreign(self, account_id: str, livemode: bool, *,
                      unrecorded_is_same: bool = False) -> LinkCounts:
        """How many links a switch to (account_id, livemode) would cut."""
        clients = self._session.scalar(
            select(func.count()).select_from(ClientRow)
            .where(_foreign_clients(account_id, livemode, unrecorded_is_same))) or 0
        methods = self._session.scalar(
            select(func.count()).select_from(PaymentMethodRow)
            .where(_foreign_methods(account_id, livemode, unrecorded_is_same))) or 0
        return LinkCounts(clients, methods)

    def unlink_foreign(self, account_id: str, livemode: bool, *,
                       unrecorded_is_same: bool = False) -> LinkCounts:
        """Forget cached payment methods and Customer ids of any other account or mode."""
        counts = self.count_foreign(account_id, livemode, unrecorded_is_same=unrecorded_is_same)
        doomed = select(PaymentMethodRow.id).where(
            _foreign_methods(account_id, livemode, unrecorded_is_same))
        # Defaults first: the FK would do it on delete, but only where the database enforces it.
        self._session.execute(
            update(ClientRow).where(ClientRow.default_payment_method_id.in_(doomed))
            .values(default_payment_method_id=None))
        self._session.execute(
            delete(PaymentMethodRow).where(PaymentMethodRow.id.in_(doomed))
            .execution_options(synchronize_session=False))
        self._session.execute(
            update(ClientRow).where(_foreign_clients(account_id, livemode, unrecorded_is_same))
            .values(stripe_customer_id=None, stripe_livemode=None, stripe_account_id=None)
            .execution_options(synchronize_session=False))
        self._session.flush()
        return counts

    def adopt_unrecorded(self, account_id: str, livemode: bool) -> int:
        """Record ``account_id`` on links of this mode that were made without one."""
        result = self._session.execute(
            update(ClientRow).where(ClientRow.stripe_customer_id.is_not(None),
                                    ClientRow.stripe_account_id.is_(None),
                                    ClientRow.stripe_livemode == livemode)
            .values(stripe_account_id=account_id)
            .execution_options(synchronize_session=False))
        self._session.flush()
        return int(getattr(result, "rowcount", 0) or 0)
