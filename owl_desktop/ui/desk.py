"""The Qt half of the composition root: the desk's main window wired to the services.

``build_main_window(services, gui)`` is what ``app.py`` runs and what the GUI tests build, so
both see the same window. The Stripe parts are opened off the UI thread (reading the keyring
may block on a password prompt or a slow Secret Service), then put in place by
``StripeRewiring`` exactly as when Settings → Stripe connects: the window appears at once.
Every view learns of changes through one ``ChangeBus``: the views' own actions, sync runs,
and what other processes commit to the shared database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QTimer

from owl_desktop.composition import Services, start_sandbox_portal
from owl_desktop.live_stripe import CurrentPaymentMethods
from owl_desktop.sync.engine import SyncEngine
from owl_desktop.ui.application import SmokeStep
from owl_desktop.ui.autopay.setup import install_autopay
from owl_desktop.ui.billing.setup import install_billing
from owl_desktop.ui.booking_setup import install_booking
from owl_desktop.ui.change_bus import ChangeBus, concerns
from owl_desktop.ui.clients.profile_sections import SectionFactory
from owl_desktop.ui.errors import ErrorPresenter
from owl_desktop.ui.main_window import MainWindow, main_window_frame
from owl_desktop.ui.payment_methods.add_flow import AddPaymentMethodFlow
from owl_desktop.ui.payment_methods.entry_setup import (
    EntrySettingsSource,
    entry_view_smoke_step,
    install_add_payment_method,
)
from owl_desktop.ui.payment_methods.section import PaymentMethodsDeps, PaymentMethodsSection
from owl_desktop.ui.portal_setup import install_portal
from owl_desktop.ui.sandbox_menu import install_sandbox_menu
from owl_desktop.ui.scheduling.setup import install_scheduling
from owl_desktop.ui.settings.smtp_box import SmtpParts
from owl_desktop.ui.settings.stripe import install_stripe_settings
from owl_desktop.ui.settings.stripe_rewiring import StripeRewiring
from owl_desktop.ui.sync.setup import SyncUi, install_sync
from owl_desktop.ui.tasks import TaskRunner
from owl_desktop.ui.web.pool import EntryViewPool


class GuiSession(Protocol):
    """What the window needs of the run's Qt session (``ui.application.GuiSession``)."""

    @property
    def presenter(self) -> ErrorPresenter: ...

    @property
    def language(self) -> str: ...


def build_main_window(services: Services, gui: GuiSession) -> MainWindow:
    """The main window wired to the services (what the GUI tests build)."""
    window = main_window_frame(gui.presenter)
    wire_main_window(window, services, gui)
    return window


def wire_main_window(window: MainWindow, services: Services, gui: GuiSession, *,
                     entry_pool: EntryViewPool | None = None) -> None:
    """Wire the window's frame (``main_window_frame``, maybe already on screen) to the
    services and start it. Features add their widgets here. ``entry_pool``: the entry view
    start-up began preparing before the database opened (``prepare_entry_pool``)."""
    tasks = window.tasks
    bus = ChangeBus(window)
    entry_settings = entry_settings_source(services, gui)
    early_pool = [entry_pool] if entry_pool is not None else []

    def make_flow() -> AddPaymentMethodFlow | None:
        built = install_add_payment_method(None, service=CurrentPaymentMethods(services.live),
                                           tasks=tasks, settings=entry_settings,
                                           pool=early_pool.pop() if early_pool else None)
        built.setParent(window)  # findable from the window (smoke test)
        return built

    # The entry view is prepared first (its page loads in QtWebEngine's own processes while
    # the rest is wired here and the Stripe parts open): the first Add payment method finds
    # its card fields ready. Without a publishable key nothing is prepared.
    first_flow = make_flow() if entry_settings() is not None else None
    for unused in early_pool:  # prepared with a key the database no longer holds
        unused.close()
        unused.deleteLater()
    window.attach(services.client_service,
                  payment_section_factory=payment_section_factory(services, gui, tasks, bus))
    window.status.set_mode(services.stripe_mode)
    display = install_stripe_settings(window, services.stripe_connection, tasks,
                                      set_indicator=window.status.set_mode,
                                      add_settings_action=window.add_settings_action)
    syncs: list[SyncUi] = []  # the current connection's sync UI, last
    if services.config.sandbox:
        window.set_sandbox(True)
        install_sandbox_menu(window, services.sandbox_controls, tasks,
                             sync_now=lambda: syncs[-1].controller.sync_now() if syncs else None)
    section = payment_section_of(window)
    follow_changes(window, bus, section)
    window.scheduling_ui = install_scheduling(  # type: ignore[attr-defined]  # tests reach it
        window, services.scheduling, services.client_service, bus, gui.language)
    window.portal_ui = install_portal(  # type: ignore[attr-defined]  # tests reach it
        window, services.portal_accounts, services.portal_settings, bus,
        SmtpParts(services.smtp_settings, services.mailer), services.portal_mail,
        booking=services.booking.settings)
    window.billing_ui = install_billing(  # type: ignore[attr-defined]  # tests reach it
        window, services.payment_settings, services.billing, services.scheduling, bus,
        gui.language)
    window.booking_line = install_booking(  # type: ignore[attr-defined]  # tests reach it
        window, services.booking, bus)
    window.autopay_ui = install_autopay(  # type: ignore[attr-defined]  # tests reach it
        window, services, bus, window.billing_ui)  # type: ignore[attr-defined]
    bus.follow(services.changes)
    services.changes.start()

    def start_sync(engine: SyncEngine) -> SyncUi:
        started = install_sync(window, engine, indicators=window.status)
        started.controller.data_changed.connect(bus.announce)
        services.on_close(started.stop)
        syncs.append(started)
        return started

    rewiring = StripeRewiring(
        services.live, tasks, install_sync=start_sync, sync_ui=None, section=section,
        payment_methods=CurrentPaymentMethods(services.live), make_flow=make_flow,
        flow=first_flow,
        entry_settings=entry_settings, parent=window)
    display.about_to_change.connect(rewiring.suspend)
    display.connection_changed.connect(rewiring.rebuild)
    display.change_failed.connect(rewiring.rebuild)
    if services.live.current is not None:  # opened already (tests, tools): put it in place
        rewiring.apply(services.live.current)
    else:
        rewiring.rebuild()  # reads the keyring: off the UI thread
    window.start()


#: The sandbox's client portal starts this long after the window is wired (its web stack
#: takes a few hundred milliseconds to import: the desk and its entry view come first).
SANDBOX_PORTAL_DELAY_MS = 2000
SANDBOX_PORTAL_TASK_KEY = "sandbox-portal"


def sandbox_portal_later(window: MainWindow, services: Services,
                         delay_ms: int = SANDBOX_PORTAL_DELAY_MS) -> SmokeStep:
    """Start the sandbox's client portal on a worker thread after ``delay_ms``; returns the
    smoke step that waits for it (it starts the portal at once if not started yet)."""
    started: list[str] = []
    failed: list[BaseException] = []

    def start() -> None:
        if started or failed or window.tasks.is_busy(SANDBOX_PORTAL_TASK_KEY):
            return
        window.tasks.run(lambda: start_sandbox_portal(services), on_success=started.append,
                         on_failure=failed.append, key=SANDBOX_PORTAL_TASK_KEY)

    timer = QTimer(window)
    timer.setSingleShot(True)
    timer.timeout.connect(start)
    timer.start(delay_ms)

    def sandbox_portal() -> Callable[[], bool]:
        timer.stop()
        start()

        def done() -> bool:
            if failed:
                raise RuntimeError("the sandbox portal didn't start") from failed[0]
            return bool(started)

        return done

    return sandbox_portal


def entry_settings_source(services: Services, gui: GuiSession) -> EntrySettingsSource:
    """The entry views' settings; the publishable key is whatever Settings → Stripe holds now
    (``invalidate()`` after the connection changed). Read from settings only: never the
    keyring, as views are prepared on the UI thread."""
    return EntrySettingsSource(services.stripe_connection.publishable_key,
                               stripe_js_url=services.config.stripe_js_url,
                               language=gui.language,
                               entry_page_url=services.config.entry_page_url)


def payment_section_factory(services: Services, gui: GuiSession, tasks: TaskRunner,
                            bus: ChangeBus) -> SectionFactory:
    """What MainWindow calls to build the Payment Methods section of the profile. The
    section starts as "not connected"; ``StripeRewiring`` gives it the service and the add
    flow once the Stripe parts are open."""

    def make(parent: Any = None) -> PaymentMethodsSection:  # parent: QWidget | None
        deps = PaymentMethodsDeps(payment_methods=None, autopay=services.autopay,
                                  audit=services.audit, tasks=tasks, presenter=gui.presenter,
                                  bus=bus)
        return PaymentMethodsSection(deps, parent)

    return make


def payment_section_of(window: MainWindow) -> PaymentMethodsSection | None:
    section = window.profile_page.contact_tab.payment_section
    return section if isinstance(section, PaymentMethodsSection) else None


def follow_changes(window: MainWindow, bus: ChangeBus,
                   section: PaymentMethodsSection | None) -> None:
    """The window's own views on the bus: the open profile and the search results reload
    when their data changed; a change made in the section is announced to the others."""

    def on_changed(changed: frozenset[int]) -> None:
        current = window.current_client
        if current is not None and concerns(changed, current.id):
            window.refresh_client(current.id)  # the header and contact details
        window.search_panel.refresh_if_listed(changed)

    bus.clients_changed.connect(on_changed)
    window.client_saved.connect(lambda client_id: bus.announce([client_id]))
    if section is not None:
        section.autopay_changed.connect(lambda client_id: bus.announce([client_id]))


def smoke_steps(window: MainWindow) -> list[SmokeStep]:
    """What ``--smoke-test`` exercises after the window is shown. Each step may return a
    condition to wait for (time limit in ``ui.application``)."""
    rewiring = window.findChild(StripeRewiring)

    def first_results() -> Callable[[], bool]:
        return lambda: window.search_panel.shown_query is not None

    def stripe_opened() -> Callable[[], bool]:
        return lambda: rewiring is None or rewiring.applied

    def one_sync() -> Callable[[], bool] | None:
        """One sync run (sandbox or a connected account): it must finish without error."""
        sync_ui = rewiring.sync_ui if rewiring is not None else None
        if sync_ui is None:
            return None
        finished: list[object] = []
        sync_ui.controller.run_finished.connect(finished.append)
        sync_ui.controller.sync_now()

        def done() -> bool:
            if not finished:
                return False
            error = getattr(finished[-1], "error_code", "")
            if error not in ("", "already_running"):
                raise RuntimeError(f"the smoke sync failed: {error}")
            return not sync_ui.controller.running

        return done

    def open_first_client() -> Callable[[], bool] | None:
        summary = window.search_panel.model.summary(0)
        if summary is None:
            return None
        window.open_client(summary.id)
        return lambda: window.current_client is not None

    def open_and_close_client_form() -> Callable[[], bool]:
        form = window.new_client()
        form.reject()
        return lambda: not window.tasks.is_busy()

    def open_entry_view() -> Callable[[], bool]:
        """The payment method entry page loads and its bridge answers."""
        return entry_view_smoke_step(window.findChild(AddPaymentMethodFlow))

    return [first_results, stripe_opened, one_sync, open_first_client,
            open_and_close_client_form, open_entry_view]
