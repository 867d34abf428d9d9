"""``QT_TRANSLATE_NOOP`` with a useful type.

PySide6's stubs declare it as returning ``object``; it returns its text argument. Import it from
here to keep mypy's types (``pyside6-lupdate`` recognises the name, not the module).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6 import QtCore

QT_TRANSLATE_NOOP = cast(Callable[[str, str], str], QtCore.QT_TRANSLATE_NOOP)

__all__ = ["QT_TRANSLATE_NOOP"]
