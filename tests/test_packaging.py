"""Build the Linux package from a clean checkout, install it, validate its desktop entry, start
the app through that entry as a menu click does (`gio launch`), and run the installed app's
--self-test offscreen. Slow (about two minutes) and it installs a system package, so it runs
where ONTIME_ASSIST_PACKAGING=1 (CI sets it) and is skipped otherwise. (The Windows build is
tested under Wine by packaging/windows/build_and_test_under_wine.sh, from .ci/run.)"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(1500)]


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("ONTIME_ASSIST_PACKAGING"):
        pytest.fail(reason)
    pytest.skip(reason)


def test_linux_package_installs_and_self_tests() -> None:
    _require(
        bool(os.environ.get("ONTIME_ASSIST_PACKAGING")),
        "packaging test runs only with ONTIME_ASSIST_PACKAGING=1 (it installs a package)",
    )
    _require(os.geteuid() == 0, "installing a .deb needs root")
    if shutil.which("gio") is None:  # GLib's launcher, as desktops use (libglib2.0-bin)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "libglib2.0-bin"],
            capture_output=True,
            timeout=600,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    for tool in ("dpkg-deb", "apt-get", "desktop-file-validate", "git", "gio"):
        _require(shutil.which(tool) is not None, f"{tool} is not installed")
    work = Path(tempfile.mkdtemp(prefix="ontime-package-"))
    try:
        checkout = work / "checkout"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(checkout)], check=True, timeout=120)
        built = subprocess.run(
            ["bash", "packaging/linux/build_deb.sh", str(work / "out")],
            cwd=checkout,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
        debs = list((work / "out").glob("ontime-assist_*.deb"))
        assert len(debs) == 1
        installed = subprocess.run(
            ["apt-get", "install", "-y", "-qq", str(debs[0])],
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        assert installed.returncode == 0, installed.stderr[-2000:]
        desktop = Path("/usr/share/applications/ontime-assist.desktop")
        validated = subprocess.run(
            ["desktop-file-validate", str(desktop)], capture_output=True, text=True, timeout=60
        )
        assert validated.returncode == 0 and not validated.stdout.strip(), validated.stdout
        _launches_through_its_desktop_entry(desktop, work / "launched-home")
        home = work / "home"
        run = subprocess.run(
            ["ontime-assist", "--self-test"],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "ONTIME_ASSIST_HOME": str(home)},
        )
        output = run.stdout + run.stderr
        assert run.returncode == 0, output
        assert "result: ok" in run.stdout and "PROBLEM" not in output
        assert run.stderr.strip() == "", run.stderr  # no Qt warning, no error of any kind
        # Files once each: the bundle links some libraries under two names.
        size_mb = (
            sum(
                p.lstat().st_size
                for p in Path("/opt/ontime-assist").rglob("*")
                if p.is_file() and not p.is_symlink()
            )
            / 2**20
        )
        print(
            f"installed bundle: {size_mb:.0f} MB; package: {debs[0].stat().st_size / 2**20:.0f} MB"
        )
        assert size_mb < 150
        version = subprocess.run(
            ["ontime-assist", "--version"], capture_output=True, text=True, timeout=60
        )
        assert version.stdout.startswith("ontime-assist ")
    finally:
        subprocess.run(["dpkg", "--purge", "ontime-assist"], capture_output=True, timeout=120)
        shutil.rmtree(work, ignore_errors=True)
    assert not Path("/opt/ontime-assist").exists()  # a clean uninstall


BUNDLE_GUI = "/opt/ontime-assist/OnTime Assist"


def _running_bundle_gui() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.readlink(entry / "exe") == BUNDLE_GUI:
                    found.append(int(entry.name))
            except OSError:
                continue  # gone, or not ours to read
    return found


def _launches_through_its_desktop_entry(desktop: Path, home: Path) -> None:
    """What a click in the applications menu does: GLib reads the entry's Exec line and starts
    it. The wizard shows that it ran by making its settings folder."""
    assert not _running_bundle_gui()
    errors = home.parent / "gio-launch.err"
    try:
        # Files, not pipes: the started app inherits them and keeps them open.
        with errors.open("w") as stderr:
            launched = subprocess.run(
                ["gio", "launch", str(desktop)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                timeout=60,
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "ONTIME_ASSIST_HOME": str(home)},
            )
        # e.g. "Unable to load application information" for the old Exec line
        assert launched.returncode == 0, errors.read_text()
        pids: list[int] = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (pids and home.is_dir()):
            pids = _running_bundle_gui()
            time.sleep(0.2)
        assert pids, "the desktop entry started no OnTime Assist"
        assert home.is_dir(), "the app started but did not reach the wizard"
    finally:  # whatever happened, no app is left running (it was started for this test)
        _end_bundle_gui()


def _end_bundle_gui() -> None:
    for pid in _running_bundle_gui():
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    while _running_bundle_gui() and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in _running_bundle_gui():
        os.kill(pid, signal.SIGKILL)
