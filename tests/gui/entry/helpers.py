"""Driving the entry view in tests: JS in the page and in Stripe's (the sandbox's) frames.

The sandbox's Stripe.js double has test hooks (``window.__stripeSandbox``) that type into its
iframes; real Stripe.js has none, so these helpers only ever run against the sandbox.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop
from PySide6.QtWebEngineCore import QWebEngineFrame, QWebEnginePage

# The colours the entry page asks Stripe for (resources/web/entry.js), as computed styles.
BLUE = "rgb(26, 86, 219)"
RED = "rgb(200, 30, 30)"


def spin(ms: int = 20) -> None:
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, ms)


def flush_deletes() -> None:
    """Run pending ``deleteLater`` now (outside an event loop nothing else does)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    spin(10)


def wait_until(predicate: Callable[[], Any], timeout: float = 15.0, what: str = "condition") -> Any:
    """Pump Qt events until ``predicate()`` is truthy; return its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        spin(20)
        time.sleep(0.003)


def run_js(page: QWebEnginePage | QWebEngineFrame, script: str, timeout: float = 10.0) -> Any:
    box: dict[str, Any] = {}
    page.runJavaScript(script, 0, lambda r: box.setdefault("r", r))
    wait_until(lambda: "r" in box, timeout, f"JS result of {script[:60]!r}")
    return box["r"]


def run_js_promise(page: QWebEnginePage, expression: str, timeout: float = 15.0) -> Any:
    """Evaluate a promise-returning JS expression and wait for what it resolves to."""
    slot = f"__owlTest{int(time.monotonic() * 1e6)}"
    run_js(page, f"""(function () {{
        window.{slot} = undefined;
        Promise.resolve().then(function () {{ return {expression}; }}).then(
            function (r) {{ window.{slot} = JSON.stringify({{ok: r === undefined ? null : r}}); }},
            function (e) {{ window.{slot} = JSON.stringify({{error: String(e)}}); }});
        return true; }})()""")
    raw = wait_until(lambda: run_js(page, f"window.{slot} || ''"), timeout, expression)
    result = json.loads(raw)
    if "error" in result:
        raise AssertionError(f"{expression} failed: {result['error']}")
    return result["ok"]


def type_into(page: QWebEnginePage, element_type: str, text: str) -> None:
    """Type ``text`` into one of Stripe's card fields (sandbox hook), character by character."""
    run_js_promise(page, f"window.__stripeSandbox.type({json.dumps(element_type)}, "
                         f"{json.dumps(text)})")


def clear_field(page: QWebEnginePage, element_type: str) -> None:
    run_js_promise(page, f"window.__stripeSandbox.clear({json.dumps(element_type)})")


def frames(page: QWebEnginePage) -> list[QWebEngineFrame]:
    out: list[QWebEngineFrame] = []

    def walk(frame: QWebEngineFrame) -> None:
        for child in frame.children():
            out.append(child)
            walk(child)

    walk(page.mainFrame())
    return out


def field_frame(page: QWebEnginePage, element_type: str) -> QWebEngineFrame:
    marker = f"%22type%22%3A%22{element_type}%22"
    found = [f for f in frames(page) if "elements-frame.html" in f.url().toString()
             and marker in f.url().toString()]
    assert len(found) == 1, [f.url().toString()[:80] for f in frames(page)]
    return found[0]


def field_color(page: QWebEnginePage, element_type: str) -> str:
    """The computed colour of the text inside Stripe's iframe for that field."""
    color: str = run_js(field_frame(page, element_type),
                        "getComputedStyle(document.getElementById('field')).color")
    return color


def modal(page: QWebEnginePage) -> str | None:
    value: str | None = run_js(page, "window.__stripeSandbox.modal()")
    return value


def three_ds(page: QWebEnginePage, action: str) -> None:
    assert run_js_promise(page, f"window.__stripeSandbox.threeDS({json.dumps(action)})") is True


def acss(page: QWebEnginePage, action: str, fields: dict[str, Any] | None = None) -> None:
    expression = f"window.__stripeSandbox.acss({json.dumps(action)}, {json.dumps(fields or {})})"
    assert run_js_promise(page, expression) is True


def modal_frame(page: QWebEnginePage, name: str) -> QWebEngineFrame:
    """Stripe's modal frame (``acss.html``, ``3ds.html``) once it is on the page."""
    found: list[QWebEngineFrame] = wait_until(
        lambda: [f for f in frames(page) if f"/{name}#" in f.url().toString()],
        what=f"the {name} frame")
    return found[0]


def click_in_modal(page: QWebEnginePage, name: str, button_id: str) -> None:
    """Click a button of Stripe's modal, as staff would (the sandbox hook for *cancel* can't
    report back: the modal is gone before its answer)."""
    run_js(modal_frame(page, name), f"document.getElementById({json.dumps(button_id)}).click(); 1")
