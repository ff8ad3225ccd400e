"""Low-level network steps of a check: resolving and connecting (what a silent port speaks is
asked in tls/hello.py).

Each is bounded by a deadline and wakes up when the check is cancelled.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import select
import socket
import threading

from ontime_assist.engine.cancel import CancelToken, Deadline

TYPE_CHECKING = False  # mypy reads True; not importing typing saves check ~5 ms (records.py)

if TYPE_CHECKING:
    from typing import Any, Protocol

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
# A socket timeout of zero would make the socket non-blocking: the least any wait gets.
MIN_SOCKET_TIMEOUT = 0.01


def numeric_address(host: str, port: int) -> list[Address] | None:
    """The address itself when `host` is an address literal (no lookup needed), else None."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    except (OSError, UnicodeError):
        return None
    return _unique_addresses(infos)


def resolve(host: str, port: int, timeout: float, cancel: CancelToken) -> list[Address]:
    """getaddrinfo on a helper thread: the call itself has no timeout and cannot be interrupted,
    so we stop waiting for it instead, and the helper ends when the system's resolver gives up
    (see _Lookups: it is not left behind)."""
    literal = numeric_address(host, port)
    if literal is not None:
        return literal
    lookup = _LOOKUPS.ask(host, port)
    deadline = Deadline(timeout)
    while not lookup.done.wait(min(CANCEL_POLL_SECONDS, max(deadline.remaining(), 0))):
        cancel.raise_if_cancelled()
        if deadline.remaining() <= 0:
            raise NetworkError(
                "dns.failed", f"Looking up “{host}” got no answer within {timeout:g} seconds."
            )
    cancel.raise_if_cancelled()
    error = lookup.error
    if isinstance(error, socket.gaierror):
        if error.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)):
            raise NetworkError("dns.not_found", f"The name “{host}” does not exist in DNS.")
        raise NetworkError("dns.failed", f"Looking up “{host}” failed: {error.strerror}.")
    if isinstance(error, (OSError, UnicodeError)):
        raise NetworkError("dns.not_found", f"“{host}” is not a name that can be looked up.")
    if error is not None:
        raise error
    return _unique_addresses(lookup.value)


class _Lookup:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: list[tuple[Any, ...]] = []
        self.error: BaseException | None = None


class _Lookups:
    """The system lookups still running. A wait that was stopped or ran out of time leaves its
    helper thread in getaddrinfo until the system's resolver gives up; that thread is kept
    here, not abandoned: asking the same name again (Test clicked after Stop, the address
    search's candidates) joins the lookup already running instead of starting one more thread
    that the same stuck resolver would hold too."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[tuple[str, int], _Lookup] = {}

    def ask(self, host: str, port: int) -> _Lookup:
        key = (host, port)
        with self._lock:
            lookup = self._running.get(key)
            if lookup is not None:
                return lookup
            lookup = self._running[key] = _Lookup()
        threading.Thread(
            target=self._run, args=(key, lookup), name="dns-lookup", daemon=True
        ).start()
        return lookup

    def _run(self, key: tuple[str, int], lookup: _Lookup) -> None:
        try:
            lookup.value = socket.getaddrinfo(key[0], key[1], type=socket.SOCK_STREAM)
        except BaseException as exc:  # handed over to the waiting thread
            lookup.error = exc
        finally:
            with self._lock:
                self._running.pop(key, None)
            lookup.done.set()

    def running(self) -> int:
        """How many lookups are still waiting for the system's resolver."""
        with self._lock:
            return len(self._running)


_LOOKUPS = _Lookups()


def lookups_running() -> int:
    return _LOOKUPS.running()


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
    # only where os.uname is missing (Windows): platform, about 4 ms
    import platform

    return f"{platform.system()} {platform.release()}"


def address_kind(ip: str) -> str:
    """ "loopback", "link-local", "private" (company networks, carrier-grade NAT) or "public":
    a sender outside this network reaches only a public address."""
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
# An open connection the network or the other side broke, in the codes Python gives no
# ConnectionError of its own (a network gone down, a route lost mid-conversation).
_BROKEN = _UNREACHABLE | {
    getattr(errno, name)
    for name in (
        "ENETDOWN",
        "ENETRESET",
        "ENOTCONN",
        "EHOSTDOWN",
        "WSAENETDOWN",
        "WSAENETRESET",
        "WSAENOTCONN",
        "WSAEHOSTDOWN",
    )
    if hasattr(errno, name)
}


def is_network_error(error: OSError) -> bool:
    """The network or the server ended the wait, not this computer's own machinery."""
    return isinstance(error, (ConnectionError, TimeoutError)) or error.errno in _BROKEN


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
        if deadline.remaining() <= 0:
            break
        try:
            return open_connection(address, deadline, cancel), address
        except OSError as exc:
            cancel.raise_if_cancelled()
            finding_id = classify_connect_error(exc)
            reason = "no answer" if finding_id == "net.timeout" else (exc.strerror or str(exc))
            failures.append((address, finding_id, reason))
    if not failures:
        failures.append((addresses[0], "net.timeout", "no answer"))
    # The most telling failure: a refusal proves the host is there; a timeout says less.
    rank = {"net.refused": 0, "net.unreachable": 1, "net.error": 2, "net.timeout": 3}
    best = min(failures, key=lambda f: rank[f[1]])
    tried = "; ".join(f"{format_address(a)} port {port}: {why}" for a, _i, why in failures)
    if best[1] == "net.timeout":
        tried += f" (waited {timeout:g} s)"
    raise NetworkError(best[1], f"Connecting failed: {tried}.")


# A non-blocking connect under way. Not EAGAIN (EWOULDBLOCK on Linux): for TCP it means no local
# port was free, a failure; only Windows says "would block" (WSAEWOULDBLOCK) for "under way".
_IN_PROGRESS = {errno.EINPROGRESS} | {
    getattr(errno, name) for name in ("WSAEWOULDBLOCK", "WSAEINPROGRESS") if hasattr(errno, name)
}


def open_connection(address: Address, deadline: Deadline, cancel: CancelToken) -> socket.socket:
    """One TCP connection, registered with `cancel` (the caller unregisters it). The connect is
    waited for in short slices with the cancel flag in view: shutting down a socket that is
    still connecting wakes connect() on Linux, but not on Windows."""
    family, sockaddr = address
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        cancel.register(sock)
        sock.setblocking(False)
        code = sock.connect_ex(sockaddr)
        while code in _IN_PROGRESS:
            left = deadline.remaining()
            if left <= 0:
                raise TimeoutError(errno.ETIMEDOUT, "timed out")
            if _writable(sock, min(left, CANCEL_POLL_SECONDS)):
                code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                break
            cancel.raise_if_cancelled()
        cancel.raise_if_cancelled()  # a Stop that shut the socket may look like a success
        if code:
            raise OSError(code, _error_text(code))
        sock.settimeout(max(deadline.remaining(), MIN_SOCKET_TIMEOUT))
        return sock
    except BaseException:
        cancel.unregister(sock)
        sock.close()
        raise


def _writable(sock: socket.socket, seconds: float) -> bool:
    """True when a connecting socket has finished, well or not, within `seconds`. poll() where
    there is one (select() cannot watch descriptors past 1023 on Linux); select() on Windows,
    which reports a failed connect as an exception."""
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(sock, select.POLLOUT | select.POLLERR | select.POLLHUP)
        return bool(poller.poll(max(int(seconds * 1000), 1)))
    _read, written, failed = select.select([], [sock], [sock], seconds)
    return bool(written or failed)


def _error_text(code: int) -> str:
    """The system's words for a socket error code (Windows' WSA codes have their own table)."""
    table = getattr(socket, "errorTab", None)
    if isinstance(table, dict) and code in table:
        return str(table[code])
    return os.strerror(code)
