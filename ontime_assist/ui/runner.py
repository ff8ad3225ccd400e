"""Runs a check on a worker thread and reports back to the UI thread.

A plain Python thread, not a QThread: a QThread destroyed while running aborts the process,
and a check can be mid-wait when the window closes. Cancel reaches into the blocking socket
call (CancelToken), so a cancelled check ends within milliseconds and the thread with it.

The worker never hands Python objects to Qt: it puts events on a queue and emits a signal
without arguments, which Qt queues to the UI thread; there the events are taken off the queue
and re-emitted as ordinary signals, on the thread that owns every receiver. The objects' life
stays with Python alone, whatever the binding does with queued arguments.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

from ontime_assist.engine.cancel import CancelToken
from ontime_assist.engine.result import CheckResult, Stage
from ontime_assist.engine.settings import MailSettings


@dataclass(frozen=True)
class _Event:
    kind: str  # "stage", "finished", "failed"
    payload: object


class CheckRunner(QObject):
    stage_changed = Signal(object)  # Stage (a copy)
    finished = Signal(object)  # CheckResult
    failed = Signal(str)  # an unexpected error, already worded for the user
    _wake = Signal()  # emitted by the worker; carries nothing across threads

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel: CancelToken | None = None
        self._thread: threading.Thread | None = None
        self._events: queue.SimpleQueue[_Event] = queue.SimpleQueue()
        self._wake.connect(self._deliver)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, settings: MailSettings, password: str | None) -> None:
        if self.running:
            raise RuntimeError("a check is already running")
        self._cancel = CancelToken()
        cancel = self._cancel

        def post(kind: str, payload: object) -> None:
            self._events.put(_Event(kind, payload))
            self._wake.emit()

        def work() -> None:
            try:
                # Imported here, on the worker: the SMTP and TLS modules are not needed to
                # show the first page.
                from ontime_assist.engine.probe import run_check

                result = run_check(
                    settings,
                    password or None,
                    cancel=cancel,
                    on_stage=lambda stage: post("stage", _copy(stage)),
                )
            except Exception as exc:  # a bug: report it, never kill the window
                post(
                    "failed",
                    f"The test stopped because of an internal error ({type(exc).__name__}).",
                )
                return
            post("finished", result)

        self._thread = threading.Thread(target=work, name="check", daemon=True)
        self._thread.start()

    @Slot()
    def _deliver(self) -> None:
        while True:
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                return
            if event.kind == "stage":
                self.stage_changed.emit(event.payload)
            elif event.kind == "finished":
                self.finished.emit(event.payload)
            else:
                self.failed.emit(str(event.payload))

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()

    def wait(self, seconds: float = 5.0) -> bool:
        """Used at shutdown: cancel, then give the worker a moment to end."""
        self.cancel()
        if self._thread is not None:
            self._thread.join(seconds)
        return not self.running


def _copy(stage: Stage) -> Stage:
    return Stage(stage.name, stage.status, stage.ms, stage.detail)


__all__ = ["CheckResult", "CheckRunner"]
