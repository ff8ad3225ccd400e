"""SPF's check_host() (RFC 7208 §4 to §7): would a receiver accept mail from this address for
this domain? An evaluator of our own on dnspython, tested with the RFC 7208 test suite.

Why our own and not a library: pyspf, the RFC's reference implementation, has had no release
since 2020 and brings its own DNS layer (pydns or dnspython, chosen at import) that would not
go through our resolver, so `--nameserver`, the time limits and cancelling would not apply;
checkdmarc checks records but does not evaluate an address, and pulls in HTTP clients. What we
need is a few hundred lines over the `DnsSource` interface, and the public test suite pins
its behaviour.

Not implemented, because nothing here needs it: fetching the explanation (exp=) and the
macros only explanations use (c, r, t).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass

from ontime_assist.engine.sender.dns_source import DnsSource, DnsTemporaryError
from ontime_assist.engine.sender.spf_macros import MacroContext, expand_domain
from ontime_assist.engine.sender.spf_syntax import (
    DNS_MECHANISMS,
    LOOKUP_LIMIT,
    VOID_LIMIT,
    Mechanism,
    SpfSyntaxError,
    is_spf_record,
    parse_record,
)

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
MX_LIMIT = 10  # MX hosts one mx mechanism may look at (§4.6.4)
PTR_LIMIT = 10  # PTR names looked at to validate (§4.6.4)

RESULTS = ("pass", "fail", "softfail", "neutral", "none", "permerror", "temperror")


@dataclass(frozen=True)
class SpfOutcome:
    result: str  # one of RESULTS
    reason: str  # what decided it, in words
    lookups: int  # DNS-querying terms evaluated (limit 10)
    voids: int  # look-ups that found nothing (limit 2)


class _PermError(Exception):
    pass


class _TempError(Exception):
    pass


def spf_records(domain: str, dns: DnsSource) -> tuple[str, ...]:
    """The SPF records among the domain's TXT records (RFC 7208 uses TXT only, §3.1)."""
    return tuple(text for text in dns.lookup(domain, "TXT") if is_spf_record(text))


def valid_name(name: str) -> bool:
    """A name DNS can be asked about: labels of 1 to 63 characters, at most 253 in all."""
    labels = name.rstrip(".").split(".")
    return len(name) <= 253 and all(0 < len(label) <= 63 for label in labels)


def parse_ip(text: str) -> IpAddress:
    """An IPv4-mapped IPv6 address counts as the IPv4 address it carries (§5)."""
    ip = ipaddress.ip_address(text.strip().strip("[]"))
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def check_host(
    ip: str | IpAddress, domain: str, sender: str, dns: DnsSource, *, helo: str = ""
) -> SpfOutcome:
    """The SPF result for mail from `sender` (the envelope sender; "" means the HELO name's
    postmaster) arriving from `ip`, for `domain` (normally the sender's domain)."""
    address = parse_ip(ip) if isinstance(ip, str) else ip
    if not sender:
        sender = f"postmaster@{helo}"
    local, _, sender_domain = sender.rpartition("@")
    sender = f"{local or 'postmaster'}@{sender_domain}"
    run = _Evaluation(address, sender, helo, dns)
    domain = domain.rstrip(".")
    if "." not in domain or not valid_name(domain):
        return SpfOutcome("none", f"“{domain}” is not a domain SPF can be looked up for", 0, 0)
    try:
        result = run.check(domain, top=True)
        reason = run.reason
    except _PermError as error:
        result, reason = "permerror", str(error)
    except _TempError as error:
        result, reason = "temperror", str(error)
    return SpfOutcome(result, reason, run.lookups, run.voids)


class _Evaluation:
    def __init__(self, ip: IpAddress, sender: str, helo: str, dns: DnsSource) -> None:
        self.ip = ip
        self.sender = sender
        self.helo = helo
        self.dns = dns
        self.lookups = 0
        self.voids = 0
        self.reason = ""

    def check(self, domain: str, *, top: bool = False) -> str:
        records = self._ask(domain, "TXT", lambda: spf_records(domain, self.dns))
        if not records:
            self.reason = f"“{domain}” publishes no SPF record"
            return "none"
        if len(records) > 1:
            raise _PermError(f"“{domain}” publishes {len(records)} SPF records; one is allowed")
        try:
            record = parse_record(records[0])
        except SpfSyntaxError as error:
            raise _PermError(f"the SPF record of “{domain}” is invalid: {error}") from None
        for mechanism in record.mechanisms:
            if self._matches(mechanism, domain):
                self.reason = f"“{mechanism.text}” in the SPF record of “{domain}” matched"
                return mechanism.result
        if record.redirect is not None:
            self._count_lookup()
            target = expand_domain(record.redirect, self._context(domain))
            result = self.check(target) if valid_name(target) else "none"
            if result == "none":
                raise _PermError(f"redirect={target} leads to no SPF record")
            return result
        self.reason = f"nothing in the SPF record of “{domain}” matched (the default: neutral)"
        return "neutral"

    def _matches(self, mechanism: Mechanism, domain: str) -> bool:
        kind = mechanism.kind
        if kind in DNS_MECHANISMS:
            self._count_lookup()
        if kind == "all":
            return True
        if kind in ("ip4", "ip6"):
            assert mechanism.network is not None
            return mechanism.network.version == self.ip.version and self.ip in mechanism.network
        target = domain
        if mechanism.domain_spec:
            target = expand_domain(mechanism.domain_spec, self._context(domain))
        if kind == "include":
            result = self.check(target) if valid_name(target) else "none"
            if result == "none":
                raise _PermError(f"include:{target} leads to no SPF record")
            return result == "pass"
        if not valid_name(target):
            return False  # a name DNS cannot carry does not exist (§4.8)
        if kind == "a":
            return self._in_addresses(self._addresses(target, void_counts=True), mechanism)
        if kind == "mx":
            return self._mx_matches(target, mechanism)
        if kind == "ptr":
            return any(_within(name, target) for name in self._validated_names())
        addresses = self._lookup(target, "A", void_counts=True)  # exists: always A (§5.7)
        return bool(addresses)

    def _mx_matches(self, target: str, mechanism: Mechanism) -> bool:
        hosts = self._lookup(target, "MX", void_counts=True)
        if len(hosts) > MX_LIMIT:
            raise _PermError(f"“{target}” has {len(hosts)} MX records; SPF looks at 10 at most")
        return any(
            self._in_addresses(self._addresses(host, void_counts=False), mechanism)
            for host in hosts
            if host and valid_name(host)
        )

    def _in_addresses(self, addresses: tuple[str, ...], mechanism: Mechanism) -> bool:
        prefix = mechanism.cidr4 if self.ip.version == 4 else mechanism.cidr6
        network = ipaddress.ip_network(f"{self.ip}/{prefix}", strict=False)
        return any(ipaddress.ip_address(a) in network for a in addresses)

    def _addresses(self, name: str, *, void_counts: bool) -> tuple[str, ...]:
        return self._lookup(name, "A" if self.ip.version == 4 else "AAAA", void_counts=void_counts)

    def _validated_names(self) -> list[str]:
        """The names of the address that lead back to it (§5.5); DNS errors skip a name."""
        try:
            names = self.dns.lookup(self.ip.reverse_pointer, "PTR")
        except DnsTemporaryError:
            return []
        validated = []
        for name in names[:PTR_LIMIT]:
            try:
                if str(self.ip) in map(_normal, self._addresses(name, void_counts=False)):
                    validated.append(name)
            except _TempError:
                continue
        return validated

    def _validated_name(self, domain: str) -> str:
        """%{p}: the domain itself, else a name under it, else any validated name (§7.3)."""
        names = self._validated_names()
        for candidate in names:
            if candidate.lower() == domain.lower():
                return candidate
        return next((n for n in names if _within(n, domain)), names[0] if names else "unknown")

    def _context(self, domain: str) -> MacroContext:
        return MacroContext(
            self.sender, domain, self.ip, self.helo, lambda: self._validated_name(domain)
        )

    def _count_lookup(self) -> None:
        self.lookups += 1
        if self.lookups > LOOKUP_LIMIT:
            raise _PermError(
                f"the SPF policy needs more than {LOOKUP_LIMIT} DNS look-ups (RFC 7208 §4.6.4)"
            )

    def _lookup(self, name: str, kind: str, *, void_counts: bool) -> tuple[str, ...]:
        answer = self._ask(name, kind, lambda: self.dns.lookup(name, kind))
        if not answer and void_counts:
            self.voids += 1
            if self.voids > VOID_LIMIT:
                raise _PermError(
                    f"more than {VOID_LIMIT} look-ups of the SPF policy found nothing "
                    f"(the last: {kind} of “{name}”; RFC 7208 §4.6.4)"
                )
        return answer

    @staticmethod
    def _ask(name: str, kind: str, question: Callable[[], tuple[str, ...]]) -> tuple[str, ...]:
        try:
            answer = question()
        except DnsTemporaryError as error:
            raise _TempError(f"looking up the {kind} records of “{name}” failed: {error}") from None
        return answer


def _within(name: str, domain: str) -> bool:
    name, domain = name.lower().rstrip("."), domain.lower().rstrip(".")
    return name == domain or name.endswith("." + domain)


def _normal(address: str) -> str:
    return str(ipaddress.ip_address(address))
