"""The watchdog that bounds waits with no time limit of their own (a TLS handshake): a deadline
taken back is taken back, so a shutdown can never land on a connection after the wait it
guarded is over. Ordering only: what ran, and in which order."""

from __future__ import annotations

import socket
import threading

import pytest

from ontime_assist.engine.cancel import _WATCHDOG, watchdog

EVENT_WAIT = 10  # how long a test waits for an event (pytest-timeout is 20)


@pytest.mark.timeout(20)
def test_a_late_unschedule_waits_for_a_firing_watchdog() -> None:
    """Once unschedule has returned, the action has run to its end or never will: a shutdown
    cannot land on the connection after the wait it guarded is over (in the next stage)."""
    firing, release = threading.Event(), threading.Event()
    events: list[str] = []

    def action() -> None:
        firing.set()
        release.wait(EVENT_WAIT)
        events.append("action ended")

    key = _WATCHDOG.schedule(0, action)
    assert firing.wait(EVENT_WAIT)  # taken off the queue and running
    unscheduler = threading.Thread(
        target=lambda: events.append(f"unschedule returned {_WATCHDOG.unschedule(key)}")
    )
    unscheduler.start()
    unscheduler.join(0.5)
    assert unscheduler.is_alive()  # still waiting: the action has not ended
    release.set()
    unscheduler.join()
    assert events == ["action ended", "unschedule returned False"]


def test_an_unscheduled_watchdog_never_fires() -> None:
    left, right = socket.socketpair()
    with left, right:
        with watchdog(left, 0.05) as fired:
            pass
        done = threading.Event()
        _WATCHDOG.schedule(0.1, done.set)  # the queue runs in order: past this, past the first
        assert done.wait(EVENT_WAIT)
        assert not fired.is_set()
        left.sendall(b"still open")
        assert right.recv(16) == b"still open"


def test_a_watchdog_that_fired_says_so_and_shut_the_socket() -> None:
    left, right = socket.socketpair()
    with left, right:
        with watchdog(left, 0) as fired:
            assert fired.wait(EVENT_WAIT)
        assert fired.is_set()
        assert left.recv(16) == b""  # shut down: a blocked read would have woken
