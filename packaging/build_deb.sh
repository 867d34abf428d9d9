#!/usr/bin/env bash
# Builds the Linux package dist/owl-desktop_<version>_<arch>.deb from the one-folder bundle.
#
#   packaging/build_deb.sh                 # bundle (pyinstaller build.spec), then the .deb (xz)
#   packaging/build_deb.sh --skip-bundle   # package the dist/owl-desktop/ already built
#   packaging/build_deb.sh --fast          # gzip -1 instead of xz: bigger file, much faster (CI)
#
# The package installs the bundle under /opt/owl-desktop, the launcher /usr/bin/owl-desktop (a
# symlink), a menu entry and an icon; removing it removes all of them (no maintainer scripts:
# the menu and icon caches are refreshed by their own dpkg triggers). Needs dpkg-deb, and
# objdump (binutils) to compute the minimum glibc. Python: $PYTHON, else .venv/bin/python,
# else python3, with the '.[build]' extra installed. See docs/packaging.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS=0
build_bundle=1
compression=(-Zxz)
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-bundle) build_bundle=0 ;;
    --fast) compression=(-Zgzip -z1) ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build_deb.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

python=${PYTHON:-}
if [ -z "$python" ]; then
  if [ -x .venv/bin/python ]; then python=.venv/bin/python; else python=python3; fi
fi
bundle=dist/owl-desktop
package=owl-desktop

if [ "$build_bundle" = 1 ]; then
  "$python" -m owl_desktop.ui.i18n_build >/dev/null
  "$python" -m PyInstaller --noconfirm --log-level WARN build.spec
  echo "build_deb.sh: bundle built in ${SECONDS} s" >&2
fi
SECONDS=0
if [ ! -x "$bundle/owl-desktop" ]; then
  echo "build_deb.sh: no bundle in $bundle; run without --skip-bundle" >&2
  exit 1
fi

# The version the bundle itself reports (from its copy of owl-desktop's metadata).
version=$("$bundle/owl-desktop" --version | sed -n 's/^owl-desktop //p')
if [ -z "$version" ]; then
  echo "build_deb.sh: $bundle/owl-desktop --version gave no version" >&2
  exit 1
fi
arch=$(dpkg --print-architecture)

# Shared libraries the bundle doesn't carry and loads from the system (checked against the
# bundle by tests/packaging/test_deb.py). PyInstaller copies in the others (X11/xcb helpers,
# NSS, ALSA, libgbm, fontconfig...); libfontconfig1 is listed for the font configuration and a
# font; libwayland-server0 is needed by the bundled libgbm, which QtWebEngine loads.
depends="libgl1, libegl1, libdrm2, libxcb1, libxcb-dri3-0, libwayland-server0, libfontconfig1"
# Wayland sessions (X11 works without them) and the GTK platform theme (native look).
recommends="libwayland-client0, libwayland-cursor0, libwayland-egl1, libgtk-3-0"
# Storing the Stripe secret key needs a keyring (Secret Service or KWallet).
suggests="gnome-keyring | kwalletmanager"
# The newest glibc symbol version any file of the bundle needs.
if command -v objdump >/dev/null 2>&1; then
  glibc=$(find "$bundle" -type f \( -name '*.so*' -o -perm -u+x \) -exec objdump -T {} + \
            2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*[0-9]' | sed 's/GLIBC_//' | sort -uV \
            | tail -n 1 || true)
fi
if [ -n "${glibc:-}" ]; then
  depends="libc6 (>= $glibc), $depends"
else
  echo "build_deb.sh: warning: objdump not found, libc6 has no minimum version" >&2
  depends="libc6, $depends"
fi

deb="dist/${package}_${version}_${arch}.deb"
stage="build/deb/${package}_${version}_${arch}"
rm -rf "$stage" "$deb"
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
  "$stage/usr/share/icons/hicolor/scalable/apps"
# Hard links when the stage is on the same file system as dist/ (fast, no second 430 MB).
cp -al "$bundle" "$stage/opt/$package" 2>/dev/null || {
  rm -rf "${stage:?}/opt/$package"; cp -a "$bundle" "$stage/opt/$package"; }
ln -s "/opt/$package/owl-desktop" "$stage/usr/bin/owl-desktop"
install -m 644 packaging/linux/owl-desktop.desktop "$stage/usr/share/applications/"
install -m 644 resources/icons/owl-desktop.svg "$stage/usr/share/icons/hicolor/scalable/apps/"
# Everyone may read and run it; only root may change it (files are root-owned in the package).
chmod -R u+rwX,go+rX,go-w "$stage"

installed_size=$(du -sk --apparent-size --exclude=DEBIAN "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<EOF
Package: $package
Version: $version
Architecture: $arch
Maintainer: ${DEB_MAINTAINER:-Owl Desktop maintainers <owl-desktop@example.invalid>}
Installed-Size: $installed_size
Depends: $depends
Recommends: $recommends
Suggests: $suggests
Section: misc
Priority: optional
Description: clinic front desk: clients' payment methods on file, through Stripe
 Owl Desktop is the front-desk application clinics' reception staff use to keep
 clients' payment methods on file (credit cards and Canadian bank accounts for
 pre-authorized debit) through Stripe, choose the default one autopay charges,
 and keep working offline.
 .
 Installs under /opt/owl-desktop with its own Python and Qt; the command is
 owl-desktop (owl-desktop --sandbox tries it without a Stripe account).
EOF

dpkg-deb --root-owner-group "${compression[@]}" --build "$stage" "$deb" >/dev/null
rm -rf "$stage"
echo "build_deb.sh: package built in ${SECONDS} s ($(du -h "$deb" | cut -f1))" >&2
echo "$deb"
