"""Build the Linux package from a clean checkout, install it, validate its desktop entry and
run the installed app's --self-test offscreen. Slow (about two minutes) and it installs a
system package, so it runs where ONTIME_ASSIST_PACKAGING=1 (CI sets it) and is skipped
otherwise."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
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
    for tool in ("dpkg-deb", "apt-get", "desktop-file-validate", "git"):
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
