"""Each client's link to a Stripe customer: the only writer of the ``stripe_*`` columns of
``clients``.

A link always records the Stripe account and mode it was made in (``StripeAccount``): ids mean
something only inside one account and mode, so when the clinic connects another account or
switches mode, every link made under the old one is cut (``unlink_foreign``) and nothing
reuses a foreign id. Links left without an account by an older version are re-verified by the
sync (``unverified``): until then they are neither this account's nor foreign.

Writes are compare-and-set (``UPDATE … WHERE stripe_customer_id IS NULL``), so two processes
linking the same client at once agree on one customer. Never commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, not_, or_, select, update
from sqlalchemy.orm import Session

from owl_desktop.domain.stripe_records import CustomerLink, StripeAccount
from owl_desktop.store.change_journal_repo import EVERYTHING, note
from owl_desktop.store.models import ClientRow


@dataclass(frozen=True)
class LinkCounts:
    clients: int
    payment_methods: int


def _link(row: ClientRow | tuple[int, str, bool | None, str | None]) -> CustomerLink:
    if isinstance(row, ClientRow):
        return CustomerLink(row.id, row.stripe_customer_id or "", row.stripe_livemode,
                            row.stripe_account_id)
    return CustomerLink(row[0], row[1], row[2], row[3])


def _foreign(account: StripeAccount) -> ColumnElement[bool]:
    """Clients linked in another account or mode. A link whose account wasn't recorded (an
    older version) isn't foreign unless its mode differs: the sync verifies it."""
    # Spelled out so that no comparison meets a NULL (SQL's NULL would silently drop rows).
    return and_(ClientRow.stripe_customer_id.is_not(None), or_(
        and_(ClientRow.stripe_livemode.is_not(None),
             ClientRow.stripe_livemode != account.livemode),
        and_(ClientRow.stripe_account_id.is_not(None),
             ClientRow.stripe_account_id != account.id)))


class CustomerLinkRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # Reading ------------------------------------------------------------------------------

    def link_of(self, client_id: int) -> CustomerLink | None:
        row = self._session.execute(
            select(ClientRow.id, ClientRow.stripe_customer_id, ClientRow.stripe_livemode,
                   ClientRow.stripe_account_id).where(ClientRow.id == client_id)).first()
        if row is None or not row[1]:
            return None
        return _link(tuple(row))  # type: ignore[arg-type]

    def customer_of(self, client_id: int) -> str | None:
        link = self.link_of(client_id)
        return None if link is None else link.customer_id

    def client_for_customer(self, customer_id: str) -> int | None:
        return self._session.scalar(
            select(ClientRow.id).where(ClientRow.stripe_customer_id == customer_id)
            .order_by(ClientRow.id).limit(1))

    def linked(self) -> list[CustomerLink]:
        """Every linked client, by client id (the full reconcile's order)."""
        rows = self._session.execute(
            select(ClientRow.id, ClientRow.stripe_customer_id, ClientRow.stripe_livemode,
                   ClientRow.stripe_account_id)
            .where(ClientRow.stripe_customer_id.is_not(None)).order_by(ClientRow.id))
        return [_link(tuple(r)) for r in rows if r[1]]  # type: ignore[arg-type]

    def unverified(self) -> list[CustomerLink]:
        """Links made without a recorded account (older versions): the sync checks them."""
        return [link for link in self.linked() if link.account_id is None]

    def generation(self, client_id: int) -> int:
        """Customer creations started for this client so far (see core/customers.py)."""
        return self._session.scalar(
            select(ClientRow.stripe_customer_generation).where(ClientRow.id == client_id)) or 0

    def linked_to(self, account: StripeAccount) -> Select[Any]:
        """The ids of clients linked within ``account``, or not yet verified (a subquery for
        other repositories)."""
        return select(ClientRow.id).where(ClientRow.stripe_customer_id.is_not(None),
                                          not_(_foreign(account)))

    def count_foreign(self, account: StripeAccount) -> int:
        return self._session.scalar(
            select(func.count()).select_from(ClientRow).where(_foreign(account))) or 0

    # Writing ------------------------------------------------------------------------------

    def link(self, client_id: int, customer_id: str, account: StripeAccount,
             now: datetime) -> str | None:
        """Link the client to ``customer_id`` unless it is linked already. Returns the
        customer the client is linked to afterwards (this one, or the one another process
        linked first); None when the client no longer exists."""
        self._session.execute(
            update(ClientRow)
            .where(ClientRow.id == client_id, ClientRow.stripe_customer_id.is_(None))
            .values(stripe_customer_id=customer_id, stripe_livemode=account.livemode,
                    stripe_account_id=account.id, updated_at=now)
            .execution_options(synchronize_session=False))
        self._session.expire_all()
        note(self._session, client_id)
        return self.customer_of(client_id)

    def unlink(self, client_id: int, customer_id: str, now: datetime) -> bool:
        """Forget the link, if it still names ``customer_id`` (its customer was deleted)."""
        result = self._session.execute(
            update(ClientRow)
            .where(ClientRow.id == client_id, ClientRow.stripe_customer_id == customer_id)
            .values(stripe_customer_id=None, stripe_livemode=None, stripe_account_id=None,
                    updated_at=now)
            .execution_options(synchronize_session=False))
        self._session.expire_all()
        note(self._session, client_id)
        return bool(getattr(result, "rowcount", 0))

    def record_account(self, client_id: int, customer_id: str, account: StripeAccount) -> None:
        """A link of an older version, verified: the customer exists in ``account``."""
        self._session.execute(
            update(ClientRow)
            .where(ClientRow.id == client_id, ClientRow.stripe_customer_id == customer_id)
            .values(stripe_account_id=account.id, stripe_livemode=account.livemode)
            .execution_options(synchronize_session=False))
        self._session.expire_all()

    def raise_generation(self, client_id: int, generation: int) -> None:
        """Record that creation number ``generation`` was started (never lowers it)."""
        self._session.execute(
            update(ClientRow)
            .where(ClientRow.id == client_id,
                   ClientRow.stripe_customer_generation < generation)
            .values(stripe_customer_generation=generation)
            .execution_options(synchronize_session=False))
        self._session.expire_all()

    def unlink_foreign(self, account: StripeAccount) -> int:
        """Cut every link made in another account or mode (the caller dropped their cached
        payment methods first). Returns how many."""
        result = self._session.execute(
            update(ClientRow).where(_foreign(account))
            .values(stripe_customer_id=None, stripe_livemode=None, stripe_account_id=None)
            .execution_options(synchronize_session=False))
        self._session.expire_all()
        note(self._session, EVERYTHING)
        return int(getattr(result, "rowcount", 0) or 0)
