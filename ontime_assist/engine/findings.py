"""The finding catalog (resources/findings.json) and the findings a check produces.

Ids are the outside contract: support staff and scripts match on them. The catalog holds the
plain-language title, explanation and general fix (with OnTime's menu path written in as
ontime_terms.py has it); a finding adds what was seen this time (`detail`) and may sharpen the
fix for the provider or the OnTime field concerned.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from ontime_assist.engine.connection.replies import Reply
from ontime_assist.engine.finding_kinds import SEVERITY_ORDER as SEVERITY_ORDER
from ontime_assist.engine.finding_kinds import Actor as Actor
from ontime_assist.engine.finding_kinds import Severity as Severity
from ontime_assist.engine.finding_kinds import Step as Step
from ontime_assist.engine.ontime_terms import ONTIME_SETTINGS_PATH
from ontime_assist.records import NamedTuple
from ontime_assist.resource_files import read_json


class CatalogEntry(NamedTuple):
    id: str
    severity: Severity
    step: Step
    who: Actor
    title: str
    explanation: str
    fix: str


# The catalog's texts name OnTime's menu path by this placeholder: the path itself is written
# once, in ontime_terms.py.
SETTINGS_PATH_PLACEHOLDER = "{ontime_settings_path}"


def _worded(text: str) -> str:
    return text.replace(SETTINGS_PATH_PLACEHOLDER, ONTIME_SETTINGS_PATH)


@cache
def catalog() -> dict[str, CatalogEntry]:
    raw = read_json("findings.json")
    entries = {}
    for item in raw["findings"]:
        entry = CatalogEntry(
            id=item["id"],
            severity=Severity(item["severity"]),
            step=Step(item["step"]),
            who=Actor(item["who"]),
            title=_worded(item["title"]),
            explanation=_worded(item["explanation"]),
            fix=_worded(item["fix"]),
        )
        entries[entry.id] = entry
    return entries


class Finding(NamedTuple):
    id: str
    severity: Severity
    step: Step
    title: str
    detail: str
    fix: str
    reply: Reply | None = None

    @property
    def explanation(self) -> str:
        return catalog()[self.id].explanation

    @property
    def who(self) -> Actor:
        return catalog()[self.id].who

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "id": self.id,
            "severity": self.severity.value,
            "step": self.step.value,
            "who": self.who.value,
            "title": self.title,
            "detail": self.detail,
            "fix": self.fix,
        }
        if self.reply is not None:
            data["reply"] = self.reply.to_json()
        return data


def make(
    finding_id: str,
    detail: str = "",
    *,
    fix: str | None = None,
    extra_fix: str = "",
    reply: Reply | None = None,
    severity: Severity | None = None,
    title: str | None = None,
) -> Finding:
    """A finding of catalog id `finding_id`; KeyError for an id the catalog lacks. `title`
    replaces the catalog's where the evidence says more (off for the whole organisation)."""
    entry = catalog()[finding_id]
    full_fix = fix if fix is not None else entry.fix
    if extra_fix:
        full_fix = f"{full_fix} {extra_fix}"
    return Finding(
        id=entry.id,
        severity=severity or entry.severity,
        step=entry.step,
        title=title or entry.title,
        detail=detail or entry.explanation,
        fix=full_fix,
        reply=reply,
    )


def root_cause(findings: Iterable[Finding]) -> Finding | None:
    """The real cause: the first error. Whoever builds the list puts the cause's candidates in
    the order that tells the story (a check's own findings as it found them; a case's own
    before the steps', the steps' in the article's order), so a later consequence (a refusal
    after a login that failed earlier) never hides its cause."""
    return next((f for f in findings if f.severity is Severity.ERROR), None)


def exit_status(findings: Iterable[Finding]) -> int:
    """The contract's exit status for judged findings: 1 when one is an error, else 0."""
    return 0 if root_cause(findings) is None else 1


def ordered(findings: list[Finding]) -> list[Finding]:
    """Most important first; among equals, the order they were found (the root cause first)."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])
