"""The summary as a document: sections of a few kinds of block, which each rendering (plain
text, Markdown, HTML, PDF) walks the same way. It holds no decisions: those are the verdict's
(ontime_assist.case), and build.py only lays them out."""

from __future__ import annotations

from dataclasses import dataclass

from ontime_assist.case.model import Audience
from ontime_assist.engine.finding_kinds import SEVERITY_WORDS as _SEVERITY_WORDS
from ontime_assist.engine.findings import Severity


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Item:
    text: str
    details: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bullets:
    items: tuple[Item, ...]


@dataclass(frozen=True)
class FindingBlock:
    title: str
    severity: Severity
    reference: str  # the finding's id: for support staff, never in a heading
    seen: str
    reply: str  # the server's exact reply, or ""
    fix: str  # "" for what worked


@dataclass(frozen=True)
class Code:
    text: str


Block = Paragraph | Table | Bullets | FindingBlock | Code


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Report:
    audience: Audience
    subject: str
    greeting: str
    lead_label: str  # "Problem" or "Result"
    lead: str
    sections: tuple[Section, ...]
    closing: str = "Thank you."
    also: tuple[tuple[str, str], ...] = ()  # more conclusions under the lead ("For OnTime", …)

    @property
    def leads(self) -> tuple[tuple[str, str], ...]:
        """The lead and the conclusions after it, each as (label, text)."""
        return ((self.lead_label, self.lead), *self.also)

    def section(self, heading: str) -> Section | None:
        return next((s for s in self.sections if s.heading == heading), None)


# The severity as a summary says it, after the title: "(problem)".
SEVERITY_WORDS = {severity: word.lower() for severity, word in _SEVERITY_WORDS.items()}
