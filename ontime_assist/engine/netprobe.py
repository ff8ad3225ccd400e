"""Low-level network steps of a check: resolving, connecting, and sniffing what a port speaks.

Each is bounded by a deadline and wakes up when the check is cancelled.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import ssl
import threading

from ontime_assist.engine.cancel import Cancelled, CancelToken, Deadline
from ontime_assist.engine.replies import printable_sample
from ontime_assist.records import NamedTuple

TYPE_CHECKING = False  # mypy reads it as True; typing is not loaded (records.py)

if TYPE_CHECKING:
    from typing import Any, Literal, Protocol

    class Resolver(Protocol):
        """Turns a server name into addresses to connect to, within `timeout`, or raises
        NetworkError. The system's resolver by default; a chosen DNS server with --nameserver."""

        def addresses(
            self, host: str, port: int, timeout: float, cancel: CancelToken
        ) -> list[Address]: ...


Address = tuple[int, tuple[object, ...]]  # (family, sockaddr)


class NetworkError(Exception):
    """Resolving or connecting failed; `finding_id` names the finding, `detail` what was seen."""

    def __init__(self, finding_id: str, detail: str) -> None:
        super().__init__(detail)
        self.finding_id = finding_id
        self.detail = detail


class SystemResolver:
    def addresses(self, host: str, port: int, timeout: float, cancel: CancelToken) -> list[Address]:
        return resolve(host, port, timeout, cancel)


SYSTEM_RESOLVER = SystemResolver()

# How often a wait that cannot be woken (a lookup on a helper thread) looks at the cancel flag.
CANCEL_POLL_SECONDS = 0.05


def numeric_address(host: str, port: int) -> list[Address] | None:
    """The address itself when `host` is an address literal (no lookup needed), else None."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    except (OSError, UnicodeError):
        return None
    return _unique_addresses(infos)


def resolve(host: str, port: int, timeout: float, cancel: CancelToken) -> list[Address]:
    """getaddrinfo on a helper thread: the call itself has no timeout and cannot be interrupted,
    so we stop waiting for it instead (the thread is a daemon and ends on its own)."""
    literal = numeric_address(host, port)
    if literal is not None:
        return literal
    outcome: dict[str, object] = {}
    done = threading.Event()

    def lookup() -> None:
        try:
            outcome["value"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=lookup, name="dns-lookup", daemon=True).start()
    deadline = Deadline(timeout)
    while not done.wait(min(CANCEL_POLL_SECONDS, max(deadline.remaining(), 0))):
        cancel.raise_if_cancelled()
        if deadline.remaining() <= 0:
            raise NetworkError(
                "dns.failed", f"Looking up “{host}” got no answer within {timeout:g} seconds."
            )
    cancel.raise_if_cancelled()
    error = outcome.get("error")
    if isinstance(error, socket.gaierror):
        if error.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)):
            raise NetworkError("dns.not_found", f"The name “{host}” does not exist in DNS.")
        raise NetworkError("dns.failed", f"Looking up “{host}” failed: {error.strerror}.")
    if isinstance(error, BaseException):
        raise NetworkError("dns.not_found", f"“{host}” is not a name that can be looked up.")
    found = outcome["value"]
    assert isinstance(found, list)
    return _unique_addresses(found)


def _unique_addresses(infos: list[tuple[Any, ...]]) -> list[Address]:
    seen: list[Address] = []
    for family, _type, _proto, _canon, sockaddr in infos:
        if (family, sockaddr) not in seen:
            seen.append((family, sockaddr))
    return seen


def system_name() -> str:
    """ "Linux 6.1.0", "Windows 10", "Darwin 23.1.0": what platform.system() and release() say,
    without loading the platform module (it costs a check's start several milliseconds)."""
    if hasattr(os, "uname"):
        name = os.uname()
        return f"{name.sysname} {name.release}"
    import platform

    return f"{platform.system()} {platform.release()}"


def address_kind(ip: str) -> str:
    """ "loopback", "link-local", "private" (company networks, carrier-grade NAT) or "public":
    a sender outside this network reaches only a public address."""
    import ipaddress

    address = ipaddress.ip_address(ip.split("%")[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_private or address in ipaddress.ip_network("100.64.0.0/10"):
        return "private"
    return "public"


def format_address(address: Address) -> str:
    family, sockaddr = address
    host = str(sockaddr[0])
    return f"[{host}]" if family == socket.AF_INET6 else host


_UNREACHABLE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT}
_UNREACHABLE |= {
    getattr(errno, name) for name in ("WSAENETUNREACH", "WSAEHOSTUNREACH") if hasattr(errno, name)
}
_REFUSED = {errno.ECONNREFUSED} | (
    {errno.WSAECONNREFUSED} if hasattr(errno, "WSAECONNREFUSED") else set()
)


def classify_connect_error(error: OSError) -> str:
    if isinstance(error, ConnectionRefusedError) or error.errno in _REFUSED:
        return "net.refused"
    if isinstance(error, TimeoutError):
        return "net.timeout"
    if error.errno in _UNREACHABLE:
        return "net.unreachable"
    return "net.error"


def connect(
    addresses: list[Address], port: int, timeout: float, cancel: CancelToken
) -> tuple[socket.socket, Address]:
    """Connect to the first address that accepts, all attempts together within `timeout`."""
    deadline = Deadline(timeout)
    failures: list[tuple[Address, str, str]] = []
    for address in addresses:
        family, sockaddr = address
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            cancel.register(sock)
            remaining = deadline.remaining()
            if remaining <= 0:
                sock.close()
                break
            sock.settimeout(remaining)
            sock.connect(sockaddr)
            return sock, address
        except OSError as exc:
            cancel.unregister(sock)
            sock.close()
            cancel.raise_if_cancelled()
            finding_id = classify_connect_error(exc)
            reason = "no answer" if finding_id == "net.timeout" else (exc.strerror or str(exc))
            failures.append((address, finding_id, reason))
        except Cancelled:
            sock.close()
            raise
    if not failures:
        failures.append((addresses[0], "net.timeout", "no answer"))
    # The most telling failure: a refusal proves the host is there; a timeout says less.
    rank = {"net.refused": 0, "net.unreachable": 1, "net.error": 2, "net.timeout": 3}
    best = min(failures, key=lambda f: rank[f[1]])
    tried = "; ".join(f"{format_address(a)} port {port}: {why}" for a, _i, why in failures)
    if best[1] == "net.timeout":
        tried += f" (waited {timeout:g} s)"
    raise NetworkError(best[1], f"Connecting failed: {tried}.")


class Sniff(NamedTuple):
    """What a port answered to a TLS hello: "tls", "plain" (with a sample), "closed" or
    "silent"."""

    kind: Literal["tls", "plain", "closed", "silent"]
    sample: str = ""
    raw: bytes = b""


def sniff_tls(address: Address, server_name: str, timeout: float, cancel: CancelToken) -> Sniff:
    """Open a second connection, send a TLS ClientHello, and look at the first bytes back.

    Driving the handshake through memory buffers lets us see the raw answer: a TLS record
    (0x16/0x15, 0x03) means the port speaks TLS from the first byte; "220 …" is SMTP that was
    only slow to greet; "HTTP/1.1 400" is a web server. Nothing but the hello is ever sent."""
    family, sockaddr = address
    deadline = Deadline(timeout)
    sock = socket.socket(family, socket.SOCK_STREAM)
    data = b""
    try:
        cancel.register(sock)
        sock.settimeout(max(deadline.remaining(), 0.01))
        sock.connect(sockaddr)
        # Only the ClientHello is built; the handshake never completes on this context.
        tls = ssl.create_default_context().wrap_bio(
            ssl.MemoryBIO(), outgoing := ssl.MemoryBIO(), server_hostname=server_name
        )
        with contextlib.suppress(ssl.SSLWantReadError):
            tls.do_handshake()
        sock.sendall(outgoing.read())
        while len(data) < 5 and deadline.remaining() > 0:
            sock.settimeout(deadline.remaining())
            chunk = sock.recv(512)
            if not chunk:
                break
            data += chunk
    except TimeoutError:
        pass
    except OSError:
        cancel.raise_if_cancelled()
        if not data:
            return Sniff("closed")
    finally:
        cancel.unregister(sock)
        sock.close()
    cancel.raise_if_cancelled()
    if len(data) >= 2 and data[0] in (0x15, 0x16) and data[1] == 0x03:
        return Sniff("tls", raw=data)
    if data:
        return Sniff("plain", printable_sample(data), raw=data)
    return Sniff("silent")
