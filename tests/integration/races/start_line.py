"""A start line for race tests whose processes are run as ``python -m`` (no shared
``multiprocessing.Barrier``): a socket on 127.0.0.1 in the test.

Each process gets ready (interpreter up, database connected), connects to the line and waits;
once every process is connected, the test lets them all go at once. Slow starts under load no
longer matter: nobody asks before everybody is ready, so the race stays real.

    with StartLine() as line:
        procs = [spawn(..., line.address) for _ in range(n)]
        line.go(procs)                       # in the test
    wait_for_go(address)                     # in each process, right before the race
"""

from __future__ import annotations

import socket
import subprocess
import time
from types import TracebackType

READY_TIMEOUT_S = 90.0
NO_LINE = "-"  # a process given this address starts at once (no race to line up)


class StartLine:
    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.5)
        host, port = self._server.getsockname()[:2]
        self.address = f"{host}:{port}"
        self._waiting: list[socket.socket] = []

    def go(self, procs: list[subprocess.Popen[str]],
           timeout: float = READY_TIMEOUT_S) -> None:
        """Wait until every process of ``procs`` is at the line, then let them all go."""
        deadline = time.monotonic() + timeout
        while len(self._waiting) < len(procs):
            dead = [p for p in procs if p.poll() is not None]
            if dead:
                _out, err = dead[0].communicate()
                raise AssertionError(f"a process ended before the start line: {err}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self._waiting)} of {len(procs)} processes at the "
                                     f"start line after {timeout}s")
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            self._waiting.append(conn)
        for conn in self._waiting:
            conn.sendall(b"g")

    def close(self) -> None:
        for conn in self._waiting:
            conn.close()
        self._server.close()

    def __enter__(self) -> StartLine:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def wait_for_go(address: str) -> None:
    """In a racing process: report ready at the line at ``address`` and block until the go."""
    if address == NO_LINE:
        return
    host, _, port = address.rpartition(":")
    with socket.create_connection((host, int(port)), timeout=READY_TIMEOUT_S) as conn:
        conn.settimeout(READY_TIMEOUT_S * 2)
        if conn.recv(1) != b"g":
            raise RuntimeError("the start line closed without a go")
