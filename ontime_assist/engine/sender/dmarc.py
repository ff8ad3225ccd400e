"""The DMARC policy that applies to the From domain (RFC 7489 §6.6.3), and alignment (§3.1).

The policy is at _dmarc.<From domain>, else at _dmarc.<organisational domain>, where `sp=`
(else `p=`) applies to its subdomains. The organisational domain comes from the Public Suffix
List as the `publicsuffixlist` package ships it: maintained (a release follows each change of
the list), no dependencies, read offline (public_suffix.py). (tldextract fetches the list over
HTTP by default and brings requests along; publicsuffix2's bundled list dates from 2019.)
"""

from __future__ import annotations

from dataclasses import dataclass

from ontime_assist.engine.sender import public_suffix
from ontime_assist.engine.sender.dns_source import DnsSource

POLICIES = ("none", "quarantine", "reject")
STRICT_POLICIES = frozenset({"quarantine", "reject"})


@dataclass(frozen=True)
class DmarcPolicy:
    record: str
    at: str  # the domain whose _dmarc record this is
    policy: str  # what applies to the From domain: none, quarantine or reject
    pct: int  # the share of failing mail the policy is applied to
    adkim: str  # "r" relaxed or "s" strict
    aspf: str
    inherited: bool  # found at the organisational domain, not the From domain
    note: str = ""  # how an unusual record was read

    @property
    def strict(self) -> bool:
        return self.policy in STRICT_POLICIES and self.pct > 0

    def describe(self) -> str:
        where = f"_dmarc.{self.at}" + (
            " (the organisational domain's policy)" if self.inherited else ""
        )
        share = f", applied to {self.pct}% of failing mail" if self.pct != 100 else ""
        return f"p={self.policy}{share} at {where}"


@dataclass(frozen=True)
class DmarcLookup:
    policy: DmarcPolicy | None
    organisational_domain: str
    problem: str = ""  # why no policy applies, when records exist but cannot be used


def organisational_domain(domain: str) -> str:
    """The registered domain: one label more than its public suffix (mail.example.co.uk →
    example.co.uk); the domain itself when it is a public suffix."""
    domain = domain.lower().rstrip(".")
    return public_suffix.organisational_domain(domain) or domain


def find_policy(domain: str, dns: DnsSource) -> DmarcLookup:
    """The DMARC policy for mail From `domain`; DnsTemporaryError when DNS does not answer."""
    domain = domain.lower().rstrip(".")
    organisational = organisational_domain(domain)
    lookup = _policy_at(domain, domain, dns, inherited=False, organisational=organisational)
    if lookup.policy is None and not lookup.problem and organisational != domain:
        lookup = _policy_at(
            organisational, domain, dns, inherited=True, organisational=organisational
        )
    return lookup


def _policy_at(
    at: str, domain: str, dns: DnsSource, *, inherited: bool, organisational: str
) -> DmarcLookup:
    records = [t for t in dns.lookup(f"_dmarc.{at}", "TXT") if _is_dmarc(t)]
    if len(records) > 1:
        return DmarcLookup(
            None,
            organisational,
            f"_dmarc.{at} holds {len(records)} DMARC records; receivers then apply none",
        )
    if not records:
        return DmarcLookup(None, organisational)
    tags = parse_tags(records[0])
    policy = tags.get("sp", tags.get("p", "")) if inherited else tags.get("p", "")
    note = ""
    if policy not in POLICIES:
        if "rua" not in tags:
            return DmarcLookup(
                None, organisational, f"_dmarc.{at} has no valid p= tag; receivers then apply none"
            )
        policy, note = "none", "no valid p= tag, so receivers read it as p=none (RFC 7489 §6.6.3)"
    return DmarcLookup(
        DmarcPolicy(
            record=records[0],
            at=at,
            policy=policy,
            pct=_percent(tags.get("pct", "100")),
            adkim=tags.get("adkim", "r") if tags.get("adkim") in ("r", "s") else "r",
            aspf=tags.get("aspf", "r") if tags.get("aspf") in ("r", "s") else "r",
            inherited=inherited,
            note=note,
        ),
        organisational,
    )


def _is_dmarc(text: str) -> bool:
    return text.replace(" ", "").upper().startswith("V=DMARC1") and (
        text.split(";")[0].replace(" ", "").upper() == "V=DMARC1"
    )


def parse_tags(record: str) -> dict[str, str]:
    """tag=value pairs, tag names in lower case; the policy values too."""
    tags = {}
    for part in record.split(";"):
        name, equals, value = part.partition("=")
        if equals:
            key = name.strip().lower()
            tags[key] = (
                value.strip().lower() if key in ("p", "sp", "adkim", "aspf") else value.strip()
            )
    return tags


def _percent(text: str) -> int:
    digits = text.strip()
    # ASCII digits only ("²".isdigit() is true) and few of them: int() refuses thousands.
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 3:
        return 100  # RFC 7489 §6.3: an invalid pct is taken as its default
    return min(int(digits), 100)


def aligned(from_domain: str, authenticated: str, mode: str) -> bool:
    """Does a pass for `authenticated` count for mail From `from_domain`? Strict: the same
    domain; relaxed: the same organisational domain (RFC 7489 §3.1)."""
    a, b = from_domain.lower().rstrip("."), authenticated.lower().rstrip(".")
    if mode == "s":
        return a == b
    return organisational_domain(a) == organisational_domain(b)
