"""Issue 12, item 11: a launch without a display says so, instead of Qt blaming libraries."""

from __future__ import annotations

from pathlib import Path

import pytest

from owl_desktop import app
from owl_desktop.display import NO_DISPLAY_MESSAGE, missing_display


@pytest.mark.parametrize(("environ", "platform", "missing"), [
    ({}, "linux", True),
    ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", True),
    ({"DISPLAY": ":0"}, "linux", False),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({"QT_QPA_PLATFORM": "vnc:size=1280x800"}, "linux", False),
    ({}, "darwin", False),
    ({}, "win32", False),
])
def test_missing_display(environ: dict[str, str], platform: str, missing: bool) -> None:
    assert (missing_display(environ, platform) is not None) is missing


def test_the_desk_says_so_and_how_to_run_offscreen(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert app.run(["--data-dir", str(tmp_path)]) == app.EXIT_FAILURE
    err = capsys.readouterr().err
    assert NO_DISPLAY_MESSAGE in err
    assert "QT_QPA_PLATFORM=offscreen" in err
    assert "librar" not in err.lower()
