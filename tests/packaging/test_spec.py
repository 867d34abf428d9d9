"""build.spec keeps every Qt module the code imports (runs without a bundle)."""

from __future__ import annotations

from tests.packaging.source import qt_modules_imported, qt_modules_kept_by_spec


def test_every_qt_module_the_app_imports_is_kept_in_the_bundle() -> None:
    imported = qt_modules_imported()
    assert {"QtCore", "QtWidgets", "QtWebEngineWidgets"} <= imported  # the scan works
    missing = imported - qt_modules_kept_by_spec()
    assert not missing, f"add {sorted(missing)} to QT_MODULES_USED in build.spec"
