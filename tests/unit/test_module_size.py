"""Modules stay small enough to read in one go (issue 10: no module over 500 lines)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "owl_desktop"
MAX_LINES = 500


def too_long(package: Path = PACKAGE) -> dict[str, int]:
    return {
        path.relative_to(package).as_posix(): lines
        for path in sorted(package.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }


def test_no_module_over_500_lines() -> None:
    assert too_long() == {}


def test_the_check_sees_a_long_module(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "long.py").write_text("x = 1\n" * (MAX_LINES + 1), encoding="utf-8")
    (tmp_path / "short.py").write_text("x = 1\n" * MAX_LINES, encoding="utf-8")
    assert too_long(tmp_path) == {"sub/long.py": MAX_LINES + 1}
