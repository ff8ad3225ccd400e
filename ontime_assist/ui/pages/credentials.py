"""Step 2: the account's credentials (MFA means an app password), and a live sign-in test.

The address comes first: as soon as it is typed, the search for its provider and settings
starts in the background, so the next page opens with them filled in."""

from __future__ import annotations

import html

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from ontime_assist.engine.check.result import CheckResult
from ontime_assist.engine.check.settings import validate_address
from ontime_assist.engine.check.settings_error import SettingsError
from ontime_assist.engine.discovery.outcome import Discovery
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.ontime_terms import ssl_setting
from ontime_assist.engine.providers import policy
from ontime_assist.engine.providers.recognise import provider_by_id, provider_for
from ontime_assist.engine.redaction.secret import Secret
from ontime_assist.steps import StepId
from ontime_assist.ui.pages.base import Services, first_empty
from ontime_assist.ui.pages.checking import CheckingPage
from ontime_assist.ui.pages.saved_password import SavedPassword
from ontime_assist.ui.password_field import PasswordField
from ontime_assist.ui.widgets import ReservedParagraph, action_button, paragraph

SEARCH_AFTER_TYPING_MS = 800  # start the search once the user pauses typing the address


class CredentialsPage(CheckingPage):
    step = StepId.CREDENTIALS
    key = Step.CREDENTIALS

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.setSubTitle(
            "The email account's address, user name and password, exactly as OnTime has them "
            "(Other Mail Server settings)."
        )
        layout = QVBoxLayout(self.scrolled_body())
        form = QFormLayout()
        self.email = QLineEdit()
        self.email.setAccessibleName("Email address")
        self.email.setPlaceholderText("dispatch@yourcompany.com")
        # Always there, its height kept for what the search says (provider, server, sign-in
        # news): the fields and the Test button below do not move when the answer arrives
        # while the user is aiming at them.
        self.found = ReservedParagraph(FOUND_HINT, FOUND_LINES)
        self.found.label.setAccessibleDescription("Settings found from the address")
        self.username = QLineEdit()
        self.username.setAccessibleName("User name")
        self.username.setPlaceholderText("usually the full email address")
        self.password = PasswordField()
        self.mfa = QCheckBox("This account uses two-step &verification (MFA, 2FA)")
        form.addRow("&Email address:", self.email)
        form.addRow("", self.found)
        form.addRow("&User name:", self.username)
        form.addRow("&Password:", self.password)
        form.addRow("", self.mfa)
        layout.addLayout(form)
        self.guidance = paragraph()
        self.guidance.setVisible(False)
        self.guidance.setAccessibleDescription("App password guidance")
        layout.addWidget(self.guidance)

        self.saved = SavedPassword(
            self.session, services.passwords, self.password, self.settings_changed
        )
        self.remember, self.forget = self.saved.remember, self.saved.forget
        self.keyring_note = self.saved.note
        layout.addWidget(self.saved)

        test_row = QHBoxLayout()
        self.test_button = action_button("&Test sign-in")
        self.test_button.clicked.connect(self.test_sign_in)
        self.server_note = paragraph()
        self.server_note.setAccessibleDescription("Where the sign-in is tested")
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.server_note, 1)
        layout.addLayout(test_row)
        layout.addWidget(self.problem)
        layout.addWidget(self.case_note)
        layout.addWidget(self.panel, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_AFTER_TYPING_MS)
        self._search_timer.timeout.connect(self.search_settings)
        self.email.textEdited.connect(self._email_edited)
        self.email.editingFinished.connect(self.search_settings)
        self.username.textEdited.connect(self._username_edited)
        self.password.textEdited.connect(self._password_edited)
        self.mfa.toggled.connect(self._mfa_toggled)
        services.discovery.started.connect(self._search_started)
        services.discovery.finished.connect(self._search_finished)
        # A sign-in proven on any step's test (usually Server Settings) is what saves it.
        services.tests.finished.connect(self._any_test_finished)

    def test_buttons(self) -> list[QWidget]:
        return [self.test_button]

    def first_field(self) -> QWidget | None:
        return first_empty(self.email, self.username, self.password)

    def initializePage(self) -> None:
        s = self.session
        self.email.setText(s.email)
        self.username.setText(s.username)
        self.password.setText(s.password.reveal())
        self.mfa.setChecked(s.mfa)
        self.saved.shown()
        self._update_guidance()
        self._update_server_note()
        if s.discovery is not None:
            self._search_finished(s.discovery)
        else:  # an address already there (last time's, or practice mode's) is looked up too
            self.search_settings()
        super().initializePage()

    def on_shown(self) -> None:
        super().on_shown()
        self.saved.shown()  # the server may have changed on the next page
        self._update_guidance()
        self._update_server_note()

    # --- the fields -----------------------------------------------------------------------

    @Slot(str)
    def _email_edited(self, text: str) -> None:
        previous = self.session.email
        self.session.email = text
        if not self.username.text() or self.username.text() == previous:
            self.username.setText(text)
            self.session.username = text
            self.saved.account_edited()
        self.problem.setVisible(False)
        self._update_guidance()
        self._search_timer.start()
        self._update_server_note()
        self.settings_changed()

    @Slot(str)
    def _username_edited(self, text: str) -> None:
        self.session.username = text
        self.saved.account_edited()
        self.problem.setVisible(False)
        self.settings_changed()

    @Slot(str)
    def _password_edited(self, text: str) -> None:
        self.session.password = Secret(text)
        self.saved.password_typed()
        self.problem.setVisible(False)
        self.settings_changed()

    @Slot(bool)
    def _mfa_toggled(self, on: bool) -> None:
        self.session.mfa = on
        self._update_guidance()

    def _update_guidance(self) -> None:
        if not self.session.mfa:
            self.guidance.setVisible(False)
            return
        provider = provider_by_id(self.session.provider_hint) or provider_for(
            self.session.host, self.session.email
        )
        if provider is not None and provider.app_password:
            text = f"<b>{provider.name}:</b> {provider.app_password}"
        else:
            text = (
                "With two-step verification, programs like OnTime need an <b>app password</b>: "
                "a separate password created in your account's security settings. Use it here "
                "and in OnTime instead of your normal password."
            )
        self.guidance.setText(text)
        self.guidance.setVisible(True)

    def _update_server_note(self) -> None:
        s = self.session
        if s.host.strip():
            self.server_note.setText(
                f"Signs in at {s.host.strip()}, port {s.port.strip()}. You can change the "
                "server on the next page."
            )
        else:
            self.server_note.setText(self._no_server_yet())

    def _no_server_yet(self) -> str:
        """Why no server is known, as things stand now: the search's state decides."""
        address = self.session.email.strip()
        if not address:
            return (
                "Type the address first: the server is looked up from it (or enter it on the "
                "next page)."
            )
        try:
            validate_address(address, "from")
        except SettingsError:
            return (
                "Finish the address (name@domain) to look its server up, or enter the server "
                "on the next page."
            )
        if self.services.discovery.running or self._search_timer.isActive():
            return "Looking up the server for this address…"
        if self.session.discovery is None and self.services.discovery.address == address:
            return "The server could not be looked up: enter it on the next page."
        return (
            "No server that OnTime could use was found for this address: enter it on the next page."
        )

    # --- the search for the settings ------------------------------------------------------

    @Slot()
    def search_settings(self) -> None:
        self._search_timer.stop()
        address = self.session.email.strip()
        try:
            validate_address(address, "from")
        except SettingsError:
            return
        controller = self.services.discovery
        if controller.address == address and (controller.running or self.session.discovery):
            return
        self.session.discovery = None
        controller.start(address)

    @Slot(str)
    def _search_started(self, address: str) -> None:
        domain = address.rpartition("@")[2]
        self.found.setText(f"Looking up the settings for {domain}…")
        self._update_server_note()

    @Slot(object)
    def _search_finished(self, found: object) -> None:
        if not isinstance(found, Discovery):
            self.found.setText("The settings could not be looked up: enter them on the next page.")
            self._update_server_note()
            return
        self.found.setText(describe_discovery(found))
        self._update_guidance()
        self._update_server_note()

    # --- the test and the password store --------------------------------------------------

    @Slot()
    def test_sign_in(self) -> None:
        if self.saved.loading and not self.session.password:
            self.show_problem(
                "The saved password is still being read from this computer's password store "
                "(it may be asking you to unlock it): unlock it, or type the password."
            )
            return
        if not self.session.username.strip() or not self.session.password:
            self.show_problem("Enter the user name and the password to test the sign-in.")
            return
        if not self.session.host.strip():
            self.show_problem(self._no_server_yet())
            return
        self.start_test()

    def after_result(self, result: CheckResult) -> None:
        self._update_server_note()

    @Slot(str, object)
    def _any_test_finished(self, _key: str, _result: object) -> None:
        self.saved.save_if_proven()


FOUND_HINT = (
    "The provider and its mail server are looked up from the address: the server, port and SSL "
    "setting are filled in for you, and whatever the provider's rules mean for OnTime is said here."
)
# Room for the longest answer at the window's usual width (Microsoft 365, with its news after
# its date: why a password still works, and the next date).
FOUND_LINES = 6

# What the provider's sign-in policy means for OnTime, said where the provider is named: the
# user is about to type a password that may stop working, or already cannot.
_SIGN_IN_NEWS = {
    "auth.oauth_only_account": "⚠ <b>This kind of account cannot sign in with a password any "
    "more</b>, which is how OnTime signs in: the summary lists what to use instead.",
}


def _retiring_news(found: Discovery) -> str:
    """Microsoft's schedule in the tense true today (engine/providers/policy.py)."""
    provider = provider_by_id(found.provider.id) if found.provider else None
    if provider is None or provider.login_policy != "retiring":
        return ""
    headline, meaning = policy.news(provider)
    return f"⚠ <b>{html.escape(headline)}</b> {html.escape(meaning)}"


def describe_discovery(found: Discovery, where: str = "see the next page") -> str:
    """Who provides the address, what was found to work, and what its sign-in policy means.
    `where`: where the server can be entered instead, as seen from the page that says it."""
    best = found.recommended
    who = f"<b>{found.provider.described}</b>" if found.provider else "Not a known provider"
    if best is None:
        line = f"{who}. No server that OnTime could use was found: {where}."
    else:
        line = f"{who}: {best.host}, port {best.port}, SSL {ssl_setting(best.security)}."
    news = [
        _retiring_news(found) if f.id == "auth.basic_auth_retiring" else _SIGN_IN_NEWS[f.id]
        for f in found.findings
        if f.id in _SIGN_IN_NEWS or f.id == "auth.basic_auth_retiring"
    ]
    return "<br>".join([line, *news])
