"""What sync and the gateway tell staff reaches them in their language (fr_CA here): sync
problems by their stored codes (and rows stored before codes were), why a run stopped, and
Stripe errors shown by the error presenter. Real window, real database, sandbox over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import stripe
from pytestqt.qtbot import QtBot

from owl_desktop.core.failures import HINTS, UNEXPECTED_MESSAGE
from owl_desktop.payments.errors import StripeUnavailable
from owl_desktop.sandbox.server import SandboxServer
from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.main_window import MainWindow
from owl_desktop.ui.messages import error_texts
from owl_desktop.ui.stripe_texts import run_error_text
from owl_desktop.ui.sync.setup import SyncUi, install_sync
from tests.gui.windows import make_window
from tests.integration.sync.desk import (
    Desk,
    add_client,
    attach_card,
    link,
    local_set_default,
    new_customer,
    open_desk,
)
from tests.stripe_env import StripeEnv

RUN_MS = 20_000


@pytest.fixture
def desk(stripe_env: StripeEnv, tmp_path: Path) -> Iterator[Desk]:
    d = open_desk("fr", f"sqlite:///{tmp_path / 'fr.sqlite3'}", stripe_env.api_base,
                  stripe_env.secret_key, desk_header="fr-desk")
    yield d
    d.close()


@pytest.fixture
def french(qtbot: QtBot, desk: Desk, translations: Translations
           ) -> Iterator[tuple[MainWindow, SyncUi]]:
    translations.install("fr")
    window = make_window(qtbot, desk.uow, seed=False)
    ui = install_sync(window, desk.engine, indicators=window.status, start=False,
                      interval_s=3600)
    yield window, ui
    ui.stop()
    window.close()


def test_sync_problems_read_in_french(qtbot: QtBot, french: tuple[MainWindow, SyncUi],
                                      desk: Desk, stripe_client: stripe.StripeClient) -> None:
    _window, ui = french
    cid = add_client(desk, "Cy")
    cus = new_customer(stripe_client, "Cy", cid)
    link(desk, cid, cus)
    pm = attach_card(stripe_client, cus)
    desk.sync()
    stripe_client.v1.payment_methods.detach(pm)  # gone elsewhere
    local_set_default(desk, cid, pm)  # so Stripe refuses this: a problem with a hint code
    # A problem stored by an older version, as plain English text without codes.
    other = add_client(desk, "Di")
    with desk.uow() as uow:
        entry = uow.outbox.enqueue("customer_update", client_id=other,
                                   payload={"details": {"name": "Di Tester"}}, now=desk.clock())
        uow.outbox.mark_failed(entry.id, f"{UNEXPECTED_MESSAGE}\n{HINTS['contact_support']}",
                               desk.clock())
        uow.commit()
    with qtbot.waitSignal(ui.controller.run_finished, timeout=RUN_MS):
        ui.controller.sync_now()
    with qtbot.waitSignal(ui.controller.problems_loaded, timeout=RUN_MS):
        dialog = ui.show_problems()
    rows = {dialog.table.item(r, 0).text(): (dialog.table.item(r, 2).text(),
                                             dialog.table.item(r, 3).text())
            for r in range(dialog.table.rowCount())}
    assert rows["Cy Tester"][1] == (
        "Ouvrez la fiche du client pour vérifier ses modes de paiement, puis choisissez "
        "Réessayer, ou Abandonner pour garder ce que Stripe a.")
    assert rows["Di Tester"] == (
        "Owl Desktop a rencontré une erreur inattendue en envoyant cette modification.",
        "Réessayez. Si l’échec se répète, abandonnez la modification et communiquez avec le "
        "soutien (les détails sont dans le journal).")
    dialog.reject()


def test_offline_run_and_gateway_errors_read_in_french(
        qtbot: QtBot, french: tuple[MainWindow, SyncUi], desk: Desk,
        sandbox: SandboxServer) -> None:
    _window, ui = french
    sandbox.faults.set(desk="fr-desk", drop_connections_rate=1.0)
    try:
        with qtbot.waitSignal(ui.controller.run_finished, timeout=RUN_MS) as done:
            ui.controller.sync_now()
        summary = done.args[0]
        assert not summary.online
        assert run_error_text(summary) == "Stripe est injoignable."
        with pytest.raises(StripeUnavailable) as info:
            desk.gateway.retrieve_customer("cus_whatever")
    finally:
        sandbox.faults.clear("fr-desk")
    assert error_texts(info.value) == (
        "Stripe est injoignable.", "Vérifiez la connexion Internet\u00a0; l’application "
                                   "réessaiera.")


def test_the_sync_own_sentences_are_translated(french: tuple[MainWindow, SyncUi]) -> None:
    from datetime import UTC, datetime

    from owl_desktop.core.outbox_sender import METHOD_GONE_MESSAGE
    from owl_desktop.sync.engine import SyncProblem
    from owl_desktop.ui.stripe_texts import OWN_SENTENCES, sync_problem_texts

    assert METHOD_GONE_MESSAGE in OWN_SENTENCES
    now = datetime.now(UTC)
    problem = SyncProblem(entry_id=1, client_id=1, client_name="Élise Tremblay",
                          kind="set_default", method_label="visa •••• 4242",
                          message=METHOD_GONE_MESSAGE, hint="", attempts=1, created_at=now,
                          updated_at=now, code="invalid_request", hint_code="check_client")
    message, _hint = sync_problem_texts(problem)
    assert message.startswith("Ce mode de paiement a été retiré chez Stripe")


def test_a_card_decline_is_said_in_the_apps_french_not_stripes_english(
        translations: Translations) -> None:
    """Charging (billing screens, autopay) shows the app's sentence for the decline code."""
    from owl_desktop.payments.errors import AuthenticationRequired, CardDeclined

    translations.install("fr")
    try:
        declined = CardDeclined("Your card has insufficient funds.",
                                decline_code="insufficient_funds", stripe_code="card_declined",
                                hint="Ask the client for another payment method.")
        assert error_texts(declined) == ("Les fonds de la carte sont insuffisants.",
                                         "Demandez au client une autre carte.")
        unknown = CardDeclined("Your card was declined.", decline_code="brand_new_code",
                               stripe_code="card_declined")
        assert error_texts(unknown)[0] == ("La carte a été refusée. La banque n’a pas donné de "
                                           "raison.")
        sca = AuthenticationRequired("Your card requires authentication.",
                                     decline_code="authentication_required",
                                     stripe_code="authentication_required")
        assert error_texts(sca)[0] == ("La banque demande au titulaire de confirmer cette carte "
                                       "(3-D Secure).")
    finally:
        translations.install("en")


def test_a_declined_sync_problem_reads_in_the_apps_french(
        qtbot: QtBot, french: tuple[MainWindow, SyncUi], desk: Desk) -> None:
    """A change Stripe refused as a card decline: *Sync problems* says why in the app's own
    sentence for the decline code (stored with the problem), not Stripe's English."""
    from owl_desktop.core.failures import classify
    from owl_desktop.payments.errors import CardDeclined

    _window, ui = french
    rows_of: dict[str, tuple[str, str]] = {}
    for name, decline_code in (("Ed", "insufficient_funds"), ("Flo", "")):
        cid = add_client(desk, name)
        failure = classify(CardDeclined("Your card has insufficient funds.",
                                        decline_code=decline_code or None,
                                        stripe_code="card_declined"))
        with desk.uow() as uow:
            entry = uow.outbox.enqueue("set_default", client_id=cid,
                                       payload={"payment_method": f"pm_{name}"},
                                       now=desk.clock())
            uow.outbox.mark_failed(entry.id, failure.as_text(), desk.clock())
            uow.commit()
    with qtbot.waitSignal(ui.controller.problems_loaded, timeout=RUN_MS):
        dialog = ui.show_problems()
    rows_of = {dialog.table.item(r, 0).text(): (dialog.table.item(r, 2).text(),
                                                dialog.table.item(r, 3).text())
               for r in range(dialog.table.rowCount())}
    assert rows_of["Ed Tester"] == ("Les fonds de la carte sont insuffisants.",
                                    "Demandez au client une autre carte.")
    assert rows_of["Flo Tester"][0] == ("La carte a été refusée. La banque n’a pas donné de "
                                        "raison.")
    assert all("Your card" not in text for row in rows_of.values() for text in row)
    dialog.reject()
