"""The practice mail server behind `--demo`: real SMTP on loopback, so every path of the wizard
can be clicked through without an account. It never delivers anything.

Two listeners: one speaks plain SMTP with STARTTLS (the port 587 style), one TLS from the first
byte (the port 465 style). The chosen situation decides what the server answers. Its TLS
certificate comes from a practice authority shipped with the app; only demo checks trust it.
"""

from __future__ import annotations

import base64
import contextlib
import socket
import ssl
import threading
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from ontime_assist.engine.redaction.secret import Secret
from ontime_assist.resource_files import resource_file
from ontime_assist.session import Practice

if TYPE_CHECKING:
    from ontime_assist.session import AssistantSession, Practice

DEMO_HOST = "127.0.0.1"
DEMO_USER = "dispatch@practice-courier.test"
DEMO_PASSWORD = "Demo-Pass-2468"  # noqa: S105 (a practice account, filled in on screen)


class Situation(StrEnum):
    HEALTHY = "healthy"
    APP_PASSWORD = "app_password"  # noqa: S105 (a situation's name, not a password)
    SMTP_AUTH_DISABLED = "smtp_auth_disabled"
    RELAY_DENIED = "relay_denied"
    PORT_MIXUP = "port_mixup"


SITUATION_LABELS = {
    Situation.HEALTHY: "Everything works",
    Situation.APP_PASSWORD: "The account needs an app password (two-step verification)",
    Situation.SMTP_AUTH_DISABLED: "Sending with a login is turned off for the mailbox",
    Situation.RELAY_DENIED: "The server refuses to pass mail on",
    Situation.PORT_MIXUP: "Wrong port and SSL combination",
}


@dataclass(frozen=True)
class DemoSettings:
    host: str
    port: int
    security: str
    username: str
    cafile: str


def _certificates() -> tuple[str, str]:
    """The practice authority and server certificate, shipped in resources/demo (valid until
    2126). They are trusted only by checks in demo mode, which pass the authority explicitly."""
    return resource_file("demo", "practice-ca.pem"), resource_file("demo", "practice-server.pem")


class DemoServer:
    """Start with start(), stop with stop(); the wizard ties both to its window."""

    def __init__(self) -> None:
        self.situation = Situation.HEALTHY
        self.cafile, server_pem = _certificates()
        self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._tls.load_cert_chain(server_pem)
        self._stop = threading.Event()
        self._listeners: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self.starttls_port = 0
        self.implicit_port = 0

    def start(self) -> None:
        self.starttls_port = self._listen(implicit=False)
        self.implicit_port = self._listen(implicit=True)

    def settings_for(self, situation: Situation) -> DemoSettings:
        """What the practice 'OnTime' has entered, per situation."""
        if situation is Situation.PORT_MIXUP:
            return DemoSettings(DEMO_HOST, self.implicit_port, "starttls", DEMO_USER, self.cafile)
        return DemoSettings(DEMO_HOST, self.starttls_port, "starttls", DEMO_USER, self.cafile)

    def practice(self) -> Practice:
        """The practice server as the session knows it."""
        return Practice(self.cafile, self.starttls_port, self.implicit_port)

    def discovery_target(self) -> tuple[str, tuple[int, ...]]:
        """Where a search for the practice address looks: this server's two ports."""
        return DEMO_HOST, (self.starttls_port, self.implicit_port)

    def _listen(self, *, implicit: bool) -> int:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind((DEMO_HOST, 0))
        listener.listen(16)
        listener.settimeout(0.2)
        self._listeners.append(listener)
        thread = threading.Thread(
            target=self._accept, args=(listener, implicit), name="demo-smtp", daemon=True
        )
        thread.start()
        self._threads.append(thread)
        port: int = listener.getsockname()[1]
        return port

    def _accept(self, listener: socket.socket, implicit: bool) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(
                target=self._serve, args=(conn, implicit), name="demo-session", daemon=True
            ).start()

    def _serve(self, conn: socket.socket, implicit: bool) -> None:
        conn.settimeout(30)
        session: _Session | None = None
        try:
            sock = self._tls.wrap_socket(conn, server_side=True) if implicit else conn
            session = _Session(sock, self, encrypted=implicit)
            session.run()
        except (OSError, ssl.SSLError, ValueError):
            pass
        finally:
            for open_socket in (session.sock if session else None, conn):
                if open_socket is not None:
                    with contextlib.suppress(OSError):
                        open_socket.close()

    def stop(self) -> None:
        self._stop.set()
        for listener in self._listeners:
            listener.close()
        for thread in self._threads:
            thread.join(timeout=2)


class _Session:
    def __init__(self, sock: socket.socket, server: DemoServer, *, encrypted: bool) -> None:
        self.sock = sock
        self.server = server
        self.encrypted = encrypted
        self.buffer = b""
        self.authenticated = False

    def send(self, *lines: str) -> None:
        self.sock.sendall("".join(line + "\r\n" for line in lines).encode())

    def readline(self) -> str | None:
        while b"\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk or len(self.buffer) > 65536:
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.rstrip(b"\r").decode("utf-8", "replace")

    def run(self) -> None:
        self.send("220 practice.ontime-assist.test ESMTP practice server")
        while (line := self.readline()) is not None:
            verb = line.split(" ", 1)[0].upper()
            handler = getattr(self, f"on_{verb.lower()}", None)
            if handler is None:
                self.send("502 5.5.2 Command not recognised")
                continue
            if handler(line) is False:
                return

    def on_ehlo(self, _line: str) -> None:
        features = ["practice.ontime-assist.test", "SIZE 10240000", "8BITMIME"]
        features.append("AUTH PLAIN LOGIN" if self.encrypted else "STARTTLS")
        self.send(*[f"250-{f}" for f in features[:-1]], f"250 {features[-1]}")

    def on_helo(self, _line: str) -> None:
        self.send("250 practice.ontime-assist.test")

    def on_starttls(self, _line: str) -> bool:
        if self.encrypted:
            self.send("503 5.5.1 Already encrypted")
            return True
        self.send("220 2.0.0 Ready to start TLS")
        self.sock = self.server._tls.wrap_socket(self.sock, server_side=True)
        self.encrypted = True
        self.buffer = b""
        return True

    def on_auth(self, line: str) -> None:
        if not self.encrypted:
            self.send("538 5.7.11 Encryption required for requested authentication mechanism")
            return
        parts = line.split()
        mechanism = parts[1].upper() if len(parts) > 1 else ""
        if mechanism == "PLAIN":
            blob = parts[2] if len(parts) > 2 else self._continuation("")
            fields = base64.b64decode(blob or "").split(b"\0")
            user = fields[1].decode("utf-8", "replace") if len(fields) > 2 else ""
            password = fields[2].decode("utf-8", "replace") if len(fields) > 2 else ""
        elif mechanism == "LOGIN":
            user = base64.b64decode(self._continuation("VXNlcm5hbWU6")).decode("utf-8", "replace")
            password = base64.b64decode(self._continuation("UGFzc3dvcmQ6")).decode(
                "utf-8", "replace"
            )
        else:
            self.send("504 5.5.4 Unrecognized authentication type")
            return
        situation = self.server.situation
        if situation is Situation.APP_PASSWORD:
            self.send(
                "534-5.7.9 Application-specific password required. For more information, go to",
                "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor",
            )
        elif situation is Situation.SMTP_AUTH_DISABLED:
            self.send(
                "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled "
                "for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information."
            )
        elif user.strip().lower() != DEMO_USER or password != DEMO_PASSWORD:
            self.send("535 5.7.8 Error: authentication failed: Invalid user name or password")
        else:
            self.authenticated = True
            self.send("235 2.7.0 Authentication successful")

    def _continuation(self, challenge: str) -> str:
        self.send(f"334 {challenge}".rstrip())
        return self.readline() or ""

    def on_mail(self, _line: str) -> None:
        if not self.authenticated:
            self.send("530 5.7.57 Client not authenticated to send mail.")
        else:
            self.send("250 2.1.0 Sender OK")

    def on_rcpt(self, line: str) -> None:
        if self.server.situation is Situation.RELAY_DENIED:
            address = line.partition(":")[2].strip()
            self.send(f"554 5.7.1 {address}: Relay access denied")
        else:
            self.send("250 2.1.5 Recipient OK")

    def on_data(self, _line: str) -> None:
        self.send("354 Start mail input; end with <CRLF>.<CRLF>")
        while (body := self.readline()) is not None and body != ".":
            pass
        self.send("250 2.0.0 OK: practice message accepted (not delivered)")

    def on_rset(self, _line: str) -> None:
        self.send("250 2.0.0 OK")

    def on_noop(self, _line: str) -> None:
        self.send("250 2.0.0 OK")

    def on_quit(self, _line: str) -> bool:
        self.send("221 2.0.0 Bye")
        return False


PRACTICE_RECIPIENT = "customer@example.org"


def apply_situation(server: DemoServer, value: str, session: AssistantSession) -> None:
    """Put the practice account into the session, as "OnTime" has it in this situation."""
    situation = Situation(value)
    server.situation = situation
    practice = server.settings_for(situation)
    session.email = session.username = session.from_addr = practice.username
    session.password = Secret(DEMO_PASSWORD)
    session.host, session.port, session.security = (
        practice.host,
        str(practice.port),
        practice.security,
    )
    session.filled_from_search = None
    session.to_addr = PRACTICE_RECIPIENT
    session.mfa = session.windows_auth = session.remember_password = False
    if session.practice is None:  # practice without the wizard (tests, the self-test)
        session.enter_practice(server.practice())
    session.records.clear()
    session.evidence.clear()  # a situation is a case of its own
    session.discovery = None
