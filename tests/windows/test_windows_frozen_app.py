"""The frozen Windows program starts and writes its output in the console's code page: the
Wine job points ONTIME_ASSIST_FROZEN_APP at the bundle's ontime-assist.exe. (The Linux bundle
is started the same way by test_packaging.py.)"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

FROZEN = os.environ.get("ONTIME_ASSIST_FROZEN_APP", "")

pytestmark = pytest.mark.skipif(
    not FROZEN,
    reason="set ONTIME_ASSIST_FROZEN_APP to a built bundle's ontime-assist(.exe) "
    "(packaging/windows/build_and_test_under_wine.sh does)",
)

MESSAGE = "535 5.7.8 Username and Password not accepted. jürgen@exämple.com — Пароль"


def test_the_frozen_app_reports_its_version() -> None:
    done = subprocess.run(
        [FROZEN, "--version"], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ontime-assist ")
    assert done.stderr == ""


@pytest.mark.parametrize(
    ("encoding", "utf8_mode"), [("cp1252", "0"), ("cp437", "0"), ("cp1252", "1")]
)
def test_the_frozen_apps_text_output_redirected_to_a_file(
    tmp_path: Path, encoding: str, utf8_mode: str
) -> None:
    out = tmp_path / "out.txt"
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONUTF8": utf8_mode}
    with out.open("wb") as stdout:
        done = subprocess.run(
            [FROZEN, "explain", MESSAGE],
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
            check=False,
        )
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "UnicodeEncodeError" not in err, err
    assert done.returncode == 1  # an error was found and said
    text = out.read_bytes().decode(encoding)
    assert "auth.failed" in text and "Fix:" in text
