#!/usr/bin/env bash
# Build the PyInstaller one-folder bundle in a fresh virtual environment, from this checkout.
#   [PYTHON=python] packaging/build_bundle.sh OUTDIR
# Leaves OUTDIR/"OnTime Assist"/ (and OUTDIR/"OnTime Assist.app" on macOS).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The interpreter to build with: $PYTHON, else `python` on Windows (which has no python3 but
# for the Microsoft Store's stand-in of that name), else python3.
python=${PYTHON:-}
if [ -z "$python" ]; then
  case "$(uname -s)" in
    MINGW* | MSYS* | CYGWIN*) python=python ;;
    *) python=python3 ;;
  esac
fi
"$python" -m venv "$work/venv"
if [ -x "$work/venv/Scripts/python.exe" ]; then py="$work/venv/Scripts/python.exe"; else py="$work/venv/bin/python"; fi
"$py" -m pip install -q --upgrade pip
# Not editable: resources/ must be installed as the package ontime_assist.resources.
"$py" -m pip install -q "$here" "pyinstaller>=6.5"
cd "$work"
"$py" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$out" --workpath "$work/build" "$here/packaging/pyinstaller/ontime_assist.spec"
echo "bundle: $out"
