"""Cancellation that reaches into blocking socket calls.

A flag alone is not enough: a thread blocked in recv() or in a TLS handshake never looks at it.
So the token also knows the sockets in use and shuts them down, which wakes the blocked call at
once. The same mechanism bounds waits that have no timeout of their own (a TLS handshake fed one
byte at a time): a watchdog cancels the wait when its deadline passes.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator


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

    timer = threading.Timer(max(seconds, 0.0), fire)
    timer.daemon = True
    timer.start()
    try:
        yield fired
    finally:
        timer.cancel()
