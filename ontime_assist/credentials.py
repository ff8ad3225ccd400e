"""The mail password, kept in the operating system's keyring and nowhere else.

Windows Credential Manager, macOS Keychain, or the Secret Service / KWallet on Linux, through
`keyring`. When no trustworthy keyring is usable, the password is used for this session only:
we never fall back to a file, and never to a "plain text" or "encrypted file" keyring that
keyrings.alt would offer, because the user was promised the OS keyring.

No message raised from here contains the password; backend errors are replaced, not chained.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ontime_assist.engine.redaction.secret import Secret

if TYPE_CHECKING:
    from collections.abc import Callable

    from keyring.backend import KeyringBackend

SERVICE_PREFIX = "OnTime Assist"

# Backends that store secrets in files we cannot vouch for, or nowhere.
_REFUSED_MODULES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")
_REFUSED_NAMES = {"PlaintextKeyring", "EncryptedKeyring"}

# Windows Credential Manager stores at most 2,560 bytes of secret (UTF-16: 1,280 characters).
_SIZE_LIMITS = {"WinVaultKeyring": 2560}


class CredentialError(Exception):
    """The keyring could not do what was asked; `message` is for the user, without secrets."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class KeyringStatus(NamedTuple):
    usable: bool
    backend: str
    reason: str = ""


def service_name(host: str) -> str:
    return f"{SERVICE_PREFIX} SMTP ({host.strip().lower()})"


def _backend_label(backend: KeyringBackend) -> str:
    name = getattr(backend, "name", "") or type(backend).__name__
    return str(name)


def _leaf_backends(backend: KeyringBackend) -> list[KeyringBackend]:
    inner = getattr(backend, "backends", None)  # the chainer holds several
    return list(inner) if inner else [backend]


class CredentialStore:
    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend
        # Why the real store may not be used at all now (the session decides: never in
        # practice), or None. Asked before any keyring call, on whichever thread makes it.
        self.refusal: Callable[[], str | None] = lambda: None

    @property
    def backend(self) -> KeyringBackend:
        # keyring is imported when first needed: it loads every backend's entry point, which
        # costs tens of milliseconds the wizard's first page should not wait for.
        import keyring

        return self._backend or keyring.get_keyring()

    def status(self) -> KeyringStatus:
        refused = self.refusal()
        if refused:
            return KeyringStatus(False, "not used", refused)
        try:
            backend = self.backend
        except Exception:
            return KeyringStatus(False, "none", _NO_KEYRING)
        label = _backend_label(backend)
        leaves = _leaf_backends(backend)
        if not leaves or all(_is_refused(b) for b in leaves):
            if any(type(b).__module__.startswith("keyrings.alt") for b in leaves):
                return KeyringStatus(False, label, _FILE_KEYRING)
            return KeyringStatus(False, label, _NO_KEYRING)
        return KeyringStatus(True, label)

    def _usable_backend(self) -> KeyringBackend:
        status = self.status()
        if not status.usable:
            raise CredentialError(status.reason)
        backend = self.backend
        leaves = [b for b in _leaf_backends(backend) if not _is_refused(b)]
        return backend if len(leaves) == len(_leaf_backends(backend)) else leaves[0]

    def save(self, host: str, username: str, password: Secret) -> None:
        if not username:
            raise CredentialError("A password can only be remembered together with a user name.")
        backend = self._usable_backend()
        limit = _SIZE_LIMITS.get(type(backend).__name__)
        if limit is not None and len(password.reveal().encode("utf-16-le")) > limit:
            raise CredentialError(
                "This password is too long for Windows Credential Manager "
                f"(at most {limit // 2} characters), so it cannot be remembered. It is used "
                "for this session only."
            )
        # keyring loads its backends (about 115 ms): only once a password is saved or read
        from keyring.errors import KeyringLocked

        try:
            backend.set_password(service_name(host), username, password.reveal())
        except KeyringLocked:
            raise CredentialError(_LOCKED) from None
        except Exception as exc:
            raise CredentialError(_failure("saved", exc)) from None

    def load(self, host: str, username: str) -> Secret | None:
        if not username:
            return None
        backend = self._usable_backend()
        # keyring loads its backends (about 115 ms): only once a password is saved or read
        from keyring.errors import KeyringLocked

        try:
            found = backend.get_password(service_name(host), username)
            return Secret(found) if found is not None else None
        except KeyringLocked:
            raise CredentialError(_LOCKED_READ) from None
        except Exception as exc:
            raise CredentialError(_failure("read", exc)) from None

    def forget(self, host: str, username: str) -> bool:
        """Remove the saved password; False when there was none."""
        backend = self._usable_backend()
        # keyring loads its backends (about 115 ms): only once a password is saved or read
        from keyring.errors import KeyringLocked, PasswordDeleteError

        try:
            backend.delete_password(service_name(host), username)
        except PasswordDeleteError:
            return False
        except KeyringLocked:
            raise CredentialError(_LOCKED) from None
        except Exception as exc:
            raise CredentialError(_failure("removed", exc)) from None
        return True


def _is_refused(backend: KeyringBackend) -> bool:
    kind = type(backend)
    if kind.__module__.startswith(_REFUSED_MODULES):
        return True
    return kind.__name__ in _REFUSED_NAMES


def _failure(action: str, exc: Exception) -> str:
    # Only the exception's type is shown: its text comes from the backend and could, in
    # principle, quote what it was given.
    return (
        f"The system's password store refused: the password could not be {action} "
        f"({type(exc).__name__}). It is used for this session only."
    )


_NO_KEYRING = (
    "No password store is available on this computer, so the password cannot be remembered. "
    "It is used for this session only and never written anywhere."
)
_FILE_KEYRING = (
    "The only password store available keeps passwords in a file, which OnTime Assist does "
    "not use. The password is used for this session only and never written anywhere."
)
_LOCKED_READ = (
    "The saved password could not be read: the system's password store is locked, or access "
    "to it was refused (its unlock prompt was cancelled). Type the password; to use the saved "
    "one, unlock the password store and come back to this page."
)
_LOCKED = (
    "The system's password store is locked (or access was refused). Unlock it and try again; "
    "until then the password is used for this session only."
)
