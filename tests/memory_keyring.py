"""An in-memory keyring backend for tests: real keyring API, nothing leaves the process."""

from __future__ import annotations

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
