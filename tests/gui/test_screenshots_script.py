"""tools/screenshots.py keeps working: it writes the README's French shots, of the right size,
drawn (not black or blank)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from tools import screenshots


def test_the_screenshot_script_retakes_the_french_shots(tmp_path: Path) -> None:
    assert screenshots.main(["--out", str(tmp_path), "--lang", "fr"]) == 0
    names = sorted(p.name for p in tmp_path.glob("*.png"))
    assert names == ["main-window-fr.png", "payment-methods-fr.png",
                     "payment-methods-paused-fr.png", "small-window-fr.png"]
    small = QImage(str(tmp_path / "small-window-fr.png"))
    assert (small.width(), small.height()) == (900, 600)
    main = QImage(str(tmp_path / "main-window-fr.png"))
    assert (main.width(), main.height()) == (1280, 860)
    colours = {main.pixel(x, y) for x in range(0, main.width(), 16)
               for y in range(0, main.height(), 16)}
    assert len(colours) > 20  # a drawn window, not a flat rectangle
