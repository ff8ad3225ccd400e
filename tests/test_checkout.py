"""A checkout runs as it is, installed or not: `python -m ontime_assist …` from its folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.servers import Script, scripted_smtp

ROOT = Path(__file__).resolve().parents[1]


def bare_checkout(tmp_path: Path) -> Path:
    """The package and resources/ copied to a folder nothing was ever installed from."""
    folder = tmp_path / "checkout"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "ontime_assist", folder / "ontime_assist", ignore=ignore)
    shutil.copytree(ROOT / "resources", folder / "resources", ignore=ignore)
    return folder


def run_from(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # -S: no site-packages, so no installed or editable copy of the package can stand in.
    return subprocess.run(
        [sys.executable, "-S", "-m", "ontime_assist", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_explain_runs_from_a_checkout_that_was_never_installed(tmp_path: Path) -> None:
    folder = bare_checkout(tmp_path)
    done = run_from(folder, "explain", "534-5.7.9 Application-specific password required")
    assert done.returncode == 1, done.stderr
    assert "app password" in done.stdout.lower()
    assert "Traceback" not in done.stderr


def test_check_runs_from_a_checkout_that_was_never_installed(tmp_path: Path) -> None:
    folder = bare_checkout(tmp_path)
    with scripted_smtp(Script()) as (server, _):
        done = run_from(
            folder, "check", "--host", "127.0.0.1", "--port", str(server.port), "--timeout", "5"
        )
    assert "Traceback" not in done.stderr, done.stderr
    assert "connect" in done.stdout and "127.0.0.1" in done.stdout
