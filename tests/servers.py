"""Real servers on loopback for the tests: a scripted SMTP server that says exactly what a
provider says, and raw socket servers for broken behaviour. Nothing here leaves 127.0.0.1."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

LOOPBACK = "127.0.0.1"


class RawServer:
    """Accepts connections on loopback and hands each to `handler(sock)` on its own thread."""

    def __init__(
        self,
        handler: Callable[[socket.socket], object],
        *,
        backlog: int = 16,
        accept: bool = True,
        host: str = LOOPBACK,
        port: int = 0,
    ) -> None:
        self.handler = handler
        self.host = host
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.listener.bind((host, port))
            self.listener.listen(backlog)
        except OSError:
            # Closed here: left to the garbage collector, it warns (ResourceWarning) in
            # whichever later test happens to run then, and filterwarnings=error fails that.
            self.listener.close()
            raise
        self.port: int = self.listener.getsockname()[1]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._conns: list[socket.socket] = []
        self.connections = 0
        if accept:
            thread = threading.Thread(target=self._accept_loop, daemon=True)
            thread.start()
            self._threads.append(thread)

    def _accept_loop(self) -> None:
        self.listener.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            self._conns.append(conn)
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _serve(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError, ssl.SSLError, ValueError):
            self.handler(conn)
        with contextlib.suppress(OSError):
            conn.close()

    def close(self) -> None:
        self._stop.set()
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                conn.close()
        self.listener.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> RawServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def wait_until_closed(sock: socket.socket) -> None:
    """Hold a connection open saying nothing, until the client hangs up or the test server is
    closed (RawServer.close shuts every connection down): a stall that never outlives its test."""
    sock.settimeout(None)
    with contextlib.suppress(OSError):
        while sock.recv(1024):
            pass


class LineConn:
    """Line-oriented helper over a server-side socket (switchable to TLS)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock: socket.socket = sock
        self.buffer = b""
        self.received: list[str] = []

    def send(self, text: str) -> None:
        self.sock.sendall(text.encode("utf-8") + b"\r\n")

    def send_lines(self, lines: list[str]) -> None:
        payload = "".join(line + "\r\n" for line in lines)
        self.sock.sendall(payload.encode("utf-8"))

    def readline(self, timeout: float = 10.0) -> str | None:
        self.sock.settimeout(timeout)
        while b"\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        text = line.rstrip(b"\r").decode("utf-8", "replace")
        self.received.append(text)
        return text

    def starttls(self, context: ssl.SSLContext) -> None:
        self.sock = context.wrap_socket(self.sock, server_side=True)


@dataclass
class Script:
    """What a scripted SMTP server says. Replies are full reply texts; multi-line replies use
    "\\n" between lines ("534-5.7.9 …\\n534 5.7.9 …")."""

    greeting: str = "220 mail.example.test ESMTP ready"
    ehlo: list[str] = field(default_factory=lambda: ["AUTH PLAIN LOGIN", "SIZE 10240000"])
    ehlo_before_tls: list[str] | None = None  # features before STARTTLS, when they differ
    auth: str = "235 2.7.0 Authentication successful"
    mail: str = "250 2.1.0 Sender OK"
    rcpt: str = "250 2.1.5 Recipient OK"
    data: str = "354 Start mail input; end with <CRLF>.<CRLF>"
    end_of_data: str = "250 2.0.0 OK queued"
    tls_context: ssl.SSLContext | None = None  # offers STARTTLS when set
    implicit_tls: bool = False  # TLS from the first byte (needs tls_context)
    expected_password: str | None = None  # when set, AUTH succeeds only with it


def reply_lines(reply: str) -> list[str]:
    return reply.split("\n")


def scripted_handler(script: Script, log: list[str]) -> Callable[[socket.socket], None]:
    def handle(sock: socket.socket) -> None:
        if script.implicit_tls:
            assert script.tls_context is not None
            sock = script.tls_context.wrap_socket(sock, server_side=True)
        conn = LineConn(sock)
        try:
            converse(conn)
        finally:
            conn.sock.close()

    def converse(conn: LineConn) -> None:
        encrypted = script.implicit_tls
        conn.send_lines(reply_lines(script.greeting))
        if not script.greeting.startswith("220"):
            time.sleep(0.2)
            return
        while True:
            line = conn.readline()
            if line is None:
                return
            log.append(line)
            verb = line.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                features = script.ehlo
                if not encrypted and script.ehlo_before_tls is not None:
                    features = script.ehlo_before_tls
                if script.tls_context is not None and not encrypted:
                    features = [*features, "STARTTLS"]
                lines = ["mail.example.test Hello", *features]
                conn.send_lines([f"250-{x}" for x in lines[:-1]] + [f"250 {lines[-1]}"])
            elif verb == "STARTTLS" and script.tls_context is not None and not encrypted:
                conn.send("220 2.0.0 Ready to start TLS")
                conn.starttls(script.tls_context)
                encrypted = True
            elif verb == "AUTH":
                conn.send_lines(reply_lines(_auth_reply(script, line, conn)))
            elif verb == "MAIL":
                conn.send_lines(reply_lines(script.mail))
            elif verb == "RCPT":
                conn.send_lines(reply_lines(script.rcpt))
            elif verb == "DATA":
                conn.send_lines(reply_lines(script.data))
                if script.data.startswith("354"):
                    while conn.readline() not in (".", None):
                        pass
                    conn.send_lines(reply_lines(script.end_of_data))
            elif verb == "RSET":
                conn.send("250 2.0.0 OK")
            elif verb == "QUIT":
                conn.send("221 2.0.0 Bye")
                return
            else:
                conn.send("502 5.5.2 Command not recognised")

    return handle


def _auth_reply(script: Script, line: str, conn: LineConn) -> str:
    import base64

    parts = line.split()
    mechanism = parts[1].upper() if len(parts) > 1 else ""
    password = ""
    if mechanism == "LOGIN":
        conn.send("334 VXNlcm5hbWU6")
        conn.readline()
        conn.send("334 UGFzc3dvcmQ6")
        password = base64.b64decode(conn.readline() or "").decode("utf-8", "replace")
    elif mechanism == "PLAIN":
        blob = parts[2] if len(parts) > 2 else ""
        decoded = base64.b64decode(blob).split(b"\0")
        password = decoded[-1].decode("utf-8", "replace") if decoded else ""
    if script.expected_password is None:
        return script.auth
    if password == script.expected_password:
        return "235 2.7.0 Authentication successful"
    return "535 5.7.8 Error: authentication failed"


@contextlib.contextmanager
def scripted_smtp(
    script: Script, *, host: str = LOOPBACK, port: int = 0
) -> Iterator[tuple[RawServer, list[str]]]:
    log: list[str] = []
    with RawServer(scripted_handler(script, log), host=host, port=port) as server:
        yield server, log


@contextlib.contextmanager
def filtered_port() -> Iterator[int]:
    """A loopback port that never answers a connection attempt, like one a firewall drops:
    a listener that never accepts, its backlog filled, so new SYNs go unanswered."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((LOOPBACK, 0))
    listener.listen(0)
    port: int = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(3):
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex((LOOPBACK, port))
            fillers.append(filler)
        time.sleep(0.1)
        yield port
    finally:
        for filler in fillers:
            filler.close()
        listener.close()
