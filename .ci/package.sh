#!/usr/bin/env bash
# The packaging half of CI (.ci/run calls it after the tests, when given no pytest arguments):
# builds the bundle and the .deb, checks their contents (tests/packaging), installs the package
# with dpkg, runs the installed app's --version and sandbox smoke test with every Python
# installation of this machine hidden from it (on SQLite, and on PostgreSQL when .ci/run's
# cluster is up), removes the package and checks nothing is left.
# Any failure fails CI. Installing needs root and dpkg; without them that part is skipped, and
# says so. Run it on its own with: bash .ci/package.sh (after .ci/run has made .venv).
set -euo pipefail
cd "$(dirname "$0")/.."

export QT_QPA_PLATFORM=offscreen
export QTWEBENGINE_CHROMIUM_FLAGS="${QTWEBENGINE_CHROMIUM_FLAGS:---no-sandbox --disable-gpu}"
export STRIPE_DISABLE_TELEMETRY=1
export PIP_DISABLE_PIP_VERSION_CHECK=1

python=.venv/bin/python
package=owl-desktop
timings=()
now() { date +%s; }
step() { echo "== packaging: $*"; }
fail() { echo "== packaging FAILED: $*" >&2; exit 1; }

step "installing PyInstaller"
"$python" -m pip install -q -e '.[build]'

version=$("$python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')

step "building the bundle and the .deb: packaging/build_deb.sh --fast (gzip -1)"
start=$(now)
deb=$(PYTHON="$python" bash packaging/build_deb.sh --fast | tail -n 1)
timings+=("bundle + deb: $(( $(now) - start )) s")
bundle_mib=$(du -s --apparent-size --block-size=1M dist/owl-desktop | cut -f1)
deb_mib=$(( $(stat -c %s "$deb") / 1048576 ))

step "checking the bundle and the package (tests/packaging)"
OWL_TEST_BUNDLE_DIR=dist/owl-desktop OWL_TEST_DEB="$deb" \
  "$python" -m pytest -q -p no:cacheprovider tests/packaging

summary() {
  echo "== packaging: bundle ${bundle_mib} MiB, $deb ${deb_mib} MiB; ${timings[*]}"
}

if [ "$(id -u)" != 0 ] || ! command -v dpkg >/dev/null 2>&1; then
  summary
  echo "== packaging: SKIPPED installing the .deb: needs root and dpkg (this is $(id -un))" >&2
  exit 0
fi
if dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qv '^not-installed$'; then
  fail "$package is already installed on this machine; not touching it"
fi

work=$(mktemp -d /tmp/owl-package.XXXXXX)
installed=0
finish() {
  if [ "$installed" = 1 ]; then dpkg -r "$package" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap finish EXIT

step "installing $deb (dpkg -i)"
start=$(now)
installed=1
dpkg -i "$deb" >/dev/null
launcher=$(command -v owl-desktop) || fail "no owl-desktop on PATH after installing"
[ "$(readlink -f "$launcher")" = "/opt/$package/owl-desktop" ] || fail "$launcher isn't the bundle's"
[ -f /usr/share/applications/owl-desktop.desktop ] || fail "no menu entry"
[ -f /usr/share/icons/hicolor/scalable/apps/owl-desktop.svg ] || fail "no icon"

step "owl-desktop --version"
shown=$(owl-desktop --version)
echo "$shown"
[ "$shown" = "owl-desktop $version" ] || fail "expected 'owl-desktop $version'"

mkdir -p "$work/home"
export HOME="$work/home"
step "with every Python of this machine hidden (.ci/without_python.sh)"
run=(bash .ci/without_python.sh)
code=0
"${run[@]}" true 2>/dev/null || code=$?
if [ "$code" = 98 ]; then
  echo "== packaging: cannot hide Python here (no mount namespace): minimal environment only" >&2
  run=(env -i PATH=/usr/bin:/bin HOME="$HOME" LANG=C.UTF-8 QT_QPA_PLATFORM="$QT_QPA_PLATFORM"
       QTWEBENGINE_CHROMIUM_FLAGS="$QTWEBENGINE_CHROMIUM_FLAGS")
elif [ "$code" != 0 ]; then
  fail "could not hide Python (.ci/without_python.sh exited $code)"
fi
# The dynamic loader's own account of which libpython the launcher loads: the bundle's.
"${run[@]}" LD_DEBUG=libs LD_DEBUG_OUTPUT="$work/ld" owl-desktop --version
loaded=$(cat "$work"/ld.* | grep -o 'calling init: .*libpython[^ ]*' | sed 's/calling init: //' \
         | sort -u)
echo "libpython loaded: $loaded"
[ -n "$loaded" ] || fail "the loader's log names no libpython"
if echo "$loaded" | grep -v "^/opt/$package/"; then fail "a libpython from outside the bundle"; fi

step "owl-desktop --sandbox --smoke-test (installed, offscreen)"
"${run[@]}" timeout 300 owl-desktop --sandbox --smoke-test --data-dir "$work/data" \
  >"$work/smoke.log" 2>&1 || { cat "$work/smoke.log" >&2; fail "the installed app's smoke test"; }
grep "smoke test passed" "$work/smoke.log" || fail "no 'smoke test passed' in its output"

if [ -n "${OWL_TEST_POSTGRES_URL:-}" ]; then
  # A clinic with several desks runs on PostgreSQL: the bundle's psycopg, libpq and Alembic
  # migrations, on a fresh database of .ci/run's throwaway cluster.
  step "owl-desktop --sandbox --smoke-test on PostgreSQL (installed, Python hidden)"
  pg_url=$("$python" -c '
import os, uuid
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
url = os.environ["OWL_TEST_POSTGRES_URL"]
name = "owl_package_" + uuid.uuid4().hex[:12]
with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
    conn.execute(text(f"CREATE DATABASE {name}"))
print(make_url(url).set(database=name).render_as_string(hide_password=False))')
  "${run[@]}" timeout 300 owl-desktop --sandbox --smoke-test --data-dir "$work/data-pg" \
    --database-url "$pg_url" >"$work/smoke-pg.log" 2>&1 \
    || { cat "$work/smoke-pg.log" >&2; fail "the installed app's smoke test on PostgreSQL"; }
  grep -q "database postgresql+psycopg://" "$work/smoke-pg.log" || fail "it didn't use PostgreSQL"
  grep "smoke test passed" "$work/smoke-pg.log" || fail "no 'smoke test passed' in its output"
  PG_URL="$pg_url" "$python" -c '
import os
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
url = make_url(os.environ["PG_URL"])
with create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT").connect() as c:
    c.execute(text(f"DROP DATABASE IF EXISTS {url.database} WITH (FORCE)"))'
fi

# Running it (as root, here) wrote nothing into its installation.
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\.||; s|/$||' | grep "^/opt/$package" \
  | sort > "$work/packaged"
find "/opt/$package" | sort > "$work/installed"
written=$(comm -13 "$work/packaged" "$work/installed")
[ -z "$written" ] || fail "the app wrote into /opt/$package: $written"

step "removing it (dpkg -r)"
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\.||' > "$work/files"
dpkg -r "$package" >/dev/null
installed=0
timings+=("install + checks + smoke test + removal: $(( $(now) - start )) s")
status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || echo not-installed)
[ "$status" = not-installed ] || fail "dpkg still knows $package: $status"
left=$(while read -r path; do [ -e "$path" ] || [ -L "$path" ] && echo "$path"; done \
       < "$work/files" || true)
[ -z "$left" ] || fail "left behind after dpkg -r: $left"
[ ! -e "/opt/$package" ] || fail "/opt/$package is still there"
if command -v owl-desktop; then fail "an owl-desktop launcher is still on PATH"; fi
echo "removed: nothing left of its $(wc -l < "$work/files") files, /opt/$package gone, no launcher"

summary
