"""Branch: the OnTime Mail Server did not work either, so the mail server is not the problem.
What to check in OnTime, with the answers kept for OnTime support's summary."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
)

from ontime_assist.case.notification_checks import ANSWERS, CHECKS
from ontime_assist.steps import StepId
from ontime_assist.ui.pages.base import BasePage, Services
from ontime_assist.ui.widgets import paragraph


class NotificationsPage(BasePage):
    step = StepId.NOTIFICATIONS

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.setSubTitle(
            "Notifications also failed through the OnTime Mail Server, so the way they are set "
            "up in OnTime needs a look."
        )
        layout = QVBoxLayout(self)
        box = QGroupBox("Things to check in OnTime")
        grid = QGridLayout(box)
        for column, answer in enumerate(ANSWERS, start=1):
            grid.addWidget(QLabel(answer.capitalize()), 0, column)
        self.answers: dict[str, QButtonGroup] = {}
        for row, question in enumerate(CHECKS, start=1):
            grid.addWidget(paragraph(question), row, 0)
            group = QButtonGroup(self)
            for column, answer in enumerate(ANSWERS, start=1):
                button = QRadioButton()
                button.setAccessibleName(f"{answer}: {question}")
                group.addButton(button, column)
                grid.addWidget(button, row, column)
            group.idToggled.connect(lambda _id, on, q=question: self._answered(q) if on else None)
            self.answers[question] = group
        grid.setColumnStretch(0, 1)
        layout.addWidget(box)
        when = QHBoxLayout()
        label = QLabel("&When did you send the test notification?")
        self.sent_at = QTimeEdit(QTime.currentTime())
        self.sent_at.setDisplayFormat("HH:mm")
        self.sent_at.setAccessibleName("Time the test notification was sent")
        self.sent_at.timeChanged.connect(self._sent_changed)
        label.setBuddy(self.sent_at)
        when.addWidget(label)
        when.addWidget(self.sent_at)
        when.addStretch(1)
        layout.addLayout(when)
        layout.addWidget(
            paragraph(
                "Each answer changes what the next page advises: what is not right yet is put "
                "right in OnTime first. If all of this looks right, contact OnTime support: the "
                "summary on the next page is written for them, and says that the OnTime Mail "
                "Server was tried, what you checked, and when."
            )
        )
        layout.addStretch(1)

    def initializePage(self) -> None:
        session = self.session
        if session.test_notification_at is None:
            self._sent_changed(self.sent_at.time())
        for question, group in self.answers.items():
            answer = session.notification_checks.get(question)
            if answer in ANSWERS:
                button = group.button(ANSWERS.index(answer) + 1)
                button.setChecked(True)

    def _answered(self, question: str) -> None:
        group = self.answers[question]
        self.session.notification_checks[question] = ANSWERS[group.checkedId() - 1]

    @Slot(QTime)
    def _sent_changed(self, moment: QTime) -> None:
        today = dt.datetime.now().astimezone()
        self.session.test_notification_at = today.replace(
            hour=moment.hour(), minute=moment.minute(), second=0, microsecond=0
        )
