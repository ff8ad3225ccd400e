"""Where the app keeps the user's settings and logs on each system: the per-user folder Qt names
for the platform, never the folder the program is installed in (which an uninstall empties)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ontime_assist.ui.settings_store import app_home, settings_path
from tests.windows.system import windows_only


def _expected_base() -> Path:
    if sys.platform == "win32":
        return Path(os.environ["LOCALAPPDATA"])  # Qt's GenericConfigLocation on Windows
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Preferences"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


def test_settings_live_in_the_users_own_config_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ONTIME_ASSIST_HOME", raising=False)
    home = app_home()
    assert home == _expected_base() / "OnTime Assist"
    assert settings_path() == home / "settings.ini"


@windows_only
def test_settings_are_not_in_the_install_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ONTIME_ASSIST_HOME", raising=False)
    # The installer's default folder: %LOCALAPPDATA%\Programs\OnTime Assist.
    install = Path(os.environ["LOCALAPPDATA"]) / "Programs" / "OnTime Assist"
    assert install not in app_home().parents and app_home() != install


def test_logs_are_beside_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """logs.py finds the folder without Qt (the command line logs too); it must be the one Qt
    names for the settings."""
    from ontime_assist.logs import log_folder

    monkeypatch.delenv("ONTIME_ASSIST_HOME", raising=False)
    assert log_folder() == app_home() / "logs"


@windows_only
def test_the_log_folder_is_writable(monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows only: elsewhere this would write into the developer's own config folder."""
    from ontime_assist.logs import log_folder

    monkeypatch.delenv("ONTIME_ASSIST_HOME", raising=False)
    folder = log_folder()
    folder.mkdir(parents=True, exist_ok=True)
    probe = folder / f"probe-{os.getpid()}.log"
    probe.write_text("ü ✓", encoding="utf-8")
    try:
        assert probe.read_text(encoding="utf-8") == "ü ✓"
    finally:
        probe.unlink()
