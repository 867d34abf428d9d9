"""OWL_ENTRY_PAGE_URL: the view loads a hosted copy of the entry page instead of setHtml.

The copy here is served from 127.0.0.1 over plain HTTP (a local origin browsers treat as secure);
the app's setting itself only accepts https:// URLs (config.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from owl_desktop.ui.web.entry_page import render_entry_page
from owl_desktop.ui.web.view import EntryPrefill, EntrySettings, EntryView
from tests.gui.entry.helpers import flush_deletes, run_js, type_into, wait_until
from tests.gui.entry.numbers import CARD_VISA


@pytest.fixture
def hosted_url(entry_settings: EntrySettings) -> Iterator[str]:
    body = render_entry_page(entry_settings.stripe_js_url).encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/owl/entry.html"
    server.shutdown()
    server.server_close()


def test_the_hosted_copy_works_like_the_embedded_page(entry_pool: Any, entry_settings: Any,
                                                      hosted_url: str, sandbox: Any) -> None:
    view = EntryView(entry_pool.profile, replace(entry_settings, entry_page_url=hosted_url))
    try:
        wait_until(lambda: view.is_ready or view.failure, what="the hosted page")
        assert view.is_ready, view.failure
        page = view.page()
        assert run_js(page, "location.href") == hosted_url
        view.open_form("card", EntryPrefill(name="Ann"))
        wait_until(lambda: view.state.value == "opened", what="the form")
        type_into(page, "cardNumber", CARD_VISA)
        type_into(page, "cardExpiry", "12/34")
        type_into(page, "cardCvc", "123")
        wait_until(lambda: view.can_save, what="complete fields")
        blocked: list[str] = []
        view.entry_page.navigation_blocked.connect(blocked.append)
        page.runJavaScript("location.href = 'https://evil.example/';")
        wait_until(lambda: blocked == ["https://evil.example"], what="the filter")
    finally:
        view.dispose()
        flush_deletes()
