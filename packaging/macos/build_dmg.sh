#!/usr/bin/env bash
# macOS: build "OnTime Assist.app" and put it in a .dmg (run on a Mac).
#   packaging/macos/build_dmg.sh OUTDIR
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$here/ontime_assist/__init__.py")
iconset=$(mktemp -d)/ontime-assist.iconset
mkdir -p "$iconset"
for size in 16 32 128 256 512; do
  cp "$here/resources/icons/ontime-assist-$size.png" "$iconset/icon_${size}x${size}.png"
done
for size in 16 32 128 256; do
  double=$((size * 2))
  cp "$here/resources/icons/ontime-assist-$double.png" "$iconset/icon_${size}x${size}@2x.png"
done
iconutil -c icns "$iconset" -o "$here/packaging/macos/ontime-assist.icns"
bash "$here/packaging/build_bundle.sh" "$out/bundle"
staging=$(mktemp -d)
cp -R "$out/bundle/OnTime Assist.app" "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "OnTime Assist" -srcfolder "$staging" -ov -format UDZO \
  "$out/OnTime-Assist-$version.dmg"
echo "disk image: $out/OnTime-Assist-$version.dmg"
