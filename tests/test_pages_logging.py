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
from ontime_assist.steps import StepId
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


def test_the_crash_report_leaves_out_every_password_the_run_held(
    qtbot, app_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A password typed on step 2 and then typed over is still a secret of the run: the crash
    dialog and the log leave out both, as the window the app opens is set up (#20.1)."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    from ontime_assist.ui import app as app_module
    from tests.wizard_driver import page, retype, to_credentials

    first, second = "Old-Secret-1", "New-Secret-2"
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda self: shown.append((self.text(), self.detailedText())) or 0
    )
    monkeypatch.setattr(logs, "_secret_sources", [])  # only what the window's run knows
    old_hook = sys.excepthook
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    wizard = app_module.open_wizard(app)
    try:
        qtbot.waitExposed(wizard)
        to_credentials(qtbot, wizard)
        password = page(wizard, StepId.CREDENTIALS).password
        retype(qtbot, password, first)
        retype(qtbot, password, second)
        try:
            raise ValueError(f"boom with {first} and {second}")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old_hook
        wizard.done(QDialog.DialogCode.Accepted)
        wizard.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    written = app_log.read_text(encoding="utf-8")
    [(_text, details)] = shown
    for text in (written, details):
        assert "ValueError: boom with [redacted] and [redacted]" in text
        assert first not in text and second not in text


def test_the_summary_names_the_log_for_support(qtbot, make_wizard, app_log: Path) -> None:
    """#20.8: the summary says where the run's log is, on the page as in what Copy gives."""
    from PySide6.QtGui import QGuiApplication

    from tests.wizard_driver import click, page, press_next, to_credentials

    wizard = make_wizard()
    to_credentials(qtbot, wizard)
    while wizard.currentId() != StepId.SUMMARY:
        press_next(qtbot, wizard)
    summary = page(wizard, StepId.SUMMARY)
    row = f"Log of this run (for support): {app_log}"
    click(qtbot, summary.copy_button)
    assert row in QGuiApplication.clipboard().text()
    shown = summary.view.toPlainText()  # a table: the row's name and value on their own lines
    assert f"Log of this run (for support)\n{app_log}" in shown


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
