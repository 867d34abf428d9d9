"""PySide6 reads the source of every module imported after it (for ``__feature__``) and keeps
it in ``linecache`` for the whole run: about 30 MiB and a fifth of a second for the desk's
870 modules (issue 18). The desk turns that off as soon as PySide6 is imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import linecache, sys
sys.path.insert(0, sys.argv[1])
import PySide6.QtWidgets
if sys.argv[2] == "stop":
    from owl_desktop.ui.application import stop_reading_module_sources
    stop_reading_module_sources()
elif sys.argv[2] == "session":  # as the desk starts
    from owl_desktop.config import load_config
    from owl_desktop.ui.application import GuiSession
    GuiSession(load_config(["--lang", "en", "--data-dir", sys.argv[1]]))
import owl_probe_module
print(any(name.endswith("owl_probe_module.py") for name in linecache.cache))
"""


def probe(tmp_path: Path, mode: str) -> str:
    (tmp_path / "owl_probe_module.py").write_text("VALUE = 1\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path), mode],
                            capture_output=True, text=True, check=True, timeout=120)
    return result.stdout.strip()


def test_pyside_alone_keeps_the_source_of_each_imported_module(tmp_path: Path) -> None:
    assert probe(tmp_path, "pyside") == "True"  # what the desk turns off


def test_the_desk_keeps_no_module_source(tmp_path: Path) -> None:
    assert probe(tmp_path, "stop") == "False"


def test_the_desk_session_turns_it_off(tmp_path: Path) -> None:
    """``GuiSession`` (the desk, the benchmarks, the GUI tests) does it on start."""
    assert probe(tmp_path, "session") == "False"
