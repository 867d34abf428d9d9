"""Driving the entry view in tests: real keystrokes, JS in the page and in the sandbox's frames.

``key_in`` / ``clear_by_keys`` type with the real keyboard (a click into Stripe's field, then key
events to the view's focus proxy): they work on real Stripe Elements as on the sandbox's double.
``field_classes`` reads the classes Stripe.js puts on our own containers (both do). The rest
(``type_into``, ``field_color``, ``three_ds``, ``acss``...) use the double's test hooks or frames
and only run against the sandbox.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWebEngineCore import QWebEngineFrame, QWebEnginePage
from PySide6.QtWidgets import QWidget

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
    """Stripe's frame for that field, once it has loaded (a prepared page has mounted its
    fields, which may still be loading: it doesn't wait for Stripe's 'ready')."""
    marker = f"%22type%22%3A%22{element_type}%22"

    def found() -> list[QWebEngineFrame]:
        return [f for f in frames(page) if "elements-frame.html" in f.url().toString()
                and marker in f.url().toString()]

    def loaded() -> bool:
        # The frame's URL is there as soon as its document is committed; its body (the
        # field) a moment later, longer under load: a script run in between finds no body.
        matching = found()
        return len(matching) == 1 and run_js(
            matching[0], "!!document.body && !!document.getElementById('field')") is True

    wait_until(loaded, what=f"the {element_type} frame to load")
    return found()[0]


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


CONTAINERS = {"cardNumber": "#card-number", "cardExpiry": "#card-expiry", "cardCvc": "#card-cvc"}


def _element_point(view: Any, selector: str) -> QPoint:
    raw = run_js(view.page(), f"(function () {{ var r = document.querySelector("
                              f"{json.dumps(selector)}).getBoundingClientRect();"
                              f"return JSON.stringify([r.x + 20, r.y + r.height / 2]); }})()")
    x, y = json.loads(raw)
    return QPoint(int(x), int(y))


def _target(view: Any) -> QWidget:
    target = view.focusProxy()
    assert target is not None, "the entry view isn't shown"
    return target  # type: ignore[no-any-return]


def click_in(view: Any, selector: str) -> None:
    """A real mouse click into an element of the entry page (one of Stripe's fields included)."""
    QTest.mouseClick(_target(view), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     _element_point(view, selector))


def _until_reported(view: Any, element_type: str, send: Callable[[], None],
                    reported: Callable[[Any], bool], what: str) -> None:
    """Send a key until Stripe reports it: for a moment after a page loads Chromium drops keys
    bound for cross-origin frames (their surfaces aren't wired yet)."""
    deadline = time.monotonic() + 10
    while not reported(view.field_states[element_type]):
        send()
        try:
            wait_until(lambda: reported(view.field_states[element_type]), 0.4, what)
        except AssertionError:
            assert time.monotonic() < deadline, f"no key reached {element_type}: {what}"


def clear_by_keys(view: Any, element_type: str) -> None:
    """Click into the field, select all and delete, with the keyboard."""
    click_in(view, CONTAINERS[element_type])
    target = _target(view)

    def send() -> None:
        QTest.keyClick(target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(target, Qt.Key.Key_Backspace)

    _until_reported(view, element_type, send, lambda s: s.empty, "the field to be emptied")


def key_in(view: Any, element_type: str, text: str, *, replace: bool = False) -> None:
    """Type ``text`` into one of Stripe's fields with real keystrokes (real Stripe too)."""
    if replace:
        clear_by_keys(view, element_type)
    else:
        click_in(view, CONTAINERS[element_type])
    target = _target(view)
    before = view.field_states[element_type]
    _until_reported(view, element_type, lambda: QTest.keyClicks(target, text[0]),
                    lambda s: s != before, "the first key")
    if len(text) > 1:
        QTest.keyClicks(target, text[1:])


def field_classes(view: Any, element_type: str) -> list[str]:
    """The classes on the field's container (Stripe.js sets its state classes there)."""
    raw = run_js(view.page(), f"document.querySelector({json.dumps(CONTAINERS[element_type])})"
                              ".className")
    return str(raw).split()


def field_error_text(view: Any, element_type: str) -> str:
    """The error line under that field on the page."""
    return str(run_js(view.page(), f"document.getElementById({json.dumps(element_type + '-error')})"
                                   ".textContent"))


def wait_fields_ready(view: Any) -> None:
    """The card form is open and Stripe said its fields are ready: the page then puts the caret
    in the number (a prepared page doesn't wait for Stripe's 'ready', which hidden fields may
    not get). Keys sent before can be lost while Chromium wires the frames."""
    wait_until(lambda: run_js(view.page(), "document.activeElement ? "
                              "document.activeElement.tagName : ''") == "IFRAME",
               what="Stripe's fields to be ready")


def _frame_offset(view: Any, iframe_selector: str | None) -> QPoint:
    if iframe_selector is None:
        return QPoint(0, 0)
    raw = run_js(view.page(), f"(function () {{ var r = document.querySelector("
                              f"{json.dumps(iframe_selector)}).getBoundingClientRect();"
                              f"return JSON.stringify([r.x, r.y]); }})()")
    x, y = json.loads(raw)
    return QPoint(int(x), int(y))


def ready_for_input(view: Any) -> QWidget:
    """The view's window shown, exposed and active, and the widget Chromium takes input on
    (its focus proxy). Under load a window can still be on its way to the screen when a test
    clicks, and Chromium drops input to a view it hasn't drawn yet."""
    window = view.window()
    if not window.isVisible():
        window.show()
    assert QTest.qWaitForWindowExposed(window, 10000), "the entry view's window isn't exposed"
    if not window.isActiveWindow():
        window.activateWindow()
        QTest.qWaitForWindowActive(window, 5000)  # best effort: input goes to the proxy anyway
    return _target(view)


# Set by the page when a tested element gets a click (a real one, or a key that clicks it).
_GESTURE_FLAG = "window.__owlTestGesture"


def _mark_gestures(page: QWebEnginePage | QWebEngineFrame, selector: str) -> None:
    """Have the element record that it was clicked (capturing, before its own handlers)."""
    assert run_js(page, f"(function () {{ var e = document.querySelector({json.dumps(selector)});"
                        f" if (!e) return false; {_GESTURE_FLAG} = 0;"
                        f" e.addEventListener('click', function () {{ {_GESTURE_FLAG} = 1; }},"
                        f" true); return true; }})()"), f"{selector} isn't on the page"


def _gesture_until_seen(page: QWebEnginePage | QWebEngineFrame, send: Callable[[], None],
                        what: str, timeout: float = 20.0) -> None:
    """Send a real gesture until the page says its element got it: a press Chromium drops (a
    view not drawn yet, frames not wired yet, a busy machine) is sent again; one it got is
    never sent twice."""
    deadline = time.monotonic() + timeout
    while True:
        send()
        try:
            wait_until(lambda: run_js(page, f"{_GESTURE_FLAG} || 0") == 1, 1.0, what)
            return
        except AssertionError:
            assert time.monotonic() < deadline, f"the page never got {what}"


def real_click(view: Any, selector: str, *, frame: QWebEngineFrame | None = None,
               iframe_selector: str | None = None) -> None:
    """A real mouse click (a user gesture, as Chromium counts them) on an element of the page
    or of one of its frames (``frame`` and the main page's selector of its iframe), at the
    point the page reports for it, sent again until the element reports the click."""
    page = frame if frame is not None else view.page()
    _mark_gestures(page, selector)

    def send() -> None:
        target = ready_for_input(view)
        raw = run_js(page, f"(function () {{ var r = document.querySelector("
                           f"{json.dumps(selector)}).getBoundingClientRect(); return "
                           f"JSON.stringify([r.x + r.width / 2, r.y + r.height / 2]); }})()")
        x, y = json.loads(raw)
        point = _frame_offset(view, iframe_selector) + QPoint(int(x), int(y))
        QTest.mouseMove(target, point)
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         point)

    _gesture_until_seen(page, send, f"the click on {selector}")


def click_to_open(view: Any, url: str = "", *, times: int = 1,
                  frame: QWebEngineFrame | None = None, iframe_selector: str | None = None,
                  script: str | None = None) -> None:
    """Add a button that calls ``window.open(url)`` ``times`` times (or runs ``script``), and
    really click it. The button covers the page and goes at its first click, so a click is
    never counted twice."""
    action = script if script is not None else (
        f"for (var i = 0; i < {times}; i++) window.open({json.dumps(url)});")
    run_js(frame if frame is not None else view.page(),
           "var b = document.createElement('button'); b.id = 'owl-test-open';"
           "b.textContent = 'open'; b.style.cssText = 'position:fixed;left:0;top:0;"
           "width:100%;height:100%;z-index:2147483647';"
           f"b.onclick = function () {{ b.remove(); {action} }};"
           "document.body.appendChild(b); 1")
    real_click(view, "#owl-test-open", frame=frame, iframe_selector=iframe_selector)


def real_key_on(view: Any, selector: str, frame: QWebEngineFrame) -> None:
    """Focus an element of one of the page's frames once it is shown, then press Space on it
    for real (a user gesture, as Chromium counts them; a click's coordinates inside nested
    frames are brittle), again until the element reports the click."""
    element = f"document.querySelector({json.dumps(selector)})"
    wait_until(lambda: run_js(frame, f"(function () {{ var e = {element}; return !!e && "
                                     f"!e.hidden && !e.disabled && !!e.offsetParent; }})()"),
               what=f"{selector} to be shown")
    _mark_gestures(frame, selector)

    def send() -> None:
        target = ready_for_input(view)
        wait_until(lambda: run_js(frame, f"(function () {{ var e = {element}; e.focus(); "
                                         f"return document.activeElement === e; }})()"),
                   what=f"{selector} to be focused")
        QTest.keyClick(target, Qt.Key.Key_Space)

    _gesture_until_seen(frame, send, f"the key on {selector}")
