"""Welcome: what the assistant does and does not do, practice without an account, and an
error message explained on the spot (with the step where its problem is looked at)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from ontime_assist import session_memory
from ontime_assist.steps import ARTICLE_STEPS, TESTED_STEPS, StepId, page_of
from ontime_assist.ui.pages.base import BasePage, Services
from ontime_assist.ui.widgets import TextBox, action_button, paragraph

if TYPE_CHECKING:
    from ontime_assist.ui.findings_view import FindingsView

PASTE_LINES = 4  # the paste box shows this many lines; longer texts scroll


def article_outline() -> str:
    """The article's steps as the page titles count them ("Step 1 of 5"), from steps.py."""
    tested = [n for n in (page_of(step).number for step in TESTED_STEPS) if n is not None]
    return (
        f"This assistant follows Vesigo's troubleshooting article in its {ARTICLE_STEPS} steps: "
        f"step 1 is a check you make in OnTime, steps {min(tested)} to {max(tested)} are tested "
        f"for you, and step {ARTICLE_STEPS} is a summary to send."
    )


class WelcomePage(BasePage):
    step = StepId.WELCOME

    def __init__(
        self,
        services: Services,
        *,
        situations: list[tuple[str, str]] | None,
        start_practice: Callable[[], None] | None,
        choose_situation: Callable[[str], None],
        go_to: Callable[[StepId], None],
        before_leaving: Callable[[], None],
    ) -> None:
        super().__init__(services)
        self._before_leaving = before_leaving
        self._go_to = go_to
        self._choose_situation = choose_situation
        self._target: StepId | None = None
        self.setSubTitle(article_outline())
        layout = QVBoxLayout(self.scrolled_body())
        layout.addWidget(
            paragraph(
                "<b>What it does:</b> it tests your mail server from this computer, the way "
                "OnTime uses it, and tells you in plain words what is wrong and exactly what to "
                "change.<br><b>What it does not do:</b> it changes nothing in OnTime: you make "
                "the changes it suggests. Your password stays in this computer's password store "
                "(or only in memory), never in a file."
            )
        )
        self.last_time = paragraph()
        self.last_time.setVisible(False)
        self.last_time.setAccessibleDescription("Results of the last session")
        layout.addWidget(self.last_time)
        self.situation: QComboBox | None = None
        self.practice_row = QWidget()
        row = QHBoxLayout(self.practice_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.practice_button = action_button("P&ractice without an account…")
        self.practice_button.setToolTip(
            "Opens a practice mail server on this computer, with situations to choose from."
        )
        if start_practice is not None:
            self.practice_button.clicked.connect(start_practice)
        row.addWidget(paragraph("No account at hand, or just looking around?"), 1)
        row.addWidget(self.practice_button)
        layout.addWidget(self.practice_row)
        self._practice_layout = layout
        if situations:
            self.show_practice(situations)
        layout.addWidget(self._paste_box())
        layout.addStretch(1)

    def show_practice(self, situations: list[tuple[str, str]]) -> None:
        """Practice mode: the situation to practise replaces the offer to practise, and the
        real run's "Last time" is not shown (practice never reads it)."""
        self.practice_row.setVisible(False)
        self.last_time.setVisible(False)
        box = QGroupBox("Practice mode")
        form = QFormLayout(box)
        form.addRow(
            paragraph(
                "A practice mail server runs on this computer. Choose a situation, then go "
                "through the steps: the practice account's user name and password are filled "
                "in for you."
            )
        )
        self.situation = QComboBox()
        self.situation.setAccessibleName("Practice situation")
        for value, text in situations:
            self.situation.addItem(text, value)
        form.addRow("Practice &situation:", self.situation)
        index = self._practice_layout.indexOf(self.practice_row)
        self._practice_layout.insertWidget(index + 1, box)
        box.setVisible(True)  # added to a page already on screen: shown now, not later
        self.situation.setFocus()

    def first_field(self) -> QWidget | None:
        if self.situation is not None:
            return self.situation
        wizard = self.wizard()
        return wizard.button(QWizard.WizardButton.NextButton) if wizard is not None else None

    def _paste_box(self) -> QGroupBox:
        box = QGroupBox("Optional: did you see an error message?")
        layout = QVBoxLayout(box)
        label = QLabel("&Paste it here (from OnTime, a bounce email, or a log):")
        self.pasted = TextBox()  # Tab (and Ctrl+Tab) leave the box, as everywhere else
        self.pasted.setAccessibleName("Paste it here: the error message")
        self.pasted.setPlaceholderText(
            "For example: The SMTP server requires a secure connection or the client was not "
            "authenticated. The server response was: 5.7.57 …"
        )
        line = self.pasted.fontMetrics().lineSpacing()
        self.pasted.setFixedHeight(line * PASTE_LINES + 12)
        label.setBuddy(self.pasted)
        row = QHBoxLayout()
        self.explain_button = action_button("&Explain this message")
        self.explain_button.clicked.connect(self.explain_pasted)
        self.jump_button = action_button("")
        self.jump_button.setAccessibleName("Go to the step where this problem is looked at")
        self.jump_button.setVisible(False)
        self.jump_button.clicked.connect(self._jump)
        row.addWidget(self.explain_button)
        row.addStretch(1)
        row.addWidget(self.jump_button)
        self._explanation: FindingsView | None = None  # made on first use
        self._paste_layout = layout
        layout.addWidget(label)
        layout.addWidget(self.pasted)
        layout.addLayout(row)
        return box

    def initializePage(self) -> None:
        previous = session_memory.last_time(self.session)  # in the order of the steps
        if not previous:
            self.last_time.setVisible(False)
            return
        from html import escape  # only when there is a previous run to show

        lines = [f"<li>{escape(title)}: {escape(line)}</li>" for title, line in previous]
        self.last_time.setText(
            "<b>Last time:</b><ul>" + "".join(lines) + "</ul>"
            "Your settings from then are filled in; test again to see whether anything has "
            "changed."
        )
        self.last_time.setVisible(True)

    @property
    def explanation(self) -> FindingsView:
        """Created when first needed: a rich-text view is the costliest widget on this page,
        and most people never paste a message."""
        if self._explanation is None:
            # only for a pasted message: about 30 ms
            from ontime_assist.ui.findings_view import FindingsView

            self._explanation = FindingsView()
            self._explanation.setMaximumHeight(180)
            self._paste_layout.addWidget(self._explanation)
        return self._explanation

    @Slot()
    def explain_pasted(self) -> None:
        # Without any password the run knows (typed, remembered), on screen and in the case.
        text = self.session.redact(self.pasted.toPlainText())
        if not text.strip():
            self.explanation.setHtml("<p>Paste a message first.</p>")
            self.explanation.setVisible(True)
            return
        from ontime_assist.engine.diagnosis.explain import explain  # its rules load on first use

        explained = explain(text)  # offline and instant: no thread needed
        findings = explained.ordered_findings
        self.session.explained = findings
        self.pasted.setPlainText(explained.text)  # credentials in it are removed on screen too
        self.explanation.show_findings(findings)
        self.explanation.setVisible(True)
        target = self.services.flow.step_for_problem(findings)
        self._target = target.id if target is not None else None
        if target is not None:
            self.jump_button.setText(f"&Go to {target.heading}")
            self.jump_button.setAccessibleName(f"Go to {target.heading}")
        self.jump_button.setVisible(target is not None)

    @Slot()
    def _jump(self) -> None:
        if self._target is not None:
            self._go_to(self._target)

    def validatePage(self) -> bool:
        self._before_leaving()  # the next page must exist before QWizard goes to it
        if self.situation is not None:
            self._choose_situation(str(self.situation.currentData()))
        return True
