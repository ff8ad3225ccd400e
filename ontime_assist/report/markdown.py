"""The summary as Markdown, for support forms and tickets that take it."""

from __future__ import annotations

from ontime_assist.report.model import SEVERITY_WORDS, FindingBlock, Item, Report
from ontime_assist.report.render import render


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


class Markdown:
    def begin(self, report: Report) -> list[str]:
        return [
            f"# {report.subject}",
            "",
            report.greeting,
            "",
            *(f"**{label}:** {text}  " for label, text in report.leads[:-1]),
            f"**{report.leads[-1][0]}:** {report.leads[-1][1]}",
            "",
        ]

    def heading(self, text: str) -> list[str]:
        return [f"## {text}", ""]

    def paragraph(self, text: str) -> list[str]:
        return [text, ""]

    def table(self, rows: tuple[tuple[str, str], ...]) -> list[str]:
        lines = ["| | |", "| --- | --- |"]
        lines += [f"| {_cell(key)} | {_cell(value)} |" for key, value in rows]
        return [*lines, ""]

    def bullets(self, items: tuple[Item, ...]) -> list[str]:
        lines = []
        for item in items:
            lines.append(f"- {item.text}")
            lines += [f"  - {detail}" for detail in item.details]
        return [*lines, ""]

    def finding(self, finding: FindingBlock) -> list[str]:
        lines = [f"### {finding.title} ({SEVERITY_WORDS[finding.severity]})", ""]
        lines.append(f"- Seen: {finding.seen}")
        if finding.reply:
            lines.append(f"- Server reply: `{finding.reply}`")
        if finding.fix:
            lines.append(f"- Fix: {finding.fix}")
        lines.append(f"- Reference: `{finding.reference}`")
        return [*lines, ""]

    def code(self, text: str) -> list[str]:
        return ["```", text, "```", ""]

    def end(self, report: Report) -> list[str]:
        return [report.closing]

    def join(self, parts: list[str]) -> str:
        return "\n".join(parts) + "\n"


def render_markdown(report: Report) -> str:
    return render(report, Markdown())
