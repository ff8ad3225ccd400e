"""Step 2: the account's credentials (MFA means an app password), and a live sign-in test."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ontime_assist.credentials import CredentialError, CredentialStore
from ontime_assist.engine.providers import provider_for
from ontime_assist.engine.result import CheckResult
from ontime_assist.ui.pages.base import paragraph
from ontime_assist.ui.pages.testing import TestingPage


class PasswordField(QLineEdit):
    """Masked by default, with show/hide. Never puts the password on the clipboard, shown or
    not: copy, cut, drag and the context menu are switched off."""

    def __init__(self) -> None:
        super().__init__()
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setDragEnabled(False)
        self.setAccessibleName("Password")
        self.toggle = QAction("Show password", self)
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._toggle)
        self.addAction(self.toggle, QLineEdit.ActionPosition.TrailingPosition)
        self.toggle.setIcon(
            self.style().standardIcon(self.style().StandardPixmap.SP_FileDialogContentsView)
        )
        self.installEventFilter(self)

    @Slot(bool)
    def _toggle(self, shown: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.toggle.setText("Hide password" if shown else "Show password")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.matches(QKeySequence.StandardKey.Copy) or event.matches(
                QKeySequence.StandardKey.Cut
            ):
                return True
        return super().eventFilter(watched, event)


class CredentialsPage(TestingPage):
    step_key = "credentials"

    def __init__(self, store: CredentialStore) -> None:
        super().__init__()
        self.store = store
        self.setTitle("Step 2 of 5: Account credentials")
        self.setSubTitle(
            "Check the email account's user name and password, exactly as OnTime "
            "has them (Other Mail Server settings)."
        )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.email = QLineEdit()
        self.email.setAccessibleName("Email address")
        self.email.setPlaceholderText("office@yourcompany.com")
        self.username = QLineEdit()
        self.username.setAccessibleName("User name")
        self.username.setPlaceholderText("usually the full email address")
        self.password = PasswordField()
        self.mfa = QCheckBox("This account uses two-step &verification (MFA, 2FA)")
        self.guidance = paragraph("")
        self.guidance.setVisible(False)
        form.addRow("&Email address:", self.email)
        form.addRow("&User name:", self.username)
        form.addRow("&Password:", self.password)
        form.addRow("", self.mfa)
        layout.addLayout(form)
        layout.addWidget(self.guidance)

        keep = QHBoxLayout()
        self.remember = QCheckBox("&Remember this password in this computer's password store")
        self.forget = QPushButton("&Forget saved password")
        self.forget.clicked.connect(self.forget_saved)
        keep.addWidget(self.remember)
        keep.addStretch(1)
        keep.addWidget(self.forget)
        layout.addLayout(keep)
        self.keyring_note = paragraph("")
        self.keyring_note.setVisible(False)
        layout.addWidget(self.keyring_note)

        test_row = QHBoxLayout()
        self.test_button = QPushButton("&Test sign-in")
        self.test_button.clicked.connect(self.test_sign_in)
        self.server_note = QLabel("")
        self.server_note.setWordWrap(True)
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.server_note, 1)
        layout.addLayout(test_row)
        layout.addWidget(self.problem)
        layout.addWidget(self.panel, 1)

        self.email.textEdited.connect(self._email_edited)
        self.username.textEdited.connect(lambda text: self._set("username", text))
        self.password.textEdited.connect(lambda text: self._set("password", text))
        self.mfa.toggled.connect(self._mfa_toggled)
        self.remember.toggled.connect(lambda on: self._set("remember_password", on))

    def test_buttons(self) -> list[QWidget]:
        return [self.test_button]

    def _set(self, name: str, value: object) -> None:
        setattr(self.session, name, value)
        if name == "username":
            self._update_server_note()

    def initializePage(self) -> None:
        s = self.session
        self.email.setText(s.email)
        self.username.setText(s.username)
        self.password.setText(s.password)
        self.mfa.setChecked(s.mfa)
        self.remember.setChecked(s.remember_password)
        status = self.store.status()
        self.remember.setEnabled(status.usable)
        self.forget.setEnabled(status.usable)
        self.keyring_note.setText(status.reason)
        self.keyring_note.setVisible(not status.usable)
        self._update_guidance()
        self._update_server_note()
        super().initializePage()

    @Slot(str)
    def _email_edited(self, text: str) -> None:
        previous = self.session.email
        self.session.email = text
        if not self.username.text() or self.username.text() == previous:
            self.username.setText(text)
            self.session.username = text
        self._update_guidance()
        self._update_server_note()

    @Slot(bool)
    def _mfa_toggled(self, on: bool) -> None:
        self.session.mfa = on
        self._update_guidance()

    def _update_guidance(self) -> None:
        provider = provider_for(self.session.host, self.session.email)
        if not self.session.mfa:
            self.guidance.setVisible(False)
            return
        if provider is not None and provider.app_password:
            text = f"<b>{provider.name}:</b> {provider.app_password}"
        else:
            text = (
                "With two-step verification, programs like OnTime need an <b>app "
                "password</b>: a separate password created in your account's security "
                "settings. Use it here and in OnTime instead of your normal password."
            )
        self.guidance.setText(text)
        self.guidance.setVisible(True)

    def _update_server_note(self) -> None:
        s = self.session
        if not s.host:
            provider = provider_for("", s.email)
            if provider is not None:
                s.host, s.port, s.security = provider.host, str(provider.port), "auto"
        if s.host:
            self.server_note.setText(
                f"Signs in at {s.host} port {s.port}. You can change the server on the next page."
            )
        else:
            self.server_note.setText(
                "Enter the server on the next page first, then come back to test the sign-in here."
            )

    @Slot()
    def test_sign_in(self) -> None:
        if not self.session.username or not self.session.password:
            self.problem.setText("⚠ Enter the user name and the password to test the sign-in.")
            self.problem.setVisible(True)
            return
        self.start_test(stop_after_auth=True)

    def after_result(self, result: CheckResult) -> None:
        if self.session.remember_password and result.stage("auth").status == "ok":
            self._save_password()

    def validatePage(self) -> bool:
        if self.session.remember_password and self.session.password:
            self._save_password()
        return True

    def _save_password(self) -> None:
        try:
            self.store.save(self.session.host, self.session.username, self.session.password)
        except CredentialError as exc:
            self.keyring_note.setText(exc.message)
            self.keyring_note.setVisible(True)

    @Slot()
    def forget_saved(self) -> None:
        try:
            gone = self.store.forget(self.session.host, self.session.username)
        except CredentialError as exc:
            self.keyring_note.setText(exc.message)
        else:
            self.keyring_note.setText(
                "The saved password was removed."
                if gone
                else "No password was saved for this account."
            )
        self.keyring_note.setVisible(True)
        self.remember.setChecked(False)
