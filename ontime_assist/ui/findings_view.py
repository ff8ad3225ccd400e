"""How findings are shown: severity in words, title, what was seen and what to do, and the
finding's id on a line of its own for support staff (never in the title).

Kept apart from the test panel so the first page can show findings (of a pasted message)
without loading the heavier test widgets."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QTextBrowser, QWidget

from ontime_assist.engine.findings import Finding, Severity

SEVERITY_TEXT = {
    Severity.ERROR: "Problem",
    Severity.WARNING: "Warning",
    Severity.INFO: "Note",
    Severity.OK: "Works",
}


def findings_html(findings: list[Finding] | tuple[Finding, ...]) -> str:
    parts = []
    for finding in findings:
        word = SEVERITY_TEXT[finding.severity]
        parts.append(
            f"<p><b>{word}: {html.escape(finding.title)}</b><br>"
            f"What we saw: {html.escape(finding.detail)}"
        )
        if finding.severity is not Severity.OK:
            parts.append(f"<br>What to do: {html.escape(finding.fix)}")
        parts.append(f"<br><small>Reference for support: {html.escape(finding.id)}</small></p>")
    return "".join(parts) or "<p>No results yet.</p>"


class FindingsView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setAccessibleName("Findings")
        self.setMinimumHeight(90)

    def sizeHint(self) -> QSize:
        # No more than its minimum: it takes the room the page has left (see StagesView).
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def show_findings(self, findings: list[Finding] | tuple[Finding, ...]) -> None:
        self.setHtml(findings_html(findings))
