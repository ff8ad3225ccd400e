"""What a search for the settings found: the provider, each probed host and port, and the
recommendation; and its JSON form (the contract's `discover`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ontime_assist import __version__
from ontime_assist.engine.check.result import CheckResult
from ontime_assist.engine.check.settings import Security
from ontime_assist.engine.findings import Finding, ordered

ProviderSource = Literal["domain", "mx", "autoconfig", "host"]
CandidateSource = Literal["provider", "autoconfig", "guess", "mx"]

SOURCE_WORDS: dict[ProviderSource, str] = {
    "domain": "from your email address",
    "mx": "from your domain's mail records",
    "autoconfig": "from your domain's own settings document",
    "host": "from the server's name",
}


@dataclass(frozen=True)
class ProviderMatch:
    id: str
    name: str
    source: ProviderSource
    evidence: str = ""  # what it was recognised by (the MX host, the autoconfig address)

    @property
    def described(self) -> str:
        """ "Microsoft 365 (Exchange Online), found from your domain's mail records"."""
        return f"{self.name}, found {SOURCE_WORDS[self.source]}"

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "source": self.source}


@dataclass(frozen=True)
class Candidate:
    host: str
    port: int
    source: CandidateSource
    host_rank: int  # the order the hosts are preferred in: the provider's own first


@dataclass(frozen=True)
class Probe:
    """What one candidate host and port turned out to be."""

    candidate: Candidate
    security: Security | None  # what the port speaks; None when it never got that far
    outcome: str  # "ok", or the id of the finding that stopped it
    ms: float
    auth: tuple[str, ...]  # login methods offered (after encryption, when there is any)
    certificate: str  # "verified", what was wrong with it, or "" without TLS
    detail: str  # one line for people
    result: CheckResult | None = field(default=None, compare=False, repr=False)

    @property
    def host(self) -> str:
        return self.candidate.host

    @property
    def port(self) -> int:
        return self.candidate.port

    def to_json(self) -> dict[str, object]:
        return {
            "host": self.host,
            "port": self.port,
            "security": self.security.value if self.security else None,
            "outcome": self.outcome,
            "ms": round(self.ms, 1),
            "auth": list(self.auth),
            "certificate": self.certificate,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Recommendation:
    host: str
    port: int
    security: Security
    why: str
    auth: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "host": self.host,
            "port": self.port,
            "security": self.security.value,
            "why": self.why,
        }


@dataclass
class Discovery:
    address: str
    domain: str
    provider: ProviderMatch | None = None
    mx_hosts: tuple[str, ...] = ()
    probes: list[Probe] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    recommended: Recommendation | None = None
    cancelled: bool = False

    @property
    def exit_code(self) -> int:
        return 0 if self.recommended is not None else 1

    def probe(self, host: str, port: int) -> Probe | None:
        return next((p for p in self.probes if p.host == host and p.port == port), None)

    def to_json(self) -> dict[str, object]:
        return {
            "tool": {"name": "ontime-assist", "version": __version__},
            "address": self.address,
            "domain": self.domain,
            "provider": self.provider.to_json() if self.provider else None,
            "recommended": self.recommended.to_json() if self.recommended else None,
            "candidates": [p.to_json() for p in self.probes],
            "findings": [f.to_json() for f in ordered(self.findings)],
        }
