"""Running `ontime-assist check` in tests, and proving the password stayed out of the output."""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Iterator

from tests.conftest import CliRun
from tests.dns_server import Zone, dns_server
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
    with sender_dns(args) as more:
        result: CliRun = run_cli(*args, *more, stdin=typed + "\n" if password else "")
    assert_no_password(result, user)
    return result


def assert_no_password(result: CliRun, user: str = TEST_USER) -> None:
    b64 = base64.b64encode(PASSWORD.encode()).decode()
    plain_blob = base64.b64encode(f"\0{user}\0{PASSWORD}".encode()).decode()
    for text in (result.out, result.err):
        assert PASSWORD not in text
        assert b64 not in text
        assert plain_blob not in text


@contextlib.contextmanager
def sender_dns(args: list[str]) -> Iterator[list[str]]:
    """`check --send` also looks up the From domain's SPF, DKIM and DMARC records: for a test
    that does not name a DNS server, the arguments that send those questions to one on
    loopback where every domain exists with no records in it (nothing found: warnings only),
    never this machine's own."""
    if "--send" not in args or "--nameserver" in args:
        yield []
        return
    with dns_server(Zone(every_name_exists=True)) as empty:
        yield ["--nameserver", empty.address]
