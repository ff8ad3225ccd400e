"""Bad input gets one clear line and exit 2; cancellation stops a check at once."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from ontime_assist.engine.cancel import CancelToken
from ontime_assist.engine.check.run import run_check
from ontime_assist.engine.check.settings import build_settings, validate_host
from ontime_assist.engine.check.settings_error import SettingsError
from tests.helpers import PASSWORD
from tests.servers import RawServer, Script, scripted_smtp


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--host", "smtp.example.com", "--port", "0"], "between 1 and 65535"),
        (["--host", "smtp.example.com", "--port", "70000"], "between 1 and 65535"),
        (["--host", "smtp.example.com", "--port", "58 7"], "must be a number"),
        (["--host", "smtp.exa mple.com", "--port", "587"], "contains a space"),
        (["--host", "https://smtp.example.com/", "--port", "587"], "web address"),
        (["--host", "smtp.example.com:587", "--port", "587"], "includes a port"),
        (["--host", "office@example.com", "--port", "587"], "email address"),
        (["--host", "", "--port", "587"], "Enter the mail server"),
        (["--host", "smtp.example.com", "--port", "587", "--security", "tls"], "one of auto"),
        (["--host", "smtp.example.com", "--port", "587", "--timeout", "soon"], "number of seconds"),
        (["--host", "smtp.example.com", "--port", "587", "--to", "not-an-address"], "not an email"),
        (["--host", "smtp.example.com", "--port", "587", "--send"], "recipient"),
        (
            ["--host", "smtp.example.com", "--port", "587", "--username", "me@example.com"],
            "needs a password",
        ),
        (
            ["--host", "smtp.example.com", "--port", "587", "--cafile", "/nonexistent.pem"],
            "could not be read",
        ),
        (["--port", "587"], "required"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(run_cli, args, words) -> None:
    result = run_cli("check", *args)
    assert result.code == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.err
    assert "Traceback" not in result.err


def test_password_with_empty_user_is_refused(run_cli) -> None:
    result = run_cli(
        "check",
        "--host",
        "smtp.example.com",
        "--port",
        "587",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert result.code == 2 and "without --username" in result.err
    assert PASSWORD not in result.err


def test_empty_stdin_for_password_is_usage_error(run_cli) -> None:
    result = run_cli(
        "check",
        "--host",
        "smtp.example.com",
        "--port",
        "587",
        "--username",
        "u@x.io",
        "--password-stdin",
        stdin="",
    )
    assert result.code == 2 and "standard input is empty" in result.err


def test_host_with_stray_spaces_is_cleaned_and_reported(run_cli) -> None:
    with scripted_smtp(Script()) as (server, _):
        result = run_cli(
            "check",
            "--host",
            " 127.0.0.1 ",
            "--port",
            str(server.port),
            "--security",
            "none",
            "--json",
            "--timeout",
            "2",
        )
    assert result.code == 0
    assert "input.stray_space" in result.finding_ids


def test_unicode_host_is_accepted() -> None:
    assert validate_host("smtp.bücher.example").value == "smtp.bücher.example"
    with pytest.raises(SettingsError):
        validate_host("-bad-.example.com")


def test_version(run_cli) -> None:
    result = run_cli("--version")
    assert result.code == 0 and result.out.startswith("ontime-assist ")


def test_headless_commands_never_import_qt() -> None:
    code = (
        "import sys\n"
        "from ontime_assist.cli import main\n"
        "rc = main(['explain', '535 5.7.8 Error: authentication failed'])\n"
        "rc2 = main(['check', '--host', 'smtp.example.com', '--port', '0'])\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
        "sys.exit(0 if (rc, rc2) == (1, 2) else 3)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 0, completed.stderr


@pytest.mark.timeout(15)  # without a working cancel, the check waits its 60 s
def test_cancel_stops_a_waiting_check_at_once() -> None:
    def silent(conn) -> None:  # type: ignore[no-untyped-def]
        conn.settimeout(20)
        while conn.recv(1024):
            pass

    with RawServer(silent) as server:
        cancel = CancelToken()
        settings = build_settings(host="127.0.0.1", port=server.port, timeout=60)
        threading.Timer(0.3, cancel.cancel).start()
        result = run_check(settings, cancel=cancel)
    assert [f.id for f in result.findings] == ["smtp.cancelled"]
    assert result.stage("greeting").status in ("failed", "skipped")


@pytest.mark.timeout(15)
def test_cancel_during_tls_handshake(certs) -> None:
    """A server that answers STARTTLS with 220 and then never speaks TLS."""

    def stall(conn) -> None:  # type: ignore[no-untyped-def]
        from tests.servers import LineConn, wait_until_closed

        line = LineConn(conn)
        line.send("220 stall.example.test ESMTP")
        while (text := line.readline(20)) is not None:
            if text.upper().startswith("EHLO"):
                line.send_lines(["250-stall.example.test", "250 STARTTLS"])
            elif text.upper() == "STARTTLS":
                line.send("220 go ahead")
                wait_until_closed(line.sock)
                return

    with RawServer(stall) as server:
        cancel = CancelToken()
        settings = build_settings(
            host="127.0.0.1", port=server.port, security="starttls", timeout=60, cafile=certs.cafile
        )
        threading.Timer(0.5, cancel.cancel).start()
        result = run_check(settings, cancel=cancel)
    assert "smtp.cancelled" in [f.id for f in result.findings]
    assert result.stage("tls").status == "failed"


@pytest.mark.parametrize("arguments", [[], ["--demo"]], ids=["plain launch", "demo"])
def test_wizard_without_a_display_says_so_instead_of_aborting(arguments: list[str]) -> None:
    env = {
        k: v
        for k, v in __import__("os").environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    completed = subprocess.run(
        [sys.executable, "-m", "ontime_assist", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert completed.returncode == 2
    assert "no display" in completed.stderr and "ontime-assist check" in completed.stderr
    assert "Traceback" not in completed.stderr
