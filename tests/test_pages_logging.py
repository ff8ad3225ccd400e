"""A trace of every failure: the per-user log (rotated, redacted), the worker's and the
search's tracebacks in it, threads' exceptions, the crash dialog naming the log, and `check`
saying so (exit 2) when the report it was asked for could not be written."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ontime_assist import logs
from tests.helpers import PASSWORD
from tests.servers import Script, scripted_smtp

pytestmark = pytest.mark.gui


@pytest.fixture
def app_log(tmp_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The log as the app sets it up, in the test's own home; the password is a secret the
    run knows."""
    monkeypatch.setattr(logs, "_secret_sources", [lambda: [PASSWORD]])
    path = logs.setup_logging()
    assert path == tmp_home / "logs" / "ontime-assist.log"
    yield path
    logs.stop_logging()


def test_the_workers_internal_error_keeps_its_traceback_in_the_log(qtbot, app_log: Path) -> None:
    from ontime_assist.ui.worker import BackgroundTask

    def work(cancel, progress):  # type: ignore[no-untyped-def]
        settings: dict[str, str] = {}
        return settings[f"tried {PASSWORD}"]  # a KeyError quoting the password

    task = BackgroundTask("check")
    with qtbot.waitSignal(task.failed, timeout=5000) as failed:
        task.start(work)
    message = failed.args[0]
    assert "internal error (KeyError)" in message and str(app_log) in message
    written = app_log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in written and "in work" in written
    assert "KeyError" in written and "check: the background work failed" in written
    assert PASSWORD not in written and "[redacted]" in written


def test_the_search_failing_is_logged(qtbot, make_wizard, app_log: Path) -> None:
    wizard = make_wizard()
    wizard.discovery.dns = object()  # a resolver the search cannot use: it fails
    with qtbot.waitSignal(wizard.discovery.finished, timeout=15000) as finished:
        wizard.discovery.start("dispatch@courier.example")
    assert finished.args == [None]
    written = app_log.read_text(encoding="utf-8")
    assert "discover: the background work failed" in written and "Traceback" in written


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_an_exception_that_ends_a_thread_is_logged(app_log: Path) -> None:
    def body() -> None:
        raise RuntimeError(f"lost {PASSWORD}")

    thread = threading.Thread(target=body, name="probe-helper")
    thread.start()
    thread.join(5)
    written = app_log.read_text(encoding="utf-8")
    assert "unhandled exception in thread probe-helper" in written
    assert "RuntimeError" in written and "in body" in written and PASSWORD not in written


def test_the_crash_dialog_names_the_log_and_nothing_secret(
    qtbot, app_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ontime_assist.ui import app as app_module

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda self: shown.append((self.text(), self.detailedText())) or 0
    )
    old_hook = sys.excepthook
    app_module.install_crash_handler(QApplication.instance())  # type: ignore[arg-type]
    try:
        try:
            raise ValueError(f"boom with {PASSWORD}")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old_hook
    written = app_log.read_text(encoding="utf-8")
    assert "ValueError" in written and PASSWORD not in written and "[redacted]" in written
    [(text, details)] = shown
    assert str(app_log) in text
    assert "ValueError" in details and PASSWORD not in details


def test_the_log_is_rotated(app_log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    handler = logs._handler
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    monkeypatch.setattr(handler, "maxBytes", 2000)
    for number in range(100):
        logs.log.info("line %d of a long session", number)
    assert app_log.with_name("ontime-assist.log.1").exists()
    assert not app_log.with_name(f"ontime-assist.log.{logs.BACKUPS + 1}").exists()


def test_check_exits_2_when_the_report_cannot_be_written(run_cli, tmp_path: Path, certs) -> None:
    blocked = tmp_path / "summary.txt"
    blocked.mkdir()  # a folder where the file should go: it cannot be written
    with scripted_smtp(Script(tls_context=certs.good)) as (server, _):
        result = run_cli(
            "check",
            "--host",
            "127.0.0.1",
            "--port",
            str(server.port),
            "--cafile",
            certs.cafile,
            "--report",
            str(blocked),
        )
    assert result.code == 2
    assert "could not write the report" in result.err
    assert result.out  # the result itself is still printed
