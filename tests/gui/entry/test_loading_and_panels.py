"""What a receptionist sees around the form: no black rectangle while the card form loads, and
Enter closes a message shown in the form's place (issue 12, item 7)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from owl_desktop.ui import style
from owl_desktop.ui.web.pool import EntryViewPool
from owl_desktop.ui.web.view import EntrySettings, EntryView
from tests.gui.entry.conftest import AddEnv
from tests.gui.entry.helpers import acss, flush_deletes, wait_until
from tests.gui.entry.numbers import BANK_ACCOUNT, BANK_INSTITUTION, BANK_TRANSIT
from tests.gui.entry.test_add_payment_method import is_closed, start_bank


def dark_share(image: QImage) -> float:
    """The share of sampled pixels that are near black."""
    dark = total = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            colour = image.pixelColor(x, y)
            total += 1
            dark += max(colour.red(), colour.green(), colour.blue()) < 48
    return dark / max(total, 1)


def test_a_loading_view_shows_the_surface_colour_until_the_form_is_prepared(
        entry_pool: EntryViewPool, entry_settings: EntrySettings) -> None:
    view = EntryView(entry_pool.profile, entry_settings)
    try:
        view.resize(480, 420)
        view.show()
        # Before Chromium has drawn anything: the cover, in the surface colour, over all of it.
        assert view.state.value in ("loading", "preparing")
        assert view.entry_page.backgroundColor() == QColor(style.LIGHT.surface)
        assert view.loading_cover.isVisible()
        assert view.loading_cover.geometry() == view.rect()
        image = view.grab().toImage()
        assert dark_share(image) == 0
        assert image.pixelColor(image.width() // 2, image.height() // 2) == \
            QColor(style.LIGHT.surface)
        view.resize(520, 460)
        assert view.loading_cover.geometry() == view.rect()  # follows the view
        wait_until(lambda: view.is_ready or view.failure, what="the view to be prepared")
        assert view.is_ready, view.failure
        assert not view.loading_cover.isVisible()  # the form shows
    finally:
        view.dispose()
        flush_deletes()


def test_a_view_that_fails_shows_what_chromium_draws(entry_pool: EntryViewPool) -> None:
    settings = EntrySettings(publishable_key="", stripe_js_url="https://js.stripe.com/v3/")
    view = EntryView(entry_pool.profile, settings)
    try:
        view.show()
        wait_until(lambda: view.failure, what="the view to fail (not connected)")
        assert view.failure == "not_connected"
        assert not view.loading_cover.isVisible()
    finally:
        view.dispose()
        flush_deletes()


@pytest.mark.usefixtures("sandbox")
def test_enter_closes_the_waiting_for_verification_panel(add_env: AddEnv, qtbot: Any) -> None:
    client = add_env.make_client()
    added: list[Any] = []
    add_env.flow.added.connect(added.append)
    dialog = start_bank(add_env, client)
    page = dialog.view.page()
    acss(page, "fill", {"institution": BANK_INSTITUTION, "transit": BANK_TRANSIT,
                        "account": BANK_ACCOUNT})
    acss(page, "accept")
    wait_until(lambda: added, what="the bank account to be saved")
    wait_until(lambda: dialog.message_title.isVisible(), what="the panel")
    assert dialog.message_title.text() == "Bank account saved — waiting for verification"
    assert dialog.cancel_button.text() == "Close"
    assert dialog.cancel_button.isDefault()
    assert dialog.cancel_button.hasFocus()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    wait_until(lambda: is_closed(dialog), what="Enter to close the dialog")
    assert added[0].status == "pending_verification"  # closing kept what was saved


def test_enter_closes_the_offline_panel(add_env: AddEnv, sandbox: Any, qtbot: Any) -> None:
    client = add_env.make_client()
    sandbox.faults.set(refuse_connections=True)
    try:
        dialog = add_env.flow.open_dialog(client, "card")
        wait_until(lambda: dialog.stage.value == "broken", what="the offline message")
        assert dialog.cancel_button.isDefault()
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Enter)
        wait_until(lambda: is_closed(dialog), what="Enter to close the dialog")
    finally:
        sandbox.faults.set(refuse_connections=False)
