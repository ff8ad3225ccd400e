"""The summary as plain text: the body of an email, or what Copy puts on the clipboard."""

from __future__ import annotations

from ontime_assist.report.model import SEVERITY_WORDS, FindingBlock, Item, Report
from ontime_assist.report.render import render

INDENT = "  "


class PlainText:
    def begin(self, report: Report) -> list[str]:
        return [report.greeting, "", *(f"{label}: {text}" for label, text in report.leads), ""]

    def heading(self, text: str) -> list[str]:
        return [f"{text}:"]

    def paragraph(self, text: str) -> list[str]:
        return [f"{INDENT}{text}", ""]

    def table(self, rows: tuple[tuple[str, str], ...]) -> list[str]:
        return [*(f"{INDENT}{key}: {value}" for key, value in rows), ""]

    def bullets(self, items: tuple[Item, ...]) -> list[str]:
        lines = []
        for item in items:
            lines.append(f"{INDENT}- {item.text}")
            lines += [f"{INDENT}    – {detail}" for detail in item.details]
        return [*lines, ""]

    def finding(self, finding: FindingBlock) -> list[str]:
        lines = [
            f"{INDENT}{finding.title} ({SEVERITY_WORDS[finding.severity]})",
            f"{INDENT}    Seen: {finding.seen}",
        ]
        if finding.reply:
            lines.append(f"{INDENT}    Server reply: {finding.reply}")
        if finding.fix:
            lines.append(f"{INDENT}    Fix: {finding.fix}")
        lines.append(f"{INDENT}    Reference: {finding.reference}")
        return [*lines, ""]

    def code(self, text: str) -> list[str]:
        return [text, ""]

    def end(self, report: Report) -> list[str]:
        return [report.closing]

    def join(self, parts: list[str]) -> str:
        return "\n".join(parts) + "\n"


def render_text(report: Report) -> str:
    return render(report, PlainText())
