"""Retake the README's screenshots of the desk, in English and French.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.screenshots [--scale 2]

Runs the real app in sandbox mode (the built-in Stripe double and demo clients) on a throwaway
data directory (``tools/desk_scene.py``): Élise Tremblay's payment methods are saved through the
app's own service and confirmed at the double as Stripe.js would. Writes, in docs/screenshots/:

- ``main-window.png`` / ``main-window-fr.png``: the desk at 1280×860, her profile open with two
  cards, after a sync (the status bar says Online with nothing waiting);
- ``payment-methods-paused.png`` / ``-fr``: autopay paused after the default was removed;
- ``payment-methods.png`` / ``payment-methods-fr.png``: the Payment Methods section with every
  state (default chosen here and waiting to sync, expires soon, pending verification), the first
  row expanded;
- ``small-window-fr.png``: the desk at 900×600 in French, the smallest supported size.

The card form's screenshots come from ``docs/screenshots/take_entry_screenshots.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
os.environ.setdefault("STRIPE_DISABLE_TELEMETRY", "1")

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def _sync_now(window: object) -> None:
    from PySide6.QtWidgets import QToolButton

    from tools.desk_scene import pump

    button = window.findChild(QToolButton, "syncNowButton")  # type: ignore[attr-defined]
    assert button is not None
    pump(button.isEnabled)
    button.click()
    pump(lambda: not button.isEnabled())
    pump(button.isEnabled, timeout=30)


def shoot_language(language: str, out: Path) -> list[Path]:
    from tools.desk_scene import (
        add_cards,
        add_states,
        open_client,
        pump,
        sandbox_desk,
        settle,
    )

    suffix = "" if language == "en" else f"-{language}"
    written: list[Path] = []

    def save(widget: object, name: str) -> None:
        path = out / name
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        written.append(path)

    with sandbox_desk(language, (1280, 860)) as scene:
        window = scene.window
        # A settled desk: two cards at Stripe, synced.
        add_cards(scene)
        section = open_client(scene, rows=2)
        _sync_now(window)
        settle(500)
        save(window, f"main-window{suffix}.png")

        # Autopay paused: the default removed (sent to Stripe at once).
        visa = next(r.method_id for r in section.list_view.rows()
                    if not r.default_badge.isHidden())
        section.remove(visa)
        pump(lambda: section.list_view.row_for(visa) is None and not section.busy)
        settle(300)
        save(section, f"payment-methods-paused{suffix}.png")

        # Every state a row can show, the first row expanded.
        add_states(scene)
        section.reload()
        pump(lambda: len(section.list_view.rows()) == 3 and not section.busy)
        section.list_view.rows()[0].set_expanded(True)
        settle(300)
        save(section, f"payment-methods{suffix}.png")

        if language == "fr":
            window.resize(900, 600)
            settle(300)
            save(window, "small-window-fr.png")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--lang", choices=("en", "fr"), action="append")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="device pixel ratio (QT_SCALE_FACTOR), e.g. 2 for high DPI")
    args = parser.parse_args(argv)
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    args.out.mkdir(parents=True, exist_ok=True)
    for language in args.lang or ["en", "fr"]:
        for path in shoot_language(language, args.out):
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
