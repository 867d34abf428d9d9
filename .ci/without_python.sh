#!/usr/bin/env bash
# Runs a command with every Python installation of this machine hidden from it, to show that the
# installed bundle needs none:
#
#   bash .ci/without_python.sh owl-desktop --sandbox --smoke-test
#
# In a private mount namespace (root, or a user namespace), the prefixes of the Python
# interpreters found here (.venv's and python3's on PATH, with their base installations), pyenv,
# conda, /usr/lib/python3*, /usr/local/lib/python3* are covered by empty read-only folders, and
# the interpreters and libpython files in /usr and /usr/local by /dev/null. The command then runs
# with a minimal environment (PATH=/usr/bin:/bin, no PYTHONHOME/PYTHONPATH; HOME and the Qt
# variables kept). Before running it, the script checks that python3 no longer starts; if it
# does, the hiding failed and the script exits 97. Exits 98 when no mount namespace is possible.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: without_python.sh COMMAND [ARGS...]" >&2
  exit 2
fi
if ! unshare --mount true 2>/dev/null; then
  echo "without_python.sh: cannot make a mount namespace here (needs root)" >&2
  exit 98
fi

prefixes=()
for interpreter in "$(dirname "$0")/../.venv/bin/python" "$(command -v python3 || true)" \
                   "$(command -v python || true)"; do
  if [ -n "$interpreter" ] && [ -x "$interpreter" ]; then
    # shellcheck disable=SC2207 # prefixes have no spaces
    prefixes+=($("$interpreter" -c 'import sys; print(sys.base_prefix, sys.prefix)' || true))
  fi
done
hide=()
user_home=$(getent passwd "$(id -un)" | cut -d: -f6 || true)
for prefix in "${prefixes[@]}" "${PYENV_ROOT:-}" "$(pyenv root 2>/dev/null || true)" \
              "${user_home:-/nonexistent}/.pyenv" "${HOME:-/nonexistent}/.pyenv" /opt/conda \
              /usr/lib/python3* /usr/lib/python2* /usr/local/lib/python3*; do
  case "$prefix" in ""|/|/usr|/usr/local|/opt) continue ;; esac
  if [ -d "$prefix" ]; then hide+=("$(realpath "$prefix")"); fi
done
# Parents first: once a parent is covered, its children no longer exist and are skipped.
mapfile -t hide < <(printf '%s\n' "${hide[@]}" | sort -u)
files=()
for file in /usr/bin/python* /usr/local/bin/python* /usr/lib/*/libpython3* /usr/lib/libpython3* \
            /usr/local/lib/libpython3*; do
  if [ -f "$file" ] && [ ! -L "$file" ]; then files+=("$file"); fi
done
echo "without_python.sh: hiding ${hide[*]} ${files[*]}" >&2
environment=(PATH=/usr/bin:/bin "HOME=${HOME:-/nonexistent}" LANG=C.UTF-8)
for name in QT_QPA_PLATFORM QTWEBENGINE_CHROMIUM_FLAGS; do
  if [ -n "${!name:-}" ]; then environment+=("$name=${!name}"); fi
done

exec unshare --mount --propagation private -- /bin/sh -euc '
  dirs=$1; files=$2; shift 2
  for d in $dirs; do
    if [ -d "$d" ]; then mount -t tmpfs -o ro,size=4k owl-no-python "$d"; fi
  done
  for f in $files; do mount --bind /dev/null "$f"; done
  for python in python3 python /usr/bin/python3 /usr/local/bin/python3; do
    if "$python" -c pass 2>/dev/null; then
      echo "without_python.sh: $python still starts: the hiding failed" >&2
      exit 97
    fi
  done
  exec "$@"' without-python "${hide[*]}" "${files[*]}" \
  env -i "${environment[@]}" "$@"
