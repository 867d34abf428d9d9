"""Whether the desk can open a window here, checked before Qt starts.

Without a display, Qt's xcb plugin aborts with "could not load the Qt platform plugin xcb …
Reinstalling the application may fix this", which sends people hunting for missing libraries.
On Linux with the xcb (or default) platform and neither ``DISPLAY`` nor ``WAYLAND_DISPLAY``
set, the program says what is missing instead, and how to run without a screen.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

NO_DISPLAY_MESSAGE = (
    "Owl Desktop can't open its window: no display was found (neither DISPLAY nor "
    "WAYLAND_DISPLAY is set, e.g. over SSH or in a container). Start it from a desktop "
    "session, or run it without a screen with QT_QPA_PLATFORM=offscreen (tests, --smoke-test).")

# Qt platforms that need a window system; any other (offscreen, minimal, vnc, eglfs…) doesn't.
_NEEDS_DISPLAY = ("", "xcb", "wayland", "wayland-egl")


def missing_display(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """The sentence to print when the desk can't open a window here, else None."""
    if not platform.startswith("linux"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    # QT_QPA_PLATFORM may list fallbacks ("wayland;xcb"): all must need a display.
    wanted = [p.split(":", 1)[0].strip().lower()
              for p in environ.get("QT_QPA_PLATFORM", "").split(";")]
    if any(p not in _NEEDS_DISPLAY for p in wanted):
        return None
    return NO_DISPLAY_MESSAGE
