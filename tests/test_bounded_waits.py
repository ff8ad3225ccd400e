"""Every network wait of a check ends: by Stop at any stage, or by its own time limit, taken
once. Servers on loopback drip bytes (so no per-read timeout ever fires) or say nothing at the
point under test; what ended the wait is read from the outcome and from the order of events
seen by the server, never from a clock (the timings are in benchmarks/bench_waits.py).

A Stop test gives the check a time limit far longer than its pytest-timeout: only Stop can end
it in time, and a Stop that does not work fails the test as a hang."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from ontime_assist.engine.cancel import CancelToken
from ontime_assist.engine.check.result import CheckResult, Stage
from ontime_assist.engine.check.run import run_check
from ontime_assist.engine.check.settings import MailSettings, build_settings
from ontime_assist.engine.check.state import StageListener
from ontime_assist.engine.connection import connect
from tests.conftest import Certs
from tests.servers import LOOPBACK, LineConn, RawServer, Script, scripted_handler

LONG = 60  # seconds: a limit no test may wait out
EVENT_WAIT = 10  # how long a test waits for an event a server reports (pytest-timeout is 20)
HANDSHAKE_START = b"\x16\x03\x03\x40\x00"  # a TLS record header promising 16 kB that never come


class Drip:
    """Sends bytes one at a time, slowly, until the client closes the connection: each byte
    resets any per-read timeout. Records that it started and that the client hung up."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.client_closed = threading.Event()

    def __call__(self, sock: socket.socket, first: bytes, then: bytes = b" ") -> None:
        try:
            sock.sendall(first)
            self.started.set()
            for _ in range(100_000):
                time.sleep(0.05)
                sock.sendall(then)
        except OSError:
            self.client_closed.set()


def drip_handshake(sock: socket.socket, drip: Drip) -> None:
    """After a 220 to STARTTLS: read the client's hello, then answer it a byte at a time."""
    line = greet_and_starttls(sock)
    line.sock.settimeout(EVENT_WAIT)
    line.sock.recv(4096)  # the ClientHello: the client is in its handshake now
    drip(line.sock, HANDSHAKE_START)


def greet_and_starttls(sock: socket.socket) -> LineConn:
    """A plain SMTP opening up to a 220 for STARTTLS; returns the line connection."""
    line = LineConn(sock)
    line.send("220 drip.example.test ESMTP")
    while (text := line.readline(EVENT_WAIT)) is not None:
        verb = text.split(" ", 1)[0].upper()
        if verb in ("EHLO", "HELO"):
            line.send_lines(["250-drip.example.test", "250-AUTH PLAIN LOGIN", "250 STARTTLS"])
        elif verb == "STARTTLS":
            line.send("220 2.0.0 Ready to start TLS")
            return line
        else:
            line.send("502 5.5.2 not here")
    raise ConnectionError("the client left before STARTTLS")


def start_check(
    settings: MailSettings, cancel: CancelToken, on_stage: StageListener | None = None
) -> tuple[threading.Thread, list[CheckResult]]:
    """The check on its own thread, as the wizard runs it; its outcome lands in the list."""
    results: list[CheckResult] = []

    def run() -> None:
        results.append(run_check(settings, cancel=cancel, on_stage=on_stage))

    thread = threading.Thread(target=run)
    thread.start()
    return thread, results


def stop_when(started: threading.Event, port: int, cafile: str, **settings: object) -> CheckResult:
    """Run a check, press Stop (from this thread) once `started` is set, return the outcome."""
    values: dict[str, object] = {"security": "starttls", "timeout": LONG, **settings}
    built = build_settings(host=LOOPBACK, port=port, cafile=cafile, **values)  # type: ignore[arg-type]
    cancel = CancelToken()
    thread, results = start_check(built, cancel)
    assert started.wait(EVENT_WAIT), "the server never got to the point under test"
    cancel.cancel()
    thread.join()
    return results[0]


def assert_stopped(result: CheckResult, drip: Drip) -> None:
    assert result.root_cause is None or result.root_cause.id != "smtp.reply_timeout"
    assert [f.id for f in result.findings][-1:] == ["smtp.cancelled"]
    assert drip.client_closed.wait(EVENT_WAIT), "the server never saw the connection close"


def by_connection(*handlers: Callable[[socket.socket], None]) -> Callable[[socket.socket], None]:
    """A server handler that gives the n-th connection to the n-th handler."""
    lock = threading.Lock()
    served = [0]

    def handle(sock: socket.socket) -> None:
        with lock:
            index = min(served[0], len(handlers) - 1)
            served[0] += 1
        handlers[index](sock)

    return handle


# --- Stop, at each stage ----------------------------------------------------------------------


@pytest.mark.timeout(20)
def test_stop_ends_a_greeting_that_drips(certs: Certs) -> None:
    drip = Drip()
    with RawServer(lambda sock: drip(sock, b"220 drip")) as server:
        result = stop_when(drip.started, server.port, certs.cafile)
    assert_stopped(result, drip)
    assert result.stage("connect").status == "ok"


@pytest.mark.timeout(20)
def test_stop_ends_a_starttls_handshake_that_drips(certs: Certs) -> None:
    drip = Drip()
    with RawServer(lambda sock: drip_handshake(sock, drip)) as server:
        result = stop_when(drip.started, server.port, certs.cafile)
    assert_stopped(result, drip)
    assert result.stage("tls").status == "failed"


@pytest.mark.timeout(20)
def test_stop_ends_a_reply_that_drips_inside_tls(certs: Certs) -> None:
    drip = Drip()

    def after_starttls(sock: socket.socket) -> None:
        line = greet_and_starttls(sock)
        line.starttls(certs.good)
        with line.sock:  # the TLS socket: the server closes it, not only the one it wrapped
            line.readline(EVENT_WAIT)  # EHLO again, inside TLS
            drip(line.sock, b"250-drip.example.test", b"x")

    with RawServer(after_starttls) as server:
        result = stop_when(drip.started, server.port, certs.cafile)
    assert_stopped(result, drip)
    assert result.stage("tls").status == "failed"
    assert any(entry.tls for entry in result.transcript.entries)


def refused_then(
    certs: Certs, second: Callable[[socket.socket], None]
) -> Callable[[socket.socket], None]:
    """A STARTTLS server whose certificate the check refuses (unknown authority); the check's
    second connection, which reads the refused certificate, goes to `second`."""
    return by_connection(
        scripted_handler(Script(tls_context=certs.unknown_ca), []),
        second,
    )


@pytest.mark.timeout(20)
def test_stop_ends_the_certificate_inspection_after_starttls(certs: Certs) -> None:
    drip = Drip()
    handler = refused_then(certs, lambda sock: drip_handshake(sock, drip))
    with RawServer(handler) as server:
        result = stop_when(drip.started, server.port, certs.cafile)
    assert_stopped(result, drip)
    assert server.connections == 2


@pytest.mark.timeout(20)
def test_stop_ends_the_certificate_inspection_on_implicit_tls(certs: Certs) -> None:
    drip = Drip()

    def implicit_refused(sock: socket.socket) -> None:
        with certs.unknown_ca.wrap_socket(sock, server_side=True):
            pass  # the client refuses the certificate during the handshake

    with RawServer(by_connection(implicit_refused, lambda s: drip(s, HANDSHAKE_START))) as server:
        result = stop_when(drip.started, server.port, certs.cafile, security="ssl")
    assert_stopped(result, drip)


@pytest.mark.timeout(20)
def test_stop_ends_the_race_of_plain_greeting_and_tls_hello(certs: Certs) -> None:
    """Stop while the plain connection waits for a greeting and the second connection's TLS
    hello has had one byte of an answer: both connections close."""
    silent_closed = threading.Event()
    drip = Drip()

    def silent(sock: socket.socket) -> None:
        sock.settimeout(EVENT_WAIT * 2)
        try:
            while sock.recv(1024):
                pass
        except OSError:
            pass
        silent_closed.set()

    def hello_answered_by_one_byte(sock: socket.socket) -> None:
        # One byte of a TLS answer, then nothing: a drip would settle the question once five
        # bytes had come (200 ms), and a Stop pressed later would find the check already over.
        sock.settimeout(EVENT_WAIT * 2)
        sock.recv(4096)  # the ClientHello
        sock.sendall(b"\x16")
        drip.started.set()
        try:
            while sock.recv(1024):
                pass
        except TimeoutError:
            return  # never closed: the test fails on client_closed
        except OSError:
            pass
        drip.client_closed.set()

    with RawServer(by_connection(silent, hello_answered_by_one_byte)) as server:
        result = stop_when(drip.started, server.port, certs.cafile)
    assert_stopped(result, drip)
    assert silent_closed.wait(EVENT_WAIT)


@pytest.mark.timeout(20)
def test_stop_ends_a_connect_nobody_answers(certs: Certs) -> None:
    from tests.servers import filtered_port

    connecting = threading.Event()

    def on_stage(stage: Stage) -> None:
        if stage.name == "connect" and stage.status == "running":
            connecting.set()

    with filtered_port() as port:
        cancel = CancelToken()
        settings = build_settings(host=LOOPBACK, port=port, timeout=LONG)
        thread, results = start_check(settings, cancel, on_stage)
        assert connecting.wait(EVENT_WAIT)
        cancel.cancel()
        thread.join()
    assert [f.id for f in results[0].findings] == ["smtp.cancelled"]
    assert results[0].stage("connect").status == "failed"


# --- DNS: a lookup the system's resolver holds ---------------------------------------------------


@pytest.fixture
def stuck_resolver(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[list[str], threading.Event, threading.Event]]:
    """The system's resolver holds every question about stuck.example.test until released
    (getaddrinfo has no time limit and cannot be interrupted: this is what a dead DNS server
    does to it). Other names go on to the loopback-only resolver of conftest. The second
    event is set once a question has reached it."""
    asked: list[str] = []
    release, reached = threading.Event(), threading.Event()
    loopback_only = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host == "stuck.example.test" and not kwargs.get("flags", 0) & socket.AI_NUMERICHOST:
            asked.append(host)
            reached.set()
            release.wait(EVENT_WAIT)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return loopback_only(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield asked, release, reached
    release.set()


@pytest.mark.timeout(20)
def test_stop_during_a_stuck_lookup_leaves_no_second_thread_behind(stuck_resolver) -> None:  # type: ignore[no-untyped-def]
    """Stop ends the check while the lookup still hangs; testing again joins the lookup that
    is still running instead of starting another thread the same resolver would hold."""
    asked, release, reached = stuck_resolver
    settings = build_settings(host="stuck.example.test", port=587, timeout=LONG)
    outcomes = []
    for _ in range(2):
        looking_up = threading.Event()
        cancel = CancelToken()

        def on_stage(stage: Stage, looking_up: threading.Event = looking_up) -> None:
            if stage.name == "dns" and stage.status == "running":
                looking_up.set()  # the lookup is asked for before Stop is looked at

        thread, results = start_check(settings, cancel, on_stage)
        assert looking_up.wait(EVENT_WAIT)
        assert reached.wait(EVENT_WAIT)  # the first check's question has reached the resolver
        cancel.cancel()
        thread.join()
        outcomes.append([f.id for f in results[0].findings])
    assert outcomes == [["smtp.cancelled"], ["smtp.cancelled"]]
    assert not release.is_set()  # both ended while the resolver still held the question
    assert asked == ["stuck.example.test"]  # asked once: the second check joined the first
    assert connect.lookups_running() == 1
    release.set()
    for _ in range(EVENT_WAIT * 100):
        if connect.lookups_running() == 0:
            break
        time.sleep(0.01)
    assert connect.lookups_running() == 0


# --- time limits: each taken once ------------------------------------------------------------


@pytest.mark.timeout(20)
def test_a_silent_server_costs_the_time_limit_once(certs: Certs) -> None:
    """The plain connection's wait for a greeting and the second connection's TLS hello share
    one time limit: the hello connection is closed only when the greeting's wait has given up.
    This server greets on the plain connection only after the hello connection closed, so a
    check that waited again after its hello (the old way: 1.5 s, then the hello's own wait,
    then the greeting's again) would still see that greeting."""
    hello_closed = threading.Event()
    events: list[str] = []

    def plain(sock: socket.socket) -> None:
        if hello_closed.wait(EVENT_WAIT):
            events.append("greeting sent")
            sock.sendall(b"220 late.example.test ESMTP\r\n")
        sock.settimeout(EVENT_WAIT)
        while sock.recv(1024):
            pass

    def hello(sock: socket.socket) -> None:
        sock.settimeout(EVENT_WAIT)
        while sock.recv(4096):
            pass  # silent to the hello too
        events.append("hello closed")
        hello_closed.set()

    with RawServer(by_connection(plain, hello)) as server:
        settings = build_settings(host=LOOPBACK, port=server.port, timeout=2)
        result = run_check(settings)
    assert result.root_cause is not None and result.root_cause.id == "smtp.no_greeting"
    assert "within 2 seconds" in result.root_cause.detail
    assert server.connections == 2
    notes = [e.text for e in result.transcript.entries if e.dir == "info"]
    assert any("TLS hello got: nothing" in note for note in notes)


@pytest.mark.timeout(20)
def test_a_greeting_that_starts_at_once_opens_no_second_connection(certs: Certs) -> None:
    """Postfix sends the first line of a delayed greeting at once: any byte settles that the
    port speaks plain text, so no TLS hello is sent to it."""

    def slow_multiline(sock: socket.socket) -> None:
        sock.sendall(b"220-slow.example.test greeting after a pause\r\n")
        time.sleep(0.5)
        sock.sendall(b"220 slow.example.test ESMTP\r\n")
        LineConn(sock).readline(EVENT_WAIT)

    with RawServer(slow_multiline) as server:
        settings = build_settings(host=LOOPBACK, port=server.port, timeout=5, security="none")
        result = run_check(settings)
    assert result.stage("greeting").status == "ok"
    assert server.connections == 1


@pytest.mark.timeout(20)
def test_the_certificate_inspection_ends_at_its_time_limit(certs: Certs) -> None:
    """The refused certificate is read again on a second connection whose handshake drips:
    the inspection's limit ends it, and the refusal is still reported."""
    drip = Drip()
    handler = refused_then(certs, lambda sock: drip_handshake(sock, drip))
    with RawServer(handler) as server:
        settings = build_settings(
            host=LOOPBACK, port=server.port, security="starttls", cafile=certs.cafile, timeout=1
        )
        result = run_check(settings)
    assert result.root_cause is not None and result.root_cause.id == "tls.cert_untrusted"
    notes = [e.text for e in result.transcript.entries if e.dir == "info"]
    assert "the refused certificate could not be read: no answer within the time limit" in notes
    assert drip.client_closed.wait(EVENT_WAIT)


@pytest.mark.timeout(20)
def test_a_dripping_starttls_handshake_ends_at_the_time_limit(certs: Certs) -> None:
    drip = Drip()
    with RawServer(lambda sock: drip_handshake(sock, drip)) as server:
        settings = build_settings(
            host=LOOPBACK, port=server.port, security="starttls", cafile=certs.cafile, timeout=1
        )
        result = run_check(settings)
    assert result.root_cause is not None and result.root_cause.id == "smtp.reply_timeout"
    assert "TLS handshake" in result.root_cause.detail
    assert "within 1 seconds" in result.root_cause.detail
