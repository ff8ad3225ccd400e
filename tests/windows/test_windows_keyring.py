"""The password in Windows Credential Manager, through the backend keyring picks on Windows.
(Linux's Secret Service has its own suite: test_credentials.py against a real gnome-keyring.)"""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest

from ontime_assist.credentials import CredentialStore, service_name
from ontime_assist.engine.redaction.secret import Secret
from tests.windows.system import windows_only

pytestmark = windows_only

# Letters outside every Windows code page: the store must keep UTF-16 whole.
PASSWORD = "Pässwörd-Кириллица-密码-✓"


def _chosen_backend():  # type: ignore[no-untyped-def]
    """Windows Credential Manager's backend itself (the suite's fixture swaps in a memory one,
    which keyring would then chain with it)."""
    from keyring.backends.Windows import WinVaultKeyring

    return WinVaultKeyring()


def test_keyring_picks_windows_credential_manager() -> None:
    # In a process of its own, as the app starts: no test backend registered there.
    code = (
        "import keyring; from ontime_assist.credentials import CredentialStore; "
        "s = CredentialStore().status(); print(type(keyring.get_keyring()).__name__, s.usable)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["WinVaultKeyring", "True"]


def test_a_password_is_saved_read_and_forgotten() -> None:
    store = CredentialStore(_chosen_backend())
    host, user = f"smtp-{uuid.uuid4().hex[:8]}.example.com", "office@example.com"
    store.save(host, user, Secret(PASSWORD))
    try:
        found = store.load(host, user)
        assert found is not None and found.reveal() == PASSWORD
        # Stored under the name the wizard and `check --use-saved-password` both use.
        assert _chosen_backend().get_password(service_name(host), user) == PASSWORD
    finally:
        assert store.forget(host, user)
    assert store.load(host, user) is None
    assert not store.forget(host, user)  # nothing left to remove


def test_a_password_too_long_for_credential_manager_is_refused_with_words() -> None:
    from ontime_assist.credentials import CredentialError

    store = CredentialStore(_chosen_backend())
    with pytest.raises(CredentialError, match="too long for Windows Credential Manager"):
        store.save("smtp.example.com", "office@example.com", Secret("x" * 1281))
