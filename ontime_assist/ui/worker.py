"""Runs blocking work (a check, a discovery) on a worker thread and reports back to the UI
thread. The UI thread never waits on the network.

A plain Python thread, not a QThread: a QThread destroyed while running aborts the process,
and a check can be mid-wait when the window closes. Cancel reaches into the blocking socket
call (CancelToken), so a cancelled task ends within milliseconds and the thread with it.

The worker never hands Python objects to Qt: it puts events on a queue and emits a signal
without arguments, which Qt queues to the UI thread; there the events are taken off the queue
and re-emitted as ordinary signals, on the thread that owns every receiver (Picard's pattern).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal, Slot

from ontime_assist.logs import active_log

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from ontime_assist.engine.cancel import CancelToken

Work = Callable[["CancelToken", Callable[[object], None]], object]


def internal_error(exc: BaseException) -> str:
    said = f"It stopped because of an internal error ({type(exc).__name__})."
    where = active_log()
    return f"{said} The details are in the log: {where}" if where is not None else said


class _Event(NamedTuple):
    run: int
    kind: str  # "progress", "finished", "failed"
    payload: object


class BackgroundTask(QObject):
    """One piece of work at a time. `progress` and `finished` carry the work's own objects;
    events of a run that was cancelled or replaced are dropped, so a late answer can never
    land on a page that has moved on."""

    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(str)  # an unexpected error, already worded for the user
    _wake = Signal()  # emitted by the worker; carries nothing across threads

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._runs = itertools.count(1)
        self._current = 0
        self._cancel: CancelToken | None = None
        self._thread: threading.Thread | None = None
        # deque's append and popleft are thread-safe (and it loads faster than queue).
        self._events: deque[_Event] = deque()
        self._closed = False
        self._wake.connect(self._deliver)

    @property
    def running(self) -> bool:
        return self._current != 0

    def start(self, work: Work) -> None:
        """Start `work(cancel, report_progress)`; a task still running is cancelled first.
        Once closed, nothing starts (a field losing focus as the window closes must not begin
        a search nobody will see)."""
        self.cancel()
        if self._closed:
            return
        run = next(self._runs)
        self._current = run
        from ontime_assist.engine.cancel import CancelToken  # sockets: not needed to start

        cancel = self._cancel = CancelToken()

        def post(kind: str, payload: object) -> None:
            if cancel.cancelled:
                return  # dropped anyway; and its receiver may be gone (the window closed)
            self._events.append(_Event(run, kind, payload))
            # RuntimeError: deleted with its window while this thread was finishing.
            with contextlib.suppress(RuntimeError):
                self._wake.emit()

        def body() -> None:
            try:
                outcome = work(cancel, lambda item: post("progress", item))
            except Exception as exc:  # a bug: report it, never kill the window
                # The traceback goes to the log (redacted), and the sentence says where.
                log.exception("%s: the background work failed", self._name)
                post("failed", internal_error(exc))
                return
            post("finished", outcome)

        self._thread = threading.Thread(target=body, name=self._name, daemon=True)
        self._thread.start()

    @Slot()
    def _deliver(self) -> None:
        while True:
            try:
                event = self._events.popleft()
            except IndexError:
                return
            if event.run != self._current:
                continue  # from a run that was cancelled or replaced
            if event.kind == "progress":
                self.progress.emit(event.payload)
                continue
            self._current = 0
            if event.kind == "finished":
                self.finished.emit(event.payload)
            else:
                self.failed.emit(str(event.payload))

    def cancel(self) -> bool:
        """Stop the running task, if any; its events are dropped from now on. True if one
        was running."""
        was_running = self._current != 0
        if self._cancel is not None:
            self._cancel.cancel()
        self._current = 0
        return was_running

    def close(self, seconds: float = 5.0) -> bool:
        """At shutdown: cancel, start nothing more, and give the worker a moment to end.
        True if it ended."""
        self._closed = True
        self.cancel()
        if self._thread is not None:
            self._thread.join(seconds)
        return self._thread is None or not self._thread.is_alive()
