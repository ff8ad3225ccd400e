"""A small internet on loopback for the discovery tests: a DNS server with the domains' records,
and mail servers on 127.0.0.x at the real port numbers (25, 465, 587), each speaking what its
scenario needs. Binding those ports needs root (or CAP_NET_BIND_SERVICE); on Linux every
127.0.0.x address is the machine itself, so no set-up is needed beyond that."""

from __future__ import annotations

import contextlib
import http.server
import os
import socket
import ssl
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import trustme

from tests.dns_server import DnsServer, Zone
from tests.helpers import service_missing
from tests.servers import RawServer, Script, scripted_handler


def require_real_ports() -> None:
    if not sys.platform.startswith("linux"):
        service_missing("discovery on the real port numbers: needs Linux (127.0.0.x addresses)")
    if os.geteuid() != 0:
        service_missing(
            "discovery on the real port numbers: binding ports 25, 465 and 587 needs root "
            "(run the tests as root)"
        )


@contextlib.contextmanager
def _port_of_our_own(ip: str, port: int) -> Iterator[None]:
    """A fixed address and port another program holds (a real mail server on port 25, a web
    server on 443) is this machine's, not a fault of the code under test: skip, saying which
    and why (in CI, where everything must run, fail instead)."""
    try:
        yield
    except OSError as exc:
        service_missing(
            f"discovery on the real port numbers: {ip}:{port} cannot be used for a test server "
            f"({exc.strerror or exc}); another program probably holds it"
        )


def silent(conn: socket.socket) -> None:
    """Accepts, then never says a word (and never answers TLS either)."""
    conn.settimeout(30)
    with contextlib.suppress(OSError):
        while conn.recv(1024):
            pass


@dataclass
class World:
    ca: trustme.CA
    cafile: str
    zone: Zone = field(default_factory=Zone)
    stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    dns: DnsServer | None = None

    def context(self, *names: str) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ca.issue_cert(*names).configure_cert(context)
        return context

    def host(self, name: str, ip: str) -> None:
        self.zone.add(name, "A", ip)

    def smtp(self, ip: str, port: int, script: Script, log: list[str] | None = None) -> None:
        handler = scripted_handler(script, log if log is not None else [])
        with _port_of_our_own(ip, port):
            self.stack.enter_context(RawServer(handler, host=ip, port=port))

    def mute(self, ip: str, port: int) -> None:
        with _port_of_our_own(ip, port):
            self.stack.enter_context(RawServer(silent, host=ip, port=port))

    def starttls(self, ip: str, port: int, *names: str, auth: str = "AUTH PLAIN LOGIN") -> None:
        self.smtp(ip, port, Script(tls_context=self.context(*names), ehlo=[auth, "SIZE 1000"]))

    def implicit(self, ip: str, port: int, *names: str, auth: str = "AUTH PLAIN LOGIN") -> None:
        script = Script(tls_context=self.context(*names), implicit_tls=True, ehlo=[auth])
        self.smtp(ip, port, script)

    def https(self, ip: str, name: str, path: str, body: bytes) -> None:
        """A web server answering `path` with `body` over TLS (for autoconfig documents)."""

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.split("?")[0] != path:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        with _port_of_our_own(ip, 443):
            server = http.server.ThreadingHTTPServer((ip, 443), Handler)
        server.socket = self.context(name).wrap_socket(server.socket, server_side=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()

        def stop() -> None:
            server.shutdown()
            server.server_close()

        self.stack.callback(stop)

    def start_dns(self, *, silent: bool = False) -> str:
        self.dns = self.stack.enter_context(_dns(self.zone, silent))
        return self.dns.address


@contextlib.contextmanager
def _dns(zone: Zone, silent: bool) -> Iterator[DnsServer]:
    server = DnsServer(zone, silent=silent)
    try:
        yield server
    finally:
        server.close()


@contextlib.contextmanager
def world(ca: trustme.CA, cafile: str) -> Iterator[World]:
    require_real_ports()
    made = World(ca, cafile)
    with made.stack:
        yield made
