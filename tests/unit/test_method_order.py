"""Issue 12, item 6: every desk (and the portal) lists a client's methods in one order."""

from __future__ import annotations

from owl_desktop.domain.payment_methods import ACTIVE, StoredPaymentMethod, display_order


def _method(local_id: int, stripe_id: str, created: int, *, default: bool = False
            ) -> StoredPaymentMethod:
    return StoredPaymentMethod(id=local_id, client_id=1, stripe_id=stripe_id, type="card",
                               last4="4242", status=ACTIVE, is_default=default,
                               stripe_created=created)


def test_default_first_then_newest_by_stripes_created() -> None:
    visa = _method(1, "pm_visa", 100)
    amex = _method(2, "pm_amex", 300)
    mastercard = _method(3, "pm_mc", 200, default=True)
    assert [m.stripe_id for m in display_order([visa, amex, mastercard])] == [
        "pm_mc", "pm_amex", "pm_visa"]


def test_the_same_on_desks_whose_local_ids_differ() -> None:
    # Same second at Stripe: its id decides, not the desk's own row ids.
    here = [_method(1, "pm_b", 100), _method(2, "pm_a", 100)]
    there = [_method(7, "pm_a", 100), _method(9, "pm_b", 100)]
    assert [m.stripe_id for m in display_order(here)] == \
        [m.stripe_id for m in display_order(there)] == ["pm_a", "pm_b"]
