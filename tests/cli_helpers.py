"""Running `ontime-assist check` in tests, and proving the password stayed out of the output."""

from __future__ import annotations

import base64

from tests.conftest import CliRun
from tests.helpers import PASSWORD

LOOPBACK = "127.0.0.1"
FAST = "1.5"
TEST_USER = "office@example.com"


def check(
    run_cli,  # type: ignore[no-untyped-def]
    port: int,
    *extra: str,
    host: str = LOOPBACK,
    timeout: str = FAST,
    password: bool = True,
    user: str = TEST_USER,
    typed: str = PASSWORD,
) -> CliRun:
    """`check --json` against a loopback port, logging in as `user` with `typed` on stdin."""
    args = ["check", "--host", host, "--port", str(port), "--timeout", timeout, "--json", *extra]
    if password:
        args += ["--username", user, "--password-stdin"]
    result: CliRun = run_cli(*args, stdin=typed + "\n" if password else "")
    assert_no_password(result, user)
    return result


def assert_no_password(result: CliRun, user: str = TEST_USER) -> None:
    b64 = base64.b64encode(PASSWORD.encode()).decode()
    plain_blob = base64.b64encode(f"\0{user}\0{PASSWORD}".encode()).decode()
    for text in (result.out, result.err):
        assert PASSWORD not in text
        assert b64 not in text
        assert plain_blob not in text
