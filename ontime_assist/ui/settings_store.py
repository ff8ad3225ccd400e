"""Where the assistant remembers non-secret settings between runs (never the password)."""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths

if TYPE_CHECKING:
    from ontime_assist.session import AssistantSession


def app_home() -> Path:
    """ONTIME_ASSIST_HOME (tests, portable use) or the platform's per-user config folder."""
    override = os.environ.get("ONTIME_ASSIST_HOME")
    if override:
        return Path(override)
    # Qt knows each platform's per-user config folder (%APPDATA%, ~/Library/Preferences,
    # ~/.config) and is loaded already.
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(base) / "OnTime Assist"


def settings_path() -> Path:
    return app_home() / "settings.ini"


class SettingsStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_path()
        # A folder that cannot be made (read-only profile, odd permissions) costs only the
        # remembering; the assistant itself must still open.
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def load_into(self, session: AssistantSession) -> None:
        values = {
            key.removeprefix("last/"): self._qsettings.value(key)
            for key in self._qsettings.allKeys()
            if key.startswith("last/")
        }
        session.restore({k: v for k, v in values.items() if v is not None})
        session.previous_results = {
            key.removeprefix("results/"): str(self._qsettings.value(key))
            for key in self._qsettings.allKeys()
            if key.startswith("results/")
        }

    def save(self, session: AssistantSession) -> None:
        for key, value in session.remembered().items():
            self._qsettings.setValue(f"last/{key}", value)
        when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
        for step, line in session.result_lines(when).items():
            self._qsettings.setValue(f"results/{step}", line)
        self._qsettings.sync()
