"""Issue 12, item 3 through the sync: a method another desk (or Stripe) added comes in with
its fingerprint, so adding the same card here afterwards is recognised; a cached method
without one (stored by an older version) gets it at the next full reconcile."""

from __future__ import annotations

import stripe
from sqlalchemy import update

from owl_desktop.store.models import PaymentMethodRow
from tests.integration.payments.conftest import confirm_card
from tests.integration.sync.conftest import DeskFactory
from tests.integration.sync.desk import add_client, attach_card, link, new_customer


def test_a_card_from_another_desk_is_recognised_when_added_again_here(
        desk_factory: DeskFactory, stripe_client: stripe.StripeClient) -> None:
    a = desk_factory("A")
    client_id = add_client(a, "Élise", email="elise@example.com")
    customer = new_customer(stripe_client, "Élise Tremblay", client_id)
    link(a, client_id, customer)
    elsewhere = attach_card(stripe_client, customer)  # Visa 4242, added at another desk
    a.sync()
    [synced] = a.methods.list_for_client(client_id)
    assert synced.stripe_id == elsewhere
    assert synced.fingerprint
    a.methods.set_default(client_id, synced.id)

    # Forget it, as a version that kept no fingerprint would have: a full reconcile refills it.
    with a.uow() as uow:
        uow.session.execute(update(PaymentMethodRow).values(fingerprint=""))
        uow.commit()
    assert not a.methods.list_for_client(client_id)[0].fingerprint
    a.sync(force_full=True)
    assert a.methods.list_for_client(client_id)[0].fingerprint == synced.fingerprint

    si = a.methods.start_setup(client_id, "card")
    confirm_card(stripe_client, si.id)
    here = a.methods.complete_setup(client_id, si.id)
    on_file = a.methods.duplicate_of(client_id, here.id)
    assert on_file is not None
    assert on_file.stripe_id == elsewhere
