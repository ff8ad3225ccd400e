"""Step 3: the mail server settings, tested live; "Find the right settings" tries auto."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ontime_assist.engine.result import CheckResult
from ontime_assist.engine.settings import (
    SettingsError,
    looks_local,
    validate_host,
    validate_port,
)
from ontime_assist.ui.pages.base import FieldError, paragraph
from ontime_assist.ui.pages.testing import TestingPage

SECURITY_CHOICES = [
    ("auto", "Find out automatically"),
    ("starttls", "SSL ticked, port 587 style (STARTTLS)"),
    ("ssl", "SSL from the first moment (port 465 style)"),
    ("none", "No encryption"),
]


class ServerSettingsPage(TestingPage):
    step_key = "server_settings"

    def __init__(self) -> None:
        super().__init__()
        self._host_ok = self._port_ok = True
        self.setTitle("Step 3 of 5: Mail server settings")
        self.setSubTitle(
            "Enter the settings exactly as they are in OnTime (Home → General "
            "Options → Connections → Email Server → Other Mail Server)."
        )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.host = QLineEdit()
        self.host.setAccessibleName("Server")
        self.host.setPlaceholderText("for example smtp.office365.com")
        self.host_error = FieldError(self.host)
        self.port = QLineEdit()
        self.port.setAccessibleName("Port")
        self.port.setMaximumWidth(100)
        self.port_error = FieldError(self.port)
        self.security = QComboBox()
        self.security.setAccessibleName("Encryption")
        for value, label in SECURITY_CHOICES:
            self.security.addItem(label, value)
        self.windows_auth = QCheckBox("“Use &Windows Authentication” is ticked in OnTime")
        self.windows_advice = paragraph("")
        form.addRow("&Server:", self.host)
        form.addRow("", self.host_error)
        form.addRow("P&ort:", self.port)
        form.addRow("", self.port_error)
        form.addRow("E&ncryption:", self.security)
        form.addRow("", self.windows_auth)
        layout.addLayout(form)
        layout.addWidget(self.windows_advice)
        buttons = QHBoxLayout()
        self.test_button = QPushButton("&Test connection")
        self.find_button = QPushButton("&Find the right settings")
        self.test_button.clicked.connect(self.test_connection)
        self.find_button.clicked.connect(self.find_settings)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.find_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.problem)
        layout.addWidget(self.panel, 1)

        self.host.textEdited.connect(self._host_edited)
        self.port.textEdited.connect(self._port_edited)
        self.security.currentIndexChanged.connect(self._security_changed)
        self.windows_auth.toggled.connect(self._windows_toggled)

    def test_buttons(self) -> list[QWidget]:
        return [self.test_button, self.find_button]

    def initializePage(self) -> None:
        s = self.session
        self.host.setText(s.host)
        self.port.setText(s.port)
        index = self.security.findData(s.security)
        self.security.setCurrentIndex(max(index, 0))
        self.windows_auth.setChecked(s.windows_auth)
        self._host_edited(s.host)
        self._port_edited(s.port)
        self._windows_toggled(s.windows_auth)
        super().initializePage()

    @Slot(str)
    def _host_edited(self, text: str) -> None:
        self.session.host = text
        message = ""
        self._host_ok = True
        if text:
            try:
                cleaned = validate_host(text)
            except SettingsError as exc:
                message = exc.message
                self._host_ok = False
            else:
                if cleaned.had_stray_space:
                    message = (
                        "There is a space before or after the name. It is ignored here, "
                        "but remove it in OnTime too."
                    )
        self.host_error.show_error(message)
        self._windows_toggled(self.windows_auth.isChecked())
        self.completeChanged.emit()

    @Slot(str)
    def _port_edited(self, text: str) -> None:
        self.session.port = text
        message = ""
        self._port_ok = True
        if text:
            try:
                validate_port(text)
            except SettingsError as exc:
                message = exc.message
                self._port_ok = False
        self.port_error.show_error(message)
        self.completeChanged.emit()

    @Slot(int)
    def _security_changed(self, _index: int) -> None:
        self.session.security = str(self.security.currentData())

    @Slot(bool)
    def _windows_toggled(self, on: bool) -> None:
        self.session.windows_auth = on
        host = self.session.host.strip()
        if on and host and not looks_local(host):
            advice = (
                "<b>Untick “Use Windows Authentication” in OnTime.</b> It is only for a "
                "Microsoft Exchange server on your own network, and "
                f"{host} is not one: with the box ticked, OnTime does not send the user "
                "name and password."
            )
        elif on:
            advice = (
                "Keep it ticked only if this is your company's own Microsoft Exchange "
                "server on the same network. The test here uses the user name and "
                "password."
            )
        else:
            advice = (
                "Vesigo's advice: leave “Use Windows Authentication” unticked unless the "
                "server is a Microsoft Exchange server on your own network."
            )
        self.windows_advice.setText(advice)

    @Slot()
    def test_connection(self) -> None:
        self.start_test()

    @Slot()
    def find_settings(self) -> None:
        self.start_test(security="auto")

    def after_result(self, result: CheckResult) -> None:
        found = result.security_used
        if result.settings.security.value != "auto" or found == "auto":
            return
        index = self.security.findData(found)
        if index >= 0:
            self.security.setCurrentIndex(index)
        port = result.settings.port
        if found == "starttls":
            advice = f"In OnTime: port {port}, SSL box ticked."
        elif found == "ssl":
            advice = (
                "OnTime probably cannot use this kind (an inference): in OnTime, use port "
                "587 with the SSL box ticked if your provider offers it."
            )
        else:
            advice = "This port offers no encryption: ask your provider for port 587."
        self.problem.setText(f"Found: port {port} uses “{self.security.currentText()}”. {advice}")
        self.problem.setVisible(True)

    def isComplete(self) -> bool:
        return super().isComplete() and self._host_ok and self._port_ok
