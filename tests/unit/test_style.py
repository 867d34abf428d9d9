"""The desk's palette keeps its contrast: text 4.5:1, control edges 3:1 (WCAG 2.1 AA)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from owl_desktop.ui import style

PAIRS = style.contrast_pairs(style.LIGHT)


def test_contrast_formula_matches_wcag_reference_values() -> None:
    assert style.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert style.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    # WebAIM's checker: #767676 on white is 4.54:1, #777777 just fails at 4.48:1.
    assert style.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert style.contrast_ratio("#777777", "#ffffff") < 4.5


@pytest.mark.parametrize(("what", "foreground", "background", "minimum"), PAIRS,
                         ids=[p[0] for p in PAIRS])
def test_palette_pair_has_enough_contrast(what: str, foreground: str, background: str,
                                          minimum: float) -> None:
    ratio = style.contrast_ratio(foreground, background)
    assert ratio >= minimum, f"{what}: {foreground} on {background} is {ratio:.2f}:1"


def test_every_badge_kind_is_a_measured_pair() -> None:
    measured = {(fg, bg) for _, fg, bg, _ in PAIRS}
    for kind in ("default", "expired", "expires_soon", "pending_verification",
                 "pending_sync", "removing"):
        css = style.badge_css(kind)
        bg = re.search(r"background: (#[0-9a-f]{6})", css)
        fg = re.search(r"color: (#[0-9a-f]{6})", css)
        assert bg, css
        assert fg, css
        assert (fg.group(1), bg.group(1)) in measured, kind


def test_the_desk_takes_its_colours_from_the_palette() -> None:
    """No screen picks a colour of its own: every one is a measured pair of the palette."""
    ui = Path(style.__file__).parent
    for path in sorted(ui.rglob("*.py")):
        if path.name == "style.py":
            continue
        found = re.findall(r"#[0-9a-fA-F]{6}\b", path.read_text(encoding="utf-8"))
        assert not found, f"{path.relative_to(ui)}: {found}"


def test_spacing_and_type_scales_are_ordered() -> None:
    spaces = [int(s) for s in style.SPACE]
    assert spaces == sorted(spaces)
    assert all(s % 2 == 0 for s in spaces)
    sizes = [int(t) for t in style.TYPE]
    assert sizes == sorted(sizes)
    assert style.TYPE.BODY == 10
