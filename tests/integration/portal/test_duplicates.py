"""The portal when a client adds a card they already have on file (issue 12, item 3): the same
service rule as the desk, offered on the account page; keeping only the one on file detaches the
new one at Stripe at once. Starlette's TestClient, both databases, the Stripe sandbox."""

from __future__ import annotations

import stripe
from starlette.testclient import TestClient

from tests.integration.portal.conftest import Portal, account_csrf


def add_card(browser: TestClient, stripe_client: stripe.StripeClient,
             payment_method: str = "pm_card_visa") -> str:
    """What the page does (Stripe.js's part done server-side): the redirect it is sent to."""
    token = account_csrf(browser)
    made = browser.post("/account/setups", data={"csrf": token, "kind": "card"}).json()
    stripe_client.v1.setup_intents.confirm(made["id"], params={"payment_method": payment_method})
    done = browser.post(f"/account/setups/{made['id']}/complete", data={"csrf": token}).json()
    assert done["ok"], done
    return str(done["redirect"])


def test_the_same_card_again_offers_to_keep_only_the_one_on_file(
        portal: Portal, stripe_client: stripe.StripeClient) -> None:
    browser = portal.signed_in()
    assert add_card(browser, stripe_client) == "/account?notice=added"
    assert add_card(browser, stripe_client, "pm_card_mastercard") == "/account?notice=added"
    again = add_card(browser, stripe_client)
    first, new = (m for m in portal.methods.list_for_client(portal.noor) if m.last4 == "4242")
    assert again == f"/account?duplicate={new.id}"
    page = browser.get(again).text
    assert "This card is already on file" in page
    assert "Visa •••• 4242 was saved" in page
    assert f'action="/account/methods/{new.id}/keep-existing"' in page
    assert 'id="keep-both"' in page

    answer = browser.post(f"/account/methods/{new.id}/keep-existing",
                          data={"csrf": account_csrf(browser)})
    assert answer.headers["location"] == "/account?notice=duplicate_removed"
    left = portal.methods.list_for_client(portal.noor)
    assert [m.last4 for m in left] == ["4242", "4444"]
    assert left[0].id == first.id
    assert left[0].is_default
    # The portal has no sync: the detach reached Stripe at once.
    assert stripe_client.v1.payment_methods.retrieve(new.stripe_id).customer is None
    assert "only the payment method already on file is kept" in browser.get(
        "/account?notice=duplicate_removed").text
    # The choice is gone once it no longer applies.
    assert "already on file" not in browser.get(again).text


def test_the_choice_in_french_and_only_for_the_clients_own_method(
        portal: Portal, stripe_client: stripe.StripeClient) -> None:
    browser = portal.signed_in(**{"accept-language": "fr-CA"})
    add_card(browser, stripe_client)
    again = add_card(browser, stripe_client)
    page = browser.get(again).text
    assert "Cette carte est déjà au dossier" in page
    assert "Garder seulement celui au dossier" in page
    new_id = again.rsplit("=", 1)[1]

    other = portal.signed_in("sami@example.com", "another long passphrase")
    assert "au dossier" not in other.get(again).text  # another client's id: nothing offered
    refused = other.post(f"/account/methods/{new_id}/keep-existing",
                         data={"csrf": account_csrf(other)})
    assert refused.headers["location"] == "/account?notice=not_found"
    no_token = browser.post(f"/account/methods/{new_id}/keep-existing", data={"csrf": "x"})
    assert no_token.status_code == 403
    assert len(portal.methods.list_for_client(portal.noor)) == 2


def test_removed_at_the_desk_meanwhile_keeps_the_new_one(
        portal: Portal, stripe_client: stripe.StripeClient) -> None:
    browser = portal.signed_in()
    add_card(browser, stripe_client)
    again = add_card(browser, stripe_client)
    first, new = portal.methods.list_for_client(portal.noor)
    portal.methods.remove(portal.noor, first.id)
    answer = browser.post(f"/account/methods/{new.id}/keep-existing",
                          data={"csrf": account_csrf(browser)})
    assert answer.headers["location"] == "/account?notice=not_a_duplicate"
    assert [m.id for m in portal.methods.list_for_client(portal.noor)] == [new.id]
    assert "already on file" not in browser.get(again).text
