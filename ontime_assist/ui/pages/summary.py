"""Step 5: the summary, addressed to the provider (or to OnTime support): copy, save, email."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from ontime_assist.report import Report, build_report, render_html, render_text
from ontime_assist.report_files import ReportWriteError, write_report
from ontime_assist.ui.pages.base import BasePage

# Mail programs and Windows itself cut mailto links somewhere past 2,000 characters.
MAILTO_BODY_LIMIT = 1800

SAVE_FILTERS = "Text (*.txt);;Markdown (*.md);;Web page (*.html);;PDF (*.pdf)"


def mailto_url(report: Report, address: str = "") -> QUrl:
    body = render_text(report)
    if len(body) > MAILTO_BODY_LIMIT:
        cut = body[:MAILTO_BODY_LIMIT].rsplit("\n", 1)[0]
        body = (
            cut + "\n\n[Shortened to fit an email link: the full summary is attached or "
            "can be pasted from OnTime Assist's Copy button.]\n"
        )
    query = urllib.parse.urlencode(
        {"subject": report.subject, "body": body}, quote_via=urllib.parse.quote
    )
    return QUrl(f"mailto:{urllib.parse.quote(address)}?{query}")


class SummaryPage(BasePage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Step 5 of 5: Summary to send")
        self.report: Report | None = None
        layout = QVBoxLayout(self)
        self.audience = QLabel()
        self.audience.setWordWrap(True)
        self.view = QTextBrowser()
        self.view.setAccessibleName("Summary")
        buttons = QHBoxLayout()
        self.copy_button = QPushButton("&Copy")
        self.save_button = QPushButton("&Save as…")
        self.email_button = QPushButton("&Email…")
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self.save_as)
        self.email_button.clicked.connect(self.email)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Summary status")
        for button in (self.copy_button, self.save_button, self.email_button):
            buttons.addWidget(button)
        buttons.addWidget(self.status, 1)
        layout.addWidget(self.audience)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def initializePage(self) -> None:
        self.report = build_report(self.session)
        if self.report.audience == "ontime_support":
            self.setSubTitle("Your mail server is not the problem. Send this to OnTime support.")
            self.audience.setText("This summary is written for <b>OnTime support</b>.")
        else:
            self.setSubTitle(
                "What was found and what to change. If the fix is on your "
                "provider's side, send them this summary."
            )
            self.audience.setText(
                "This summary is written for your <b>email provider or "
                "administrator</b>: it has everything their support desk "
                "needs, and never your password."
            )
        self.view.setHtml(render_html(self.report))
        self.status.setText("")

    @Slot()
    def copy(self) -> None:
        assert self.report is not None
        data = QMimeData()
        data.setText(render_text(self.report))
        data.setHtml(render_html(self.report))
        QGuiApplication.clipboard().setMimeData(data)
        self.status.setText("Copied. Paste it into an email or a support form.")

    @Slot()
    def save_as(self) -> None:
        assert self.report is not None
        path, chosen = QFileDialog.getSaveFileName(
            self, "Save the summary", "OnTime mail summary.txt", SAVE_FILTERS
        )
        if path:
            self.save_to(path, chosen)

    def save_to(self, path: str, chosen_filter: str = "") -> None:
        assert self.report is not None
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(_suffix_for(chosen_filter))
        try:
            if target.suffix.lower() == ".pdf":
                from ontime_assist.ui.pdf import write_pdf

                write_pdf(render_html(self.report), target)
            else:
                write_report(self.report, target)
        except (ReportWriteError, OSError) as exc:
            self.status.setText(f"⚠ Could not save: {exc}")
            return
        self.status.setText(f"Saved to {target}.")

    @Slot()
    def email(self) -> None:
        assert self.report is not None
        if not QDesktopServices.openUrl(mailto_url(self.report)):
            self.status.setText(
                "⚠ No email program opened. Use Copy and paste the summary into an email instead."
            )
        else:
            self.status.setText("Your email program should now show the message.")


def _suffix_for(chosen_filter: str) -> str:
    for suffix in (".md", ".html", ".pdf"):
        if suffix in chosen_filter:
            return suffix
    return ".txt"
