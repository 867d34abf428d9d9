"""One desk in sandbox mode, built as ``owl-desktop --sandbox`` builds it, put through a fixed
workload; prints its whole process tree's memory (PSS, the app and its QtWebEngine helpers)
with the entry view prepared, then after the workload (issue 18, item 5).

Run by ``benchmarks/startup.py`` (``--memory``); on its own:
``python -m benchmarks.desk_workload --data-dir DIR [--profiles 500 --dialogs 50 --syncs 100]``.
Prints ``PSS_START <KiB>`` and ``PSS_AFTER <KiB>`` lines.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable, Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--profiles", type=int, default=500)
    parser.add_argument("--dialogs", type=int, default=50)
    parser.add_argument("--syncs", type=int, default=100)
    args = parser.parse_args(argv)

    from owl_desktop.app import prepare_qt_environment
    from owl_desktop.config import load_config
    from owl_desktop.ui.application import GuiSession

    prepare_qt_environment()
    config = load_config(["--sandbox", "--lang", "en", "--data-dir", args.data_dir])
    gui = GuiSession(config)

    from PySide6.QtCore import QCoreApplication, QEvent

    from benchmarks.startup import tree_breakdown, tree_pss_kib
    from owl_desktop.composition import build_services
    from owl_desktop.ui.desk import wire_main_window
    from owl_desktop.ui.main_window import main_window_frame
    from owl_desktop.ui.payment_methods.add_dialog import AddPaymentMethodDialog
    from owl_desktop.ui.settings.stripe_rewiring import StripeRewiring

    app = gui.app

    def wait(condition: Callable[[], object], timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the desk didn't get there in time")
            app.processEvents()
            time.sleep(0.002)

    def settle(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            time.sleep(0.01)
        gc.collect()

    window = main_window_frame(gui.presenter)
    window.show()
    services = build_services(config, open_stripe=False)
    try:
        wire_main_window(window, services, gui)
        rewiring = window.findChild(StripeRewiring)
        assert rewiring is not None
        wait(lambda: window.search_panel.shown_query is not None and rewiring.applied)
        flow = rewiring.flow
        sync_ui = rewiring.sync_ui
        assert flow is not None
        assert sync_ui is not None
        wait(lambda: flow.pool.spare is not None and flow.pool.spare.is_ready)
        wait(lambda: not sync_ui.controller.running and not window.tasks.is_busy())
        settle(2.0)
        print(f"PSS_START {tree_pss_kib(_pid())}", flush=True)
        print(f"objects at the start: {census(app)}; {tree_breakdown(_pid())}", flush=True)

        ids = [window.search_panel.model.summary(row) for row in
               range(window.search_panel.model.rowCount())]
        clients = [s.id for s in ids if s is not None]
        for n in range(args.profiles):
            client_id = clients[n % len(clients)]
            window.open_client(client_id)
            wait(lambda c=client_id: window.current_client is not None
                 and window.current_client.id == c and not window.tasks.is_busy())
        settle(0.5)
        print(f"after the profiles: {tree_breakdown(_pid())}", flush=True)
        for _ in range(args.dialogs):
            client = window.current_client
            assert client is not None
            opened: list[AddPaymentMethodDialog] = []
            shown: list[str] = []

            def on_dialog(dialog: AddPaymentMethodDialog, opened: list = opened,
                          shown: list = shown) -> None:
                opened.append(dialog)
                dialog.view.form_opened.connect(shown.append)

            flow.dialog_opened.connect(on_dialog)
            flow.start(client, window)
            assert flow.choice is not None
            flow.choice.card_button.click()
            wait(lambda shown=shown: bool(shown))
            dialog = opened[0]
            wait(lambda d=dialog: d.setup_intent_id or d.stage.value == "broken")
            dialog.reject()
            flow.dialog_opened.disconnect(on_dialog)
            wait(lambda: not window.tasks.is_busy())
            settle(0.05)
        settle(0.5)
        print(f"after the dialogs: {tree_breakdown(_pid())}", flush=True)
        for _ in range(args.syncs):
            finished: list[object] = []
            sync_ui.controller.run_finished.connect(finished.append)
            sync_ui.controller.sync_now()
            wait(lambda f=finished: bool(f) and not sync_ui.controller.running)
            sync_ui.controller.run_finished.disconnect(finished.append)
        # As at the start: a spare view prepared, nothing running.
        wait(lambda: flow.pool.spare is not None and flow.pool.spare.is_ready)
        wait(lambda: not sync_ui.controller.running and not window.tasks.is_busy())
        settle(2.0)
        print(f"PSS_AFTER {tree_pss_kib(_pid())}", flush=True)
        print(f"objects after the workload: {census(app)}; {tree_breakdown(_pid())}",
              flush=True)
    finally:
        window.close()
        app.processEvents()
        services.close()
        gui.close()
    return 0


def census(app: object) -> str:
    """What could grow: Python objects, Qt widgets, web views and pages alive."""
    from PySide6.QtWebEngineCore import QWebEnginePage
    from PySide6.QtWebEngineWidgets import QWebEngineView
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    widgets = QApplication.allWidgets()
    views = [w for w in widgets if isinstance(w, QWebEngineView)]
    pages = {id(v.page()) for v in views if isinstance(v.page(), QWebEnginePage)}
    return (f"python={len(gc.get_objects())} widgets={len(widgets)} web_views={len(views)} "
            f"pages={len(pages)}")


def _pid() -> int:
    import os

    return os.getpid()


if __name__ == "__main__":
    sys.exit(main())
