"""French follows the app's language: the dialog, the page's labels and Stripe's own fields."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QUrl

from owl_desktop.ui.i18n import Translations
from owl_desktop.ui.payment_methods.add_flow import AddPaymentMethodFlow
from owl_desktop.ui.payment_methods.add_machine import CARD
from owl_desktop.ui.web.pool import EntryViewPool
from owl_desktop.ui.web.texts import page_texts
from owl_desktop.ui.web.view import EntrySettings
from tests.gui.entry.conftest import AddEnv
from tests.gui.entry.helpers import flush_deletes, run_js, wait_until


def test_the_add_dialog_in_french(add_env: AddEnv, translations: Translations,
                                  entry_settings: EntrySettings, sandbox: Any) -> None:
    translations.install("fr")
    settings = replace(entry_settings, language="fr", texts=page_texts())
    pool = EntryViewPool(lambda: settings)
    try:
        flow = AddPaymentMethodFlow(add_env.window, add_env.methods, add_env.tasks, pool)
        dialog = flow.open_dialog(add_env.make_client(), CARD)
        wait_until(lambda: dialog.stage.value == "editing", what="the French form")
        assert dialog.windowTitle() == "Ajouter une carte de crédit"
        assert dialog.save_button.text() == "Enregistrer la carte"
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
        pool.close()
        flush_deletes()
