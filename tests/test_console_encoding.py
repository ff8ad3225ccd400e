"""The commands' output in any encoding: a Windows console's code page (cp437, cp850) or a
file redirected in the ANSI code page (cp1252), where ✓ and ✗ do not exist.

Run as whole processes with standard output redirected to a file, as a script on Windows
does (`ontime-assist check … > result.txt`); the encoding is set the way Windows sets it.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ontime_assist.commands.common import print_output

MESSAGE = "535 5.7.8 Username and Password not accepted. jürgen@exämple.com — Пароль"


def run_redirected(tmp_path: Path, encoding: str, *args: str) -> tuple[int, bytes, str]:
    out = tmp_path / "out.txt"
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONUTF8": "0"}
    with out.open("wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "ontime_assist", *args],
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
            check=False,
        )
    return done.returncode, out.read_bytes(), done.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize("encoding", ["cp1252", "cp437", "cp850", "ascii"])
def test_text_output_redirected_in_a_code_page_is_written_whole(tmp_path, encoding) -> None:
    code, raw, err = run_redirected(tmp_path, encoding, "explain", MESSAGE)
    assert "Traceback" not in err and "UnicodeEncodeError" not in err, err
    assert code == 1  # an error was found and said
    text = raw.decode(encoding)
    assert "x ERROR" in text  # ✗ has a stand-in where the code page lacks it
    assert "auth.failed" in text
    assert "Fix:" in text


@pytest.mark.parametrize("encoding", ["cp1252", "cp437", "ascii"])
def test_json_output_in_a_code_page_is_the_same_json(tmp_path, encoding) -> None:
    code, raw, err = run_redirected(tmp_path, encoding, "explain", "--json", MESSAGE)
    assert "Traceback" not in err, err
    assert code == 1
    data = json.loads(raw.decode(encoding))
    _, utf8_raw, _ = run_redirected(tmp_path, "utf-8", "explain", "--json", MESSAGE)
    assert data == json.loads(utf8_raw.decode("utf-8"))  # nothing lost, only escaped


def test_utf8_output_keeps_the_marks() -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="\n")  # as on any OS
    print_output(stream, "  ✗ ERROR  x\n  ✓ OK  y\n")
    stream.flush()
    assert stream.buffer.getvalue().decode("utf-8") == "  ✗ ERROR  x\n  ✓ OK  y\n"  # type: ignore[attr-defined]


def test_letters_the_code_page_has_are_kept_and_others_replaced() -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="cp1252", newline="\n")  # as on any OS
    print_output(stream, "✓ “jürgen” – Пароль\n")
    stream.flush()
    written = stream.buffer.getvalue().decode("cp1252")  # type: ignore[attr-defined]
    assert written == "+ “jürgen” – ??????\n"  # cp1252 has the quotes, the dash and ü
