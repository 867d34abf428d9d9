"""Where the app's non-Python files live (``resources/``: web page, translations, icons).

Next to the package in a source checkout (``pip install -e .``), or inside the folder a
PyInstaller build unpacks (``build.spec`` copies ``resources/`` there).
"""

from __future__ import annotations

import sys
from pathlib import Path


def resource_dir(kind: str) -> Path:
    """``resources/<kind>``, e.g. ``resource_dir("web")``."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parents[1]
    return root / "resources" / kind
