"""Welcome: what the assistant does and does not do; optionally, explain a pasted message."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from ontime_assist.ui.page_ids import STEP_PAGES, PageId
from ontime_assist.ui.pages.base import BasePage, paragraph

if TYPE_CHECKING:
    from ontime_assist.ui.findings_view import FindingsView

STEP_NAMES = {
    PageId.ONTIME_SERVER: "Try the OnTime Mail Server",
    PageId.CREDENTIALS: "Account credentials",
    PageId.SERVER_SETTINGS: "Mail server settings",
    PageId.RELAY: "Account configuration (SMTP relay)",
    PageId.SUMMARY: "Summary for your provider",
}


class WelcomePage(BasePage):
    def __init__(self, demo_situations: list[tuple[str, str]] | None = None) -> None:
        super().__init__()
        self.setTitle("Why are OnTime's notification emails not going out?")
        self.setSubTitle(
            "This assistant walks through the five checks from Vesigo's "
            "troubleshooting article and does the testing for you."
        )
        self.jump_to: PageId | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(
            paragraph(
                "<b>What it does:</b> it tests your mail server from this computer, the way OnTime "
                "uses it, and tells you in plain words what is wrong and exactly what to change."
                "<br><b>What it does not do:</b> it changes nothing in OnTime. You make the "
                "changes it suggests. Your password stays in this computer's password store "
                "(or only in memory), never in a file."
            )
        )
        self.last_time = paragraph("")
        self.last_time.setVisible(False)
        self.last_time.setAccessibleName("Results of the last session")
        layout.addWidget(self.last_time)
        self.situation: QComboBox | None = None
        if demo_situations:
            box = QGroupBox("Practice mode")
            form = QFormLayout(box)
            form.addRow(
                paragraph(
                    "A practice mail server runs on this computer. Choose a situation, then go "
                    "through the steps. Practice account: the user name and password are "
                    "filled in for you."
                )
            )
            self.situation = QComboBox()
            self.situation.setAccessibleName("Practice situation")
            for value, text in demo_situations:
                self.situation.addItem(text, value)
            form.addRow("Practice &situation:", self.situation)
            layout.addWidget(box)
        paste_box = QGroupBox("Optional: did you see an error message?")
        paste_layout = QVBoxLayout(paste_box)
        label = QLabel("&Paste it here (from OnTime, a bounce email, or a log):")
        self.pasted = QPlainTextEdit()
        self.pasted.setAccessibleName("Pasted error message")
        self.pasted.setPlaceholderText(
            "For example: The SMTP server requires a secure connection or the client was not "
            "authenticated. The server response was: 5.7.57 …"
        )
        self.pasted.setMaximumHeight(80)
        label.setBuddy(self.pasted)
        row = QHBoxLayout()
        self.explain_button = QPushButton("&Explain this message")
        self.explain_button.clicked.connect(self.explain_pasted)
        self.jump_button = QPushButton("")
        self.jump_button.setVisible(False)
        self.jump_button.clicked.connect(self.go_to_step)
        row.addWidget(self.explain_button)
        row.addStretch(1)
        row.addWidget(self.jump_button)
        self._explanation: FindingsView | None = None  # made on first use: see explanation
        self._paste_layout = paste_layout
        paste_layout.addWidget(label)
        paste_layout.addWidget(self.pasted)
        paste_layout.addLayout(row)
        layout.addWidget(paste_box)
        layout.addStretch(1)

    STEP_TITLES = {  # noqa: RUF012 (a constant table)
        "credentials": "Account credentials",
        "server_settings": "Mail server settings",
        "relay": "Account configuration",
    }

    def initializePage(self) -> None:
        previous = self.session.previous_results
        if not previous:
            self.last_time.setVisible(False)
            return
        lines = [
            f"<li>{self.STEP_TITLES.get(step, step)} — {html.escape(line)}</li>"
            for step, line in sorted(previous.items())
        ]
        self.last_time.setText(
            "<b>Last time:</b><ul>" + "".join(lines) + "</ul>"
            "Your settings from then are filled in; test again to see "
            "whether anything has changed."
        )
        self.last_time.setVisible(True)

    @property
    def explanation(self) -> FindingsView:
        """Created when first needed: a rich-text view is the costliest widget on this page,
        and most people never paste a message."""
        if self._explanation is None:
            from ontime_assist.ui.findings_view import FindingsView

            self._explanation = FindingsView()
            self._explanation.setMaximumHeight(160)
            self._paste_layout.addWidget(self._explanation)
        return self._explanation

    @Slot()
    def explain_pasted(self) -> None:
        text = self.pasted.toPlainText()
        self.session.pasted_error = text
        if not text.strip():
            self.explanation.setHtml("<p>Paste a message first.</p>")
            self.explanation.setVisible(True)
            return
        from ontime_assist.engine.explain import explain  # its rules compile on first use

        findings = explain(text).ordered_findings  # offline and instant: no thread needed
        self.session.explained = findings
        self.explanation.show_findings(findings)
        self.explanation.setVisible(True)
        main = next((f for f in findings if f.severity == "error"), None)
        if main is not None:
            self.jump_to = STEP_PAGES.get(main.step.value, PageId.SERVER_SETTINGS)
            self.jump_button.setText(f"&Go to the step: {STEP_NAMES[self.jump_to]}")
            self.jump_button.setVisible(True)
        else:
            self.jump_to = None
            self.jump_button.setVisible(False)

    @Slot()
    def go_to_step(self) -> None:
        self.assistant().next()

    def nextId(self) -> int:
        return int(self.jump_to if self.jump_to is not None else PageId.ONTIME_SERVER)

    def validatePage(self) -> bool:
        if self.situation is not None:
            self.assistant().choose_demo_situation(self.situation.currentData())
        return True
