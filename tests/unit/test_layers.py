"""The layer rules of DESIGN.md: who may import Qt, SQLAlchemy, stripe and the web stack, and
which of our own layers may import which."""

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
    # The client portal's web stack (the sandbox serves its own pages too).
    "starlette": ("portal/", "sandbox/"),
    "fastapi": ("portal/", "sandbox/"),
    "jinja2": ("portal/", "sandbox/"),
    "uvicorn": ("portal/", "sandbox/"),
    # Email goes through one adapter (mail/), used by the services' mailer.
    "smtplib": ("mail/",),
}
_CORE = ("domain/", "store/", "payments/", "core/")
# Inner layers never reach outward; ``sync/`` and ``services/`` are peers that share
# ``core/`` (and ``domain/``, ``store/``) and never import each other.
FORBIDDEN_INTERNAL: dict[str, tuple[str, ...]] = {
    "owl_desktop.ui": (*_CORE, "sync/", "services/", "sandbox/", "portal/"),
    "owl_desktop.portal": (*_CORE, "sync/", "services/", "sandbox/", "ui/"),
    "owl_desktop.services": (*_CORE, "sync/"),
    "owl_desktop.sync": (*_CORE, "services/"),
    "owl_desktop.core": ("domain/", "store/", "payments/"),
    "owl_desktop.payments": ("domain/", "store/"),
    "owl_desktop.store": ("domain/",),
    "owl_desktop.mail": (*_CORE, "sync/", "ui/", "portal/"),
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
    # sync/ and services/ are peers; the store never reaches the payments layer.
    for folder, line in (("sync", "from owl_desktop.services.customers import X\n"),
                         ("services", "import owl_desktop.sync.engine\n"),
                         ("store", "from owl_desktop.payments.gateway import X\n"),
                         ("core", "from owl_desktop.services import clients\n")):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / "peer.py").write_text(line, encoding="utf-8")
    assert violations(tmp_path) == [
        "core/peer.py imports owl_desktop.services",
        "domain/bad.py imports PySide6.QtCore",
        "domain/bad.py imports owl_desktop.ui.main",
        "domain/bad.py imports sqlalchemy",
        "payments/gateway.py imports stripe",
        "services/peer.py imports owl_desktop.sync.engine",
        "store/peer.py imports owl_desktop.payments.gateway",
        "sync/peer.py imports owl_desktop.services.customers",
        "ui/bad.py imports stripe",
    ]
