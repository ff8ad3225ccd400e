"""The summary page's Copy, Save as… and Email; the crash handler; --self-test."""

from __future__ import annotations

import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

from ontime_assist.case import OnTimeServerOutcome
from ontime_assist.engine.secret import Secret
from ontime_assist.steps import StepId
from ontime_assist.ui.pages.summary import MAILTO_BODY_LIMIT, mailto_url
from ontime_assist.ui.settings_store import SettingsStore
from ontime_assist.ui.wizard import AssistantWizard
from tests.helpers import PASSWORD
from tests.servers import Script, scripted_smtp
from tests.wizard_driver import click, page, press_next, run_test, to_credentials

pytestmark = pytest.mark.gui


@pytest.fixture
def summary(qtbot, make_wizard, certs):  # type: ignore[no-untyped-def]
    """A wizard on its summary page after a real failing test (relay denied)."""
    wizard = make_wizard()
    session = wizard.session
    session.cafile = certs.cafile
    session.username = session.email = session.from_addr = "dispatch@courier.example"
    session.password = Secret(PASSWORD)
    session.to_addr = "customer@example.org"
    session.ontime_server = OnTimeServerOutcome.WORKED
    with scripted_smtp(
        Script(tls_context=certs.good, rcpt="554 5.7.1 <customer@example.org>: Relay access denied")
    ) as (server, _):
        session.host, session.port = "127.0.0.1", str(server.port)
        wizard.ensure_pages()
        to_credentials(qtbot, wizard, OnTimeServerOutcome.WORKED)
        press_next(qtbot, wizard)
        press_next(qtbot, wizard)
        run_test(qtbot, wizard, page(wizard, StepId.RELAY).send_button)
        press_next(qtbot, wizard)
    assert wizard.currentId() == StepId.SUMMARY
    return page(wizard, StepId.SUMMARY)


def test_summary_names_the_finding_and_reply(summary) -> None:
    text = summary.view.toPlainText()
    assert "The server refuses to pass mail on" in text
    assert "Relay access denied" in text
    assert "Is dispatch@courier.example allowed to send to outside addresses?" in text
    assert PASSWORD not in text


def test_copy_puts_text_and_html_on_the_clipboard(qtbot, summary) -> None:
    click(qtbot, summary.copy_button)
    data = QGuiApplication.clipboard().mimeData()
    assert "Relay access denied" in data.text()
    assert "<h1>" in data.html()
    assert PASSWORD not in data.text() + data.html()
    assert "Copied" in summary.status.text()


@pytest.mark.parametrize(
    "name", ["summary.txt", "summary.md", "summary.html", "summary.pdf", "summary"]
)
def test_save_as_each_format(summary, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    summary.save_to(str(folder / name), "Markdown (*.md)" if name == "summary" else "")
    written = list(folder.iterdir())
    assert len(written) == 1, written  # no temporary file left behind
    data = written[0].read_bytes()
    assert PASSWORD.encode() not in data
    if written[0].suffix == ".pdf":
        assert data.startswith(b"%PDF")
    else:
        assert b"Relay access denied" in data
    assert name != "summary" or written[0].suffix == ".md"
    assert "Saved to" in summary.status.text()


def test_save_to_an_impossible_place_says_so(summary, tmp_path: Path) -> None:
    summary.save_to(str(tmp_path / "missing-folder" / "summary.txt"))
    assert summary.status.text().startswith("⚠ Could not save")


def test_email_without_a_mail_program_says_so_and_prints_nothing(
    qtbot, summary, monkeypatch, tmp_path: Path, capfd
) -> None:
    """No mail program: the page says so; the summary is not printed to the terminal (Qt's own
    warning would print the whole link; pytest-qt also fails a test on any Qt warning)."""
    monkeypatch.setenv("PATH", str(tmp_path))  # no xdg-open, no mail program
    monkeypatch.delenv("BROWSER", raising=False)
    click(qtbot, summary.email_button)
    assert "No email program opened" in summary.status.text()
    assert "Relay access denied" in QGuiApplication.clipboard().text()
    printed = capfd.readouterr()
    assert "mailto" not in printed.err + printed.out


def test_mailto_is_filled_and_shortened(summary) -> None:
    url = mailto_url(summary.report).toString()
    assert url.startswith("mailto:?")
    query = urllib.parse.parse_qs(url.split("?", 1)[1])
    assert query["subject"][0].startswith("Mail account problem:")
    body = query["body"][0]
    assert len(body) <= MAILTO_BODY_LIMIT + 200
    assert "Shortened" in body
    assert PASSWORD not in url


def test_self_test_command(tmp_path: Path) -> None:
    env = {
        **__import__("os").environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ONTIME_ASSIST_HOME": str(tmp_path),
    }
    completed = subprocess.run(
        [sys.executable, "-m", "ontime_assist", "--self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "result: ok" in completed.stdout
    assert "keyring backend:" in completed.stdout
    assert "ms  wizard built" in completed.stdout


EXIT_AFTER_TESTS = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ontime_assist.demo import DemoServer
from ontime_assist.engine.secret import Secret
from ontime_assist.engine.settings import build_settings
from ontime_assist.session import AssistantSession
from ontime_assist.steps import StepTest
from ontime_assist.ui.clipboard import copy_text_and_html, hand_over_at_quit
from ontime_assist.ui.controllers import CheckController
hand_over_at_quit(app)
server = DemoServer(); server.start()
session = AssistantSession()
tests = CheckController(session)
settings = build_settings(host="127.0.0.1", port=server.starttls_port, cafile=server.cafile,
                          username="dispatch@practice-courier.test")
for _ in range(4):
    tests.start(StepTest.SERVER_SETTINGS, settings, Secret("Demo-Pass-2468"),
                session.inputs(StepTest.SERVER_SETTINGS))
    while tests.running:
        app.processEvents(); time.sleep(0.01)
server.stop()
copy_text_and_html("the summary", "<b>the summary</b>")  # then quit, as the app does
QTimer.singleShot(0, app.quit)
app.exec()
print("done")
"""


def test_process_exits_cleanly_after_tests_ran(tmp_path: Path) -> None:
    """Regressions: with PySide6 6.12.0 every emit() dropped a reference to True, and after a
    few tests the interpreter died ("Fatal Python error: bool_dealloc"; tests/test_qt_runtime.py
    checks the binding itself). And a summary copied before quitting crashed the exit: Qt
    deleted the clipboard's Python-made data after the interpreter had gone."""
    env = {
        **__import__("os").environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ONTIME_ASSIST_HOME": str(tmp_path),
    }
    for _ in range(2):
        completed = subprocess.run(
            [sys.executable, "-c", EXIT_AFTER_TESTS],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert completed.returncode == 0, completed.stderr[-1500:]
        assert "Fatal Python error" not in completed.stderr
        assert completed.stdout.strip() == "done"


def test_wizard_opens_even_when_its_settings_folder_cannot_be_made(qtbot, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the settings folder should be")
    wizard = AssistantWizard(settings_store=SettingsStore(blocker / "sub" / "settings.ini"))
    wizard.show()
    wizard.session.host = "smtp.example.com"
    wizard.done(0)  # saving fails quietly; nothing raised
    wizard.deleteLater()
    assert blocker.read_text().startswith("a file")
