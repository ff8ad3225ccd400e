"""Speed of `check`, as ratios against baselines measured in the same run.

    python benchmarks/bench_check.py [--rounds 30]

1. A full STARTTLS + AUTH + send check against a local aiosmtpd server, versus the bare smtplib
   script that does the same (goal: ratio ≤ 1.2).
2. Time to name `tls.expects_implicit` with a 10 s timeout, versus bare smtplib, which waits out
   the timeout (goal: ≤ 0.5 s; as a whole process: bench_waits.py).
3. Time for a filtered port, versus the timeout (goal: ≤ timeout + 1 s).

Needs the test extras (aiosmtpd, trustme). Talks only to servers it starts on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import smtplib
import socket
import ssl
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ontime_assist.engine.check.run import run_check
from ontime_assist.engine.check.settings import build_settings
from tests.servers import RawServer, filtered_port

HOST = "127.0.0.1"
USER, PASSWORD = "office@example.com", "bench-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


class Sink:
    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        return "250 OK"


def accept_all(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
    return AuthResult(success=True)


@contextlib.contextmanager
def aiosmtpd_server(context: ssl.SSLContext) -> Iterator[int]:
    port = free_port()
    controller = Controller(
        Sink(),
        hostname=HOST,
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=accept_all,
    )
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def bare_smtplib(port: int, cafile: str) -> None:
    context = ssl.create_default_context(cafile=cafile)
    with smtplib.SMTP(HOST, port, timeout=10, local_hostname="[127.0.0.1]") as smtp:
        smtp.starttls(context=context)
        smtp.login(USER, PASSWORD)
        smtp.sendmail(USER, ["client@example.org"], b"Subject: test\r\n\r\nhello\r\n")


def ours(port: int, cafile: str) -> None:
    settings = build_settings(
        host=HOST,
        port=port,
        security="starttls",
        username=USER,
        from_addr=USER,
        to_addr="client@example.org",
        send_message=True,
        cafile=cafile,
    )
    result = run_check(settings, PASSWORD)
    assert result.ok, [f.id for f in result.findings]


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def full_check(rounds: int, ca: trustme.CA, cafile: str) -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(HOST, "localhost").configure_cert(context)
    with aiosmtpd_server(context) as port:
        for _ in range(3):  # warm up both
            bare_smtplib(port, cafile)
            ours(port, cafile)
        base, mine = [], []
        for _ in range(rounds):  # interleaved, so drift hits both alike
            base.append(timed(lambda: bare_smtplib(port, cafile)))
            mine.append(timed(lambda: ours(port, cafile)))
    b, m = statistics.median(base), statistics.median(mine)
    print(
        f"1. full STARTTLS+AUTH+send: bare smtplib {b * 1000:.1f} ms, check {m * 1000:.1f} ms "
        f"(median of {rounds}) → ratio {m / b:.2f} (goal ≤ 1.20)"
    )


def expects_implicit(ca: trustme.CA, cafile: str) -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(HOST).configure_cert(context)

    def handshake_then_greet(conn: socket.socket) -> None:
        conn.settimeout(15)
        with context.wrap_socket(conn, server_side=True) as tls:
            tls.sendall(b"220 implicit.example ESMTP\r\n")
            while tls.recv(1024):
                pass

    server = RawServer(handshake_then_greet)
    port = server.port

    def bare() -> None:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            smtplib.SMTP(HOST, port, timeout=10)

    def mine() -> None:
        settings = build_settings(
            host=HOST, port=port, security="starttls", cafile=cafile, timeout=10
        )
        result = run_check(settings)
        assert result.root_cause and result.root_cause.id == "tls.expects_implicit"

    b, m = timed(bare), timed(mine)
    server.close()
    print(
        f"2. STARTTLS on an implicit-TLS port, timeout 10 s: bare smtplib gives up after "
        f"{b:.2f} s, check names tls.expects_implicit in {m:.2f} s → ratio {m / b:.2f} "
        f"(goal ≤ 0.5 s)"
    )


def filtered(timeout: float) -> None:
    with filtered_port() as port:
        settings = build_settings(host=HOST, port=port, timeout=timeout)
        elapsed = timed(lambda: run_check(settings))
    print(
        f"3. filtered port, timeout {timeout:g} s: check took {elapsed:.2f} s → "
        f"{elapsed / timeout:.2f} × timeout, {elapsed - timeout:+.2f} s over (goal ≤ +1 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--filtered-timeout", type=float, default=5.0)
    args = parser.parse_args()
    ca = trustme.CA()
    with tempfile.TemporaryDirectory() as folder:
        cafile = str(Path(folder) / "ca.pem")
        ca.cert_pem.write_to_path(cafile)
        full_check(args.rounds, ca, cafile)
        expects_implicit(ca, cafile)
        filtered(args.filtered_timeout)


if __name__ == "__main__":
    main()
