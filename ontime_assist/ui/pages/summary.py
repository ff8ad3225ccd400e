"""Step 5: what to do next, and the summary for the provider (or OnTime support): copy, save,
email. Both read the one verdict on the whole case."""

from __future__ import annotations

import html
import urllib.parse
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QTextBrowser, QVBoxLayout

from ontime_assist.case import Audience, Verdict, judge
from ontime_assist.case.advice import summary_title
from ontime_assist.case.notification_checks import advice_for_answers
from ontime_assist.report.build import build_report
from ontime_assist.report.files import ReportWriteError, write_report
from ontime_assist.report.html import render_html
from ontime_assist.report.model import Report
from ontime_assist.report.text import render_text
from ontime_assist.steps import STEPS, StepId
from ontime_assist.ui.clipboard import copy_text_and_html
from ontime_assist.ui.pages.base import BasePage, Services
from ontime_assist.ui.qt_messages import qt_messages_dropped
from ontime_assist.ui.widgets import action_button, paragraph

# Mail programs and Windows itself cut mailto links somewhere past 2,000 characters.
MAILTO_BODY_LIMIT = 1800
SAVE_FILTERS = "Text (*.txt);;Markdown (*.md);;Web page (*.html);;PDF (*.pdf)"
SHORTENED_NOTE = (
    "[Shortened to fit an email link. The whole summary is on the clipboard: select this text "
    "and paste over it.]"
)


def mailto_url(report: Report, address: str = "") -> QUrl:
    body = render_text(report)
    if len(body) > MAILTO_BODY_LIMIT:
        cut = body[:MAILTO_BODY_LIMIT].rsplit("\n", 1)[0]
        body = f"{cut}\n\n{SHORTENED_NOTE}\n"
    query = urllib.parse.urlencode(
        {"subject": report.subject, "body": body}, quote_via=urllib.parse.quote
    )
    return QUrl(f"mailto:{urllib.parse.quote(address)}?{query}")


def copy_summary(report: Report) -> None:
    copy_text_and_html(render_text(report), render_html(report))


class SummaryPage(BasePage):
    step = StepId.SUMMARY

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.report: Report | None = None
        self.verdict: Verdict | None = None
        layout = QVBoxLayout(self)
        # Labels are read by their text; a description says what each is (a name would be
        # read instead of the text).
        self.next_steps = paragraph()
        self.next_steps.setAccessibleDescription("What to do next")
        self.audience = paragraph()
        self.audience.setAccessibleDescription("Who the summary is for")
        self.view = QTextBrowser()
        self.view.setAccessibleName("Summary")
        buttons = QHBoxLayout()
        self.copy_button = action_button("&Copy")
        self.save_button = action_button("&Save as…")
        self.email_button = action_button("&Email…")
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self.save_as)
        self.email_button.clicked.connect(self.email)
        self.status = paragraph()
        self.status.setAccessibleDescription("Summary status")
        for button in (self.copy_button, self.save_button, self.email_button):
            buttons.addWidget(button)
        buttons.addWidget(self.status, 1)
        layout.addWidget(self.next_steps)
        layout.addWidget(self.audience)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def initializePage(self) -> None:
        self.verdict = verdict = judge(self.session.case())
        self.report = build_report(verdict)
        # Who the summary is for, said by the title as by the text under it.
        self.setTitle(STEPS[self.step]._replace(title=summary_title(verdict.audience)).heading)
        steps = "".join(f"<li>{html.escape(step)}</li>" for step in verdict.next_steps)
        self.next_steps.setText(f"<b>What to do next</b><ol>{steps}</ol>")
        if verdict.audience is Audience.ONTIME_SUPPORT:
            answers = {c.question: c.answer for c in verdict.case.notification_checks}
            _first, all_hold = advice_for_answers(answers)
            self.setSubTitle(
                "Your mail server is not the problem. Send this to OnTime support."
                if all_hold
                else "Your mail server is not the problem. Put right what the checks found "
                "first; if that does not help, send this to OnTime support."
            )
            self.audience.setText(
                "The summary below is written for <b>OnTime support</b>. Fill in the parts in "
                "[brackets] before sending."
            )
        else:
            self.setSubTitle("What was found, what to change, and a summary to send if needed.")
            self.audience.setText(
                "The summary below is written for your <b>email provider or administrator</b>: "
                "it has everything their support desk needs, and never your password."
            )
        if self.session.practice is not None:
            self.audience.setText(
                "<b>Practice:</b> this summary comes from the practice server, so there is no "
                "one to send it to. " + self.audience.text()
            )
        self.view.setHtml(render_html(self.report))
        self.status.setText("")

    @Slot()
    def copy(self) -> None:
        assert self.report is not None
        copy_summary(self.report)
        self.status.setText("Copied. Paste it into an email or a support form.")

    @Slot()
    def save_as(self) -> None:
        """The dialog opens where the summary was last saved, as the type it was saved as (the
        session remembers both; in practice, for this run only); the first time, in the
        user's Documents folder."""
        session = self.session
        practice = " (practice)" if session.practice is not None else ""
        suffix = session.save_format or ".txt"
        name = f"OnTime mail summary{practice}{suffix}"
        # The first time, the user's Documents (not wherever the program was started from).
        folder = session.save_folder or _documents_folder()
        start = str(Path(folder) / name) if folder else name
        chosen_filter = _filter_for(suffix)
        path, chosen = QFileDialog.getSaveFileName(
            self, "Save the summary", start, SAVE_FILTERS, chosen_filter
        )
        if path:
            self.save_to(path, chosen)

    def save_to(self, path: str, chosen_filter: str = "") -> None:
        assert self.report is not None
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(_suffix_for(chosen_filter))
        try:
            write_report(self.report, target)
        except (ReportWriteError, OSError) as exc:
            self.status.setText(f"⚠ Could not save: {exc}")
            return
        self.status.setText(f"Saved to {target}.")
        self.session.save_folder = str(target.parent)
        self.session.save_format = target.suffix.lower()
        self.services.remember()  # not in practice: the session says so

    @Slot()
    def email(self) -> None:
        assert self.report is not None
        copy_summary(self.report)
        # Without a mail program Qt prints the whole link (the summary) as a warning; the page
        # says so in words instead.
        with qt_messages_dropped():
            opened = QDesktopServices.openUrl(mailto_url(self.report))
        if not opened:
            self.status.setText(
                "⚠ No email program opened. The summary is on the clipboard: paste it into an "
                "email."
            )
        else:
            self.status.setText(
                "Your email program should now show the message. The whole summary is also on "
                "the clipboard."
            )


def _documents_folder() -> str:
    where = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return where if where and Path(where).is_dir() else ""


def _filter_for(suffix: str) -> str:
    return next((f for f in SAVE_FILTERS.split(";;") if f"*{suffix})" in f), "")


def _suffix_for(chosen_filter: str) -> str:
    for suffix in (".md", ".html", ".pdf"):
        if suffix in chosen_filter:
            return suffix
    return ".txt"
