"""Step 3: the mail server settings. They open filled in from the search on the address (and
say where they came from); what OnTime has can be typed over them, and the page compares the
two. A test shows what the entered settings do; a server whose certificate comes from a
company's own authority can be trusted for this server, from a file, without ever turning
certificate checks off."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ontime_assist.case.trust import trust_offer
from ontime_assist.engine.check.result import CheckResult
from ontime_assist.engine.check.settings import looks_local, validate_host, validate_port
from ontime_assist.engine.check.settings_error import SettingsError
from ontime_assist.engine.discovery.outcome import Discovery
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.ontime_terms import OTHER_MAIL_SERVER_PATH
from ontime_assist.steps import StepId
from ontime_assist.trusted_ca import TrustProblem, load_authority
from ontime_assist.ui.pages.base import Services, first_empty
from ontime_assist.ui.pages.checking import CheckingPage
from ontime_assist.ui.pages.credentials import describe_discovery
from ontime_assist.ui.widgets import FieldError, action_button, paragraph

# OnTime has one "SSL" box; these are its meanings, in its words.
SECURITY_CHOICES = [
    ("starttls", "Ticked: STARTTLS, the port 587 kind"),
    ("ssl", "SSL from the first byte, the port 465 kind"),
    ("none", "Unticked: no encryption"),
    ("auto", "Not sure: find out what the port speaks"),
]


class ServerSettingsPage(CheckingPage):
    step = StepId.SERVER_SETTINGS
    key = Step.SERVER_SETTINGS

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.setSubTitle(f"The server, port and SSL setting for OnTime ({OTHER_MAIL_SERVER_PATH}).")
        layout = QVBoxLayout(self.scrolled_body())
        layout.addWidget(self._found_box())
        form = QFormLayout()
        self.host = QLineEdit()
        self.host.setAccessibleName("Server")
        self.host.setPlaceholderText("for example smtp.office365.com")
        self.host_error = FieldError(self.host)
        self.port = QLineEdit()
        self.port.setAccessibleName("Port")
        self.port.setMaximumWidth(100)
        self.port_error = FieldError(self.port)
        self.field_errors = {"host": self.host_error, "port": self.port_error}
        self.security = QComboBox()
        self.security.setAccessibleName("SSL")
        for value, label in SECURITY_CHOICES:
            self.security.addItem(label, value)
        self.windows_auth = QCheckBox("“Use &Windows Authentication” is ticked in OnTime")
        form.addRow("&Server:", self.host)
        form.addRow("", self.host_error)
        form.addRow("P&ort:", self.port)
        form.addRow("", self.port_error)
        form.addRow("SS&L:", self.security)
        form.addRow("", self.windows_auth)
        layout.addLayout(form)
        self.windows_advice = paragraph()
        self.windows_advice.setAccessibleDescription("Windows Authentication advice")
        layout.addWidget(self.windows_advice)
        self.compare = paragraph()
        self.compare.setAccessibleDescription("Differences from the settings found")
        self.compare.setVisible(False)
        layout.addWidget(self.compare)
        buttons = QHBoxLayout()
        self.test_button = action_button("&Test connection")
        self.test_button.clicked.connect(self.start_test)
        self.trust_button = action_button("Trust a certificate &authority file…")
        self.trust_button.setVisible(False)
        self.trust_button.clicked.connect(self.choose_authority)
        self.untrust_button = action_button("Stop trusting that authorit&y")
        self.untrust_button.setVisible(False)
        self.untrust_button.clicked.connect(self.forget_authority)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.trust_button)
        buttons.addWidget(self.untrust_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.trusted = paragraph()
        self.trusted.setAccessibleDescription("Trusted certificate authority")
        self.trusted.setVisible(False)
        layout.addWidget(self.trusted)
        layout.addWidget(self.problem)
        layout.addWidget(self.case_note)
        layout.addWidget(self.panel, 1)

        self.host.textEdited.connect(self._host_edited)
        self.port.textEdited.connect(self._port_edited)
        self.security.activated.connect(self._security_chosen)
        self.windows_auth.toggled.connect(self._windows_toggled)
        services.discovery.started.connect(self._search_started)
        services.discovery.finished.connect(self._search_finished)

    def _found_box(self) -> QGroupBox:
        box = QGroupBox("Found from your email address")
        layout = QVBoxLayout(box)
        self.found = paragraph("Type the email address on the previous page to look it up.")
        self.found.setAccessibleDescription("Settings found from the address")
        row = QHBoxLayout()
        self.use_found = action_button("&Use these settings")
        self.use_found.setVisible(False)
        self.use_found.clicked.connect(self.use_found_settings)
        self.find_button = action_button("&Find the right settings")
        self._asked_at = ""  # when Find the right settings was last pressed
        self.find_button.clicked.connect(self.find_settings)
        # While the search runs (it tries each server and port: seconds, not minutes), the
        # page shows that it works and how to stop it.
        self.searching = QProgressBar()
        self.searching.setRange(0, 0)
        self.searching.setMaximumHeight(8)
        self.searching.setTextVisible(False)
        self.searching.setAccessibleName("Search in progress")
        self.searching.setVisible(False)
        self.stop_search = action_button("Sto&p the search")
        self.stop_search.setVisible(False)
        self.stop_search.clicked.connect(self.stop_searching)
        row.addWidget(self.use_found)
        row.addWidget(self.find_button)
        row.addWidget(self.stop_search)
        row.addStretch(1)
        layout.addWidget(self.found)
        layout.addWidget(self.searching)
        layout.addLayout(row)
        return box

    def test_buttons(self) -> list[QWidget]:
        return [self.test_button, self.find_button, self.use_found]

    def first_field(self) -> QWidget | None:
        return first_empty(self.host, self.port)

    def initializePage(self) -> None:
        self._show_fields()
        found = self.session.discovery
        if found is not None:
            self._search_finished(found)
        elif self.services.discovery.running:
            self._search_started(self.services.discovery.address)
        self._show_trust()
        super().initializePage()

    def on_shown(self) -> None:
        super().on_shown()
        self._show_fields()
        self._show_trust()

    def _show_fields(self) -> None:
        s = self.session
        self.host.setText(s.host)
        self.port.setText(s.port)
        self.security.setCurrentIndex(max(self.security.findData(s.security), 0))
        self.windows_auth.setChecked(s.windows_auth)
        self._validate_host(s.host)
        self._validate_port(s.port)
        self._windows_toggled(s.windows_auth)
        self._compare()

    # --- the fields -----------------------------------------------------------------------

    @Slot(str)
    def _host_edited(self, text: str) -> None:
        self.session.host = text
        self._validate_host(text)
        self._windows_toggled(self.windows_auth.isChecked())
        self._edited()

    @Slot(str)
    def _port_edited(self, text: str) -> None:
        self.session.port = text
        self._validate_port(text)
        self._edited()

    @Slot(int)
    def _security_chosen(self, _index: int) -> None:
        self.session.security = str(self.security.currentData())
        self._edited()

    def _edited(self) -> None:
        self.problem.setVisible(False)
        self._compare()
        self._show_trust()
        self.completeChanged.emit()
        self.settings_changed()

    def _validate_host(self, text: str) -> None:
        message = ""
        if text:
            try:
                cleaned = validate_host(text)
            except SettingsError as exc:
                message = exc.message
            else:
                if cleaned.had_stray_space:
                    message = (
                        "There is a space before or after the name. It is ignored here, but "
                        "remove it in OnTime too."
                    )
        self.host_error.show_error(message)

    def _validate_port(self, text: str) -> None:
        message = ""
        if text:
            try:
                validate_port(text)
            except SettingsError as exc:
                message = exc.message
        self.port_error.show_error(message)

    @Slot(bool)
    def _windows_toggled(self, on: bool) -> None:
        self.session.windows_auth = on
        host = self.session.host.strip()
        if on and host and not looks_local(host):
            advice = (
                "<b>Untick “Use Windows Authentication” in OnTime.</b> It is only for a "
                f"Microsoft Exchange server on your own network, and {host} is not one: with "
                "the box ticked, OnTime does not send the user name and password."
            )
        elif on:
            advice = (
                "Keep it ticked only if this is your company's own Microsoft Exchange server on "
                "the same network. The test here uses the user name and password."
            )
        else:
            advice = (
                "Vesigo's advice: leave “Use Windows Authentication” unticked unless the server "
                "is a Microsoft Exchange server on your own network."
            )
        self.windows_advice.setText(advice)

    def _compare(self) -> None:
        differences = self.session.differs_from_search()
        if not differences:
            self.compare.setVisible(False)
            self.use_found.setVisible(False)
            return
        self.compare.setText(
            "<b>These differ from the settings found:</b> " + "; ".join(differences) + ". Test "
            "them to see what they do, or use the ones found."
        )
        self.compare.setVisible(True)
        self.use_found.setVisible(True)

    # --- the search -----------------------------------------------------------------------

    @Slot()
    def find_settings(self) -> None:
        session = self.session
        address = session.email.strip()
        host = session.host.strip()
        if "@" not in address:
            if not host:
                self.show_problem("Type the email address on the previous page, or a server.")
                return
            address = f"postmaster@{host}"
            self._asked_at = dt.datetime.now().strftime("%H:%M:%S")
            self.services.discovery.start(address, host=host)
            return
        session.filled_from_search = None if host else session.filled_from_search
        self._asked_at = dt.datetime.now().strftime("%H:%M:%S")
        self.services.discovery.start(address)

    @Slot(str)
    def _search_started(self, address: str) -> None:
        self.found.setText(f"Looking up the settings for {address.rpartition('@')[2]}…")
        self.use_found.setVisible(False)
        self._show_searching(True)

    def _show_searching(self, on: bool) -> None:
        self.searching.setVisible(on)
        self.stop_search.setVisible(on)
        self.find_button.setEnabled(not on and not self.panel.running)

    @Slot()
    def stop_searching(self) -> None:
        self.services.discovery.cancel()
        self._show_searching(False)
        self.found.setText(
            "The search was stopped. Enter the settings below, or search again with Find the "
            "right settings."
        )

    @Slot(object)
    def _search_finished(self, found: object) -> None:
        self._show_searching(False)
        if not isinstance(found, Discovery):
            self.found.setText("The settings could not be looked up.")
            return
        text = describe_discovery(found, "enter the server below")
        if self._asked_at:  # asked with the button: a quick answer looks like no answer
            text = f"<i>Searched again at {self._asked_at}.</i> {text}"
            self._asked_at = ""
        if found.recommended is not None:
            text += f"<br><small>Why: {found.recommended.why}</small>"
        self.found.setText(text)
        if self.isVisible():
            self._show_fields()
            self.settings_changed()

    @Slot()
    def use_found_settings(self) -> None:
        found = self.session.discovery
        if found is None or found.recommended is None:
            return
        self.session.filled_from_search = None
        self.session.host = ""
        self.session.adopt(found)
        self._show_fields()
        self.settings_changed()

    # --- a company's own certificate authority --------------------------------------------

    def after_result(self, result: CheckResult) -> None:
        self._show_trust()

    def _show_trust(self) -> None:
        s = self.session
        record = s.records.get(self.key)
        offer = trust_offer(
            s.trusted_authority,
            s.host,
            record.result if record is not None else None,
            record.inputs.host if record is not None else "",
            record.inputs.cafile if record is not None else None,
            s.cafile,
        )
        self.trust_button.setVisible(offer.offer_trust)
        self.untrust_button.setVisible(offer.trusted_here)
        self.trusted.setVisible(offer.trusted_here)
        self.trusted.setText(offer.note)

    @Slot()
    def choose_authority(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self,
            "The certificate authority to trust for this server",
            "",
            "Certificates (*.pem *.crt *.cer);;All files (*)",
        )
        if path:
            self.trust_authority(path)

    def trust_authority(self, path: str) -> None:
        host = self.session.host.strip().lower()
        # only when the user adds an authority: about 30 ms
        from ontime_assist.ui.authority_choice import server_certificate_chosen

        record = self.session.records.get(self.key)
        shown = record.result.certificate if record is not None else None
        wrong = server_certificate_chosen(path, host, shown)
        if wrong is not None:
            self.show_problem(wrong)
            return
        try:
            authority = load_authority(path, host)
        except TrustProblem as exc:
            self.show_problem(str(exc))
            return
        self.session.trusted_authority = authority
        self.session.cafile = authority.path
        self.problem.setVisible(False)
        self.services.remember()
        self._show_trust()
        self.settings_changed()

    @Slot()
    def forget_authority(self) -> None:
        self.session.trusted_authority = None
        self.session.cafile = None
        self.services.remember()
        self._show_trust()
        self.settings_changed()
