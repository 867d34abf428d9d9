"""The bridge lets through statuses, ids and Stripe's messages, checked; nothing else."""

from __future__ import annotations

from typing import Any

from owl_desktop.ui.web.bridge import ConfirmOutcome, EntryBridge, FieldState
from owl_desktop.ui.web.entry_page import render_entry_page
from owl_desktop.ui.web.origins import EMBEDDED_ORIGIN, AllowedOrigins, origin_of


def collect(signal: Any) -> list[Any]:
    got: list[Any] = []
    signal.connect(lambda *args: got.append(args if len(args) > 1 else args[0]))
    return got


def test_field_changes_are_checked(qapp: Any) -> None:
    bridge = EntryBridge()
    got = collect(bridge.field_changed)
    bridge.fieldChanged("cardNumber", False, False, "invalid_number",
                        "Your card number is invalid.")
    bridge.fieldChanged("cardholderName", False, True, "", "")  # not one of Stripe's fields
    bridge.fieldChanged("cardCvc", False, False, "Robert'); DROP", "x" * 5000)
    assert got[0] == ("cardNumber", FieldState(False, False, "invalid_number",
                                               "Your card number is invalid."))
    name, state = got[1]
    assert name == "cardCvc"
    assert state.error_code == "invalid"  # an odd code is reduced to "invalid"
    assert len(state.error_message) == 400
    assert len(got) == 2


def test_confirm_outcomes_keep_only_ids_statuses_and_messages(qapp: Any) -> None:
    bridge = EntryBridge()
    got = collect(bridge.confirm_finished)
    bridge.confirmFinished("succeeded", "seti_123abc", "")
    bridge.confirmFinished("hacked", "seti_1 OR 1=1", "verify_with_microdeposits")
    bridge.confirmFailed("card_error", "card_declined", "generic_decline",
                         "Your card was declined.", "seti_123abc")
    assert got[0] == ConfirmOutcome(setup_intent_id="seti_123abc", status="succeeded")
    assert got[1] == ConfirmOutcome(next_action_type="verify_with_microdeposits")
    assert got[2].failed
    assert (got[2].error_code, got[2].decline_code, got[2].error_message) == (
        "card_declined", "generic_decline", "Your card was declined.")


def test_origins_know_the_hosted_page() -> None:
    """The frame and pop-up rules themselves: tests/unit/test_entry_origins.py."""
    origins = AllowedOrigins.for_urls("http://127.0.0.1:4242/v3/")
    assert origins.page_origin == EMBEDDED_ORIGIN
    hosted = AllowedOrigins.for_urls("https://js.stripe.com/v3/",
                                     "https://pay.clinic.example/owl/entry.html")
    assert hosted.page_origin == "https://pay.clinic.example"
    assert origin_of("HTTPS://JS.Stripe.com:443/v3/") == "https://js.stripe.com"


def test_the_rendered_page_names_only_stripe_js_in_its_policy() -> None:
    page = render_entry_page("https://js.stripe.com/v3/")
    assert "{{" not in page
    assert '<script src="https://js.stripe.com/v3/"></script>' in page
    policy = page.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0]
    hosts = {token for token in policy.replace(";", " ").split() if "://" in token}
    assert hosts == {"https://js.stripe.com", "https://*.js.stripe.com",
                     "https://hooks.stripe.com", "https://api.stripe.com"}


def test_the_page_can_be_written_for_hosting(tmp_path: Any) -> None:
    from owl_desktop.ui.web.entry_page import main

    out = tmp_path / "entry.html"
    assert main([str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render_entry_page("https://js.stripe.com/v3/")
    assert main([]) == 2
