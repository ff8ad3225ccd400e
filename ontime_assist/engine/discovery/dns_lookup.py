"""DNS for discovery and for --nameserver: MX records, and addresses through a chosen server.

dnspython asks the DNS server directly, with a time limit, which getaddrinfo cannot do for MX
records at all. It is imported only here (it takes about a tenth of a second to load), so a
plain `check` never pays for it. Every question runs on a helper thread and is waited for with
the cancel token in view, like the system resolver in connection/connect.py.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ontime_assist.engine.cancel import CancelToken, Deadline
from ontime_assist.engine.check.settings import is_host_name
from ontime_assist.engine.connection.connect import (
    CANCEL_POLL_SECONDS,
    Address,
    NetworkError,
    numeric_address,
    resolve,
)

DNS_PORT = 53
MAX_SHOWN_NAME = 80  # a name from outside is quoted at most this long
T = TypeVar("T")


def printable_name(name: str) -> str:
    """A name read from outside, safe to quote to people: printable, and not too long."""
    shown = "".join(ch if ch.isprintable() else "·" for ch in name)
    return shown if len(shown) <= MAX_SHOWN_NAME else shown[:MAX_SHOWN_NAME] + "…"


class NameserverError(ValueError):
    """--nameserver was given something that is not IP[:PORT]."""


@dataclass(frozen=True)
class Nameserver:
    ip: str
    port: int = DNS_PORT

    def __str__(self) -> str:
        host = f"[{self.ip}]" if ":" in self.ip else self.ip
        return host if self.port == DNS_PORT else f"{host}:{self.port}"


def parse_nameserver(text: str) -> Nameserver:
    """ "192.0.2.53", "192.0.2.53:5353", "2001:db8::53" or "[2001:db8::53]:5353"."""
    raw = text.strip()
    host, port_text = raw, ""
    if raw.startswith("["):
        host, _, rest = raw[1:].partition("]")
        port_text = rest.removeprefix(":") if rest.startswith(":") else ""
        if rest and not rest.startswith(":"):
            raise NameserverError(f"“{text}” is not IP[:PORT]")
    elif raw.count(":") == 1:
        host, _, port_text = raw.partition(":")
    try:
        ip = str(ipaddress.ip_address(host))
    except ValueError:
        raise NameserverError(
            f"“{text}” is not a DNS server's address (IP or IP:PORT, such as 192.0.2.53:53)"
        ) from None
    if not port_text:
        return Nameserver(ip)
    if not (port_text.isascii() and port_text.isdigit()) or not 1 <= int(port_text) <= 65535:
        raise NameserverError(f"the port in “{text}” must be a number from 1 to 65535")
    return Nameserver(ip, int(port_text))


@dataclass(frozen=True)
class MxAnswer:
    hosts: tuple[str, ...]  # by preference, best first; each a valid server name
    exists: bool  # False: the domain does not exist at all (NXDOMAIN)
    # Names the records give that are not server names ("mx_1.example.com"): never tried,
    # but said, printable and short.
    invalid: tuple[str, ...] = ()


class Dns:
    """MX lookups, and addresses (connect.py's Resolver protocol), through one DNS server or,
    without one, the system's: its configured servers for MX, getaddrinfo for addresses (so
    the hosts file and the office's own names still count)."""

    def __init__(self, nameserver: Nameserver | None = None) -> None:
        self.nameserver = nameserver

    def _resolver(self, timeout: float) -> Any:
        # dnspython loads on the first question, not with the module (about 0.1 s)
        import dns.resolver

        if self.nameserver is None:
            resolver = dns.resolver.Resolver()
        else:
            resolver = dns.resolver.Resolver(configure=False)
            resolver.nameservers = [self.nameserver.ip]
            resolver.port = self.nameserver.port
        resolver.lifetime = max(timeout, 0.05)
        resolver.timeout = max(timeout, 0.05)
        return resolver

    def mx(self, domain: str, timeout: float, cancel: CancelToken) -> MxAnswer:
        # dnspython loads on the first question, not with the module (about 0.1 s)
        import dns.exception
        import dns.resolver

        def ask() -> MxAnswer:
            try:
                answer = self._resolver(timeout).resolve(domain, "MX")
            except dns.resolver.NXDOMAIN:
                return MxAnswer((), exists=False)
            except dns.resolver.NoAnswer:
                return MxAnswer((), exists=True)
            records = sorted(answer, key=lambda r: (r.preference, str(r.exchange)))
            # "MX 0 ." is a null MX (RFC 7505): the domain takes no mail.
            names = [h for h in (str(r.exchange).rstrip(".").lower() for r in records) if h]
            valid = tuple(h for h in names if is_host_name(h))
            invalid = tuple(printable_name(h) for h in names if not is_host_name(h))
            return MxAnswer(valid, exists=True, invalid=invalid)

        return self._ask(f"the mail records (MX) of “{domain}”", ask, timeout, cancel)

    def addresses(self, host: str, port: int, timeout: float, cancel: CancelToken) -> list[Address]:
        literal = numeric_address(host, port)
        if literal is not None:
            return literal
        if self.nameserver is None:
            return resolve(host, port, timeout, cancel)
        # dnspython loads on the first question, not with the module (about 0.1 s)
        import dns.resolver

        def ask() -> list[Address]:
            found: list[Address] = []
            resolver = self._resolver(timeout)
            missing = 0
            for kind, family in (("A", socket.AF_INET), ("AAAA", socket.AF_INET6)):
                try:
                    answer = resolver.resolve(host, kind)
                except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
                    missing += 1
                    continue
                for record in answer:
                    sockaddr: tuple[object, ...] = (
                        (record.address, port)
                        if family == socket.AF_INET
                        else (record.address, port, 0, 0)
                    )
                    found.append((family, sockaddr))
            if not found and missing:
                raise NetworkError("dns.not_found", f"The name “{host}” does not exist in DNS.")
            return found

        return self._ask(f"“{host}”", ask, timeout, cancel)

    def records(self, name: str, kind: str, timeout: float, cancel: CancelToken) -> list[Any]:
        """The records of type `kind` (TXT, A, AAAA, MX, PTR, CNAME…) at `name`, as dnspython
        gives them, asked as the absolute name (no search domains); [] when the name has no
        such records. NetworkError "dns.not_found" when the name does not exist (NXDOMAIN),
        "dns.failed" when no answer comes within `timeout` or the server fails; Cancelled as
        soon as `cancel` is."""
        # dnspython loads on the first question, not with the module (about 0.1 s)
        import dns.resolver

        def ask() -> list[Any]:
            try:
                answer = self._resolver(timeout).resolve(name, kind, search=False)
            except dns.resolver.NoAnswer:
                return []
            except dns.resolver.NXDOMAIN:
                shown = printable_name(name)
                raise NetworkError("dns.not_found", f"“{shown}” does not exist in DNS.") from None
            return list(answer)

        return self._ask(f"the {kind} records of “{printable_name(name)}”", ask, timeout, cancel)

    def _ask(self, what: str, question: Callable[[], T], timeout: float, cancel: CancelToken) -> T:
        # dnspython loads on the first question, not with the module (about 0.1 s)
        import dns.exception

        outcome: dict[str, Any] = {}
        done = threading.Event()

        def run() -> None:
            try:
                outcome["value"] = question()
            except BaseException as exc:  # handed over to the waiting thread
                outcome["error"] = exc
            finally:
                done.set()

        threading.Thread(target=run, name="dns-question", daemon=True).start()
        deadline = Deadline(timeout)
        server = f" (asking {self.nameserver})" if self.nameserver else ""
        no_answer = f"Looking up {what} got no answer within {timeout:.1f} s{server}."
        while not done.wait(min(CANCEL_POLL_SECONDS, max(deadline.remaining(), 0))):
            cancel.raise_if_cancelled()
            if deadline.remaining() <= 0:
                raise NetworkError("dns.failed", no_answer)
        cancel.raise_if_cancelled()
        error = outcome.get("error")
        if isinstance(error, NetworkError):
            raise error
        if isinstance(error, dns.exception.Timeout):
            raise NetworkError("dns.failed", no_answer)
        if isinstance(error, dns.exception.DNSException):
            raise NetworkError("dns.failed", f"Looking up {what} failed{server}: {error}.")
        if isinstance(error, BaseException):
            raise error
        value: T = outcome["value"]
        return value
