"""README promises what CI does: the test command is .ci/run, and both list the same packages."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def readme_code_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)


def packages(text: str) -> set[str]:
    return set(re.findall(r"\blib[a-z0-9-]+[0-9]\b|\blib[a-z0-9-]+(?=[\s\\;])", text))


def test_the_test_command_is_what_ci_runs() -> None:
    blocks = [b.strip() for b in readme_code_blocks()]
    assert "bash .ci/run" in blocks


def test_readme_and_ci_install_the_same_system_packages() -> None:
    readme_list = next(b for b in readme_code_blocks() if "apt-get install" in b)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_list = ci[ci.index("for pkg in"):ci.index("; do")]
    assert packages(readme_list) == packages(ci_list)
    assert "libxcb-icccm4" in packages(ci_list)
