"""How the sender checks build their findings.

The catalog entries of the `sender.*` ids are in resources/sender_findings.json until they are
merged into resources/findings.json. Then `make` below becomes
`return findings.make(finding_id, detail, fix=fix, severity=severity)` and this file's catalog
reader goes: the findings are already the engine's own `Finding` records.
"""

from __future__ import annotations

from functools import cache

from ontime_assist.engine.finding_kinds import Actor, Step
from ontime_assist.engine.findings import CatalogEntry, Finding, Severity
from ontime_assist.resource_files import read_json


@cache
def sender_catalog() -> dict[str, CatalogEntry]:
    entries = {}
    for item in read_json("sender_findings.json")["findings"]:
        entries[item["id"]] = CatalogEntry(
            id=item["id"],
            severity=Severity(item["severity"]),
            step=Step(item["step"]),
            who=Actor(item["who"]),
            title=item["title"],
            explanation=item["explanation"],
            fix=item["fix"],
        )
    return entries


def make(
    finding_id: str, detail: str, fix: str | None = None, *, severity: Severity | None = None
) -> Finding:
    """A finding of catalog id `finding_id` (KeyError for an id the catalog lacks)."""
    entry = sender_catalog()[finding_id]
    return Finding(
        id=entry.id,
        severity=severity or entry.severity,
        step=entry.step,
        title=entry.title,
        detail=detail or entry.explanation,
        fix=fix if fix is not None else entry.fix,
    )
