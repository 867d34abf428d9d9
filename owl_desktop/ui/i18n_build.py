"""Build the translation catalogues; developers also refresh the sources with it.

    python -m owl_desktop.ui.i18n_build            # .ts -> .qm (install/build step, CI)
    python -m owl_desktop.ui.i18n_build --update   # sources -> .ts (after changing UI strings)

The .qm files are build output (gitignored); translators edit the .ts files (Qt Linguist).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from owl_desktop.ui.i18n import CATALOG, LOCALES, i18n_dir

PACKAGE_DIR = Path(__file__).resolve().parents[1]


def tool(name: str) -> str:
    """A PySide6 tool next to this Python (the venv), else on PATH."""
    candidate = Path(sys.executable).with_name(name)
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 in this environment")
    return found


# Qt-free modules whose sentences the desk translates (marked with their own
# QT_TRANSLATE_NOOP, which lupdate reads by name); the portal shares them.
SHARED_SOURCES = ("domain/decline_texts.py",)


def ui_sources() -> list[Path]:
    """Every Python file that may hold UI strings: ui/, and the shared tables above."""
    return sorted([*(PACKAGE_DIR / "ui").rglob("*.py"),
                   *(PACKAGE_DIR / name for name in SHARED_SOURCES)])


def ts_files() -> dict[str, Path]:
    return {lang: i18n_dir() / f"{CATALOG}_{locale}.ts" for lang, locale in LOCALES.items()}


def update(sources: Sequence[Path] | None = None, targets: dict[str, Path] | None = None) -> None:
    """Refresh the .ts files from the sources, keeping existing translations."""
    sources = list(sources or ui_sources())
    for lang, ts in (targets or ts_files()).items():
        ts.parent.mkdir(parents=True, exist_ok=True)
        args = [tool("pyside6-lupdate"), *map(str, sources), "-no-obsolete",
                "-locations", "none", "-source-language", "en",
                "-target-language", LOCALES[lang]]
        if lang == "en":
            args.append("-pluralonly")  # English needs only its plural forms
        subprocess.run([*args, "-ts", str(ts)], check=True)  # noqa: S603 - our own tool path


def release() -> list[Path]:
    """Compile every .ts into its .qm; returns the files written."""
    built = []
    for ts in ts_files().values():
        if not ts.exists():
            raise SystemExit(f"missing translation source {ts}")
        qm = ts.with_suffix(".qm")
        lrelease = tool("pyside6-lrelease")
        subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)  # noqa: S603
        built.append(qm)
    return built


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true",
                        help="refresh the .ts sources from the code before building")
    args = parser.parse_args(argv)
    if args.update:
        update()
    for qm in release():
        print(f"built {qm}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
