"""Start-up time and memory of the desk, next to bare Qt baselines (issue 18).

Prints, in one run on this machine, medians of whole-process runs (``--runs``, default 5):

- *first paint*: process start until the main window is shown and its event loop runs (the
  smoke run's first step), next to a bare PySide6 window with a search field;
- *card fields ready*: process start until the entry view's card fields are ready (the smoke
  run's entry-view step), next to a bare QtWebEngine page that loads the Stripe.js double and
  mounts one card field;
- the proportional set size (PSS) of each whole process tree (the app and its QtWebEngine
  helpers) at that moment.

``--bundle DIR`` measures an installed one-folder bundle (``DIR/owl-desktop``) next to the
source checkout. Usage: ``python -m benchmarks.startup [--runs 5] [--bundle /opt/owl-desktop]``.
The figures are measurements, not pass/fail: compare them with the targets in the issue.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
       "QTWEBENGINE_CHROMIUM_FLAGS": os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS",
                                                    "--no-sandbox --disable-gpu"),
       "STRIPE_DISABLE_TELEMETRY": "1"}

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLineEdit())
window.resize(1280, 860)
window.show()
QTimer.singleShot(0, lambda: (print("PAINTED", flush=True), app.quit()))
app.exec()
"""

BARE_PAGE = """
import sys, time
import PySide6.QtWebEngineWidgets  # noqa: F401
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QApplication
js_url = sys.argv[1]
app = QApplication(sys.argv[:1])

class Page(QWebEnginePage):
    def javaScriptConsoleMessage(self, level, message, line, source):
        if message == "READY":
            print("READY", flush=True)
            QTimer.singleShot(300, app.quit)

view = QWebEngineView()
view.setPage(Page(view))
html = f'''<!doctype html><html><body><div id="card"></div>
<script src="{js_url}"></script><script>
const stripe = Stripe("pk_test_owlBenchmark000000000");
const card = stripe.elements().create("cardNumber");
card.on("ready", () => console.log("READY"));
card.mount("#card");
</script></body></html>'''
view.setHtml(html, QUrl("https://owl-desktop.invalid/"))
view.resize(560, 400)
view.show()
app.exec()
"""


def tree_pss_kib(root: int) -> int:
    """PSS of ``root`` and every descendant process, in KiB (Linux ``smaps_rollup``)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def timed(command: Sequence[str], marker: str, *, cwd: Path = REPO,
          env: dict[str, str] | None = None) -> tuple[float, int]:
    """Seconds from spawn until a line containing ``marker`` (stdout or stderr), and the
    process tree's PSS (KiB) at that moment; the process is then ended."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env or ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if marker in line:
                elapsed = time.perf_counter() - started
                return elapsed, tree_pss_kib(proc.pid)
        raise RuntimeError(f"{command[0]}: {marker!r} never came (exit {proc.wait()})")
    finally:
        proc.kill()
        proc.wait()


def median_of(runs: int, measure: Callable[[], tuple[float, int]]) -> tuple[float, int]:
    results = [measure() for _ in range(runs)]
    return (statistics.median(r[0] for r in results),
            int(statistics.median(r[1] for r in results)))


def app_command(bundle: Path | None, data_dir: str) -> list[str]:
    args = ["--sandbox", "--smoke-test", "--lang", "en", "--data-dir", data_dir]
    if bundle is not None:
        return [str(bundle / "owl-desktop"), *args]
    return [sys.executable, "-m", "owl_desktop", *args]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", type=Path, help="an installed one-folder bundle to compare")
    args = parser.parse_args(argv)
    from owl_desktop.sandbox.server import SandboxServer

    rows: list[tuple[str, float, int]] = []
    bare = median_of(args.runs, lambda: timed([sys.executable, "-c", BARE_WINDOW], "PAINTED"))
    rows.append(("bare PySide6 window: first paint", *bare))
    with SandboxServer() as sandbox:
        page = median_of(args.runs, lambda: timed(
            [sys.executable, "-c", BARE_PAGE, sandbox.stripe_js_url], "READY"))
    rows.append(("bare QtWebEngine page: card field ready", *page))
    targets = [(None, "source")] + ([(args.bundle, "bundle")] if args.bundle else [])
    for bundle, name in targets:
        with tempfile.TemporaryDirectory(prefix="owl-startup-") as data_dir:
            # The first start seeds the demo data: not what a desk does every morning.
            timed(app_command(bundle, data_dir), "smoke test passed")
            paint = median_of(args.runs, lambda b=bundle, d=data_dir: timed(
                app_command(b, d), "smoke step first_results"))
            ready = median_of(args.runs, lambda b=bundle, d=data_dir: timed(
                app_command(b, d), "smoke: entry view ready"))
        rows.append((f"Owl Desktop ({name}): first paint", *paint))
        rows.append((f"Owl Desktop ({name}): card fields ready", *ready))
    print(f"medians of {args.runs} whole-process runs")
    print(f"{'':48} {'seconds':>8} {'tree PSS MiB':>13}")
    for label, seconds, pss in rows:
        print(f"{label:48} {seconds:8.3f} {pss / 1024:13.1f}")
    first_paint = next(r[1] for r in rows if r[0] == "Owl Desktop (source): first paint")
    fields = next(r[1] for r in rows if r[0] == "Owl Desktop (source): card fields ready")
    print(f"first paint / bare window: {first_paint / bare[0]:.2f}x (target <= 2.5x)")
    print(f"card fields / bare page:   {fields / page[0]:.2f}x (target <= 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
