"""Start-up time and memory of the desk, next to bare Qt baselines (issue 18).

Prints, in one run on this machine, medians of whole-process runs (``--runs``, default 5; the
cases take turns, so a burst of load elsewhere hits them all alike):

- *first paint*: process start until the main window's frame and search field are painted
  (the app logs ``first paint``), next to a bare PySide6 window with a search field;
- *card fields ready*: process start until the prepared entry view's card fields are mounted
  (``entry view prepared: card fields ready``: the first *Add payment method* opens at once),
  next to a bare QtWebEngine page that loads the Stripe.js double and mounts one card field;
- the proportional set size (PSS) of each whole process tree (the app and its QtWebEngine
  helpers) at that moment;
- with ``--memory`` (default on), one desk's tree PSS with the entry view prepared and after
  a fixed workload (``benchmarks/desk_workload.py``: 500 profiles opened, 50 add dialogs, 100
  syncs).

``--bundle DIR`` measures an installed one-folder bundle (``DIR/owl-desktop``) next to the
source checkout. Then the targets, each with PASS or FAIL (exit code 1 if one fails).
Usage: ``python -m benchmarks.startup [--runs 5] [--bundle /opt/owl-desktop] [--no-memory]``.
Python writes its bytecode caches as an installed app's would have them (the first, seeding
start writes them), even when ``PYTHONDONTWRITEBYTECODE`` is set here.
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
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[1]
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
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


class Measure(NamedTuple):
    seconds: float  # wall clock from spawn to the marker
    pss_kib: int  # the process tree's PSS at the marker
    cpu_s: float  # CPU time (user + system) the tree had used by then: less sensitive to load


def _tree(root: int) -> list[int]:
    """``root`` and every descendant process."""
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
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def tree_pss_kib(root: int) -> int:
    """PSS of ``root`` and every descendant process, in KiB (Linux ``smaps_rollup``)."""
    total = 0
    for pid in _tree(root):
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def tree_breakdown(root: int) -> str:
    """Each process of the tree: its PSS and anonymous PSS in MiB (what grows, and where)."""
    parts = []
    for pid in _tree(root):
        try:
            values = {line.split(":")[0]: int(line.split()[1]) for line in
                      Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]}
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError, IndexError):
            continue
        kind = next((a.decode()[7:] for a in args if a.startswith(b"--type=")), "app")
        parts.append(f"{kind} {values.get('Pss', 0) // 1024}/{values.get('Pss_Anon', 0) // 1024}")
    return "processes (PSS/anon MiB): " + ", ".join(parts)


def tree_cpu_s(root: int) -> float:
    """CPU seconds (user + system) used so far by ``root`` and its live descendants."""
    ticks = 0
    for pid in _tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def timed(command: Sequence[str], marker: str, *, cwd: Path = REPO,
          env: dict[str, str] | None = None) -> Measure:
    """From spawn until a line containing ``marker`` (stdout or stderr): seconds, the process
    tree's PSS and CPU time at that moment; the process is then ended."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env or ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if marker in line:
                elapsed = time.perf_counter() - started
                return Measure(elapsed, tree_pss_kib(proc.pid), tree_cpu_s(proc.pid))
        raise RuntimeError(f"{command[0]}: {marker!r} never came (exit {proc.wait()})")
    finally:
        proc.kill()
        proc.wait()


FIRST_PAINT = "first paint"
FIELDS_READY = "entry view prepared: card fields ready"
TARGET_PAINT = 2.5  # x the bare window
TARGET_FIELDS = 2.0  # x the bare page
TARGET_BUNDLE = 0.05  # the bundle within 5 % of the source
TARGET_MEMORY = 1.5  # x the bare page's tree
TARGET_GROWTH = 0.05  # after the workload, within 5 % of the start


def medians(runs: int, cases: dict[str, Callable[[], Measure]]) -> dict[str, Measure]:
    """Each case ``runs`` times, the cases taking turns; the median of each figure."""
    results: dict[str, list[Measure]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, measure in cases.items():
            results[name].append(measure())
    return {name: Measure(statistics.median(r.seconds for r in rs),
                          int(statistics.median(r.pss_kib for r in rs)),
                          statistics.median(r.cpu_s for r in rs))
            for name, rs in results.items()}


def app_command(bundle: Path | None, data_dir: str) -> list[str]:
    args = ["--sandbox", "--smoke-test", "--lang", "en", "--data-dir", data_dir]
    if bundle is not None:
        return [str(bundle / "owl-desktop"), *args]
    return [sys.executable, "-m", "owl_desktop", *args]


def workload_pss(data_dir: str) -> tuple[int, int]:
    """(PSS at the start, PSS after the workload) of one desk's tree, in KiB."""
    result = subprocess.run([sys.executable, "-m", "benchmarks.desk_workload", "--data-dir",
                             data_dir], cwd=REPO, env=ENV, capture_output=True, text=True,
                            timeout=1800, check=False)
    values = {line.split()[0]: int(line.split()[1]) for line in result.stdout.splitlines()
              if line.startswith("PSS_")}
    if result.returncode != 0 or len(values) != 2:
        raise RuntimeError(f"the workload failed (exit {result.returncode}): "
                           f"{result.stderr[-2000:]}")
    return values["PSS_START"], values["PSS_AFTER"]


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", type=Path, help="an installed one-folder bundle to compare")
    parser.add_argument("--no-memory", dest="memory", action="store_false",
                        help="skip the workload (a few minutes)")
    args = parser.parse_args(argv)
    from owl_desktop.sandbox.server import SandboxServer

    targets = [(None, "source")] + ([(args.bundle, "bundle")] if args.bundle else [])
    with SandboxServer() as sandbox, tempfile.TemporaryDirectory(prefix="owl-startup-") as tmp:
        cases: dict[str, Callable[[], Measure]] = {
            "bare PySide6 window: first paint":
                lambda: timed([sys.executable, "-c", BARE_WINDOW], "PAINTED"),
            "bare QtWebEngine page: card field ready":
                lambda: timed([sys.executable, "-c", BARE_PAGE, sandbox.stripe_js_url], "READY"),
        }
        for bundle, name in targets:
            data_dir = str(Path(tmp) / name)
            # The first start seeds the demo data (and writes bytecode caches): not what a
            # desk does every morning.
            timed(app_command(bundle, data_dir), "smoke test passed")
            cases[f"Owl Desktop ({name}): first paint"] = \
                lambda b=bundle, d=data_dir: timed(app_command(b, d), FIRST_PAINT)
            cases[f"Owl Desktop ({name}): card fields ready"] = \
                lambda b=bundle, d=data_dir: timed(app_command(b, d), FIELDS_READY)
        rows = medians(args.runs, cases)
        memory = workload_pss(str(Path(tmp) / "workload")) if args.memory else None
    print(f"medians of {args.runs} whole-process runs")
    print(f"{'':48} {'seconds':>8} {'tree PSS MiB':>13} {'tree CPU s':>11}")
    for label, (seconds, pss, cpu) in rows.items():
        print(f"{label:48} {seconds:8.3f} {pss / 1024:13.1f} {cpu:11.2f}")
    bare_window = rows["bare PySide6 window: first paint"]
    bare_page = rows["bare QtWebEngine page: card field ready"]
    paint = rows["Owl Desktop (source): first paint"]
    fields = rows["Owl Desktop (source): card fields ready"]
    print(f"CPU: first paint / bare window {paint.cpu_s / bare_window.cpu_s:.2f}x, "
          f"card fields / bare page {fields.cpu_s / bare_page.cpu_s:.2f}x (not targets: less "
          "sensitive to other load than the seconds)")
    checks = [
        (f"first paint / bare window: {paint[0] / bare_window[0]:.2f}x (target <= "
         f"{TARGET_PAINT}x)", paint[0] <= TARGET_PAINT * bare_window[0]),
        (f"card fields / bare page:   {fields[0] / bare_page[0]:.2f}x (target <= "
         f"{TARGET_FIELDS}x)", fields[0] <= TARGET_FIELDS * bare_page[0]),
    ]
    if args.bundle:
        for what in ("first paint", "card fields ready"):
            source = rows[f"Owl Desktop (source): {what}"][0]
            built = rows[f"Owl Desktop (bundle): {what}"][0]
            checks.append((f"bundle / source, {what}: {built / source:.2f}x (target: at most "
                           f"{TARGET_BUNDLE:.0%} slower)", built <= (1 + TARGET_BUNDLE) * source))
    if memory is not None:
        start, after = memory
        print(f"{'Owl Desktop (source), entry view prepared':48} {'':8} {start / 1024:13.1f}")
        print(f"{'  after 500 profiles, 50 add dialogs, 100 syncs':48} {'':8} "
              f"{after / 1024:13.1f}")
        checks.append((f"desk tree / bare page tree: {start / bare_page[1]:.2f}x (target <= "
                       f"{TARGET_MEMORY}x)", start <= TARGET_MEMORY * bare_page[1]))
        checks.append((f"after the workload / start: {after / start - 1:+.1%} (target within "
                       f"{TARGET_GROWTH:.0%})", after <= (1 + TARGET_GROWTH) * start))
    for text, ok in checks:
        print(f"{verdict(ok)}  {text}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
