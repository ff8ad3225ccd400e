"""Runs a check on a worker thread and reports back to the UI thread through signals.

A plain Python thread, not a QThread: a QThread destroyed while running aborts the process,
and a check can be mid-wait when the window closes. Cancel reaches into the blocking socket
call (CancelToken), so a cancelled check ends within milliseconds and the thread with it.
Signals emitted from the worker are queued to the receivers' (UI) thread by Qt.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from ontime_assist.engine.cancel import CancelToken
from ontime_assist.engine.result import CheckResult, Stage
from ontime_assist.engine.settings import MailSettings


class CheckRunner(QObject):
    stage_changed = Signal(object)  # Stage (a copy)
    # No per-line transcript signal: the transcript comes with the result. (A Signal(object)
    # emitted from this thread without a receiver corrupted reference counts in PySide 6.12,
    # crashing the interpreter at exit.)
    finished = Signal(object)  # CheckResult
    failed = Signal(str)  # an unexpected error, already worded for the user

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel: CancelToken | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, settings: MailSettings, password: str | None) -> None:
        if self.running:
            raise RuntimeError("a check is already running")
        self._cancel = CancelToken()
        cancel = self._cancel

        def work() -> None:
            try:
                # Imported here, on the worker: the SMTP and TLS modules are not needed to
                # show the first page.
                from ontime_assist.engine.probe import run_check

                result = run_check(
                    settings,
                    password or None,
                    cancel=cancel,
                    on_stage=lambda stage: self.stage_changed.emit(_copy(stage)),
                    password_has_stray_space=has_stray_space(password),
                )
            except Exception as exc:  # a bug: report it, never kill the window
                self.failed.emit(
                    f"The test stopped because of an internal error ({type(exc).__name__})."
                )
                return
            self.finished.emit(result)

        self._thread = threading.Thread(target=work, name="check", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()

    def wait(self, seconds: float = 5.0) -> bool:
        """Used at shutdown: cancel, then give the worker a moment to end."""
        self.cancel()
        if self._thread is not None:
            self._thread.join(seconds)
        return not self.running


def has_stray_space(password: str | None) -> bool:
    return bool(password) and password != (password or "").strip()


def _copy(stage: Stage) -> Stage:
    return Stage(stage.name, stage.status, stage.ms, stage.detail)


__all__ = ["CheckResult", "CheckRunner"]
