"""The DNS questions the sender checks ask: records of one type at one name, as text.

One interface (`DnsSource`) with two implementations: `ResolverSource` asks through
discovery's `Dns` (so `--nameserver` applies, and every question runs with its time limit and
the cancel token in view), and the tests' in-memory zone for the RFC 7208 test suite. The
evaluator never sees dnspython: it gets strings, an empty answer for "no such name" and "no
records" alike (SPF counts both as a void look-up), and `DnsTemporaryError` for a timeout or a
server failure (SPF's temperror). Whether a name exists at all is asked apart (`missing`): a
From domain that does not exist needs no SPF record, it needs its address corrected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from ontime_assist.engine.cancel import CancelToken, Deadline
from ontime_assist.engine.connection.connect import NetworkError

if TYPE_CHECKING:
    from ontime_assist.engine.discovery.dns_lookup import Dns

# The record types the checks ask for.
KINDS = ("TXT", "A", "AAAA", "MX", "PTR", "CNAME")

# One question waits at most this long; RFC 7208 §4.6.4 asks for at least 20 s for a whole SPF
# evaluation, which the caller's overall limit (`ResolverSource(total=…)`) bounds.
QUESTION_SECONDS = 3.0


class DnsTemporaryError(Exception):
    """No usable answer: a timeout, a server failure, or the overall time limit ran out."""


class DnsSource(Protocol):
    def lookup(self, name: str, kind: str) -> tuple[str, ...]:
        """The records of `kind` at `name`, as text; () when the name or the records do not
        exist. TXT: the strings of one record joined; MX: the exchange host (by preference,
        "" for a null MX); A/AAAA: addresses; PTR/CNAME: names without the final dot."""
        ...

    def missing(self, name: str) -> bool:
        """True when a look-up at `name` was answered "no such name" (NXDOMAIN), not merely
        "no records of that type"."""
        ...


class ResolverSource:
    """Questions through discovery's resolver, each bounded by `question` seconds and all of
    them together by `total`; answers are kept for the run (SPF, DKIM and DMARC ask some of
    the same names, and a record included twice is asked for once)."""

    def __init__(
        self,
        dns: Dns,
        cancel: CancelToken,
        *,
        total: float = 20.0,
        question: float = QUESTION_SECONDS,
    ) -> None:
        self.dns = dns
        self.cancel = cancel
        self.deadline = Deadline(total)
        self.question = question
        self.asked: list[tuple[str, str]] = []
        self._cache: dict[tuple[str, str], tuple[str, ...]] = {}
        self._missing: set[str] = set()

    def lookup(self, name: str, kind: str) -> tuple[str, ...]:
        key = (name.lower().rstrip("."), kind)
        if key not in self._cache:
            self._cache[key] = self._ask(*key)
        return self._cache[key]

    def missing(self, name: str) -> bool:
        return name.lower().rstrip(".") in self._missing

    def _ask(self, name: str, kind: str) -> tuple[str, ...]:
        # dnspython loads on the first question, not with the sender checks (about 0.1 s)
        import dns.exception
        import dns.name

        self.cancel.raise_if_cancelled()
        left = self.deadline.remaining()
        if left <= 0:
            raise DnsTemporaryError("the time allowed for the sender checks ran out")
        try:
            dns.name.from_text(name)
        except (dns.exception.DNSException, UnicodeError):
            return ()  # not a name DNS can carry (an empty or too long label): it does not exist
        self.asked.append((name, kind))
        try:
            # The Dns object asks the chosen server (--nameserver) or the system's.
            records = self.dns.records(name, kind, min(self.question, left), self.cancel)
        except NetworkError as error:
            if error.finding_id != "dns.not_found":
                raise DnsTemporaryError(error.detail) from None
            self._missing.add(name)  # `name` as the cache keys it: lower case, no final dot
            return ()
        if kind == "MX":
            records.sort(key=lambda r: r.preference)
        return tuple(_as_text(kind, record) for record in records)


def _as_text(kind: str, record: object) -> str:
    if kind == "TXT":
        strings: tuple[bytes, ...] = record.strings  # type: ignore[attr-defined]
        return b"".join(strings).decode("utf-8", errors="replace")
    if kind == "MX":
        return str(record.exchange).rstrip(".").lower()  # type: ignore[attr-defined]
    if kind in ("A", "AAAA"):
        return str(record.address)  # type: ignore[attr-defined]
    return str(record.target).rstrip(".").lower()  # type: ignore[attr-defined]  # PTR, CNAME
