#!/usr/bin/env bash
# Build the Debian package from this checkout:  packaging/linux/build_deb.sh OUTDIR
# Produces OUTDIR/ontime-assist_VERSION_ARCH.deb: the one-folder bundle in /opt/ontime-assist,
# `ontime-assist` on the PATH, a desktop entry and icons.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$here/ontime_assist/__init__.py")
arch=$(dpkg --print-architecture)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bash "$here/packaging/build_bundle.sh" "$work/bundle"

root="$work/root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications"
cp -a "$work/bundle/OnTime Assist" "$root/opt/ontime-assist"
ln -s "/opt/ontime-assist/ontime-assist" "$root/usr/bin/ontime-assist"
install -m 644 "$here/packaging/linux/ontime-assist.desktop" "$root/usr/share/applications/"
for size in 16 24 32 48 64 128 256 512; do
  dir="$root/usr/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  install -m 644 "$here/resources/icons/ontime-assist-$size.png" "$dir/ontime-assist.png"
done
mkdir -p "$root/usr/share/icons/hicolor/scalable/apps"
install -m 644 "$here/resources/icons/ontime-assist.svg" "$root/usr/share/icons/hicolor/scalable/apps/"
size_kb=$(du -sk "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: ontime-assist
Version: $version
Architecture: $arch
Maintainer: OnTime Assist developers <support@ontime-assist.invalid>
Installed-Size: $size_kb
Depends: libc6, libfontconfig1, libfreetype6, libxkbcommon0, libxkbcommon-x11-0, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-shape0, libxcb-render-util0, libxcb-image0, libegl1, libgl1, libdbus-1-3
Recommends: gnome-keyring | kwalletmanager
Section: mail
Priority: optional
Homepage: https://github.com/ontime-assist/ontime-assist
Description: find out why OnTime's notification emails are not going out
 A troubleshooting wizard for the OnTime dispatch suite's email notifications:
 tests the mail server live from this computer, explains what is wrong in plain
 language, and writes a summary for the mail provider.
CONTROL
cat > "$root/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q /usr/share/icons/hicolor || true
POSTINST
chmod 755 "$root/DEBIAN/postinst"
cp "$root/DEBIAN/postinst" "$root/DEBIAN/postrm"
deb="$out/ontime-assist_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
echo "package: $deb ($(du -h "$deb" | cut -f1); unpacked $(du -sh "$root/opt/ontime-assist" | cut -f1))"
