"""A desk in a process of its own, for race tests: real processes, real database connections,
real HTTP to the test's Stripe (the in-process sandbox is reached over 127.0.0.1).

``DeskProcesses`` (the test's side) starts one spawned process per desk; each opens its desk
(``tests/integration/sync/desk.py``) once and then runs the operations it is sent. Every
operation of a round starts after a barrier shared by all the desks, so they hit the
database and Stripe at the same instant. What each got back, or the exception that reached
it (type, message, traceback), comes back to the test: nothing is caught on the way.
"""

from __future__ import annotations

import multiprocessing
import queue
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from multiprocessing.context import SpawnContext, SpawnProcess
from multiprocessing.synchronize import Barrier
from types import TracebackType
from typing import Any

from owl_desktop.errors import UserFacingError
from owl_desktop.services.autopay import AutopayService
from owl_desktop.services.customers import CustomerService
from tests.integration.sync.desk import Desk, open_desk

# Long enough for a spawned interpreter to import the app and open its desk on a busy CI box.
START_TIMEOUT_S = 90
ROUND_TIMEOUT_S = 60


@dataclass(frozen=True)
class DeskSpec:
    name: str
    database_url: str
    api_base: str
    secret_key: str


@dataclass(frozen=True)
class Outcome:
    desk: str
    value: Any = None
    error_type: str = ""  # "module.Class" of the exception that reached the caller
    message: str = ""
    trace: str = ""

    @property
    def ok(self) -> bool:
        return not self.error_type

    def __str__(self) -> str:
        if self.ok:
            return f"{self.desk}: {self.value!r}"
        return f"{self.desk}: {self.error_type}: {self.message}\n{self.trace}"


# Operations, as a desk's staff (or its sync) would run them ---------------------------------

def _start_setup(desk: Desk, client_id: int, kind: str = "card") -> dict[str, Any]:
    info = desk.methods.start_setup(client_id, kind)  # type: ignore[arg-type]
    return {"setup_intent": info.id, "customer": info.customer_id}


def _complete_setup(desk: Desk, client_id: int, setup_intent_id: str) -> dict[str, Any]:
    method = desk.methods.complete_setup(client_id, setup_intent_id)
    return {"id": method.id, "stripe_id": method.stripe_id, "status": method.status}


def _set_default(desk: Desk, client_id: int, stripe_id: str) -> str:
    with desk.uow() as uow:
        method = uow.payment_methods.by_stripe_id(stripe_id)
    assert method is not None, stripe_id
    return desk.methods.set_default(client_id, method.id).stripe_id


def _remove(desk: Desk, client_id: int, stripe_id: str) -> None:
    with desk.uow() as uow:
        method = uow.payment_methods.by_stripe_id(stripe_id)
    assert method is not None, stripe_id
    desk.methods.remove(client_id, method.id)


def _enrol(desk: Desk, client_id: int, enrolled: bool = True) -> bool:
    return AutopayService(desk.uow, desk.clock).set_enrolled(client_id, enrolled).enrolled


def _ensure_customer(desk: Desk, client_id: int) -> str:
    api = desk.engine.metered.as_gateway()
    return CustomerService(desk.uow, api, desk.engine.account, desk.clock).ensure_customer(
        client_id)


def _sync(desk: Desk) -> dict[str, Any]:
    summary = desk.sync()
    return {"error": summary.error, "error_code": summary.error_code, "sent": summary.sent,
            "retried": summary.retried, "failed": summary.failed, "waiting": summary.waiting,
            "problems": summary.problems, "full": bool(summary.pull and summary.pull.full)}


def _catch_up_refunds(desk: Desk) -> int:
    """What a full reconcile does for refunds made in Stripe; how many this desk recorded."""
    desk.engine.refunds.catch_up()
    return desk.engine.refunds.recorded


OPERATIONS: dict[str, Callable[..., Any]] = {
    "start_setup": _start_setup, "complete_setup": _complete_setup,
    "set_default": _set_default, "remove": _remove, "enrol": _enrol,
    "ensure_customer": _ensure_customer, "sync": _sync,
    "catch_up_refunds": _catch_up_refunds,
}


def _failure(desk: str, error: BaseException) -> Outcome:
    kind = type(error)
    message = str(error)
    if isinstance(error, UserFacingError):
        message = f"{error.message} | {error.hint}"
    return Outcome(desk, error_type=f"{kind.__module__}.{kind.__qualname__}", message=message,
                   trace="".join(traceback.format_exception(error)))


def serve(spec: DeskSpec, commands: multiprocessing.Queue, results: multiprocessing.Queue,
          barrier: Barrier) -> None:
    """The spawned process: open the desk, then run each command after the barrier."""
    try:
        desk = open_desk(spec.name, spec.database_url, spec.api_base, spec.secret_key,
                         desk_header=spec.name)
    except BaseException as error:
        results.put(_failure(spec.name, error))
        raise
    results.put(Outcome(spec.name, "ready"))
    try:
        while (command := commands.get()) is not None:
            operation, args = command
            try:
                barrier.wait(timeout=ROUND_TIMEOUT_S)
                value = OPERATIONS[operation](desk, *args)
            except BaseException as error:  # what reached the caller, reported as is
                results.put(_failure(spec.name, error))
            else:
                results.put(Outcome(spec.name, value))
    finally:
        desk.close()


class DeskProcesses:
    """``with DeskProcesses(specs) as desks: desks.run("sync")`` -> {desk name: Outcome}."""

    def __init__(self, specs: list[DeskSpec]) -> None:
        self._ctx: SpawnContext = multiprocessing.get_context("spawn")
        self._specs = specs
        self._barrier = self._ctx.Barrier(len(specs))
        self._results: multiprocessing.Queue = self._ctx.Queue()
        self._commands: dict[str, multiprocessing.Queue] = {}
        self._processes: list[SpawnProcess] = []

    def __enter__(self) -> DeskProcesses:
        for spec in self._specs:
            commands: multiprocessing.Queue = self._ctx.Queue()
            process = self._ctx.Process(target=serve, name=f"desk-{spec.name}",
                                        args=(spec, commands, self._results, self._barrier),
                                        daemon=True)
            process.start()
            self._commands[spec.name] = commands
            self._processes.append(process)
        ready = self._collect(START_TIMEOUT_S)
        failed = [str(o) for o in ready.values() if not o.ok]
        assert not failed, "a desk process didn't start:\n" + "\n".join(failed)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        for commands in self._commands.values():
            commands.put(None)
        for process in self._processes:
            process.join(timeout=20)
            if process.is_alive():
                process.kill()
                process.join(timeout=5)

    def _collect(self, timeout: float) -> dict[str, Outcome]:
        got: dict[str, Outcome] = {}
        while len(got) < len(self._specs):
            try:
                outcome: Outcome = self._results.get(timeout=timeout)
            except queue.Empty:
                dead = [p.name for p in self._processes if not p.is_alive()]
                raise AssertionError(f"no answer from every desk in {timeout}s "
                                     f"(got {sorted(got)}; dead: {dead})") from None
            got[outcome.desk] = outcome
        return got

    def run(self, operation: str, *args: Any) -> dict[str, Outcome]:
        """Every desk runs ``operation(*args)`` at the same instant."""
        return self.run_each({spec.name: (operation, args) for spec in self._specs})

    def run_each(self, commands: Mapping[str, tuple[str, tuple[Any, ...]]]
                 ) -> dict[str, Outcome]:
        """Each desk runs its own ``(operation, args)``, all at the same instant."""
        assert set(commands) == set(self._commands), "every desk takes part in a round"
        for name, command in commands.items():
            self._commands[name].put(command)
        return self._collect(ROUND_TIMEOUT_S)
