"""`ontime-assist check` against real servers on loopback: one test per finding a server can
cause at the network, session and TLS level. Every run also proves the password stays out."""

from __future__ import annotations

import errno
import socket
import threading
import time

import pytest

from ontime_assist.engine.connection.connect import classify_connect_error
from tests.cli_helpers import check
from tests.helpers import PASSWORD
from tests.servers import LOOPBACK, LineConn, RawServer, Script, filtered_port, scripted_smtp


def closed_port() -> int:
    sock = socket.socket()
    sock.bind((LOOPBACK, 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port


# --- the healthy path ---------------------------------------------------------------------


def test_healthy_starttls_server_passes_every_stage(run_cli, certs) -> None:
    with scripted_smtp(Script(tls_context=certs.good)) as (server, log):
        result = check(
            run_cli, server.port, "--cafile", certs.cafile, "--to", "client@example.org", "--send"
        )
    assert result.code == 0, result.out
    data = result.json
    statuses = {s["name"]: s["status"] for s in data["stages"]}
    assert statuses == dict.fromkeys(
        ["dns", "connect", "greeting", "ehlo", "tls", "auth", "mail", "rcpt", "data", "quit"], "ok"
    )
    assert {"connect.ok", "tls.ok", "auth.ok", "relay.ok", "send.ok"} <= set(result.finding_ids)
    assert data["settings"]["security"] == "starttls"
    assert "password" not in str(data["settings"]).lower()
    assert [line.split()[0].upper() for line in log] == [
        "EHLO",
        "STARTTLS",
        "EHLO",
        "AUTH",
        "MAIL",
        "RCPT",
        "DATA",
        "QUIT",
    ]
    transcript = data["transcript"]
    # Signed in the way OnTime does (AUTH LOGIN): the name and the password only as [redacted].
    client = [t["text"] for t in transcript if t["dir"] == "client"]
    start = client.index("AUTH LOGIN")
    assert client[start + 1 : start + 3] == ["[redacted]", "[redacted]"]
    assert all(t["tls"] for t in transcript if t["dir"] == "client" and "AUTH" in t["text"])
    assert any(t["tls"] for t in transcript) and not transcript[1]["tls"]
    assert "auth.login_not_offered" not in result.finding_ids


def test_a_server_without_auth_login_is_tested_with_plain_and_says_so(run_cli, certs) -> None:
    script = Script(tls_context=certs.good, ehlo=["AUTH PLAIN"], expected_password=PASSWORD)
    with scripted_smtp(script) as (server, _log):
        result = check(run_cli, server.port, "--cafile", certs.cafile)
    assert result.code == 0
    warning = next(f for f in result.json["findings"] if f["id"] == "auth.login_not_offered")
    assert warning["severity"] == "warning" and "AUTH PLAIN" in warning["detail"]
    client = [t["text"] for t in result.json["transcript"] if t["dir"] == "client"]
    assert "AUTH PLAIN [redacted]" in client


def test_without_send_the_session_ends_with_rset(run_cli, certs) -> None:
    with scripted_smtp(Script(tls_context=certs.good)) as (server, log):
        result = check(run_cli, server.port, "--cafile", certs.cafile, "--to", "client@example.org")
    assert result.code == 0
    assert "DATA" not in [line.split()[0] for line in log] and "RSET" in log
    data_stage = next(s for s in result.json["stages"] if s["name"] == "data")
    assert data_stage["status"] == "skipped"


def test_real_aiosmtpd_server_with_starttls_and_auth(run_cli, certs) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    received: list[bytes] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.append(envelope.content)
            return "250 OK message accepted"

    def authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        ok = auth_data.login == b"office@example.com" and auth_data.password == PASSWORD.encode()
        return AuthResult(success=ok)

    port = closed_port()
    controller = Controller(
        Handler(),
        hostname=LOOPBACK,
        port=port,
        tls_context=certs.good,
        require_starttls=True,
        authenticator=authenticator,
        auth_require_tls=True,
    )
    controller.start()
    try:
        result = check(
            run_cli,
            port,
            "--security",
            "starttls",
            "--cafile",
            certs.cafile,
            "--to",
            "client@example.org",
            "--send",
            timeout="5",
        )
        assert result.code == 0, result.out
        assert "send.ok" in result.finding_ids
        assert received and b"OnTime Assist test message" in received[0]
        assert PASSWORD.encode() not in received[0]
    finally:
        controller.stop()


# --- network ------------------------------------------------------------------------------


def test_unknown_name_is_dns_not_found(run_cli) -> None:
    result = check(run_cli, 587, host="smtp.no-such-provider.invalid")
    assert result.code == 1
    assert result.root_cause["id"] == "dns.not_found"
    assert result.root_cause["step"] == "server_settings"


def test_closed_port_is_refused(run_cli) -> None:
    result = check(run_cli, closed_port())
    assert result.root_cause["id"] == "net.refused"
    assert "Port" in result.root_cause["fix"]


# How long each of these takes is measured by benchmarks/bench_check.py; a test only makes
# sure nothing hangs (pytest-timeout fails it), and that the right thing is named.


@pytest.mark.timeout(15)
def test_filtered_port_times_out_within_the_timeout(run_cli) -> None:
    with filtered_port() as port:
        result = check(run_cli, port, timeout="1")
    assert result.root_cause["id"] == "net.timeout"
    assert "(waited 1 s)" in result.root_cause["detail"]


@pytest.mark.parametrize(
    ("error", "finding_id"),
    [
        (OSError(errno.ENETUNREACH, "Network is unreachable"), "net.unreachable"),
        (OSError(errno.EHOSTUNREACH, "No route to host"), "net.unreachable"),
        (ConnectionRefusedError(errno.ECONNREFUSED, "refused"), "net.refused"),
        (TimeoutError("timed out"), "net.timeout"),
        (OSError(errno.EACCES, "Permission denied"), "net.error"),
    ],
)
def test_connect_errors_are_named(error: OSError, finding_id: str) -> None:
    # No loopback server can make the kernel report "unreachable", so the mapping from the
    # operating system's errors is tested directly.
    assert classify_connect_error(error) == finding_id


# --- session ------------------------------------------------------------------------------


def silent(conn: socket.socket) -> None:
    conn.settimeout(10)
    while conn.recv(1024):
        pass


def test_silent_server_is_no_greeting(run_cli) -> None:
    with RawServer(silent) as server:
        result = check(run_cli, server.port)
    assert result.root_cause["id"] == "smtp.no_greeting"


def test_web_server_on_the_port_is_not_smtp(run_cli) -> None:
    def web(conn: socket.socket) -> None:
        conn.settimeout(5)
        if conn.recv(4096):
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    with RawServer(web) as server:
        result = check(run_cli, server.port)
    assert result.root_cause["id"] == "smtp.not_smtp"
    assert "web server" in result.root_cause["detail"]


def test_ssh_banner_is_not_smtp(run_cli) -> None:
    with RawServer(lambda c: (c.sendall(b"SSH-2.0-OpenSSH_9.2\r\n"), silent(c))) as server:
        result = check(run_cli, server.port)
    assert result.root_cause["id"] == "smtp.not_smtp"


def test_garbage_greeting_is_protocol_error(run_cli) -> None:
    with RawServer(lambda c: (c.sendall(b"\x00\xffhello there\r\n"), silent(c))) as server:
        result = check(run_cli, server.port)
    assert result.root_cause["id"] == "smtp.protocol_error"


def test_endless_line_is_protocol_error_with_bounded_memory(run_cli) -> None:
    def endless(conn: socket.socket) -> None:
        chunk = b"A" * 65536
        for _ in range(200):  # 13 MB at most, far past any limit of ours
            conn.sendall(chunk)

    with RawServer(endless) as server:
        result = check(run_cli, server.port)
    assert result.root_cause["id"] == "smtp.protocol_error"
    assert "longer than" in result.root_cause["detail"]


def test_endless_multiline_reply_is_protocol_error(run_cli) -> None:
    def endless(conn: socket.socket) -> None:
        for _ in range(100_000):
            conn.sendall(b"220-still greeting you\r\n" * 10)

    with RawServer(endless) as server:
        result = check(run_cli, server.port)
    assert result.root_cause["id"] == "smtp.protocol_error"
    assert len(result.json["transcript"]) < 2100


def test_refusing_greeting_is_rejected_connection(run_cli) -> None:
    script = Script(
        greeting="554 5.7.1 Service unavailable; client host [127.0.0.1] blocked "
        "using zen.spamhaus.org"
    )
    with scripted_smtp(script) as (server, _log):
        result = check(run_cli, server.port)
    cause = result.root_cause
    assert cause["id"] == "smtp.rejected_connection"
    assert cause["step"] == "provider"
    assert cause["reply"]["code"] == 554 and cause["reply"]["enhanced"] == "5.7.1"


def test_hang_up_after_greeting_is_disconnected(run_cli) -> None:
    def rude(conn: socket.socket) -> None:
        line = LineConn(conn)
        line.send("220 mail.example.test ESMTP")
        line.readline()

    with RawServer(rude) as server:
        result = check(run_cli, server.port)
    assert result.root_cause["id"] == "smtp.disconnected"


@pytest.mark.timeout(15)
def test_server_that_stops_answering_is_bounded_by_the_timeout(run_cli) -> None:
    def mute_after_greeting(conn: socket.socket) -> None:
        LineConn(conn).send("220 mail.example.test ESMTP")
        silent(conn)

    with RawServer(mute_after_greeting) as server:
        result = check(run_cli, server.port, timeout="1")
    assert result.root_cause["id"] == "smtp.reply_timeout"
    assert "within 1 seconds" in result.root_cause["detail"]


@pytest.mark.timeout(15)  # 1,000 bytes at 0.1 s each would take 100 s
def test_dripping_server_cannot_hold_the_check_past_the_timeout(run_cli) -> None:
    stop = threading.Event()

    def drip(conn: socket.socket) -> None:
        for byte in b"220 mail.example.test ESMTP " + b"x" * 1000:
            if stop.is_set():
                return
            conn.sendall(bytes([byte]))
            time.sleep(0.1)

    with RawServer(drip) as server:
        result = check(run_cli, server.port, timeout="1")
        stop.set()
    assert result.root_cause["id"] == "smtp.no_greeting"
    assert "sent only" in result.root_cause["detail"]


# --- TLS modes and certificates -----------------------------------------------------------


@pytest.mark.timeout(20)  # waiting out the 60 s timeout instead would fail it
def test_starttls_on_an_implicit_tls_port_is_named_quickly(run_cli, certs) -> None:
    with scripted_smtp(Script(tls_context=certs.good, implicit_tls=True)) as (server, _):
        result = check(
            run_cli, server.port, "--security", "starttls", "--cafile", certs.cafile, timeout="60"
        )
    assert result.root_cause["id"] == "tls.expects_implicit"
    assert "587" in result.root_cause["fix"]
    notes = [t["text"] for t in result.json["transcript"] if t["dir"] == "info"]
    assert any("TLS hello got: a TLS answer" in note for note in notes)


def test_ssl_on_a_plain_port_is_not_implicit(run_cli, certs) -> None:
    with scripted_smtp(Script(tls_context=certs.good)) as (server, _):
        result = check(run_cli, server.port, "--security", "ssl", "--cafile", certs.cafile)
    cause = result.root_cause
    assert cause["id"] == "tls.not_implicit"
    assert "220 mail.example.test" in cause["detail"]


def test_auto_finds_implicit_tls(run_cli, certs) -> None:
    with scripted_smtp(Script(tls_context=certs.good, implicit_tls=True)) as (server, _):
        result = check(run_cli, server.port, "--cafile", certs.cafile, timeout="5")
    assert result.code == 0, result.out
    assert result.json["settings"]["security"] == "ssl"
    assert "tls.mode_detected" in result.finding_ids
    assert "auth.ok" in result.finding_ids


def test_auto_uses_starttls_when_offered(run_cli, certs) -> None:
    with scripted_smtp(Script(tls_context=certs.good)) as (server, _):
        result = check(run_cli, server.port, "--cafile", certs.cafile)
    assert result.code == 0
    assert result.json["settings"]["security"] == "starttls"


def test_starttls_missing_is_starttls_unavailable(run_cli) -> None:
    with scripted_smtp(Script()) as (server, _):
        result = check(run_cli, server.port, "--security", "starttls")
    assert result.root_cause["id"] == "tls.starttls_unavailable"


def test_server_demanding_tls_is_tls_required(run_cli) -> None:
    script = Script(ehlo=["SIZE 1000"], mail="530 5.7.0 Must issue a STARTTLS command first.")
    with scripted_smtp(script) as (server, _):
        result = check(
            run_cli,
            server.port,
            "--security",
            "none",
            "--from",
            "office@example.com",
            password=False,
        )
    assert result.root_cause["id"] == "tls.required"
    assert "SSL" in result.root_cause["fix"]


def test_password_is_not_sent_unencrypted(run_cli) -> None:
    with scripted_smtp(Script()) as (server, log):
        result = check(run_cli, server.port, "--security", "none")
    assert result.root_cause["id"] == "auth.plaintext_refused"
    assert not any(line.upper().startswith("AUTH") for line in log)


def test_plaintext_auth_only_with_consent(run_cli) -> None:
    with scripted_smtp(Script()) as (server, log):
        result = check(run_cli, server.port, "--security", "none", "--allow-plaintext-auth")
    assert "auth.ok" in result.finding_ids
    assert any(line.upper().startswith("AUTH") for line in log)


@pytest.mark.parametrize(
    ("context_name", "finding_id", "words"),
    [
        ("unknown_ca", "tls.cert_untrusted", "issued by"),
        ("wrong_host", "tls.cert_hostname_mismatch", "mail.other.test"),
        ("expired", "tls.cert_expired", "2020-"),
        ("intercepted", "tls.intercepted", "Avast"),
    ],
)
def test_certificate_problems_are_told_apart(
    run_cli, certs, context_name, finding_id, words
) -> None:
    context = getattr(certs, context_name)
    with scripted_smtp(Script(tls_context=context)) as (server, log):
        result = check(run_cli, server.port, "--security", "starttls", "--cafile", certs.cafile)
    cause = result.root_cause
    assert cause["id"] == finding_id
    assert words in cause["detail"] + cause["fix"]
    assert "certificate" in result.json
    assert not any(line.upper().startswith("AUTH") for line in log)


def test_certificate_problem_on_implicit_tls(run_cli, certs) -> None:
    with scripted_smtp(Script(tls_context=certs.expired, implicit_tls=True)) as (server, _):
        result = check(run_cli, server.port, "--security", "ssl", "--cafile", certs.cafile)
    assert result.root_cause["id"] == "tls.cert_expired"


def test_server_with_only_old_tls_is_protocol_too_old(run_cli, certs) -> None:
    with scripted_smtp(Script(tls_context=certs.tls11_only)) as (server, _):
        result = check(run_cli, server.port, "--security", "starttls", "--cafile", certs.cafile)
    assert result.root_cause["id"] == "tls.protocol_too_old"


def test_microsoft_old_tls_reply_is_protocol_too_old(run_cli) -> None:
    script = Script(
        greeting="421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update "
        "your client to support TLS 1.2."
    )
    with scripted_smtp(script) as (server, _):
        result = check(run_cli, server.port)
    assert result.root_cause["id"] == "tls.protocol_too_old"
