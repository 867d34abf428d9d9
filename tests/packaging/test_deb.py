"""The Linux package built by packaging/build_deb.sh: its fields, its files, its menu entry, and
the system libraries it declares.

Runs only when ``OWL_TEST_DEB`` names a built .deb (``.ci/run`` sets it); the library check also
needs the bundle it was built from (``OWL_TEST_BUNDLE_DIR``). Installing, running and removing
the package is done by ``.ci/package.sh`` (it needs root).
"""

from __future__ import annotations

import configparser
import io
import os
import re
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.packaging.source import ROOT, project_version

DEB_ENV = "OWL_TEST_DEB"
PREFIX = "./opt/owl-desktop/"
DESKTOP_ENTRY = "./usr/share/applications/owl-desktop.desktop"
ICON = "./usr/share/icons/hicolor/scalable/apps/owl-desktop.svg"
LAUNCHER = "./usr/bin/owl-desktop"

pytestmark = pytest.mark.skipif(
    not os.environ.get(DEB_ENV) or shutil.which("dpkg-deb") is None,
    reason=f"no built package: set {DEB_ENV} to dist/owl-desktop_<version>_<arch>.deb "
           "(.ci/run builds one and sets it); needs dpkg-deb")

# Libraries the bundle may load that this machine may lack, and the package that has them
# (Debian names): for Wayland sessions and the GTK platform theme, recommended, not required.
OPTIONAL_LIBRARIES = {
    "libgtk-3.so.0": "libgtk-3-0",
    "libgdk-3.so.0": "libgtk-3-0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}


@pytest.fixture(scope="module")
def deb() -> Path:
    path = Path(os.environ[DEB_ENV]).resolve()
    assert path.is_file(), path
    return path


@pytest.fixture(scope="module")
def fields(deb: Path) -> dict[str, str]:
    text = subprocess.run(["dpkg-deb", "--field", str(deb)], capture_output=True, text=True,
                          check=True).stdout
    result: dict[str, str] = {}
    for line in text.splitlines():
        if line[:1] not in (" ", "\t") and ":" in line:
            name, _, value = line.partition(":")
            result[name] = value.strip()
    return result


@dataclass(frozen=True)
class Contents:
    members: dict[str, tarfile.TarInfo]
    files: dict[str, bytes]  # the small files we read: the menu entry and the icon


@pytest.fixture(scope="module")
def contents(deb: Path) -> Contents:
    data = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], capture_output=True,
                          check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        members = {info.name: info for info in archive.getmembers()}
        files = {}
        for name in (DESKTOP_ENTRY, ICON):
            member = archive.extractfile(name)
            assert member is not None, name
            files[name] = member.read()
    return Contents(members, files)


def depends_packages(value: str) -> set[str]:
    """Package names of a Depends/Recommends field (alternatives included)."""
    return {re.split(r"[\s(]", alt.strip())[0] for part in value.split(",")
            for alt in part.split("|") if alt.strip()}


def test_control_fields(fields: dict[str, str]) -> None:
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()
    assert fields["Package"] == "owl-desktop"
    assert fields["Version"] == project_version()
    assert fields["Architecture"] == arch
    assert re.search(r"\blibc6 \(>= 2\.\d+\)", fields["Depends"])
    assert int(fields["Installed-Size"]) > 100_000  # KiB: the whole bundle is in
    assert fields["Maintainer"]
    assert fields["Description"]


def test_installs_under_opt_with_a_launcher_a_menu_entry_and_an_icon(
        contents: Contents) -> None:
    members = contents.members
    app = members[PREFIX + "owl-desktop"]
    assert app.isfile()
    assert app.mode & 0o111
    assert members[LAUNCHER].issym()
    assert members[LAUNCHER].linkname == "/opt/owl-desktop/owl-desktop"
    assert members[DESKTOP_ENTRY].isfile()
    assert members[ICON].isfile()
    strays = sorted(name for name, info in members.items() if not info.isdir()
                    and name not in {LAUNCHER, DESKTOP_ENTRY, ICON}
                    and not name.startswith(PREFIX))
    assert not strays


def test_files_are_root_owned_and_not_writable_by_others(contents: Contents) -> None:
    entries = contents.members.values()
    assert {(info.uname, info.gname) for info in entries} == {("root", "root")}
    assert not [info.name for info in entries if not info.issym() and info.mode & 0o022]


def test_every_file_of_the_bundle_is_packaged(contents: Contents) -> None:
    bundle_dir = os.environ.get("OWL_TEST_BUNDLE_DIR")
    if not bundle_dir:
        pytest.skip("OWL_TEST_BUNDLE_DIR not set")
    bundle = Path(bundle_dir)
    expected = {PREFIX + path.relative_to(bundle).as_posix() for path in bundle.rglob("*")
                if not path.is_dir()}
    packaged = {name for name, info in contents.members.items()
                if name.startswith(PREFIX) and not info.isdir()}
    assert expected == packaged


def test_the_menu_entry(contents: Contents, tmp_path: Path) -> None:
    text = contents.files[DESKTOP_ENTRY].decode("utf-8")
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read_string(text)
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Name"] == "Owl Desktop"
    assert section["Exec"].split()[0] == "owl-desktop"  # the launcher on PATH
    assert section["Icon"] == "owl-desktop"  # the icon's file name in hicolor
    assert section["Terminal"] == "false"
    assert section["Categories"].endswith(";")
    validator = shutil.which("desktop-file-validate")
    if validator:
        path = tmp_path / "owl-desktop.desktop"
        path.write_text(text, encoding="utf-8")
        done = subprocess.run([validator, str(path)], capture_output=True, text=True,
                              check=False)
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_icon_is_the_one_in_resources(contents: Contents) -> None:
    icon = ROOT / "resources" / "icons" / "owl-desktop.svg"
    assert contents.files[ICON] == icon.read_bytes()


def needed_libraries(bundle: Path) -> set[str]:
    """Every DT_NEEDED of the bundle's ELF files (readelf)."""
    needed: set[str] = set()
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()
             and (".so" in p.name or os.access(p, os.X_OK))]
    for start in range(0, len(files), 100):
        out = subprocess.run(["readelf", "-d", *map(str, files[start:start + 100])],
                             capture_output=True, text=True, check=False).stdout
        needed.update(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))
    return needed


def system_package_of(library: str) -> str | None:
    """The Debian package that installed ``library`` on this machine, or None."""
    cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True,
                           check=True).stdout
    paths = re.findall(rf"^\s*{re.escape(library)} \([^)]*x86-64[^)]*\) => (\S+)$", cache,
                       flags=re.MULTILINE) or re.findall(
        rf"^\s*{re.escape(library)} \([^)]*\) => (\S+)$", cache, flags=re.MULTILINE)
    for path in paths:
        real = os.path.realpath(path)
        for candidate in (real, real.removeprefix("/usr"), "/usr" + real, path):
            done = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True,
                                  check=False)
            if done.returncode == 0:
                return done.stdout.split(":")[0].strip()
    return None


@pytest.mark.skipif(shutil.which("readelf") is None or shutil.which("dpkg") is None
                    or shutil.which("ldconfig") is None, reason="needs readelf, dpkg, ldconfig")
def test_libraries_the_bundle_does_not_carry_are_declared(fields: dict[str, str]) -> None:
    bundle_dir = os.environ.get("OWL_TEST_BUNDLE_DIR")
    if not bundle_dir:
        pytest.skip("OWL_TEST_BUNDLE_DIR not set")
    bundle = Path(bundle_dir)
    carried = {p.name for p in bundle.rglob("*") if ".so" in p.name}
    from_system = needed_libraries(bundle) - carried
    assert "libc.so.6" in from_system  # the scan works
    depends = depends_packages(fields["Depends"])
    recommends = depends_packages(fields.get("Recommends", ""))
    undeclared = {}
    for library in sorted(from_system):
        package = system_package_of(library)
        if package is None:  # not on this machine: only an optional one may be missing
            package = OPTIONAL_LIBRARIES.get(library, f"? (unknown, {library} not found)")
            if package not in recommends:
                undeclared[library] = package
        elif package not in depends and not (
                library in OPTIONAL_LIBRARIES and package in recommends):
            undeclared[library] = package
    assert not undeclared, f"add to Depends (or Recommends) in build_deb.sh: {undeclared}"
