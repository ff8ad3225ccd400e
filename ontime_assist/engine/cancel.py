"""Cancellation that reaches into blocking socket calls.

A flag alone is not enough: a thread blocked in recv() or in a TLS handshake never looks at it.
So the token also knows the sockets in use and shuts them down, which wakes the blocked call at
once. The same mechanism bounds waits that have no timeout of their own (a TLS handshake fed one
byte at a time): a watchdog cancels the wait when its deadline passes.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
from collections.abc import Callable, Iterator


class Cancelled(Exception):
    """The user (or the caller) stopped the check."""


class WaitExpired(Exception):
    """A single network wait ran past its deadline."""


class CancelToken:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._sockets: set[socket.socket] = set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shutdown_quietly(sock)

    def raise_if_cancelled(self) -> None:
        if self._cancelled:
            raise Cancelled()

    def register(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)
            cancelled = self._cancelled
        if cancelled:
            _shutdown_quietly(sock)
            raise Cancelled()

    def unregister(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)


def _shutdown_quietly(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class Deadline:
    """A point in time a wait must finish by."""

    def __init__(self, seconds: float) -> None:
        self.expires_at = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.expires_at - time.monotonic()

    def remaining_or_raise(self) -> float:
        left = self.remaining()
        if left <= 0:
            raise WaitExpired()
        return left


class _Watchdog:
    """One long-lived thread that fires deadlines, instead of a new timer thread per wait
    (starting a thread costs about as much as a whole local SMTP exchange).

    An action runs while the lock is held, and `unschedule` takes the same lock: once it has
    returned, the action has either run to its end or will never run. Run outside the lock, an
    action taken off the queue just before a late unschedule would still shut the socket down,
    in the middle of the next stage."""

    def __init__(self) -> None:
        self._cond = threading.Condition()  # reentrant: an action may schedule or unschedule
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._cancelled: set[int] = set()
        self._counter = itertools.count()
        self._thread: threading.Thread | None = None

    def schedule(self, seconds: float, action: Callable[[], None]) -> int:
        with self._cond:
            key = next(self._counter)
            heapq.heappush(self._heap, (time.monotonic() + seconds, key, action))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="watchdog", daemon=True)
                self._thread.start()
            self._cond.notify()
            return key

    def unschedule(self, key: int) -> bool:
        """Take the action off the queue. True when it will never run; False when it already
        ran (it has finished by the time this returns)."""
        with self._cond:
            if any(item[1] == key for item in self._heap):
                self._cancelled.add(key)
                return True
            return False

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._heap:
                    self._cond.wait()
                when, key, action = self._heap[0]
                delay = when - time.monotonic()
                if delay > 0:
                    self._cond.wait(delay)
                    continue
                heapq.heappop(self._heap)
                if key in self._cancelled:
                    self._cancelled.discard(key)
                    continue
                with contextlib.suppress(Exception):  # one failing action must not stop the rest
                    action()


_WATCHDOG = _Watchdog()


@contextlib.contextmanager
def watchdog(sock: socket.socket, seconds: float) -> Iterator[threading.Event]:
    """Shut `sock` down if the block inside takes longer than `seconds`.

    Yields an event that is set when the watchdog fired, so the caller can tell a timeout
    from a connection the server closed.
    """
    fired = threading.Event()

    def fire() -> None:
        fired.set()
        _shutdown_quietly(sock)

    key = _WATCHDOG.schedule(max(seconds, 0.0), fire)
    try:
        yield fired
    finally:
        _WATCHDOG.unschedule(key)  # after this, `fired` is final: set only if it did fire
