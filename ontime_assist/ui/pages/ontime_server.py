"""Step 1: try the OnTime Mail Server, to tell a mail server problem from an OnTime one."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from ontime_assist.session import OnTimeServerOutcome
from ontime_assist.ui.page_ids import PageId
from ontime_assist.ui.pages.base import BasePage, paragraph

WAIT_SECONDS = 10 * 60  # OnTime applies mail server changes within 10 minutes


class OnTimeServerPage(BasePage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Step 1 of 5: Try the OnTime Mail Server")
        self.setSubTitle(
            "If notifications go out through Vesigo's own mail server, OnTime is "
            "fine and the problem is your mail account or its settings."
        )
        layout = QVBoxLayout(self)
        layout.addWidget(
            paragraph(
                "In OnTime Management Suite:<ol>"
                "<li>On the <b>Home</b> tab, open <b>General Options</b>.</li>"
                "<li>Choose <b>Connections</b>.</li>"
                "<li>Under <b>Email Server</b>, select <b>OnTime Mail Server</b> and save.</li>"
                "</ol>OnTime can take up to 10 minutes to use the change. Then send a test "
                "notification (or wait for the next one)."
            )
        )
        wait_box = QGroupBox("Waiting for OnTime")
        wait_row = QHBoxLayout(wait_box)
        self.countdown = QLabel("Not started")
        self.countdown.setAccessibleName("Time left")
        self.start_wait = QPushButton("&Start the 10-minute wait")
        self.skip_wait = QPushButton("S&kip the wait")
        self.skip_wait.setEnabled(False)
        self.start_wait.clicked.connect(self.begin_wait)
        self.skip_wait.clicked.connect(self.end_wait)
        wait_row.addWidget(self.start_wait)
        wait_row.addWidget(self.skip_wait)
        wait_row.addWidget(self.countdown, 1)
        layout.addWidget(wait_box)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self._ends_at = 0.0

        question = QGroupBox("Did the notifications go out through the OnTime Mail Server?")
        choices = QVBoxLayout(question)
        self.worked = QRadioButton("&Yes, they went out: the problem is my own mail server")
        self.failed = QRadioButton("&No, they still did not go out")
        self.not_tried = QRadioButton("I &can't switch now: continue with my mail server")
        self.group = QButtonGroup(self)
        for button, outcome in (
            (self.worked, OnTimeServerOutcome.WORKED),
            (self.failed, OnTimeServerOutcome.FAILED),
            (self.not_tried, OnTimeServerOutcome.NOT_TRIED),
        ):
            self.group.addButton(button)
            button.toggled.connect(lambda on, o=outcome: self._choose(o) if on else None)
            choices.addWidget(button)
        layout.addWidget(question)
        layout.addWidget(
            paragraph(
                "Remember to switch OnTime back to <b>Other Mail Server</b> once your own account "
                "works again, if that is what you want to use."
            )
        )
        layout.addStretch(1)

    def initializePage(self) -> None:
        outcome = self.session.ontime_server
        for button, value in (
            (self.worked, OnTimeServerOutcome.WORKED),
            (self.failed, OnTimeServerOutcome.FAILED),
            (self.not_tried, OnTimeServerOutcome.NOT_TRIED),
        ):
            button.setChecked(outcome is value)

    def _choose(self, outcome: OnTimeServerOutcome) -> None:
        self.session.ontime_server = outcome
        self.completeChanged.emit()

    @Slot()
    def begin_wait(self) -> None:
        self._ends_at = time.monotonic() + WAIT_SECONDS
        self.timer.start()
        self.start_wait.setEnabled(False)
        self.skip_wait.setEnabled(True)
        self._tick()

    @Slot()
    def end_wait(self) -> None:
        self.timer.stop()
        self.start_wait.setEnabled(True)
        self.start_wait.setText("&Start the 10-minute wait again")
        self.skip_wait.setEnabled(False)
        self.countdown.setText("Wait over: check whether the notifications went out.")

    @Slot()
    def _tick(self) -> None:
        left = max(0, round(self._ends_at - time.monotonic()))
        if left == 0:
            self.end_wait()
            return
        self.countdown.setText(f"{left // 60}:{left % 60:02d} left")

    def isComplete(self) -> bool:
        return self.session.ontime_server is not OnTimeServerOutcome.NOT_ANSWERED

    def nextId(self) -> int:
        if self.session.ontime_server is OnTimeServerOutcome.FAILED:
            return int(PageId.NOTIFICATIONS)
        return int(PageId.CREDENTIALS)

    def cleanupPage(self) -> None:
        self.timer.stop()
