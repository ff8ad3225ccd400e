"""The outcome of a check: stages, findings, transcript; and its JSON form (the contract).
The stages' names, in order, and their words are in stages.py."""

from __future__ import annotations

from ontime_assist import __version__
from ontime_assist.engine.check.settings import MailSettings, Security
from ontime_assist.engine.connection.connect import address_kind
from ontime_assist.engine.connection.transcript import Transcript
from ontime_assist.engine.findings import Finding, ordered, root_cause
from ontime_assist.engine.redaction.redact import Redactor
from ontime_assist.records import NamedTuple

TYPE_CHECKING = False  # mypy reads it as True; typing is not loaded (records.py)

if TYPE_CHECKING:
    from typing import Literal

    from ontime_assist.engine.tls.context import CertFacts

    StageStatus = Literal["pending", "running", "ok", "failed", "skipped"]


class Stage:
    """One stage of a check; updated in place as the check runs (a plain slotted class: the
    check imports fast, and a stage is written to dozens of times)."""

    __slots__ = ("detail", "ms", "name", "status")

    def __init__(
        self, name: str, status: StageStatus = "pending", ms: float = 0.0, detail: str = ""
    ) -> None:
        self.name = name
        self.status: StageStatus = status
        self.ms = ms
        self.detail = detail

    def __repr__(self) -> str:
        return f"Stage({self.name!r}, {self.status!r}, {self.ms:.1f}, {self.detail!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Stage):
            return NotImplemented
        return (self.name, self.status, self.ms, self.detail) == (
            other.name,
            other.status,
            other.ms,
            other.detail,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable

    def to_json(self) -> dict[str, object]:
        status = "skipped" if self.status in ("pending", "running") else self.status
        return {"name": self.name, "status": status, "ms": round(self.ms, 1), "detail": self.detail}


class CheckResult(NamedTuple):
    settings: MailSettings
    security_used: Security
    stages: list[Stage]
    findings: list[Finding]
    transcript: Transcript
    redactor: Redactor  # holds the password's forms; its repr shows only how many secrets
    certificate: CertFacts | None = None
    peer_address: str = ""  # the IP address the check connected to, when it got that far
    greeting: str = ""  # the server's greeting text (it often names the provider's servers)
    auth_offered: tuple[str, ...] = ()  # login methods offered where the login would happen

    @property
    def ordered_findings(self) -> list[Finding]:
        return ordered(self.findings)

    @property
    def root_cause(self) -> Finding | None:
        return root_cause(self.findings)

    @property
    def ok(self) -> bool:
        return self.root_cause is None

    @property
    def address_kind(self) -> str | None:
        """Where the server's address is: "loopback", "link-local", "private" or "public";
        None when the check did not get as far as connecting."""
        if not self.peer_address:
            return None

        return address_kind(self.peer_address)

    def stage(self, name: str) -> Stage:
        return next(s for s in self.stages if s.name == name)

    def to_json(self, findings: list[Finding] | None = None) -> dict[str, object]:
        """The contract's JSON; `findings` (most important first) replaces the check's own
        when the check was judged together with more (the case's findings)."""
        s = self.settings
        data: dict[str, object] = {
            "tool": {"name": "ontime-assist", "version": __version__},
            "settings": {
                "host": s.host,
                "port": s.port,
                "security": self.security_used.value,
                "security_requested": s.security.value,
                "username": s.username,
                "from": s.from_addr,
                "to": s.to_addr,
            },
            "stages": [stage.to_json() for stage in self.stages],
            "findings": [f.to_json() for f in (findings or self.ordered_findings)],
            "transcript": self.transcript.to_json(),
        }
        if self.certificate is not None:
            data["certificate"] = self.certificate.to_json()
        redacted = redact_tree(data, self.redactor)
        assert isinstance(redacted, dict)
        return redacted


def redact_tree(value: object, redactor: Redactor) -> object:
    """Apply the redactor to every string in a JSON-like tree (defence in depth)."""
    if not redactor.active:
        return value
    if isinstance(value, str):
        return redactor(value)
    if isinstance(value, dict):
        return {k: redact_tree(v, redactor) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_tree(v, redactor) for v in value]
    return value
