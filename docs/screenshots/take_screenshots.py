"""Regenerate the README screenshots: the main window with a demo client's profile open.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take_screenshots.py

Uses sandbox demo data in a throwaway data dir; writes main-window.png and main-window-fr.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from owl_desktop.app import build_main_window, build_services
from owl_desktop.config import load_config
from owl_desktop.ui.application import GuiSession

HERE = Path(__file__).resolve().parent


def shoot(language: str, out: Path, name: str = "Élise Tremblay") -> None:
    from PySide6.QtCore import QCoreApplication, QElapsedTimer

    with tempfile.TemporaryDirectory() as data_dir:
        config = load_config(["--sandbox", "--lang", language, "--data-dir", data_dir])
        gui = GuiSession(config)
        services = build_services(config)
        try:
            window = build_main_window(services, gui)
            window.show()

            def wait(condition: object) -> None:
                timer = QElapsedTimer()
                timer.start()
                while not condition() and timer.elapsed() < 10_000:  # type: ignore[operator]
                    QCoreApplication.processEvents()

            wait(lambda: window.search_panel.shown_query is not None)
            wanted = services.client_service.search(name)[0]
            window.open_client(wanted.id)
            wait(lambda: window.current_client is not None)
            for _ in range(20):
                QCoreApplication.processEvents()
            window.grab().save(str(out))
            window.close()
        finally:
            services.close()
            gui.close()
    print(f"wrote {out}")


def main() -> int:
    shoot("en", HERE / "main-window.png")
    shoot("fr", HERE / "main-window-fr.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
