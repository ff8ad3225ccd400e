"""Credentials in the OS keyring: every failure mode, and a real Secret Service round trip."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from ontime_assist.credentials import CredentialError, CredentialStore, service_name
from ontime_assist.engine.redaction.secret import Secret
from tests.helpers import PASSWORD, SECRET, service_missing
from tests.memory_keyring import DBusBrokenKeyring, LockedKeyring, MemoryKeyring, WinVaultKeyring
from tests.servers import Script, scripted_smtp

HOST, USER = "smtp.example.com", "dispatch@example.com"


def test_save_load_forget(memory_keyring: MemoryKeyring) -> None:
    store = CredentialStore()
    store.save(HOST, USER, SECRET)
    assert memory_keyring.store == {(service_name(HOST), USER): PASSWORD}
    assert store.load(" SMTP.example.com ", USER) == SECRET
    assert store.forget(HOST, USER) is True
    assert store.load(HOST, USER) is None
    assert store.forget(HOST, USER) is False


def test_no_keyring_is_a_clear_message_and_nothing_is_written(tmp_path: Path) -> None:
    store = CredentialStore(keyring.backends.fail.Keyring())
    status = store.status()
    assert not status.usable and "session only" in status.reason
    with pytest.raises(CredentialError) as caught:
        store.save(HOST, USER, SECRET)
    assert PASSWORD not in str(caught.value)
    with pytest.raises(CredentialError):
        store.load(HOST, USER)


def test_file_keyrings_are_refused_not_used() -> None:
    class PlaintextKeyring(MemoryKeyring):
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    backend = PlaintextKeyring()
    store = CredentialStore(backend)
    assert not store.status().usable
    assert "file" in store.status().reason
    with pytest.raises(CredentialError):
        store.save(HOST, USER, SECRET)
    assert backend.store == {}


def test_locked_keyring() -> None:
    store = CredentialStore(LockedKeyring())
    with pytest.raises(CredentialError) as caught:
        store.save(HOST, USER, SECRET)
    assert "locked" in caught.value.message
    with pytest.raises(CredentialError):
        store.load(HOST, USER)


def test_dbus_failure_never_leaks_the_password() -> None:
    store = CredentialStore(DBusBrokenKeyring())
    with pytest.raises(CredentialError) as caught:
        store.save(HOST, USER, SECRET)
    assert PASSWORD not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert "ConnectionError" in caught.value.message


def test_windows_size_limit() -> None:
    backend = WinVaultKeyring()
    store = CredentialStore(backend)
    with pytest.raises(CredentialError) as caught:
        store.save(HOST, USER, Secret("x" * 1281))
    assert "too long" in caught.value.message
    assert backend.store == {}
    store.save(HOST, USER, Secret("x" * 1280))


def test_check_uses_the_saved_password(run_cli, memory_keyring, certs) -> None:
    with scripted_smtp(Script(tls_context=certs.good, expected_password=PASSWORD)) as (server, _):
        CredentialStore().save("127.0.0.1", USER, SECRET)
        result = run_cli(
            "check",
            "--host",
            "127.0.0.1",
            "--port",
            str(server.port),
            "--json",
            "--cafile",
            certs.cafile,
            "--username",
            USER,
            "--use-saved-password",
        )
    assert result.code == 0, result.out
    assert "auth.ok" in result.finding_ids
    assert PASSWORD not in result.out


def test_check_without_a_saved_password_is_usage_error(run_cli) -> None:
    result = run_cli(
        "check", "--host", "127.0.0.1", "--port", "587", "--username", USER, "--use-saved-password"
    )
    assert result.code == 2 and "no password is saved" in result.err


def test_check_with_no_keyring_is_usage_error(run_cli) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    result = run_cli(
        "check", "--host", "127.0.0.1", "--port", "587", "--username", USER, "--use-saved-password"
    )
    assert result.code == 2 and "No password store" in result.err


# --- a real Secret Service --------------------------------------------------------------

CHILD = """
import sys
from ontime_assist.credentials import CredentialStore
from ontime_assist.engine.redaction.secret import Secret
store = CredentialStore()
action = sys.argv[1]
if action == "save":
    store.save("smtp.example.com", "dispatch@example.com", Secret(sys.stdin.readline().rstrip("\\n")))
elif action == "load":
    found = store.load("smtp.example.com", "dispatch@example.com")
    print(found.reveal() if found else "<none>")
elif action == "forget":
    print(store.forget("smtp.example.com", "dispatch@example.com"))
elif action == "backend":
    print(store.status().backend, store.status().usable)
"""


@pytest.fixture
def secret_service() -> Iterator[dict[str, str]]:
    """A private D-Bus session with gnome-keyring-daemon unlocked, in a temporary home."""
    missing = [t for t in ("dbus-daemon", "gnome-keyring-daemon") if shutil.which(t) is None]
    if missing:
        service_missing(
            f"Secret Service test: {', '.join(missing)} not installed "
            "(Debian packages: dbus gnome-keyring)"
        )
    home = Path(tempfile.mkdtemp(prefix="ontime-keyring-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "GNOME_KEYRING"))}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_RUNTIME_DIR=str(home / "run"),
        XDG_CONFIG_HOME=str(home / "config"),
        PYTHON_KEYRING_BACKEND="",
    )
    env.pop("PYTHON_KEYRING_BACKEND")
    (home / "run").mkdir(mode=0o700)
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert bus.stdout is not None
    env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
    daemon = subprocess.run(
        ["gnome-keyring-daemon", "--unlock", "--components=secrets", "--daemonize"],
        input="keyring-test-unlock",
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    for line in daemon.stdout.splitlines():
        key, _, value = line.partition("=")
        if key:
            env[key] = value
    try:
        yield env
    finally:
        # The daemon also leaves by itself when its session bus goes away.
        with_pid = env.get("GNOME_KEYRING_PID")
        if with_pid and with_pid.isdigit():
            subprocess.run(["kill", with_pid], check=False)
        bus.terminate()
        bus.wait(10)
        bus.stdout.close()
        shutil.rmtree(home, ignore_errors=True)


def child(env: dict[str, str], action: str, stdin: str = "") -> str:
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, action],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


@pytest.mark.integration
def test_real_secret_service_round_trip(secret_service: dict[str, str]) -> None:
    backend = child(secret_service, "backend")
    if "SecretService" not in backend or "True" not in backend:
        service_missing(
            f"Secret Service test: not usable here ({backend}); Debian packages: dbus gnome-keyring"
        )
    child(secret_service, "save", PASSWORD + "\n")  # one process saves (and has ended)…
    assert child(secret_service, "load") == PASSWORD  # …a restarted one loads
    assert child(secret_service, "forget") == "True"
    assert child(secret_service, "load") == "<none>"  # gone, for real
    stored = b"".join(
        p.read_bytes() for p in Path(secret_service["HOME"]).rglob("*") if p.is_file()
    )
    assert PASSWORD.encode() not in stored
