"""The summary as a printable web page; also what the wizard shows and puts on the clipboard."""

from __future__ import annotations

from html import escape as e

from ontime_assist.report.model import SEVERITY_WORDS, FindingBlock, Item, Report
from ontime_assist.report.render import render

STYLE = (
    "body{font-family:sans-serif;max-width:48em;margin:1em auto;line-height:1.4}"
    "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em;"
    "text-align:left;vertical-align:top}pre{white-space:pre-wrap;font-size:.85em}"
    ".ref{color:#555;font-size:.9em}@media print{pre{font-size:.75em}}"
)


class Html:
    def begin(self, report: Report) -> list[str]:
        return [
            "<!DOCTYPE html><html><head><meta charset='utf-8'>",
            f"<title>{e(report.subject)}</title><style>{STYLE}</style></head><body>",
            f"<h1>{e(report.subject)}</h1>",
            f"<p>{e(report.greeting)}</p>",
            *(f"<p><b>{e(label)}:</b> {e(text)}</p>" for label, text in report.leads),
        ]

    def heading(self, text: str) -> list[str]:
        return [f"<h2>{e(text)}</h2>"]

    def paragraph(self, text: str) -> list[str]:
        return [f"<p>{e(text)}</p>"]

    def table(self, rows: tuple[tuple[str, str], ...]) -> list[str]:
        cells = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
        return [f"<table>{cells}</table>"]

    def bullets(self, items: tuple[Item, ...]) -> list[str]:
        parts = ["<ul>"]
        for item in items:
            details = "".join(f"<li>{e(d)}</li>" for d in item.details)
            parts.append(
                f"<li>{e(item.text)}" + (f"<ul>{details}</ul>" if details else "") + "</li>"
            )
        parts.append("</ul>")
        return parts

    def finding(self, finding: FindingBlock) -> list[str]:
        parts = [
            f"<h3>{e(finding.title)} <small>({SEVERITY_WORDS[finding.severity]})</small></h3>",
            f"<ul><li>Seen: {e(finding.seen)}</li>",
        ]
        if finding.reply:
            parts.append(f"<li>Server reply: <code>{e(finding.reply)}</code></li>")
        if finding.fix:
            parts.append(f"<li>Fix: {e(finding.fix)}</li>")
        parts.append(f"<li class='ref'>Reference: {e(finding.reference)}</li></ul>")
        return parts

    def code(self, text: str) -> list[str]:
        return [f"<pre>{e(text)}</pre>"]

    def end(self, report: Report) -> list[str]:
        return [f"<p>{e(report.closing)}</p></body></html>"]

    def join(self, parts: list[str]) -> str:
        return "".join(parts)


def render_html(report: Report) -> str:
    return render(report, Html())
