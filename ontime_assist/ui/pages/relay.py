"""Step 4: the account's configuration: is relay allowed, may it send as OnTime's From address,
is sending with a login switched on? Answered by sending a real test message."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from ontime_assist.engine.check.result import CheckResult
from ontime_assist.engine.check.settings import validate_address
from ontime_assist.engine.check.settings_error import SettingsError
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.steps import StepId
from ontime_assist.ui.arrival_panel import ArrivalPanel
from ontime_assist.ui.pages.base import Services, first_empty
from ontime_assist.ui.pages.checking import CheckingPage
from ontime_assist.ui.widgets import FieldError, action_button, paragraph


class RelayPage(CheckingPage):
    step = StepId.RELAY
    key = Step.RELAY

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.setSubTitle(
            "Some accounts are set up to refuse mail sent by programs like OnTime. A real test "
            "message shows whether this one accepts it."
        )
        layout = QVBoxLayout(self.scrolled_body())
        layout.addWidget(
            paragraph(
                "Use the <b>From address</b> that OnTime puts on notifications, and an outside "
                "address you can check (for example your own personal mailbox) as the recipient."
            )
        )
        form = QFormLayout()
        self.from_addr = QLineEdit()
        self.from_addr.setAccessibleName("From address")
        self.from_error = FieldError(self.from_addr)
        self.to_addr = QLineEdit()
        self.to_addr.setAccessibleName("Send the test to")
        self.to_addr.setPlaceholderText("your.own@example.org")
        self.to_error = FieldError(self.to_addr)
        self.field_errors = {"from": self.from_error, "to": self.to_error}
        form.addRow("&From address (as in OnTime):", self.from_addr)
        form.addRow("", self.from_error)
        form.addRow("Send the test &to:", self.to_addr)
        form.addRow("", self.to_error)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.send_button = action_button("&Send a test message")
        self.send_button.clicked.connect(self.send_test)
        row.addWidget(self.send_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(self.case_note)
        layout.addWidget(self.panel, 1)
        # After an accepted send: did it arrive? (#22)
        self.arrival = ArrivalPanel(self.session, services.clock, lambda: services.discovery.dns)
        self.arrival.answered.connect(lambda _check: services.remember())
        layout.addWidget(self.arrival)
        self.from_addr.textEdited.connect(lambda t: self._edited("from_addr", t, self.from_error))
        self.to_addr.textEdited.connect(lambda t: self._edited("to_addr", t, self.to_error))

    def test_buttons(self) -> list[QWidget]:
        return [self.send_button]

    def first_field(self) -> QWidget | None:
        return first_empty(self.from_addr, self.to_addr)

    def initializePage(self) -> None:
        s = self.session
        if not s.from_addr and "@" in s.email:
            s.from_addr = s.email
        self.from_addr.setText(s.from_addr)
        self.to_addr.setText(s.to_addr)
        super().initializePage()
        self.arrival.refresh()

    def on_shown(self) -> None:
        super().on_shown()
        self.arrival.refresh()

    def cleanupPage(self) -> None:
        super().cleanupPage()
        self.arrival.stop()

    def after_result(self, result: CheckResult) -> None:
        self.arrival.refresh()

    def _edited(self, name: str, text: str, error: FieldError) -> None:
        setattr(self.session, name, text)
        message = ""
        if text.strip():
            try:
                validate_address(text, "from" if name == "from_addr" else "to")
            except SettingsError as exc:
                message = exc.message
        error.show_error(message)
        self.problem.setVisible(False)
        self.settings_changed()
        self.arrival.refresh()

    @Slot()
    def send_test(self) -> None:
        if not self.session.to_addr.strip():
            self.show_problem("Enter an outside address to send the test message to.")
            return
        self.start_test()
