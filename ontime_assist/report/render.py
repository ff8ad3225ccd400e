"""One walk over the report for every format: each format says how it writes a heading, a
paragraph, a table, a list, a finding and a block of code; the order is decided here once."""

from __future__ import annotations

from typing import Protocol

from ontime_assist.report.model import (
    Block,
    Bullets,
    Code,
    FindingBlock,
    Item,
    Paragraph,
    Report,
    Table,
)


class Format(Protocol):
    def begin(self, report: Report) -> list[str]: ...
    def heading(self, text: str) -> list[str]: ...
    def paragraph(self, text: str) -> list[str]: ...
    def table(self, rows: tuple[tuple[str, str], ...]) -> list[str]: ...
    def bullets(self, items: tuple[Item, ...]) -> list[str]: ...
    def finding(self, finding: FindingBlock) -> list[str]: ...
    def code(self, text: str) -> list[str]: ...
    def end(self, report: Report) -> list[str]: ...
    def join(self, parts: list[str]) -> str: ...


def render(report: Report, fmt: Format) -> str:
    parts = fmt.begin(report)
    for section in report.sections:
        parts += fmt.heading(section.heading)
        for block in section.blocks:
            parts += _block(fmt, block)
    parts += fmt.end(report)
    return fmt.join(parts)


def _block(fmt: Format, block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return fmt.paragraph(block.text)
    if isinstance(block, Table):
        return fmt.table(block.rows)
    if isinstance(block, Bullets):
        return fmt.bullets(block.items)
    if isinstance(block, Code):
        return fmt.code(block.text)
    return fmt.finding(block)
