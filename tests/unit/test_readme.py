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


def test_links_stay_inside_the_repository() -> None:
    for doc in (ROOT / "README.md", ROOT / "docs" / "architecture.md"):
        text = doc.read_text(encoding="utf-8")
        assert "../" not in text, doc
        for target in re.findall(r"\]\((?!https?://)([^)#]+)", text):
            assert (doc.parent / target).exists(), f"{doc.name}: {target}"


def test_the_configuration_table_names_each_setting_once() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("## Configuration"):]
    names = re.findall(r"^\| `([^`]+)` \|", table, flags=re.MULTILINE)
    assert names
    assert len(names) == len(set(names)), names


def test_the_system_packages_command_updates_first() -> None:
    block = next(b for b in readme_code_blocks() if "apt-get install" in b)
    assert block.startswith("sudo apt-get update && sudo apt-get install -y ")


def test_the_architecture_page_names_modules_that_exist() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = ROOT / "owl_desktop"
    for path in set(re.findall(r"`((?:[a-z_]+/)*[a-z_]+\.py)`", text)):
        found = ((ROOT / path).exists() or (package / path).exists()
                 or any(package.rglob(path)))
        assert found, path
    for folder in set(re.findall(r"`([a-z_]+)/`", text)):
        assert any(p.is_dir() for p in ROOT.glob(f"**/{folder}")), folder
