"""Which language the UI speaks, and loading its translations (ours and Qt's own).

Our catalogues are ``resources/i18n/owl_desktop_<locale>.qm``, built from the ``.ts`` sources by
``python -m owl_desktop.ui.i18n_build``. English is the source language; its catalogue only
holds plural forms ("1 client", "2 clients").
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from owl_desktop.resources import resource_dir

log = logging.getLogger(__name__)

CATALOG = "owl_desktop"
# UI language -> the locale its catalogue is written for.
LOCALES: dict[str, str] = {"en": "en", "fr": "fr_CA"}


def i18n_dir() -> Path:
    """Where the .ts/.qm files live: next to the sources, or inside a PyInstaller bundle."""
    return resource_dir("i18n")


def catalog_path(language: str, suffix: str = ".qm") -> Path:
    return i18n_dir() / f"{CATALOG}_{LOCALES[language]}{suffix}"


def choose_language(configured: str | None) -> str:
    """``--lang``/``OWL_LANG`` when given, else the first supported system UI language."""
    if configured in LOCALES:
        return configured
    for name in QLocale.system().uiLanguages():
        code = name.replace("-", "_").split("_")[0].lower()
        if code in LOCALES:
            return code
    return "en"


class Translations:
    """The translators installed on the application, removable (tests switch languages)."""

    def __init__(self) -> None:
        self.language = "en"
        self._installed: list[QTranslator] = []

    def install(self, language: str) -> None:
        self.remove()
        self.language = language
        locale = QLocale(QLocale.Language.French if language == "fr" else QLocale.Language.English,
                         QLocale.Country.Canada)
        QLocale.setDefault(locale)
        ours = QTranslator()
        path = catalog_path(language)
        if ours.load(str(path)):
            self._add(ours)
        else:
            log.warning("translations %s not found: run python -m owl_desktop.ui.i18n_build",
                        path)
        if language != "en":
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            qtbase = QTranslator()
            # Qt's own strings: standard buttons, context menus of text fields.
            if qtbase.load(locale, "qtbase", "_", qt_dir):
                self._add(qtbase)
            else:
                log.info("Qt's own %s translations are not installed", language)

    def remove(self) -> None:
        for translator in self._installed:
            QCoreApplication.removeTranslator(translator)
        self._installed.clear()

    def _add(self, translator: QTranslator) -> None:
        QCoreApplication.installTranslator(translator)
        self._installed.append(translator)
