"""The desk's one visual language: spacing scale, type scale, palette, icons.

Every screen takes its margins, gaps, font sizes and colours from here instead of inventing
numbers, so that screens built by different people look like one product. The palette names
its colours by role (text, muted text, border, accent, badges…) and lists the pairs that
appear together with the contrast they must keep (WCAG 2.1: 4.5:1 for text, 3:1 for the edges
of controls); ``tests/unit/test_style.py`` measures every pair.

Usage::

    from owl_desktop.ui import style
    layout.setSpacing(style.SPACE.S)
    style.set_type(label, style.TYPE.TITLE)
    label.setStyleSheet(style.badge_css("default"))
    button.setIcon(style.icon("chevron_right"))
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import cache

from PySide6.QtGui import QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QLayout, QWidget

from owl_desktop.resources import resource_dir


class SPACE(IntEnum):
    """Spacing scale in device-independent pixels (a 4-px grid)."""

    XXS = 2
    XS = 4
    S = 8
    M = 12
    L = 16
    XL = 24
    XXL = 32


class TYPE(IntEnum):
    """Type scale: sizes in tenths of the application's base point size (10 = body)."""

    CAPTION = 9
    BODY = 10
    SUBTITLE = 12
    TITLE = 15
    HEADING = 18


@dataclass(frozen=True)
class Palette:
    """Colours by role (light palette). Hex strings, usable in Qt style sheets."""

    window: str = "#f5f6f8"
    surface: str = "#ffffff"
    text: str = "#1b1f24"
    muted_text: str = "#545d68"
    border: str = "#7d8590"
    focus: str = "#1f5fbf"
    accent: str = "#1f5fbf"
    on_accent: str = "#ffffff"
    danger: str = "#b3261e"
    on_danger: str = "#ffffff"
    warning: str = "#f2c94c"
    on_warning: str = "#3d2e00"
    caution: str = "#b34700"
    on_caution: str = "#ffffff"
    pending: str = "#fff3cd"
    on_pending: str = "#5c4400"
    pending_border: str = "#9a7b12"
    neutral: str = "#e4e6ea"
    on_neutral: str = "#2b2f36"
    success_text: str = "#2e7d32"
    offline_text: str = "#b34700"
    error_text: str = "#c62828"
    idle_text: str = "#5f6368"
    sandbox_text: str = "#6a1b9a"


LIGHT = Palette()

TEXT, CONTROL = 4.5, 3.0


def contrast_pairs(palette: Palette = LIGHT) -> list[tuple[str, str, str, float]]:
    """(what, foreground, background, minimum ratio) for every pair the desk shows."""
    p = palette
    pairs: list[tuple[str, str, str, float]] = [
        ("body text on window", p.text, p.window, TEXT),
        ("body text on surface", p.text, p.surface, TEXT),
        ("muted text on window", p.muted_text, p.window, TEXT),
        ("muted text on surface", p.muted_text, p.surface, TEXT),
        ("default badge", p.on_accent, p.accent, TEXT),
        ("expired badge", p.on_danger, p.danger, TEXT),
        ("expires-soon badge", p.on_warning, p.warning, TEXT),
        ("pending badge", p.on_pending, p.pending, TEXT),
        ("neutral badge", p.on_neutral, p.neutral, TEXT),
        ("test-mode badge", p.on_caution, p.caution, TEXT),
        ("paused banner text", p.on_pending, p.pending, TEXT),
        ("control border on surface", p.border, p.surface, CONTROL),
        ("control border on window", p.border, p.window, CONTROL),
        ("focus ring on surface", p.focus, p.surface, CONTROL),
        ("pending badge border on surface", p.pending_border, p.surface, CONTROL),
    ]
    for name in ("success_text", "offline_text", "error_text", "idle_text", "sandbox_text"):
        pairs.append((f"{name} on window", getattr(p, name), p.window, TEXT))
    return pairs


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour (``#rrggbb``)."""
    c = QColor(colour)

    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio, from 1 (none) to 21 (black on white)."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


# -- applying it ------------------------------------------------------------------------------

def set_type(widget: QWidget, size: TYPE, *, bold: bool = False) -> QFont:
    """Give ``widget`` a size from the type scale (relative to the application font)."""
    app_font = QApplication.font()
    font = QFont(widget.font())
    font.setPointSizeF(app_font.pointSizeF() * int(size) / 10)
    font.setBold(bold)
    widget.setFont(font)
    return font


def set_margins(layout: QLayout, horizontal: SPACE, vertical: SPACE | None = None) -> None:
    v = horizontal if vertical is None else vertical
    layout.setContentsMargins(int(horizontal), int(v), int(horizontal), int(v))


def muted(widget: QWidget, palette: Palette = LIGHT) -> None:
    """Secondary text: the muted colour, which still keeps 4.5:1 on the window."""
    pal = widget.palette()
    pal.setColor(QPalette.ColorRole.WindowText, QColor(palette.muted_text))
    pal.setColor(QPalette.ColorRole.Text, QColor(palette.muted_text))
    widget.setPalette(pal)


_BADGES = {
    "default": ("accent", "on_accent", None),
    "expired": ("danger", "on_danger", None),
    "expires_soon": ("warning", "on_warning", None),
    "pending_verification": ("neutral", "on_neutral", None),
    "pending_sync": ("pending", "on_pending", "pending_border"),
    "removing": ("neutral", "on_neutral", None),
}


def badge_css(kind: str, palette: Palette = LIGHT) -> str:
    """Style sheet of a small rounded badge of ``kind`` (unknown kinds: neutral)."""
    bg, fg, border = _BADGES.get(kind, ("neutral", "on_neutral", None))
    css = (f"QLabel {{ border-radius: {SPACE.S}px; padding: 1px {SPACE.S - 1}px; "
           f"background: {getattr(palette, bg)}; color: {getattr(palette, fg)};")
    if border:
        css += f" border: 1px solid {getattr(palette, border)};"
    return css + " }"


def error_css(palette: Palette = LIGHT) -> str:
    """Style sheet of a label that says what is wrong (the palette's measured error colour)."""
    return f"QLabel {{ color: {palette.error_text}; }}"


def success_css(palette: Palette = LIGHT) -> str:
    """Style sheet of a label that says something worked (the palette's success colour)."""
    return f"QLabel {{ color: {palette.success_text}; }}"


def note_css(palette: Palette = LIGHT) -> str:
    """Style sheet of a boxed note or preview (the pending pair, whose contrast is measured)."""
    return (f"QLabel {{ background: {palette.pending}; color: {palette.on_pending}; "
            f"padding: {SPACE.S}px; }}")


def qt_palette(base: QPalette, palette: Palette = LIGHT) -> QPalette:
    """``base`` with the desk's light colours for window, text and highlight."""
    pal = QPalette(base)
    roles = {
        QPalette.ColorRole.Window: palette.window,
        QPalette.ColorRole.Base: palette.surface,
        QPalette.ColorRole.WindowText: palette.text,
        QPalette.ColorRole.Text: palette.text,
        QPalette.ColorRole.ButtonText: palette.text,
        QPalette.ColorRole.PlaceholderText: palette.muted_text,
        QPalette.ColorRole.Highlight: palette.accent,
        QPalette.ColorRole.HighlightedText: palette.on_accent,
        QPalette.ColorRole.Mid: palette.border,
    }
    for role, colour in roles.items():
        pal.setColor(QPalette.ColorGroup.Active, role, QColor(colour))
        pal.setColor(QPalette.ColorGroup.Inactive, role, QColor(colour))
    return pal


@cache
def icon(name: str) -> QIcon:
    """An icon from ``resources/icons`` (SVG: drawn at the screen's resolution, sharp at
    any scale). ``name`` without the ``.svg``."""
    path = resource_dir("icons") / f"{name}.svg"
    if not path.exists():
        raise FileNotFoundError(path)
    return QIcon(str(path))
