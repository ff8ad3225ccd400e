"""Step 2's "Remember this password": the saved password is asked for when it is needed (the
page is shown, the account settles after an edit), never at launch; it is saved once a test
has signed in with it; each answer of the store is said under the box, for the account it
concerns, and goes away when the account changes. The store is asked off the UI thread
(PasswordKeeper)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from ontime_assist.engine.redaction.secret import Secret
from ontime_assist.session import AssistantSession
from ontime_assist.ui.password_field import PasswordField
from ontime_assist.ui.password_keeper import Account, Answer, PasswordKeeper
from ontime_assist.ui.widgets import action_button, paragraph

ACCOUNT_SETTLES_MS = 800  # an account being typed is looked up once the typing pauses


class SavedPassword(QWidget):
    def __init__(
        self,
        session: AssistantSession,
        keeper: PasswordKeeper,
        field: PasswordField,
        changed: Callable[[], None],
    ) -> None:
        super().__init__()
        self.session = session
        self.keeper = keeper
        self.field = field
        self._changed = changed  # the password in the session changed (not typed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.remember = QCheckBox("&Remember this password in this computer's password store")
        self.forget = action_button("F&orget the saved password")
        row.addWidget(self.remember)
        row.addStretch(1)
        row.addWidget(self.forget)
        layout.addLayout(row)
        self.note = paragraph()
        self.note.setVisible(False)
        layout.addWidget(self.note)
        self._note_for: Account | None = None  # the account the note speaks of
        # The user name the password in the field was typed or loaded for: it stays that
        # user's password when the server changes, and a saved one replaces it only when the
        # user name changes (the address changed back to an account with a saved password).
        self._owner: str | None = None
        self._loading: Account | None = None
        self._status_asked = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(ACCOUNT_SETTLES_MS)
        self._settle.timeout.connect(self.fetch)
        self.forget.clicked.connect(self.forget_saved)
        self.remember.toggled.connect(self._remember_toggled)
        keeper.answered.connect(self._answered)

    def account(self) -> Account:
        return Account.of(self.session.host, self.session.username)

    def shown(self) -> None:
        """The page is shown: what the store knows is asked now, not at launch."""
        self.remember.setChecked(self.session.remember_password)
        if self._owner is None and self.session.password:
            self._owner = self.account().username  # filled in before (practice): this user's
        if not self._status_asked:
            self._status_asked = True
            self.keeper.ask_status()
        self._drop_note_of_another_account()
        self.fetch()

    def account_edited(self) -> None:
        self._drop_note_of_another_account()
        self._settle.start()

    def password_typed(self) -> None:
        self._owner = self.account().username

    @property
    def loading(self) -> bool:
        return self._loading is not None

    # --- asking -----------------------------------------------------------------------------

    @Slot()
    def fetch(self) -> None:
        """Fill in the saved password of the account as it now is, if it should be."""
        self._settle.stop()
        account = self.account()
        s = self.session
        if not (s.remember_password and account.complete) or account == self._loading:
            return
        if s.password and self._owner == account.username:
            return  # already this user's password, typed or saved
        self._loading = account
        self.keeper.load(account)
        self._say(
            account,
            "Reading the saved password from this computer's password store… (it may ask you "
            "to unlock it)",
        )

    def save_if_proven(self) -> None:
        """Remember the password under the server it was proven on, never before: a password
        saved before the server is known would be filed under no server and never found."""
        s = self.session
        account = self.account()
        proven = any(r.stage("auth").status == "ok" for r in s.current_results().values())
        if not (s.remember_password and proven and account.complete and s.password):
            return
        self.keeper.save(account, s.password)
        self._say(account, "Saving the password in this computer's password store…")

    @Slot()
    def forget_saved(self) -> None:
        account = self.account()
        self.remember.setChecked(False)
        self.keeper.forget(account)
        self._say(account, "Removing the saved password from this computer's password store…")

    @Slot(bool)
    def _remember_toggled(self, on: bool) -> None:
        self.session.remember_password = on
        if on and self.session.password:
            self.save_if_proven()
        elif on:
            self.fetch()

    # --- answers ----------------------------------------------------------------------------

    @Slot(object)
    def _answered(self, answer: object) -> None:
        assert isinstance(answer, Answer)
        if answer.action == "status":
            self._status(answer)
            return
        if answer.action == "load" and answer.account == self._loading:
            self._loading = None
        if answer.account != self.account():
            return  # about an account the fields no longer hold
        user, host = answer.account.username, answer.account.host
        if answer.error:
            self._say(answer.account, answer.error)
        elif answer.action == "load":
            self._loaded(answer.account, answer.password)
        elif answer.action == "save":
            self._say(answer.account, f"The password is remembered for {user} at {host}.")
        else:
            self._say(
                answer.account,
                "The saved password was removed."
                if answer.done
                else "No password was saved for this account.",
            )

    def _status(self, answer: Answer) -> None:
        status = answer.status
        if status is None:
            return
        self.remember.setEnabled(status.usable)
        self.forget.setEnabled(status.usable)
        if not status.usable:
            self._say(None, status.reason)

    def _loaded(self, account: Account, password: Secret | None) -> None:
        s = self.session
        user, host = account.username, account.host
        if s.password and self._owner == account.username:
            return  # typed for this user while the store was asked: the user's wins
        if password is None:
            self._say(
                account,
                f"No password is saved for {user} at {host}: type it. It is remembered once a "
                "test has signed in with it.",
            )
            return
        s.password = password
        self._owner = account.username
        self.field.setText(password.reveal())
        self._say(account, f"The saved password for {user} at {host} is filled in.")
        self._changed()

    def _say(self, account: Account | None, text: str) -> None:
        self._note_for = account
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _drop_note_of_another_account(self) -> None:
        if self._note_for is not None and self._note_for != self.account():
            self._say(None, "")
