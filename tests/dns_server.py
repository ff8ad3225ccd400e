"""A DNS server on loopback for the tests: answers MX, A, AAAA, TXT and CNAME from a small zone,
built with dnspython. Names it does not know do not exist (NXDOMAIN) unless names below them
do; `silent` makes it never answer. A name with a CNAME answers any question with the CNAME and
what its target holds, as a recursive server does."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset

LOOPBACK = "127.0.0.1"
TTL = 60


@dataclass
class Zone:
    """name → {record type → values}: "MX" values are "10 mx.example.test", "A" values are
    addresses, "TXT" values the record's text as is (quoted and split into strings of 255 for
    the wire here), "CNAME" values a name. A name present without the asked type answers with
    no records (NoAnswer). `every_name_exists`: an unknown name answers with no records too,
    never NXDOMAIN (a zone where the domains a test sends from exist, empty)."""

    records: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    every_name_exists: bool = False

    def add(self, name: str, kind: str, *values: str) -> Zone:
        self.records.setdefault(name.lower().rstrip("."), {}).setdefault(kind, []).extend(values)
        return self


class DnsServer:
    def __init__(self, zone: Zone, *, silent: bool = False) -> None:
        self.zone = zone
        self.silent = silent
        self.questions: list[tuple[str, str]] = []
        self.asked = threading.Event()  # set at the first question (tests wait on it)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((LOOPBACK, 0))
        self.sock.settimeout(0.1)
        self.port: int = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="test-dns", daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        return f"{LOOPBACK}:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, peer = self.sock.recvfrom(4096)
            except (TimeoutError, OSError):
                continue
            with contextlib.suppress(Exception):  # a malformed question gets no answer
                answer = self._answer(data)
                if answer is not None:
                    self.sock.sendto(answer, peer)

    def _answer(self, data: bytes) -> bytes | None:
        query = dns.message.from_wire(data)
        question = query.question[0]
        name = question.name.to_text().rstrip(".").lower()
        kind = dns.rdatatype.to_text(question.rdtype)
        self.questions.append((name, kind))
        self.asked.set()
        if self.silent:
            return None
        response = dns.message.make_response(query)
        response.flags |= dns.flags.AA
        owner = question.name
        for _ in range(8):  # follows a chain of CNAMEs (not a loop)
            owner_name = owner.to_text().rstrip(".").lower()
            known = self.zone.records.get(owner_name)
            if known is None:
                # A name with names below it exists, empty (RFC 8020): NOERROR, no answer.
                below = "." + owner_name
                if not self.zone.every_name_exists and not any(
                    name.endswith(below) for name in self.zone.records
                ):
                    response.set_rcode(dns.rcode.NXDOMAIN)
                break
            if kind != "CNAME" and known.get("CNAME"):
                target = dns.name.from_text(known["CNAME"][0])
                response.answer.append(_rrset(owner, "CNAME", known["CNAME"][:1]))
                owner = target
                continue
            if known.get(kind):
                response.answer.append(_rrset(owner, kind, known[kind]))
            break
        return response.to_wire()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


def _rrset(owner: dns.name.Name, kind: str, values: list[str]) -> dns.rrset.RRset:
    if kind == "MX":
        values = [_absolute_mx(v) for v in values]
    elif kind == "TXT":
        values = [_quoted_txt(v) for v in values]
    elif kind == "CNAME":
        values = [v.rstrip(".") + "." for v in values]
    return dns.rrset.from_text_list(owner, TTL, dns.rdataclass.IN, kind, values)


def _quoted_txt(value: str) -> str:
    """One TXT record's text in zone-file form: quoted strings of at most 255 bytes."""
    data = value.encode()
    chunks = [data[i : i + 255] for i in range(0, len(data), 255)] or [b""]
    return " ".join('"' + "".join(_escaped(byte) for byte in chunk) + '"' for chunk in chunks)


def _escaped(byte: int) -> str:
    if byte in (0x22, 0x5C):  # " and \
        return "\\" + chr(byte)
    return chr(byte) if 0x20 <= byte < 0x7F else f"\\{byte:03d}"


def _absolute_mx(value: str) -> str:
    preference, _, host = value.partition(" ")
    return f"{preference} {host.rstrip('.')}." if host != "." else value


@contextlib.contextmanager
def dns_server(zone: Zone, *, silent: bool = False) -> Iterator[DnsServer]:
    server = DnsServer(zone, silent=silent)
    try:
        yield server
    finally:
        server.close()
