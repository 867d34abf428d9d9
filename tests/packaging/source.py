"""What the source tree says the bundle must hold (shared by the packaging tests)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "owl_desktop"
SPEC = ROOT / "build.spec"


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def qt_modules_imported() -> set[str]:
    """The PySide6 modules owl_desktop's code imports (``QtCore``, ``QtWebEngineWidgets``...)."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            found.update(name.split(".")[1] for name in names
                         if name.startswith("PySide6.") and name.count(".") >= 1)
    return found


def qt_modules_kept_by_spec() -> set[str]:
    """``QT_MODULES_USED`` in build.spec (every other PySide6 module is excluded)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id == "QT_MODULES_USED"):
            value = ast.literal_eval(node.value)
            assert isinstance(value, set)
            return {str(name) for name in value}
    raise AssertionError("build.spec has no QT_MODULES_USED")


def package_modules() -> set[str]:
    """Every importable module of owl_desktop, by file (nothing is imported to find them)."""
    modules = set()
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        packages = [ROOT.joinpath(*parts[:i]) for i in range(1, len(parts))]
        if all((package / "__init__.py").exists() for package in packages):
            name = ".".join(parts)
            modules.add(name.removesuffix(".__init__"))
    return modules - {"owl_desktop.__main__"}  # the entry script, not an archived module


def package_data_files() -> set[str]:
    """The package's non-Python files (static files, templates, Alembic's template...) and the
    migrations' source files, relative to the repository root."""
    files = set()
    for path in PACKAGE.rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(ROOT).as_posix()
        if path.suffix not in (".py", ".pyc") or relative.startswith(
                "owl_desktop/store/migrations/"):
            files.add(relative)
    return files


def resource_files() -> set[str]:
    """resources/ as the app reads it: the entry page, icons, the receipts' font, the built
    .qm catalogues."""
    files = {path.relative_to(ROOT).as_posix()
             for kind in ("web", "icons", "fonts")
             for path in (ROOT / "resources" / kind).rglob("*") if path.is_file()}
    files.update(f"resources/i18n/{ts.stem}.qm"
                 for ts in (ROOT / "resources" / "i18n").glob("*.ts"))
    return files
