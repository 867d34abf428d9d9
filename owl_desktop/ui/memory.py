"""The desk's process memory on Linux with glibc (issue 18, item 5); elsewhere nothing.

No Qt here: ``GuiSession`` calls ``limit_malloc_arenas`` before QtWebEngine is imported.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys


def release_free_memory() -> None:
    """Give freed heap memory back to the system (glibc on Linux; elsewhere nothing).

    Building and deleting a view per dialog frees megabytes on QtWebEngine's many threads,
    which glibc keeps in per-thread arenas: over a day of dialogs the desk's memory would
    only grow (issue 18, item 5).
    """
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc (musl): nothing to do
        ctypes.CDLL(None).malloc_trim(0)


#: glibc's ``mallopt`` parameter for the number of malloc arenas.
_M_ARENA_MAX = -8
#: Arenas for the whole desk process: enough for the UI thread and a few workers.
MALLOC_ARENAS = 2


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> None:
    """Let glibc keep at most ``arenas`` malloc arenas (Linux; elsewhere nothing).

    By default glibc gives threads up to eight arenas per core, and memory freed in one is
    reused only by the threads that use it: QtWebEngine's dozens of threads, each dialog's
    page built and deleted, spread the desk's heap over many half-empty arenas that only
    grew over a day of dialogs (issue 18, item 5: +16 % after 50 dialogs; +5 % with two).
    Called once, before QtWebEngine starts its threads.
    """
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL(None).mallopt(_M_ARENA_MAX, arenas)
