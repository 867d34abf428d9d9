"""confirmCardSetup / confirmAcssDebitSetup of the Stripe.js double against the real sandbox API.

The server side of each flow is stripe-python's StripeClient (creating customers and SetupIntents,
checking what got saved); the browser side is the double in real QtWebEngine.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse
import urllib.request
from typing import Any

import pytest

from tests.gui.sandbox_js.conftest import PUBLISHABLE_KEY, JsHost, wait_until

NAME = "Ada Lovelace"
EMAIL = "ada@example.com"


@pytest.fixture
def host(js_host: JsHost) -> JsHost:
    js_host.load(locale="en")
    return js_host


def card_setup_intent(stripe_api: Any) -> Any:
    customer = stripe_api.v1.customers.create(params={"name": NAME, "email": EMAIL})
    return stripe_api.v1.setup_intents.create(params={
        "customer": customer.id, "allowed_payment_method_types": ["card"], "usage": "off_session"})


def acss_setup_intent(stripe_api: Any, verification_method: str) -> Any:
    customer = stripe_api.v1.customers.create(params={"name": NAME, "email": EMAIL})
    return stripe_api.v1.setup_intents.create(params={
        "customer": customer.id, "allowed_payment_method_types": ["acss_debit"],
        "payment_method_options": {"acss_debit": {
            "currency": "cad", "verification_method": verification_method,
            "mandate_options": {"payment_schedule": "sporadic", "transaction_type": "personal"}}}})


def fill_card(host: JsHost, number: str, cvc: str = "123") -> None:
    host.type("cardNumber", number)
    host.type("cardExpiry", f"12{(dt.date.today().year + 3) % 100:02d}")
    host.type("cardCvc", cvc)
    wait_until(lambda: all((host.last_change(t) or {}).get("complete")
                           for t in ("cardNumber", "cardExpiry", "cardCvc")), what="complete card")


def confirm_card(host: JsHost, client_secret: str, name: str = "confirm") -> None:
    host.run(name, f"""return stripe.confirmCardSetup({json.dumps(client_secret)}, {{
        payment_method: {{card: cards.cardNumber, billing_details: {{
            name: {json.dumps(NAME)}, email: {json.dumps(EMAIL)},
            address: {{postal_code: 'H2X 1Y4', country: 'CA'}}}}}}}});""")


def confirm_acss(host: JsHost, client_secret: str, name: str = "acss",
                 expand: list[str] | None = None) -> None:
    host.run(name, f"""return stripe.confirmAcssDebitSetup({json.dumps(client_secret)}, {{
        payment_method: {{billing_details: {{name: {json.dumps(NAME)},
                                             email: {json.dumps(EMAIL)}}}}},
        expand: {json.dumps(expand)} || undefined}});""")


def resolved(result: dict[str, Any]) -> dict[str, Any]:
    assert "rejected" not in result, result
    value: dict[str, Any] = result["resolved"]
    assert set(value) in ({"setupIntent"}, {"error"}), value
    return value


# What Stripe.js resolves when the customer closes its bank dialog before accepting (Stripe's
# guide; @stripe/stripe-js: a SetupIntentResult with an error, no SetupIntent).
CLOSED_UNACCEPTED = {"error": {"type": "validation_error", "code": "incomplete_payment_details",
                               "message": "Please provide complete payment details."}}


def closed_unaccepted(result: dict[str, Any]) -> bool:
    return resolved(result) == CLOSED_UNACCEPTED


# ---- cards ---------------------------------------------------------------------------------


def test_confirm_card_setup_saves_the_card(host: JsHost, stripe_api: Any) -> None:
    seti = card_setup_intent(stripe_api)
    fill_card(host, "4242424242424242")
    # Every request the host page makes is logged: the card must not be in any of them.
    host.eval("""window.fetchLog = []; var realFetch = window.fetch;
        window.fetch = function (url, init) {
          window.fetchLog.push(String(url) + ' ' + String(init && init.body || ''));
          return realFetch.apply(this, arguments); }; true""")
    confirm_card(host, seti.client_secret)
    intent = resolved(host.result("confirm"))["setupIntent"]
    log = host.eval_json("window.fetchLog")
    assert any(f"/v1/setup_intents/{seti.id}/confirm" in entry for entry in log), log
    assert not any("4242" in entry for entry in log), log
    assert intent["id"] == seti.id
    assert intent["status"] == "succeeded"
    assert intent["payment_method"].startswith("pm_")
    saved = stripe_api.v1.payment_methods.retrieve(intent["payment_method"])
    assert saved.customer == seti.customer
    assert saved.card.brand == "visa"
    assert saved.card.last4 == "4242"
    assert saved.card.exp_month == 12
    assert saved.billing_details.name == NAME
    assert saved.billing_details.address.postal_code == "H2X 1Y4"
    assert host.console_errors() == []


def test_declined_card_resolves_stripes_error_shape(host: JsHost, stripe_api: Any) -> None:
    seti = card_setup_intent(stripe_api)
    fill_card(host, "4000000000000002")
    confirm_card(host, seti.client_secret)
    error = resolved(host.result("confirm"))["error"]
    assert error["type"] == "card_error"
    assert error["code"] == "card_declined"
    assert error["decline_code"] == "generic_decline"
    assert error["message"] == "Your card was declined."
    assert error["setup_intent"]["id"] == seti.id
    assert error["setup_intent"]["status"] == "requires_payment_method"
    assert stripe_api.v1.setup_intents.retrieve(seti.id).status == "requires_payment_method"


def test_amex_with_4_digit_cvc_is_saved(host: JsHost, stripe_api: Any) -> None:
    seti = card_setup_intent(stripe_api)
    fill_card(host, "378282246310005", cvc="1234")
    confirm_card(host, seti.client_secret)
    intent = resolved(host.result("confirm"))["setupIntent"]
    saved = stripe_api.v1.payment_methods.retrieve(intent["payment_method"])
    assert (saved.card.brand, saved.card.last4) == ("amex", "0005")


def test_confirm_with_an_existing_payment_method_id(host: JsHost, stripe_api: Any) -> None:
    seti = card_setup_intent(stripe_api)
    host.run("confirm", f"return stripe.confirmCardSetup({json.dumps(seti.client_secret)}, "
                        "{payment_method: 'pm_card_mastercard'});")
    intent = resolved(host.result("confirm"))["setupIntent"]
    assert intent["status"] == "succeeded"


def test_api_failures_resolve_errors_and_a_retry_succeeds(host: JsHost, stripe_api: Any,
                                                         js_sandbox: Any) -> None:
    seti = card_setup_intent(stripe_api)
    fill_card(host, "4242424242424242")
    try:
        js_sandbox.faults.set(error_500_rate=1.0)
        confirm_card(host, seti.client_secret, "e500")
        error = resolved(host.result("e500"))["error"]
        assert error["type"] == "api_error"
        js_sandbox.faults.clear()
        js_sandbox.faults.set(drop_connections_rate=1.0)
        confirm_card(host, seti.client_secret, "dropped")
        error = resolved(host.result("dropped"))["error"]
        assert error["type"] == "api_connection_error"
        assert error["message"]
    finally:
        js_sandbox.faults.clear()
    confirm_card(host, seti.client_secret, "retry")
    assert resolved(host.result("retry"))["setupIntent"]["status"] == "succeeded"


def test_create_payment_method_from_the_card_fields(host: JsHost, stripe_api: Any) -> None:
    fill_card(host, "5555555555554444")
    host.run("pm", "return stripe.createPaymentMethod({type: 'card', card: cards.cardNumber, "
                   f"billing_details: {{name: {json.dumps(NAME)}}}}});")
    result = host.result("pm")
    assert "rejected" not in result, result
    pm = result["resolved"]["paymentMethod"]
    assert pm["id"].startswith("pm_")
    assert (pm["card"]["brand"], pm["card"]["last4"]) == ("mastercard", "4444")
    assert "5555555555554444" not in json.dumps(pm)
    assert stripe_api.v1.payment_methods.retrieve(pm["id"]).billing_details.name == NAME


def test_3ds_challenge_completed_by_the_customer(host: JsHost, stripe_api: Any,
                                                 js_sandbox: Any) -> None:
    seti = card_setup_intent(stripe_api)
    fill_card(host, "4000002500003155")
    confirm_card(host, seti.client_secret)
    assert host.wait_js("window.__stripeSandbox.modal() === 'threeDS'")
    frame = host.modal_frame("3ds.html")
    assert frame.url().toString().startswith(js_sandbox.url + "/v3/3ds.html#")
    assert host.eval("document.querySelector('[data-owl-stripe-modal] iframe')"
                     ".contentDocument === null")
    wait_until(lambda: host.frame_eval(frame, "document.getElementById('complete').textContent")
               == "Complete authentication", what="the challenge page")
    assert host.eval("window.results.confirm === undefined")  # still waiting for the customer
    host.frame_eval(frame, "document.getElementById('complete').click(); true")
    intent = resolved(host.result("confirm"))["setupIntent"]
    assert intent["status"] == "succeeded"
    assert host.eval("document.querySelectorAll('[data-owl-stripe-modal]').length") == 0
    saved = stripe_api.v1.payment_methods.retrieve(intent["payment_method"])
    assert saved.customer == seti.customer


def test_3ds_challenge_failed_resolves_an_authentication_error(js_host: JsHost,
                                                               stripe_api: Any) -> None:
    js_host.load(locale="fr")
    seti = card_setup_intent(stripe_api)
    fill_card(js_host, "4000002760003184")
    confirm_card(js_host, seti.client_secret)
    frame = js_host.modal_frame("3ds.html")
    wait_until(lambda: js_host.frame_eval(frame, "document.getElementById('fail').textContent")
               == "\u00c9chouer l\u2019authentification", what="the French challenge page")
    assert js_host.eval_json("window.__stripeSandbox.threeDS('fail').then(ok => ok) && true")
    error = resolved(js_host.result("confirm"))["error"]
    assert error["code"] == "setup_intent_authentication_failure"
    assert error["type"] == "invalid_request_error"
    assert error["setup_intent"]["id"] == seti.id
    assert error["setup_intent"]["status"] == "requires_payment_method"
    assert js_host.eval("window.__stripeSandbox.modal()") in (None, "")


def test_closing_the_3ds_challenge_fails_authentication(host: JsHost, stripe_api: Any) -> None:
    seti = card_setup_intent(stripe_api)
    fill_card(host, "4000002500003155")
    confirm_card(host, seti.client_secret)
    frame = host.modal_frame("3ds.html")
    wait_until(lambda: host.frame_eval(frame, "document.getElementById('close').title")
               == "Close", what="the challenge page")
    host.frame_eval(frame, "document.getElementById('close').click(); true")
    error = resolved(host.result("confirm"))["error"]
    assert error["code"] == "setup_intent_authentication_failure"


def test_handle_actions_false_leaves_3ds_to_handle_next_action(host: JsHost,
                                                               stripe_api: Any) -> None:
    seti = card_setup_intent(stripe_api)
    secret = json.dumps(seti.client_secret)
    fill_card(host, "4000002500003155")
    host.run("confirm", f"return stripe.confirmCardSetup({secret}, "
                        "{payment_method: {card: cards.cardNumber}}, {handleActions: false});")
    intent = resolved(host.result("confirm"))["setupIntent"]
    assert intent["status"] == "requires_action"
    assert intent["next_action"]["type"] == "use_stripe_sdk"
    assert host.eval("window.__stripeSandbox.modal()") in (None, "")
    host.run("next", f"return stripe.handleNextAction({{clientSecret: {secret}}});")
    assert host.wait_js("window.__stripeSandbox.modal() === 'threeDS'")
    assert host.eval_json("window.__stripeSandbox.threeDS('complete') && true")
    assert resolved(host.result("next"))["setupIntent"]["status"] == "succeeded"


def number_traces(js_sandbox: Any) -> tuple[set[str], set[tuple[Any, Any]], int]:
    """PaymentMethod ids, (last4, fingerprint) pairs and event count in the sandbox's memory."""
    pms = [o for account in js_sandbox.state.accounts.values()
           for o in account.objects.values() if o.get("object") == "payment_method"]
    details = {(o[o["type"]]["last4"], o[o["type"]]["fingerprint"]) for o in pms}
    events = sum(len(account.events) for account in js_sandbox.state.accounts.values())
    return {o["id"] for o in pms}, details, events


def test_a_real_card_is_refused_and_leaves_nothing(host: JsHost, stripe_api: Any,
                                                   js_sandbox: Any) -> None:
    # Luhn-valid, right length, not a Stripe test card: what a trainee might type for a client.
    seti = card_setup_intent(stripe_api)
    before = number_traces(js_sandbox)
    fill_card(host, "4532015112830366")
    confirm_card(host, seti.client_secret)
    error = resolved(host.result("confirm"))["error"]
    assert error["type"] == "card_error"
    assert error["code"] == "card_declined"
    assert error["decline_code"] == "test_mode_live_card"
    assert error["message"] == ("Your card was declined. Your request was in test mode, but "
                                "used a non test (live) card. For a list of valid test cards, "
                                "visit: https://stripe.com/docs/testing.")
    assert number_traces(js_sandbox) == before
    # (Exact field match: random ids and timestamps may contain any 4 digits.)
    state = json.dumps(js_sandbox.state.to_json())
    assert "4532015112830366" not in state
    assert not re.search(r'"last4":\s*"0366"', state)
    again = stripe_api.v1.setup_intents.retrieve(seti.id)
    assert again.status == "requires_payment_method"
    assert again.payment_method is None


# ---- Canadian pre-authorized debit ---------------------------------------------------------


def fill_bank(host: JsHost, institution: str, transit: str, account: str) -> Any:
    """Types the numbers into the sandbox-origin modal (as the customer would), not the host."""
    frame = host.modal_frame("acss.html")
    wait_until(lambda: host.frame_eval(frame, "document.getElementById('name').value === "
                                              f"{json.dumps(NAME)} && !document.getElementById("
                                              "'bank-fields').hidden"),
               what="the bank form")
    host.frame_eval(frame, f"""(function () {{
        var values = {{institution: {json.dumps(institution)}, transit: {json.dumps(transit)},
                      account: {json.dumps(account)}}};
        Object.keys(values).forEach(function (id) {{
          var input = document.getElementById(id);
          input.value = values[id];
          input.dispatchEvent(new Event('input', {{bubbles: true}}));
        }});
        return true; }})()""")
    return frame


def record_host_messages(host: JsHost) -> None:
    """Keeps every message the host page's window receives (to show what it never sees)."""
    host.eval("window.hostMessages = []; window.addEventListener('message', function (e) {"
              " window.hostMessages.push(JSON.stringify(e.data)); }); true")


def test_acss_bank_login_by_hand_saves_a_verified_account(host: JsHost, stripe_api: Any,
                                                          js_sandbox: Any) -> None:
    seti = acss_setup_intent(stripe_api, "automatic")
    record_host_messages(host)
    confirm_acss(host, seti.client_secret, expand=["payment_method"])  # accepted, passed on
    frame = host.modal_frame("acss.html")
    assert frame.url().toString().startswith(js_sandbox.url + "/v3/acss.html#")
    wait_until(lambda: host.frame_eval(frame, "!document.getElementById('choice').hidden"),
               what="the choice of bank login or manual entry")
    assert host.frame_eval(frame, "document.getElementById('accept').hidden")
    host.frame_eval(frame, "document.getElementById('login-bank').click(); true")
    host.popup()
    assert host.popup_eval("location.href").startswith(js_sandbox.url + "/v3/bank-login.html#")
    wait_until(lambda: host.popup_eval("document.getElementById('account-success') !== null && "
                                       "document.getElementById('label-success').textContent"),
               what="the test bank's accounts")
    assert host.popup_eval("document.getElementById('connect').disabled")
    host.popup_eval("document.getElementById('account-success').click(); "
                    "document.getElementById('connect').click(); true")
    wait_until(lambda: not host.page.popups, what="the bank window to close itself")
    wait_until(lambda: host.frame_eval(frame, "!document.getElementById('connected').hidden"),
               what="the connected account")
    connected = host.frame_eval(frame, "document.getElementById('connected').textContent")
    assert "6789" in connected
    assert "STRIPE TEST BANK" in connected
    assert "pre-authorized debit" in host.frame_eval(
        frame, "document.getElementById('mandate-text').textContent")
    host.frame_eval(frame, "document.getElementById('accept').click(); true")
    intent = resolved(host.result("acss"))["setupIntent"]
    assert intent["status"] == "succeeded"
    assert intent["payment_method"]["acss_debit"]["last4"] == "6789"  # expanded for the page
    saved = stripe_api.v1.setup_intents.retrieve(seti.id, params={"expand": ["payment_method"]})
    assert saved.payment_method.type == "acss_debit"
    assert saved.payment_method.customer == saved.customer
    assert saved.payment_method.billing_details.email == EMAIL
    mandate = stripe_api.v1.mandates.retrieve(saved.mandate)
    assert mandate.status == "active"
    assert mandate.customer_acceptance.type == "online"
    assert mandate.customer_acceptance.online.ip_address == "127.0.0.1"  # inferred by the API
    assert "000123456789" not in host.eval("JSON.stringify(window.results)")
    assert all("000123456789" not in m for m in host.eval_json("window.hostMessages"))


def test_acss_validates_lengths_then_cancel_resolves_stripes_validation_error(
        host: JsHost, stripe_api: Any) -> None:
    seti = acss_setup_intent(stripe_api, "microdeposits")
    confirm_acss(host, seti.client_secret)
    frame = fill_bank(host, "12", "1100", "123456")
    host.frame_eval(frame, "document.getElementById('accept').click(); true")
    errors = host.frame_eval(frame, "['institution', 'transit', 'account'].map(function (n) {"
                                    " return document.getElementById(n + '-error').textContent;"
                                    " }).join('|')")
    assert errors == ("The institution number must be 3 digits.|The transit number must be 5 "
                      "digits.|The account number must be 7 to 12 digits.")
    assert host.eval("window.results.acss === undefined")
    assert host.eval_json("window.__stripeSandbox.acss('cancel') && true")
    assert closed_unaccepted(host.result("acss"))
    intent = stripe_api.v1.setup_intents.retrieve(seti.id)
    assert intent.status == "requires_payment_method"
    assert intent.payment_method is None
    assert host.eval("document.querySelectorAll('[data-owl-stripe-modal]').length") == 0


@pytest.mark.parametrize(("locale", "message"), [
    ("en", "Only Stripe\u2019s test bank accounts work in the sandbox: institution 000, transit "
           "11000 and a test account number such as 000123456789."),
    ("fr-CA", "Seuls les comptes bancaires de test de Stripe fonctionnent dans le bac \u00e0 "
              "sable\u00a0: institution 000, transit 11000 et un num\u00e9ro de compte de test "
              "comme 000123456789."),
])
def test_acss_real_account_is_refused_in_the_dialog_and_leaves_nothing(
        js_host: JsHost, stripe_api: Any, js_sandbox: Any, locale: str, message: str) -> None:
    js_host.load(locale=locale)
    seti = acss_setup_intent(stripe_api, "microdeposits")
    before = number_traces(js_sandbox)
    confirm_acss(js_host, seti.client_secret)
    frame = fill_bank(js_host, "000", "11000", "5038291746")
    js_host.frame_eval(frame, "document.getElementById('accept').click(); true")
    wait_until(lambda: js_host.frame_eval(
        frame, "document.getElementById('form-error').textContent") == message,
        what="the dialog to say only test accounts work")
    assert js_host.frame_eval(frame, "document.getElementById('account').classList"
                                     ".contains('invalid')")
    assert js_host.eval("window.results.acss === undefined")  # the customer can fix it
    assert number_traces(js_sandbox) == before
    assert not re.search(r'"last4":\s*"1746"', json.dumps(js_sandbox.state.to_json()))
    js_host.eval("window.__stripeSandbox.acss('cancel'); true")
    assert closed_unaccepted(js_host.result("acss"))


def test_acss_microdeposits_then_verification(host: JsHost, stripe_api: Any) -> None:
    seti = acss_setup_intent(stripe_api, "microdeposits")
    confirm_acss(host, seti.client_secret)
    assert host.eval_json("window.__stripeSandbox.acss('fill', {institution: '000', "
                          "transit: '11000', account: '000123456789'}) && true")
    wait_until(lambda: host.frame_eval(host.modal_frame("acss.html"),
                                       "document.getElementById('account').value")
               == "000123456789", what="the hook to fill the form")
    host.eval("window.__stripeSandbox.acss('accept'); true")
    intent = resolved(host.result("acss"))["setupIntent"]
    assert intent["status"] == "requires_action"
    assert intent["next_action"]["type"] == "verify_with_microdeposits"
    secret = json.dumps(seti.client_secret)

    host.run("wrong", f"return stripe.verifyMicrodepositsForSetup({secret}, {{amounts: [1, 2]}});")
    error = resolved(host.result("wrong"))["error"]
    assert error["type"] == "invalid_request_error"
    assert error["message"]

    host.run("verify", f"return stripe.verifyMicrodepositsForSetup({secret}, "
                       "{amounts: [32, 45]});")
    assert resolved(host.result("verify"))["setupIntent"]["status"] == "succeeded"
    assert stripe_api.v1.setup_intents.retrieve(seti.id).status == "succeeded"


def test_acss_french_modal(js_host: JsHost, stripe_api: Any) -> None:
    js_host.load(locale="fr-CA")
    seti = acss_setup_intent(stripe_api, "automatic")
    confirm_acss(js_host, seti.client_secret)
    frame = js_host.modal_frame("acss.html")
    wait_until(lambda: js_host.frame_eval(frame, "!document.getElementById('choice').hidden"),
               what="the choice")
    assert js_host.frame_eval(frame, "document.getElementById('login-bank-label').textContent") \
        == "Se connecter \u00e0 votre banque"
    assert js_host.eval_json("window.__stripeSandbox.acss('choose', 'manual') && true")
    frame = fill_bank(js_host, "000", "11000", "000123456789")
    labels = js_host.frame_eval(frame, "[document.getElementById('accept').textContent, "
                                       "document.getElementById('cancel').textContent].join('|')")
    assert labels == "Accepter|Annuler"
    assert "pr\u00e9l\u00e8vement pr\u00e9autoris\u00e9" in js_host.frame_eval(
        frame, "document.getElementById('mandate-text').textContent")
    js_host.eval("window.__stripeSandbox.acss('cancel'); true")
    assert closed_unaccepted(js_host.result("acss"))


def test_acss_with_an_attached_payment_method_asks_only_for_the_mandate(
        host: JsHost, stripe_api: Any, js_sandbox: Any) -> None:
    # A bank PaymentMethod made the way Stripe.js makes one (publishable key, form body).
    body = urllib.parse.urlencode({
        "type": "acss_debit", "acss_debit[institution_number]": "000",
        "acss_debit[transit_number]": "11000", "acss_debit[account_number]": "000123456789",
        "billing_details[name]": NAME, "billing_details[email]": EMAIL}).encode()
    request = urllib.request.Request(f"{js_sandbox.url}/v1/payment_methods", data=body,
                                     headers={"Authorization": f"Bearer {PUBLISHABLE_KEY}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        pm_id = json.load(response)["id"]
    seti = acss_setup_intent(stripe_api, "instant")
    stripe_api.v1.setup_intents.update(seti.id, params={"payment_method": pm_id})
    host.run("acss", f"return stripe.confirmAcssDebitSetup({json.dumps(seti.client_secret)});")
    frame = host.modal_frame("acss.html")
    wait_until(lambda: host.frame_eval(frame, "document.getElementById('bank-fields').hidden && "
                                              "!document.getElementById('mandate-only').hidden"),
               what="the mandate-only dialog")
    assert host.frame_eval(frame, "document.getElementById('choice').hidden")
    host.frame_eval(frame, "document.getElementById('accept').click(); true")
    intent = resolved(host.result("acss"))["setupIntent"]
    assert intent["status"] == "succeeded"
    assert intent["payment_method"] == pm_id


def test_acss_confirm_refused_by_the_api_resolves_its_error(host: JsHost, stripe_api: Any) -> None:
    seti = acss_setup_intent(stripe_api, "microdeposits")
    stripe_api.v1.setup_intents.cancel(seti.id)
    confirm_acss(host, seti.client_secret)
    frame = fill_bank(host, "000", "11000", "000123456789")
    host.frame_eval(frame, "document.getElementById('accept').click(); true")
    error = resolved(host.result("acss"))["error"]
    assert error["type"] == "invalid_request_error"
    assert error["code"] == "setup_intent_unexpected_state"
    assert host.eval("document.querySelectorAll('[data-owl-stripe-modal]').length") == 0


# ---- instant verification through the sandbox hooks ---------------------------------------


def acss_hook(host: JsHost, action: str, fields: Any = None, name: str = "hook") -> bool:
    """Runs ``__stripeSandbox.acss(action, fields)`` and returns its answer."""
    host.run(name, f"return window.__stripeSandbox.acss({json.dumps(action)}, "
                   f"{json.dumps(fields)});")
    answer: bool = host.result(name)["resolved"]
    return answer


def test_acss_instant_hook_with_a_failing_test_account(host: JsHost, stripe_api: Any,
                                                       js_sandbox: Any) -> None:
    from owl_desktop.sandbox import testdata

    seti = acss_setup_intent(stripe_api, "automatic")
    confirm_acss(host, seti.client_secret)
    assert acss_hook(host, "instant", {"account": "insufficient_funds"}) is True
    assert not host.page.popups  # the bank window closed itself
    state = host.acss_state()
    assert state == {"screen": "connected", "verificationMethod": "automatic",
                     "loginOpen": False, "connected": True}
    assert acss_hook(host, "accept") is True
    intent = resolved(host.result("acss"))["setupIntent"]
    assert intent["status"] == "succeeded"  # verified at once; debits fail later
    pm_id = intent["payment_method"]
    assert stripe_api.v1.payment_methods.retrieve(pm_id).acss_debit.last4 == "2227"
    charge = stripe_api.v1.payment_intents.create(params={
        "amount": 2500, "currency": "cad", "customer": seti.customer, "payment_method": pm_id,
        "allowed_payment_method_types": ["acss_debit"], "off_session": True, "confirm": True})
    assert charge.status == "processing"
    js_sandbox.advance(testdata.PAD_SETTLE_SECONDS + 60)
    failed = stripe_api.v1.payment_intents.retrieve(charge.id)
    assert failed.status == "requires_payment_method"
    assert failed.last_payment_error.code == "insufficient_funds"


def test_acss_bank_window_closed_by_the_customer_then_cancel(host: JsHost,
                                                             stripe_api: Any) -> None:
    seti = acss_setup_intent(stripe_api, "automatic")
    confirm_acss(host, seti.client_secret)
    # The customer closes the bank's window (the host app's window manager).
    assert acss_hook(host, "choose", "instant") is True
    host.popup()
    assert (host.acss_state() or {}).get("loginOpen") is True
    host.page.close_popup(host.page.popups[0])
    wait_until(lambda: (host.acss_state() or {}).get("screen") == "choice",
               what="the choice to come back")
    frame = host.modal_frame("acss.html")
    assert host.frame_eval(frame, "document.getElementById('choice-error').textContent") == \
        "The bank window was closed before an account was connected."
    # Again, and this time the bank page's own Cancel (window.close()), through the hook.
    assert acss_hook(host, "choose", "instant", name="again") is True
    host.popup()
    assert acss_hook(host, "closeLogin", name="close") is True
    assert not host.page.popups
    assert host.eval("window.__stripeSandbox.modal()") == "acss"
    assert host.eval("window.results.acss === undefined")  # the dialog is still there
    host.eval("window.__stripeSandbox.acss('cancel'); true")
    assert closed_unaccepted(host.result("acss"))
    intent = stripe_api.v1.setup_intents.retrieve(seti.id)
    assert intent.status == "requires_payment_method"
    assert intent.payment_method is None
    customer_methods = stripe_api.v1.customers.payment_methods.list(seti.customer)
    assert customer_methods.data == []


def test_acss_cancel_while_the_bank_window_is_open_closes_it(host: JsHost,
                                                             stripe_api: Any) -> None:
    seti = acss_setup_intent(stripe_api, "instant")
    confirm_acss(host, seti.client_secret)
    assert acss_hook(host, "choose", "instant") is True
    host.popup()
    host.eval("window.__stripeSandbox.acss('cancel'); true")
    assert closed_unaccepted(host.result("acss"))
    wait_until(lambda: not host.page.popups, what="the bank window to close")


def test_acss_automatic_manual_entry_goes_to_microdeposits(host: JsHost,
                                                           stripe_api: Any) -> None:
    seti = acss_setup_intent(stripe_api, "automatic")
    confirm_acss(host, seti.client_secret)
    assert host.wait_js("window.__stripeSandbox.modal() === 'acss'")
    assert acss_hook(host, "accept") is False  # nothing to accept before an account
    assert acss_hook(host, "choose", "manual") is True
    assert (host.acss_state() or {}).get("screen") == "manual"
    assert acss_hook(host, "fill", {"institution": "000", "transit": "11000",
                                    "account": "000123456789"}) is True
    assert acss_hook(host, "accept", name="accept") is True
    intent = resolved(host.result("acss"))["setupIntent"]
    assert intent["status"] == "requires_action"
    assert intent["next_action"]["type"] == "verify_with_microdeposits"
    mandate = stripe_api.v1.mandates.retrieve(
        stripe_api.v1.setup_intents.retrieve(seti.id).mandate)
    assert mandate.status == "pending"


def test_acss_fill_hook_chooses_manual_entry_itself(host: JsHost, stripe_api: Any) -> None:
    seti = acss_setup_intent(stripe_api, "automatic")
    confirm_acss(host, seti.client_secret)
    assert acss_hook(host, "fill", {"institution": "000", "transit": "11000",
                                    "account": "000123456789"}) is True
    assert (host.acss_state() or {}).get("screen") == "manual"
    host.eval("window.__stripeSandbox.acss('cancel'); true")
    assert closed_unaccepted(host.result("acss"))


def test_acss_instant_offers_only_the_bank_login(host: JsHost, stripe_api: Any) -> None:
    seti = acss_setup_intent(stripe_api, "instant")
    confirm_acss(host, seti.client_secret)
    assert host.wait_js("window.__stripeSandbox.modal() === 'acss'")
    frame = host.modal_frame("acss.html")
    wait_until(lambda: host.frame_eval(frame, "!document.getElementById('choice').hidden"),
               what="the choice")
    assert host.frame_eval(frame, "document.getElementById('manual-entry').hidden")
    assert acss_hook(host, "choose", "manual") is False
    assert acss_hook(host, "fill", {"institution": "000"}, name="fill") is False
    assert acss_hook(host, "instant", {"account": "success"}, name="login") is True
    assert acss_hook(host, "accept", name="accept") is True
    assert resolved(host.result("acss"))["setupIntent"]["status"] == "succeeded"


def test_acss_microdeposits_offers_only_manual_entry(host: JsHost, stripe_api: Any) -> None:
    seti = acss_setup_intent(stripe_api, "microdeposits")
    confirm_acss(host, seti.client_secret)
    assert host.wait_js("window.__stripeSandbox.modal() === 'acss'")
    wait_until(lambda: (host.acss_state() or {}).get("screen") == "manual", what="manual form")
    assert acss_hook(host, "instant", {"account": "success"}) is False
    assert not host.page.popups
    host.eval("window.__stripeSandbox.acss('cancel'); true")
    assert closed_unaccepted(host.result("acss"))


def test_acss_bank_login_in_french(js_host: JsHost, stripe_api: Any) -> None:
    js_host.load(locale="fr-CA")
    seti = acss_setup_intent(stripe_api, "automatic")
    confirm_acss(js_host, seti.client_secret)
    assert acss_hook(js_host, "choose", "instant") is True
    js_host.popup()
    wait_until(lambda: js_host.popup_eval("document.getElementById('connect').textContent")
               == "Associer le compte", what="the test bank in French")
    assert js_host.popup_eval("document.getElementById('label-insufficient_funds').textContent") \
        == "Compte ch\u00e8ques \u2022\u2022\u2022\u2022 2227 \u2014 les paiements \u00e9chouent " \
           "(fonds insuffisants)"
    assert js_host.popup_eval("document.documentElement.lang") == "fr"
    frame = js_host.modal_frame("acss.html")
    assert js_host.frame_eval(frame, "document.getElementById('login-waiting').textContent") \
        .startswith("Terminez la connexion")
    assert acss_hook(js_host, "closeLogin", name="close") is True
    js_host.eval("window.__stripeSandbox.acss('cancel'); true")
    assert closed_unaccepted(js_host.result("acss"))
