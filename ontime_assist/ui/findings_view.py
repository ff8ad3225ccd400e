"""How findings are shown: severity in words, title, what was seen and what to do, and the
finding's id on a line of its own for support staff (never in the title).

Kept apart from the test panel so the first page can show findings (of a pasted message)
without loading the heavier test widgets."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QTextBrowser, QWidget

from ontime_assist.engine.finding_kinds import SEVERITY_WORDS
from ontime_assist.engine.findings import Finding, Severity


def findings_html(findings: list[Finding] | tuple[Finding, ...]) -> str:
    parts = []
    for finding in findings:
        word = SEVERITY_WORDS[finding.severity]
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
        # Three lines at least, and no more: it takes whatever room the page has left (see
        # sizeHint); a larger minimum made step 2 scroll at the opening size once its notes
        # (the password store's, the test's problem) showed.
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 2 * self.frameWidth() + 8)

    def sizeHint(self) -> QSize:
        # No more than its minimum: it takes the room the page has left (see StagesView).
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def show_findings(self, findings: list[Finding] | tuple[Finding, ...]) -> None:
        self.setHtml(findings_html(findings))
