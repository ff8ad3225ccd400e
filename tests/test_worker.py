"""The background task: what happens around a window's end (closing, deletion), where a thread
and a Qt object can outlive each other."""

from __future__ import annotations

import threading

import pytest
import shiboken6

from ontime_assist.ui.worker import BackgroundTask

pytestmark = pytest.mark.gui


def test_a_closed_task_starts_nothing(qtbot) -> None:
    task = BackgroundTask("closed")
    assert task.close(1.0)
    called = threading.Event()
    task.start(lambda cancel, progress: called.set())
    assert not task.running
    assert not called.wait(0.2)


def test_progress_and_result_arrive_on_the_ui_thread(qtbot) -> None:
    task = BackgroundTask("answer")
    received_on: list[tuple[str, threading.Thread]] = []
    task.progress.connect(
        lambda _item: received_on.append(("progress", threading.current_thread()))
    )
    task.finished.connect(
        lambda _item: received_on.append(("finished", threading.current_thread()))
    )

    def work(cancel, progress) -> str:  # type: ignore[no-untyped-def]
        progress(threading.current_thread().name)
        return threading.current_thread().name

    with qtbot.waitSignal(task.finished, timeout=5000) as finished:
        task.start(work)
    assert finished.args == ["answer"]  # made on the worker thread…
    ui_thread = threading.main_thread()
    assert threading.current_thread() is ui_thread
    assert received_on == [("progress", ui_thread), ("finished", ui_thread)]  # …received here
    assert not task.running


def test_a_thread_that_outlives_its_task_object_ends_quietly(qtbot) -> None:
    """The window (and its tasks) deleted while a worker is still finishing: the worker must
    end without an exception (pytest reports exceptions in threads as failures)."""
    task = BackgroundTask("orphan")
    release = threading.Event()

    def work(cancel, progress) -> str:  # type: ignore[no-untyped-def]
        release.wait(5)
        return "late"

    task.start(work)
    worker = task._thread  # the thread itself: its end is what this test waits for
    assert worker is not None
    shiboken6.delete(task)
    release.set()
    worker.join(5)
    assert not worker.is_alive()
