"""An in-memory keyring backend for tests: real keyring API, nothing leaves the process."""

from __future__ import annotations

import threading
import time

import keyring.backend
import keyring.errors


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.store:
            raise keyring.errors.PasswordDeleteError("not found")
        del self.store[(service, username)]


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


class DBusBrokenKeyring(MemoryKeyring):
    """Like SecretStorage when the session bus goes away: a non-keyring exception."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise ConnectionError(f"D-Bus went away while storing {password}")

    def get_password(self, service: str, username: str) -> str | None:
        raise ConnectionError("D-Bus went away")


class WinVaultKeyring(MemoryKeyring):
    """Named like keyring's Windows backend, to exercise the Credential Manager size limit."""


class RecordingKeyring(MemoryKeyring):
    """Notes every question it is asked, and on which thread."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, str]] = []  # (question, thread name)

    def _note(self, question: str) -> None:
        self.calls.append((question, threading.current_thread().name))

    def get_password(self, service: str, username: str) -> str | None:
        self._note("get")
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._note("set")
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self._note("delete")
        super().delete_password(service, username)


class SlowKeyring(RecordingKeyring):
    """Like a Secret Service on a slow bus, or a keychain waiting on its unlock prompt: every
    answer takes `delay` seconds."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    def _note(self, question: str) -> None:
        super()._note(question)
        time.sleep(self.delay)
