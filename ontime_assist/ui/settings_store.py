"""Where the assistant remembers non-secret settings between runs (never the password): the
fields, what the last session's tests found, and a certificate authority trusted for a server."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths

from ontime_assist import session_memory

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
        # Nothing is made on disk until something is saved: practice saves nothing, so it
        # leaves the real settings' folder as it found it.
        self._qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _group(self, prefix: str) -> dict[str, object]:
        return {
            key.removeprefix(prefix): self._qsettings.value(key)
            for key in self._qsettings.allKeys()
            if key.startswith(prefix) and self._qsettings.value(key) is not None
        }

    def load_into(self, session: AssistantSession) -> None:
        if not session.may_remember:  # practice never reads the real settings
            return
        session_memory.restore(session, self._group("last/"))
        session.previous_results = {k: str(v) for k, v in self._group("results/").items()}
        trusted = self._group("trusted_ca/")
        host, path = str(trusted.get("host", "")), str(trusted.get("path", ""))
        if host and path:
            # only with a saved authority: the TLS context, about 65 ms
            from ontime_assist.trusted_ca import TrustProblem, load_authority

            # Kept with its server: the session uses it for that host only.
            with contextlib.suppress(TrustProblem):  # the file may be gone since: then not
                session.trusted_authority = load_authority(path, host)

    def save(self, session: AssistantSession) -> None:
        if not session.may_remember:  # practice never writes them either
            return
        # A folder that cannot be made (read-only profile, odd permissions) costs only the
        # remembering; the assistant itself goes on.
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        for key, value in session_memory.remembered(session).items():
            self._qsettings.setValue(f"last/{key}", value)
        from datetime import datetime  # only when a run is remembered

        when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
        for step, line in session_memory.result_lines(session, when).items():
            self._qsettings.setValue(f"results/{step}", line)
        authority = session.trusted_authority
        if authority is not None:
            self._qsettings.setValue("trusted_ca/host", authority.host)
            self._qsettings.setValue("trusted_ca/path", authority.path)
        else:
            self._qsettings.remove("trusted_ca")
        self._qsettings.sync()
