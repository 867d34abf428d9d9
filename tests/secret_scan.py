"""Canary secrets and the scan that proves none of them reached a file.

Tests plant secrets containing :data:`CANARY` (e.g. ``rk_test_OWLCANARY...``), run real flows
with the app's data directory named ``owl-data`` under their ``tmp_path``, and call
:func:`find_canaries`. The session-end fixture in ``tests/conftest.py`` scans every ``owl-data``
directory again, so a leak written late (a log flushed at teardown) is caught too.
"""

from __future__ import annotations

from pathlib import Path

CANARY = "OWLCANARY"
DATA_DIR_NAME = "owl-data"


def canary(prefix: str, tag: str) -> str:
    """A well-formed secret with the canary inside, e.g. ``canary("rk_test_", "rk1")``."""
    return f"{prefix}{CANARY}{tag}0123456789abcdef"


def find_canaries(root: Path, needles: tuple[str, ...] = (CANARY,)) -> list[str]:
    """``path: needle`` for every file under ``root`` holding a needle (bytes, any encoding
    the app writes: UTF-8 text, SQLite pages, WAL frames)."""
    hits = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for needle in needles:
            for encoded in {needle.encode("utf-8"), needle.encode("utf-16-le")}:
                if encoded in data:
                    hits.append(f"{path}: {needle}")
    return hits
