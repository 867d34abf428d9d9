"""Issue 11, item 7: the page can reach what every QObject lends the bridge through QWebChannel
(``deleteLater``, a writable ``objectName``, the ``destroyed`` / ``objectNameChanged`` signals).
Whatever it calls, the app can't break: the bridge refuses, the view fails closed, the dialog
says the secure form must be reopened, and the pool builds a new view.

Driven by JavaScript in the real page, through a second channel client on the page's transport
(what any script running in the page could do)."""

from __future__ import annotations

import json

import pytest
import shiboken6
from PySide6.QtCore import QObject

from owl_desktop.ui.web.bridge import EntryBridge
from owl_desktop.ui.web.pool import EntryViewPool
from owl_desktop.ui.web.view import EntryView, ViewState
from tests.gui.entry.conftest import AddEnv
from tests.gui.entry.helpers import flush_deletes, run_js, spin, wait_until

# What QObject itself publishes on the channel (our own slots and signals aside).
INHERITED = {"deleteLater", "objectName", "destroyed", "objectNameChanged"}
# qwebchannel.js's own helpers on every object it wraps.
CHANNEL_JS = {"propertyUpdate", "signalEmitted", "unwrapProperties", "unwrapQObject"}
HARMFUL = {
    "deleteLater": "bridge.deleteLater();",
    "objectName": "bridge.objectName = 'pwned';",
}
HARMLESS = {
    "destroyed": "bridge.destroyed.connect(function () {});",
    "objectNameChanged": "bridge.objectNameChanged.connect(function () {});",
}


def in_page(view: EntryView, body: str) -> None:
    """Run ``body`` with ``bridge`` = the page's ``owlEntry`` (a fresh channel client)."""
    run_js(view.page(), "(function () { window.__owlTest = 'waiting';"
                        " new QWebChannel(qt.webChannelTransport, function (channel) {"
                        "  var bridge = channel.objects.owlEntry;"
                        "  window.__owlMembers ="
                        "   JSON.stringify(Object.getOwnPropertyNames(bridge));"
                        f"  {body} window.__owlTest = 'done'; }}); return 1; }})()")
    wait_until(lambda: run_js(view.page(), "window.__owlTest") == "done", what="the page's call")


def published_members(view: EntryView) -> set[str]:
    in_page(view, "")
    keys = {key.split("(")[0] for key in json.loads(run_js(view.page(), "window.__owlMembers"))}
    own = {m for m in dir(EntryBridge) if m not in dir(QObject)}
    return {k for k in keys if k not in own | CHANNEL_JS and not k.startswith("__")}


def test_the_page_sees_only_these_inherited_members(ready_view: EntryView) -> None:
    """Should Qt publish another, this fails: give it a case below."""
    assert published_members(ready_view) == INHERITED
    assert set(HARMFUL) | set(HARMLESS) == INHERITED


@pytest.mark.parametrize("member", sorted(HARMFUL))
def test_a_misused_inherited_member_fails_the_view_closed(
        ready_view: EntryView, entry_pool: EntryViewPool, member: str) -> None:
    bridge = ready_view.bridge
    failures: list[str] = []
    ready_view.failed.connect(failures.append)
    in_page(ready_view, HARMFUL[member])
    wait_until(lambda: failures, what="the view to fail closed")
    flush_deletes()
    assert failures == [EntryBridge.TAMPERED]
    assert ready_view.state is ViewState.FAILED
    assert shiboken6.isValid(bridge)  # refused: still there, still named
    assert bridge.objectName() == EntryBridge.OBJECT_NAME
    # The view no longer listens to the page, nor talks to it.
    bridge.holderChanged(True)
    assert not ready_view.name_given
    ready_view.confirm()
    # The pool never hands this view out again: the next one is new and prepared.
    fresh = entry_pool.take()
    assert fresh is not ready_view
    wait_until(lambda: fresh.is_ready or fresh.failure, what="a new view")
    assert fresh.is_ready
    fresh.dispose()


@pytest.mark.parametrize("member", sorted(HARMLESS))
def test_a_harmless_inherited_member_changes_nothing(ready_view: EntryView, member: str) -> None:
    in_page(ready_view, HARMLESS[member] + " bridge.holderChanged(true);")
    wait_until(lambda: ready_view.name_given, what="the bridge to keep working")
    spin(50)
    assert ready_view.state is ViewState.READY
    assert shiboken6.isValid(ready_view.bridge)


def test_the_dialog_says_the_secure_form_must_be_reopened(add_env: AddEnv) -> None:
    client = add_env.make_client()
    dialog = add_env.flow.open_dialog(client, "card")
    wait_until(lambda: dialog.view.state is ViewState.OPENED, what="the card form")
    in_page(dialog.view, HARMFUL["deleteLater"])
    wait_until(lambda: "must be reopened" in dialog.message_body.text(), what="the message")
    assert not dialog.save_button.isEnabled()
