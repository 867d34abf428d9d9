"""Real QtWebEngine + real SandboxServer fixtures for the Stripe.js double's tests.

One web view and one off-the-record profile per module (creating them is the slow part); each
test loads a fresh host page with ``setHtml(html, QUrl("https://owl.test/"))`` like the app's
entry page does, so the Stripe.js double runs cross-origin exactly as js.stripe.com would.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

# QtWebEngineWidgets must be imported before the QApplication exists.
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: I001
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QUrl
from PySide6.QtWebEngineCore import (
    QWebEngineFrame,
    QWebEnginePage,
    QWebEngineProfile,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

HOST_URL = "https://owl.test/"
PUBLISHABLE_KEY = "pk_test_owlDesktopSandboxJs"
SECRET_KEY = "sk_test_owlDesktopSandboxJs"

# Distinct, easy-to-recognise colours for each style variant.
STYLE: dict[str, dict[str, Any]] = {
    "base": {"color": "rgb(50, 50, 93)", "fontSize": "16px",
             "::placeholder": {"color": "rgb(170, 183, 196)"},
             ":focus::placeholder": {"color": "rgb(10, 20, 30)"}},
    "empty": {"color": "rgb(120, 120, 120)"},
    "complete": {"color": "rgb(0, 0, 255)"},
    "invalid": {"color": "rgb(255, 0, 0)"},
}

HOST_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><script src="{js_url}"></script></head>
<body>
<form id="f">
  <div id="card-number"></div><div id="card-expiry"></div><div id="card-cvc"></div>
</form>
<script>
  window.readyCount = 0;
  window.events = [];
  window.lastChange = {{}};
  window.results = {{}};
  window.stripe = Stripe({pk}, {{locale: {locale}}});
  window.elements = stripe.elements();
  window.cards = {{}};
  var style = {style};
  [['cardNumber', '#card-number'], ['cardExpiry', '#card-expiry'], ['cardCvc', '#card-cvc']]
    .forEach(function (pair) {{
      var el = elements.create(pair[0], {{style: style, classes: {classes}}});
      cards[pair[0]] = el;
      el.on('ready', function () {{ window.readyCount++; }});
      el.on('change', function (e) {{
        window.events.push(e);
        window.lastChange[e.elementType] = e;
      }});
      el.on('focus', function (e) {{ window.events.push({{focus: e.elementType}}); }});
      el.on('blur', function (e) {{ window.events.push({{blur: e.elementType}}); }});
      el.mount(pair[1]);
    }});
  /** Runs a promise-returning expression; its outcome lands in window.results[name]. */
  window.run = function (name, fn) {{
    window.results[name] = undefined;
    var p;
    try {{ p = Promise.resolve(fn()); }} catch (e) {{ p = Promise.reject(e); }}
    p.then(function (r) {{ window.results[name] = {{resolved: r}}; }},
           function (e) {{
             window.results[name] = {{rejected: String(e && e.name) + ': ' +
                                               String(e && e.message)}};
           }});
  }};
</script>
</body></html>
"""


class RecordingPage(QWebEnginePage):
    """Keeps the JS console instead of letting Qt log it (a logged error would fail the test).

    Pop-ups (``window.open``: the test bank's login window) open in a window this page owns,
    as the app's entry view does; they share its console record and close when their script
    calls ``window.close()``.
    """

    def __init__(self, profile: QWebEngineProfile, parent: Any = None,
                 console: list[tuple[int, str, str]] | None = None) -> None:
        super().__init__(profile, parent)
        self.console: list[tuple[int, str, str]] = console if console is not None else []
        self.popups: list[QWebEngineView] = []

    def javaScriptConsoleMessage(self, level: Any, message: str, line: int, source: str) -> None:
        severity = int(level.value) if hasattr(level, "value") else int(level)
        self.console.append((severity, message, source))

    def createWindow(self, _window_type: QWebEnginePage.WebWindowType) -> QWebEnginePage:
        view = QWebEngineView()
        page = RecordingPage(self.profile(), view, self.console)
        view.setPage(page)
        view.resize(480, 620)
        view.show()
        self.popups.append(view)
        page.windowCloseRequested.connect(lambda v=view: self.close_popup(v))
        return page

    def close_popup(self, view: QWebEngineView) -> None:
        """Close a pop-up as its user would (its page goes away with the window)."""
        if view in self.popups:
            self.popups.remove(view)
            view.close()
            view.deleteLater()

    def close_popups(self) -> None:
        for view in list(self.popups):
            self.close_popup(view)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _spin(ms: int) -> None:
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, ms)


def wait_until(predicate: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
    """Pumps Qt events until ``predicate()`` is truthy; returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        _spin(20)
        time.sleep(0.005)


@dataclass
class JsHost:
    """A host page in a real QWebEngineView, with helpers to drive and observe the double."""

    view: QWebEngineView
    page: RecordingPage
    js_url: str

    def load(self, locale: str = "en", classes: dict[str, str] | None = None,
             style: dict[str, Any] | None = None, body: str | None = None) -> None:
        html = body or HOST_PAGE.format(
            js_url=self.js_url, pk=json.dumps(PUBLISHABLE_KEY), locale=json.dumps(locale),
            style=json.dumps(style if style is not None else STYLE),
            classes=json.dumps(classes or {}))
        self.page.close_popups()
        done: dict[str, bool] = {}
        self.page.loadFinished.connect(lambda ok: done.setdefault("ok", ok))
        try:
            self.page.setHtml(html, QUrl(HOST_URL))
            wait_until(lambda: "ok" in done, what="the host page to load")
        finally:
            self.page.loadFinished.disconnect()
        assert done["ok"], "the host page failed to load"
        self.page.console.clear()
        if body is None:
            wait_until(lambda: self.eval("window.readyCount") == 3, what="three ready events")

    def eval(self, script: str, timeout: float = 10.0) -> Any:
        box: dict[str, Any] = {}
        self.page.runJavaScript(script, 0, lambda r: box.setdefault("r", r))
        wait_until(lambda: "r" in box, timeout, f"JS result of {script[:60]!r}")
        return box["r"]

    def eval_json(self, script: str) -> Any:
        # QtWebEngine hands JS null/undefined back as '' (or None): both mean "no value".
        raw = self.eval(f"JSON.stringify({script})")
        return json.loads(raw) if raw else None

    def wait_js(self, expression: str, timeout: float = 10.0) -> Any:
        """Polls a JS expression until truthy and returns its JSON-decoded value."""
        return wait_until(lambda: self.eval_json(f"({expression}) || null"), timeout, expression)

    def run(self, name: str, js_function_body: str) -> None:
        """Starts ``window.run(name, () => {body})`` (a promise) without waiting."""
        self.eval(f"window.run({json.dumps(name)}, function () {{ {js_function_body} }}); true")

    def result(self, name: str, timeout: float = 15.0) -> dict[str, Any]:
        result: dict[str, Any] = self.wait_js(f"window.results[{json.dumps(name)}]", timeout)
        return result

    def last_change(self, element_type: str) -> dict[str, Any] | None:
        key = json.dumps(element_type)
        value: dict[str, Any] | None = self.eval_json(f"window.lastChange[{key}]")
        return value

    def type(self, element_type: str, text: str) -> None:
        """Types through the sandbox hook and waits until the frame has applied it."""
        self.run("__type", f"return window.__stripeSandbox.type({json.dumps(element_type)}, "
                           f"{json.dumps(text)});")
        assert "resolved" in self.result("__type")

    def key_in(self, element_type: str, text: str, timeout: float = 10.0) -> None:
        """Types with real Qt key events, the way a user would.

        Right after a page loads, Chromium drops key events bound for an out-of-process
        (cross-origin) iframe until that frame's surface is wired up, so the first key is
        repeated until it lands; the rest follow once it has.
        """
        self.eval("window.events = window.events.filter(e => !e.focus); "
                  f"cards[{json.dumps(element_type)}].focus()")
        self.wait_js(f"window.events.some(e => e.focus === {json.dumps(element_type)})")
        target = self.view.focusProxy()
        assert target is not None, "the web view has no focus proxy (is it shown?)"
        deadline = time.monotonic() + timeout
        before = self.last_change(element_type)
        while True:
            QTest.keyClicks(target, text[0])
            try:
                wait_until(lambda: self.last_change(element_type) != before, 0.2, "first key")
                break
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
        if text[1:]:
            QTest.keyClicks(target, text[1:])

    def frames(self) -> list[QWebEngineFrame]:
        """Every frame under the main frame, depth first."""
        out: list[QWebEngineFrame] = []

        def walk(frame: QWebEngineFrame) -> None:
            for child in frame.children():
                out.append(child)
                walk(child)

        walk(self.page.mainFrame())
        return out

    def field_frame(self, element_type: str) -> QWebEngineFrame:
        marker = f"%22type%22%3A%22{element_type}%22"
        frames = [f for f in self.frames() if "elements-frame.html" in f.url().toString()
                  and marker in f.url().toString()]
        assert len(frames) == 1, [f.url().toString() for f in self.frames()]
        return frames[0]

    def modal_frame(self, page: str) -> QWebEngineFrame:
        frames: list[QWebEngineFrame] = wait_until(
            lambda: [f for f in self.frames() if f"/{page}#" in f.url().toString()],
            what=f"the {page} frame")
        return frames[0]

    def frame_eval(self, frame: QWebEngineFrame, script: str, timeout: float = 10.0) -> Any:
        box: dict[str, Any] = {}
        frame.runJavaScript(script, 0, lambda r: box.setdefault("r", r))
        wait_until(lambda: "r" in box, timeout, f"frame JS result of {script[:60]!r}")
        return box["r"]

    def field_color(self, element_type: str) -> str:
        color: str = self.frame_eval(self.field_frame(element_type),
                                     "getComputedStyle(document.getElementById('field')).color")
        return color

    def field_text(self, element_type: str) -> str:
        text: str = self.frame_eval(self.field_frame(element_type),
                                    "document.getElementById('field').value")
        return text

    def popup(self, timeout: float = 10.0) -> RecordingPage:
        """The one open pop-up's page, once it has loaded its document."""
        views = wait_until(lambda: self.page.popups, timeout, "a pop-up window")
        assert len(views) == 1, len(views)
        page = views[0].page()
        assert isinstance(page, RecordingPage)

        def loaded() -> bool:
            box: dict[str, Any] = {}
            page.runJavaScript("document.readyState === 'complete' ? location.href : ''", 0,
                               lambda r: box.setdefault("r", r))
            wait_until(lambda: "r" in box, timeout, "the pop-up's document state")
            return str(box["r"] or "").startswith("http")

        wait_until(loaded, timeout, "the pop-up's page")
        return page

    def popup_eval(self, script: str, timeout: float = 10.0) -> Any:
        box: dict[str, Any] = {}
        self.popup().runJavaScript(script, 0, lambda r: box.setdefault("r", r))
        wait_until(lambda: "r" in box, timeout, f"pop-up JS result of {script[:60]!r}")
        return box["r"]

    def acss_state(self) -> dict[str, Any] | None:
        """The bank dialog's step (sandbox hook ``acssState``), or None without the dialog."""
        self.run("__acssState", "return window.__stripeSandbox.acssState();")
        state: dict[str, Any] | None = self.result("__acssState")["resolved"]
        return state

    def console_errors(self) -> list[tuple[int, str, str]]:
        """Console warnings and errors of the page and its frames since the last load."""
        return [m for m in self.page.console if m[0] >= 1]


@pytest.fixture(scope="module")
def js_sandbox() -> Iterator[Any]:
    """A SandboxServer on a free port, shared by the module's tests."""
    from owl_desktop.sandbox.server import SandboxServer

    server = SandboxServer(port=0).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def stripe_api(js_sandbox: Any) -> Any:
    """stripe-python pointed at the sandbox (the server side of each flow)."""
    import stripe

    return stripe.StripeClient(SECRET_KEY, base_addresses={"api": js_sandbox.url},
                               max_network_retries=0)


@pytest.fixture(scope="module")
def js_host(qapp: QApplication, js_sandbox: Any) -> Iterator[JsHost]:
    profile = QWebEngineProfile()  # off the record: nothing kept between runs
    # A browser in English whatever ran before: a profile takes its language from QLocale's
    # default, which a French UI test (tests/gui/entry/test_french.py) leaves at fr_CA.
    profile.setHttpAcceptLanguage("en-US,en")
    view = QWebEngineView()
    page = RecordingPage(profile, view)
    view.setPage(page)
    view.resize(700, 500)
    view.show()
    host = JsHost(view=view, page=page, js_url=js_sandbox.stripe_js_url)
    try:
        yield host
    finally:
        # The page (a child of the view) must be gone before its profile, or Qt warns.
        page.close_popups()
        view.close()
        view.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        _spin(20)
        profile.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _no_console_errors(js_host: JsHost) -> Iterator[None]:
    """Neither the double nor its frames may log a warning or an error in a normal flow."""
    yield
    assert js_host.console_errors() == []
