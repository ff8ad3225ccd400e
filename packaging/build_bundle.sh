#!/usr/bin/env bash
# Build the PyInstaller one-folder bundle in a fresh virtual environment, from this checkout.
#   packaging/build_bundle.sh OUTDIR
# Leaves OUTDIR/"OnTime Assist"/ (and OUTDIR/"OnTime Assist.app" on macOS).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
if [ -x "$work/venv/Scripts/python.exe" ]; then py="$work/venv/Scripts/python.exe"; else py="$work/venv/bin/python"; fi
"$py" -m pip install -q --upgrade pip
# Not editable: resources/ must be installed as the package ontime_assist.resources.
"$py" -m pip install -q "$here" "pyinstaller>=6.5"
cd "$work"
"$py" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$out" --workpath "$work/build" "$here/packaging/pyinstaller/ontime_assist.spec"
echo "bundle: $out"
