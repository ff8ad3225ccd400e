"""The Qt binding itself must be sound: the wizard runs timers and slots for as long as it is
open (the 10-minute countdown ticks every second)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, QTimer, Signal

pytestmark = pytest.mark.gui


def singleton_references() -> dict[str, int]:
    return {
        "None": sys.getrefcount(None),
        "True": sys.getrefcount(True),
        "False": sys.getrefcount(False),
    }


def assert_kept(before: dict[str, int], after: dict[str, int], what: str) -> None:
    lost = {name: before[name] - after[name] for name in before if after[name] < before[name] - 50}
    assert not lost, f"references lost in {what}: {lost}"


class _Emitter(QObject):
    fired = Signal()


def test_python_slots_do_not_leak_references_to_their_return_value(qtbot) -> None:
    """PySide6 6.12.0 lost a reference to True on every emit() (and to None in timer-driven
    slots); on Python 3.11 the count reaches zero and the interpreter aborts."""
    emitter = _Emitter()
    calls = []

    def slot() -> None:
        calls.append(1)

    emitter.fired.connect(slot)
    before = singleton_references()
    for _ in range(2000):
        emitter.fired.emit()
    after = singleton_references()
    assert len(calls) == 2000
    assert_kept(before, after, "2000 signal emissions to a Python slot")


def test_timer_driven_slots_keep_none_alive(qtbot) -> None:
    ticks = []
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: ticks.append(1))
    before = singleton_references()
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 1000, timeout=10000)
    timer.stop()
    assert_kept(before, singleton_references(), "1000 timer ticks")
