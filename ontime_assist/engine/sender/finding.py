"""How the sender checks build their findings: the engine's own, from the catalog
(resources/findings.json), with the detail and the fix written out for the domain and
provider (advice.py gives them as a (detail, fix) pair, hence the positional `fix`)."""

from __future__ import annotations

from ontime_assist.engine import findings
from ontime_assist.engine.findings import Finding, Severity


def make(
    finding_id: str,
    detail: str,
    fix: str | None = None,
    *,
    severity: Severity | None = None,
    title: str | None = None,
) -> Finding:
    """A finding of catalog id `finding_id` (KeyError for an id the catalog lacks)."""
    return findings.make(finding_id, detail, fix=fix, severity=severity, title=title)
