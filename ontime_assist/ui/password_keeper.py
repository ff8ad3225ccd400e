"""The password store, asked off the UI thread.

A keyring can take its time: a locked keychain shows its unlock prompt and waits for the user,
a Secret Service on a slow session bus answers late. Every question (is there a usable store,
load, save, forget) runs on one worker thread of its own, in the order asked (a save and a
load of the same account must not overtake each other); the answer comes back to the UI
thread as a signal. The window keeps drawing and a test keeps running while a prompt waits.

Whether the user's real store may be asked at all is one decision, `allowed` (practice never
touches it); when it is not, every question is answered at once, without asking it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from ontime_assist.credentials import CredentialError, CredentialStore, KeyringStatus
from ontime_assist.engine.redaction.secret import Secret
from ontime_assist.session_records import PRACTICE_NO_KEYRING

log = logging.getLogger(__name__)


class Account(NamedTuple):
    host: str
    username: str

    @classmethod
    def of(cls, host: str, username: str) -> Account:
        return cls(host.strip().lower(), username.strip())

    @property
    def complete(self) -> bool:
        return bool(self.host and self.username)


class Answer(NamedTuple):
    """What the store said to one question. `error` is a sentence for the user (no secret)."""

    action: str  # "status", "load", "save", "forget"
    account: Account
    password: Secret | None = None  # load: the saved password, if there is one
    done: bool = False  # save: saved; forget: there was one and it is gone
    error: str = ""
    status: KeyringStatus | None = None


class PasswordKeeper(QObject):
    answered = Signal(object)  # an Answer, on the UI thread
    _wake = Signal()  # emitted by the worker thread; carries nothing across threads

    def __init__(
        self,
        store: CredentialStore,
        allowed: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._allowed = allowed
        self._jobs: deque[tuple[str, Account, Secret | None]] = deque()
        self._answers: deque[Answer] = deque()
        self._has_work = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False
        self.pending: dict[str, int] = {}  # questions asked and not answered yet, by action
        self._wake.connect(self._deliver)

    def busy(self, action: str) -> bool:
        return self.pending.get(action, 0) > 0

    # --- questions (from the UI thread) -----------------------------------------------------

    def ask_status(self) -> None:
        self._ask("status", Account("", ""), None)

    def load(self, account: Account) -> None:
        self._ask("load", account, None)

    def save(self, account: Account, password: Secret) -> None:
        self._ask("save", account, password)

    def forget(self, account: Account) -> None:
        self._ask("forget", account, None)

    def _ask(self, action: str, account: Account, password: Secret | None) -> None:
        if self._closed:
            return
        self.pending[action] = self.pending.get(action, 0) + 1
        if not self._allowed():
            self._answers.append(_answer_not_allowed(action, account))
            # Answered at once, but from the event loop like any other answer: never inside
            # the call that asked.
            QTimer.singleShot(0, self._deliver)
            return
        with self._has_work:
            self._jobs.append((action, account, password))
            self._has_work.notify()
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="keyring", daemon=True)
            self._thread.start()

    def close(self, seconds: float = 2.0) -> None:
        """At shutdown: no more questions; those already asked (a save just after the last
        test) get `seconds` to be answered. A store still waiting on its prompt then is left
        to end with the process (the thread is a daemon)."""
        self._closed = True
        with self._has_work:
            self._has_work.notify()
        if self._thread is not None:
            self._thread.join(seconds)

    # --- the worker thread ------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            with self._has_work:
                while not self._jobs and not self._closed:
                    self._has_work.wait()
                if not self._jobs:
                    return  # closed, and every question asked was answered
                action, account, password = self._jobs.popleft()
            answer = self._run(action, account, password)
            self._answers.append(answer)
            # RuntimeError: the window (and this object) deleted while the store answered.
            with contextlib.suppress(RuntimeError):
                self._wake.emit()

    def _run(self, action: str, account: Account, password: Secret | None) -> Answer:
        store = self._store
        try:
            if action == "status":
                return Answer(action, account, status=store.status())
            if action == "load":
                return Answer(action, account, password=store.load(*account))
            if action == "save":
                assert password is not None
                store.save(account.host, account.username, password)
                return Answer(action, account, done=True)
            return Answer(action, account, done=store.forget(*account))
        except CredentialError as exc:
            return Answer(action, account, error=exc.message)
        except Exception as exc:  # a bug here must not kill the thread that answers
            log.exception("password store: %s failed", action)
            return Answer(
                action, account, error=f"The password store failed ({type(exc).__name__})."
            )

    # --- answers (on the UI thread) ---------------------------------------------------------

    @Slot()
    def _deliver(self) -> None:
        while True:
            try:
                answer = self._answers.popleft()
            except IndexError:
                return
            self.pending[answer.action] = max(0, self.pending.get(answer.action, 0) - 1)
            self.answered.emit(answer)


def _answer_not_allowed(action: str, account: Account) -> Answer:
    if action == "status":
        return Answer(action, account, status=KeyringStatus(False, "none", PRACTICE_NO_KEYRING))
    if action == "load":
        return Answer(action, account)  # nothing saved, as far as practice knows
    return Answer(action, account, error=PRACTICE_NO_KEYRING)
