"""Step 1: try the OnTime Mail Server, to tell a mail server problem from an OnTime one.

The 10-minute wait is a real-world clock: it keeps running while the user looks at other
pages, and the countdown picks up where it is when they come back."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ontime_assist.case import OnTimeServerOutcome
from ontime_assist.engine.ontime_terms import ONTIME_APPLY_MINUTES
from ontime_assist.session_arrival import ontime_server_path
from ontime_assist.steps import StepId
from ontime_assist.ui.pages.base import BasePage, Services
from ontime_assist.ui.sender_panel import SenderPanel
from ontime_assist.ui.widgets import action_button, paragraph

WAIT_SECONDS = ONTIME_APPLY_MINUTES * 60
TICK_MS = 1000


class OnTimeServerPage(BasePage):
    step = StepId.ONTIME_SERVER

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.setSubTitle(
            "If notifications go out through Vesigo's own mail server, OnTime is fine and the "
            "problem is your mail account or its settings."
        )
        layout = QVBoxLayout(self.scrolled_body())
        layout.addWidget(
            paragraph(
                "In OnTime Management Suite:<ol>"
                "<li>On the <b>Home</b> tab, open <b>General Options</b>.</li>"
                "<li>Choose <b>Connections</b>.</li>"
                "<li>Under <b>Email Server</b>, select <b>OnTime Mail Server</b> and save.</li>"
                f"</ol>OnTime can take up to {ONTIME_APPLY_MINUTES} minutes to use the change. "
                "Then send a test notification (or wait for the next one)."
            )
        )
        wait_box = QGroupBox("Waiting for OnTime")
        wait_row = QHBoxLayout(wait_box)
        self.countdown = QLabel("Not started")
        self.countdown.setAccessibleDescription("Time left")
        self.start_wait = action_button(f"&Start the {ONTIME_APPLY_MINUTES}-minute wait")
        self.stop_wait = action_button("Stop the &wait")
        self.stop_wait.setEnabled(False)
        self.start_wait.clicked.connect(self.begin_wait)
        self.stop_wait.clicked.connect(self.end_wait)
        wait_row.addWidget(self.start_wait)
        wait_row.addWidget(self.stop_wait)
        wait_row.addWidget(self.countdown, 1)
        layout.addWidget(wait_box)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self._ends_at = 0.0

        question = QGroupBox("Did the notifications go out through the OnTime Mail Server?")
        choices = QVBoxLayout(question)
        self.worked = QRadioButton("&Yes, they went out: the problem is my own mail server")
        self.failed = QRadioButton("N&o, they still did not go out")
        self.not_tried = QRadioButton("I &can't switch now: continue with my mail server")
        self.group = QButtonGroup(self)
        self._answers = {
            self.worked: OnTimeServerOutcome.WORKED,
            self.failed: OnTimeServerOutcome.FAILED,
            self.not_tried: OnTimeServerOutcome.NOT_TRIED,
        }
        for button, outcome in self._answers.items():
            self.group.addButton(button)
            button.toggled.connect(lambda on, o=outcome: self._choose(o) if on else None)
            choices.addWidget(button)
        layout.addWidget(question)
        layout.addWidget(self._keeping_box())
        layout.addWidget(
            paragraph(
                "Remember to switch OnTime back to <b>Other Mail Server</b> once your own "
                "account works again, if that is what you want to use."
            )
        )
        layout.addStretch(1)

    def _keeping_box(self) -> QGroupBox:
        """After "yes": notifications sent through Vesigo's servers still carry the company's
        address, so a strict DMARC policy on its domain can junk them (issue #22)."""
        self.keeping = QGroupBox("If you keep the OnTime Mail Server")
        box = QVBoxLayout(self.keeping)
        box.addWidget(
            paragraph(
                "Its notifications carry your address as sender but leave from Vesigo's "
                "servers. Check whether your domain's SPF, DKIM and DMARC let receivers trust "
                "them:"
            )
        )
        form = QFormLayout()
        self.sender_address = QLineEdit()
        self.sender_address.setAccessibleName("Address the notifications are sent from")
        self.sender_address.setPlaceholderText("dispatch@example.com")
        form.addRow("Notifications are sent &from:", self.sender_address)
        box.addLayout(form)
        self.sender_check = SenderPanel(
            self.session,
            lambda: ontime_server_path(self.sender_address.text()),
            lambda: self.services.discovery.dns,
        )
        self.sender_check.offer()
        # An answer about another address must not stay beside the one now typed.
        self.sender_address.textEdited.connect(self.sender_check.offer)
        box.addWidget(self.sender_check)
        self.keeping.setVisible(False)
        return self.keeping

    def initializePage(self) -> None:
        outcome = self.session.ontime_server
        for button, value in self._answers.items():
            button.setChecked(outcome is value)
        if self._ends_at > self.services.clock():
            self._show_waiting()

    def first_field(self) -> QWidget | None:
        chosen = self.group.checkedButton()
        return chosen if chosen is not None else self.worked

    def _choose(self, outcome: OnTimeServerOutcome) -> None:
        self.session.ontime_server = outcome
        worked = outcome is OnTimeServerOutcome.WORKED
        self.keeping.setVisible(worked)
        if worked and not self.sender_address.text().strip():
            self.sender_address.setText(self.session.email.strip())
        self.completeChanged.emit()

    @Slot()
    def begin_wait(self) -> None:
        self._ends_at = self.services.clock() + WAIT_SECONDS
        self.session.switched_at = dt.datetime.now().astimezone()
        self._show_waiting()

    def _show_waiting(self) -> None:
        self.timer.start()
        self.start_wait.setEnabled(False)
        self.stop_wait.setEnabled(True)
        self._tick()

    @Slot()
    def end_wait(self) -> None:
        self.timer.stop()
        self._ends_at = 0.0
        self.start_wait.setEnabled(True)
        self.start_wait.setText(f"&Start the {ONTIME_APPLY_MINUTES}-minute wait again")
        self.stop_wait.setEnabled(False)
        self.countdown.setText("Wait over: check whether the notifications went out.")

    @Slot()
    def _tick(self) -> None:
        left = max(0, round(self._ends_at - self.services.clock()))
        if left == 0:
            self.end_wait()
            return
        self.countdown.setText(f"{left // 60}:{left % 60:02d} left")
