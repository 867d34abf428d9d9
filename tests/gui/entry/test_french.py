"""French follows the app's language: the dialog, the page's labels and Stripe's own fields."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import shiboken6
from PySide6.QtCore import QUrl

from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.payment_methods.add_flow import AddPaymentMethodFlow
from owl_desktop.ui.payment_methods.add_machine import CARD
from owl_desktop.ui.web.pool import EntryViewPool
from owl_desktop.ui.web.texts import page_texts
from owl_desktop.ui.web.view import EntrySettings
from tests.gui.entry.conftest import AddEnv
from tests.gui.entry.helpers import (
    flush_deletes,
    key_in,
    modal,
    run_js,
    three_ds,
    wait_fields_ready,
    wait_until,
)
from tests.gui.entry.numbers import CARD_3DS, CARD_DECLINED
from tests.gui.entry.test_add_payment_method import type_card


def close_before_its_pool(add_env: AddEnv, dialog: Any, pool: EntryViewPool) -> None:
    """A dialog left open by a failed assertion is closed before its pool deletes the view
    inside it (deleting it under the open dialog crashed the whole test run once)."""
    if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
        dialog.reject()
        wait_until(lambda: not add_env.tasks.is_busy(), what="the dialog's tasks")
    pool.close()
    flush_deletes()


def test_the_add_dialog_in_french(add_env: AddEnv, translations: Translations,
                                  entry_settings: EntrySettings, sandbox: Any) -> None:
    translations.install("fr")
    settings = replace(entry_settings, language="fr", texts=page_texts())
    pool = EntryViewPool(lambda: settings)
    dialog = None
    try:
        flow = AddPaymentMethodFlow(add_env.window, add_env.methods, add_env.tasks, pool)
        dialog = flow.open_dialog(add_env.make_client(), CARD)
        wait_until(lambda: dialog.stage.value == "editing", what="the French form")
        assert dialog.windowTitle() == "Ajouter une carte de crédit"
        assert dialog.save_button.text() == "Enregistrer"
        page = dialog.view.page()
        assert run_js(page, "document.documentElement.lang") == "fr"
        assert run_js(page, "document.querySelector('[data-text=number_label]').textContent") \
            == "Numéro de carte"
        # Why Save is disabled, in French too.
        wait_until(dialog.save_hint.text, what="the hint by Save")
        assert dialog.save_hint.text() == ("Remplissez le numéro de carte, la date d'expiration "
                                           "et le CVC pour enregistrer.")
        frame = run_js(page, "document.querySelector('#card-number iframe').src")
        assert '"locale":"fr-CA"' in QUrl.fromPercentEncoding(frame.encode())
        dialog.reject()
        wait_until(lambda: not add_env.tasks.is_busy(), what="the SetupIntent's cancellation")
    finally:
        close_before_its_pool(add_env, dialog, pool)


def test_a_decline_and_a_failed_3ds_are_all_french(add_env: AddEnv, translations: Translations,
                                                   entry_settings: EntrySettings,
                                                   sandbox: Any) -> None:
    """The app's own French sentences by Stripe's codes: no English from Stripe or the double."""
    translations.install("fr")
    settings = replace(entry_settings, language="fr", texts=page_texts())
    pool = EntryViewPool(lambda: settings)
    dialog = None
    try:
        flow = AddPaymentMethodFlow(add_env.window, add_env.methods, add_env.tasks, pool)
        dialog = flow.open_dialog(add_env.make_client(), CARD)
        wait_until(lambda: dialog.stage.value == "editing" and dialog.setup_intent_id,
                   what="the French form and its SetupIntent")
        wait_fields_ready(dialog.view)  # keys typed before could be lost (1 run in 5)
        type_card(dialog, CARD_DECLINED)
        wait_until(dialog.save_button.isEnabled, what="Save to be enabled")
        dialog.save_button.click()
        wait_until(lambda: dialog.stage.value == "editing" and dialog.status_text(),
                   what="the decline")
        assert dialog.status_text() == (
            "La carte a été refusée. La banque n’a pas donné de raison. Demandez au client "
            "d’appeler sa banque ou de fournir une autre carte.")
        key_in(dialog.view, "cardNumber", CARD_3DS, replace=True)
        wait_until(lambda: dialog.status_text() == "", what="the decline to go")
        wait_until(dialog.save_button.isEnabled, what="Save again")
        dialog.save_button.click()
        wait_until(lambda: modal(dialog.view.page()) == "threeDS", what="3-D Secure")
        three_ds(dialog.view.page(), "fail")
        wait_until(lambda: dialog.stage.value == "editing" and dialog.status_text(),
                   what="the failure")
        assert dialog.status_text() == (
            "La carte n’a pas été confirmée\u00a0: la vérification 3-D Secure de la banque a "
            "échoué ou a été annulée. Réessayez avec le client, ou utilisez une autre carte.")
        dialog.reject()
        wait_until(lambda: not add_env.tasks.is_busy(), what="the SetupIntent's cancellation")
    finally:
        close_before_its_pool(add_env, dialog, pool)
