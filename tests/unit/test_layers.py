"""The layer rules of DESIGN.md: who may import Qt, SQLAlchemy and stripe."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "owl_desktop"

RULES: dict[str, tuple[str, ...]] = {
    # imported module root -> package-relative path prefixes allowed to import it
    "PySide6": ("ui/",),
    "shiboken6": ("ui/",),
    "sqlalchemy": ("store/",),
    "alembic": ("store/",),
    "stripe": ("payments/stripe/", "sandbox/"),
}
# Core layers must not reach outward into the UI.
FORBIDDEN_INTERNAL: dict[str, tuple[str, ...]] = {
    "owl_desktop.ui": ("domain/", "store/", "payments/", "sync/", "services/", "sandbox/"),
    "owl_desktop.services": ("domain/", "store/", "payments/"),
    "owl_desktop.store": ("domain/",),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violations(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        for module in sorted(imported_modules(path)):
            root = module.split(".")[0]
            allowed = RULES.get(root)
            if allowed is not None and not relative.startswith(allowed):
                found.append(f"{relative} imports {module}")
            for internal, banned_in in FORBIDDEN_INTERNAL.items():
                if (module == internal or module.startswith(internal + ".")) and \
                        relative.startswith(banned_in):
                    found.append(f"{relative} imports {module}")
    return found


def test_layer_rules_hold() -> None:
    assert violations() == []


def test_the_checker_sees_each_kind_of_violation(tmp_path: Path) -> None:
    (tmp_path / "domain").mkdir()
    (tmp_path / "ui").mkdir()
    (tmp_path / "domain" / "bad.py").write_text(
        "from PySide6.QtCore import QObject\nimport sqlalchemy\nimport owl_desktop.ui.main\n",
        encoding="utf-8")
    (tmp_path / "ui" / "fine.py").write_text("from PySide6 import QtWidgets\n", encoding="utf-8")
    (tmp_path / "ui" / "bad.py").write_text("import stripe\n", encoding="utf-8")
    # Within payments/, only the stripe/ adapter package may import the SDK.
    (tmp_path / "payments" / "stripe").mkdir(parents=True)
    (tmp_path / "payments" / "stripe" / "client.py").write_text("import stripe\n",
                                                                encoding="utf-8")
    (tmp_path / "payments" / "gateway.py").write_text("from stripe import StripeClient\n",
                                                      encoding="utf-8")
    assert violations(tmp_path) == [
        "domain/bad.py imports PySide6.QtCore",
        "domain/bad.py imports owl_desktop.ui.main",
        "domain/bad.py imports sqlalchemy",
        "payments/gateway.py imports stripe",
        "ui/bad.py imports stripe",
    ]
