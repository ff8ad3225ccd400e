"""The summary page's Copy, Save as… and Email; the crash handler; --self-test."""

from __future__ import annotations

import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

from ontime_assist.case import OnTimeServerOutcome
from ontime_assist.engine.redaction.secret import Secret
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


def test_self_test_reports_a_page_a_build_lacks_instead_of_crashing(tmp_path: Path) -> None:
    """A frozen build that lost a module the wizard imports: `--self-test` says so in its
    report (exit 1), rather than dying on an import before it can report anything."""
    env = {
        **__import__("os").environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ONTIME_ASSIST_HOME": str(tmp_path),
    }
    lacking = (
        "import sys\n"
        "sys.modules['ontime_assist.ui.pages.welcome'] = None  # as if the build had lost it\n"
        "from ontime_assist.cli import main\n"
        "sys.exit(main(['--self-test']))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", lacking], capture_output=True, text=True, timeout=120, env=env
    )
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "self-test" in completed.stdout and "result: FAILED" in completed.stdout
    assert "PROBLEM: wizard:" in completed.stdout and "welcome" in completed.stdout
    assert "internal error" not in completed.stdout + completed.stderr


EXIT_AFTER_TESTS = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ontime_assist.demo import DemoServer
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.redaction.secret import Secret
from ontime_assist.engine.check.settings import build_settings
from ontime_assist.session import AssistantSession
from ontime_assist.ui.clipboard import copy_text_and_html, hand_over_at_quit
from ontime_assist.ui.controllers import CheckController
hand_over_at_quit(app)
server = DemoServer(); server.start()
session = AssistantSession()
tests = CheckController(session)
settings = build_settings(host="127.0.0.1", port=server.starttls_port, cafile=server.cafile,
                          username="dispatch@practice-courier.test")
for _ in range(4):
    tests.start(Step.SERVER_SETTINGS, settings, Secret("Demo-Pass-2468"),
                session.inputs(Step.SERVER_SETTINGS))
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


def test_a_password_typed_key_by_key_does_not_cut_words_out_of_the_summary(
    qtbot, make_wizard, certs
) -> None:
    """Typing "passw0rd-long" passes through "pas", "pass", "passw"…: those are not passwords
    the run held, so the summary's "password" stays a word; the password itself never shows."""
    from ontime_assist.report.text import render_text
    from tests.wizard_driver import to_server_settings

    typed = "passw0rd-long"
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    with scripted_smtp(Script(tls_context=certs.good, expected_password=typed)) as (server, _):
        to_server_settings(qtbot, wizard, server.port, "dispatch@courier.example", typed)
        status = run_test(qtbot, wizard, page(wizard, StepId.SERVER_SETTINGS).test_button)
        assert "no problem found" in status
        press_next(qtbot, wizard)
        press_next(qtbot, wizard)
    text = render_text(page(wizard, StepId.SUMMARY).report)
    assert "Password: the password you tested here (never shown)" in text
    assert typed not in text
    cut = [line for line in text.splitlines() if "[redacted]" in line]
    assert cut and all(line.endswith("~> [redacted]") for line in cut)  # the AUTH lines only


def test_step_4_not_tested_names_no_test_that_did_not_run(qtbot, make_wizard, demo) -> None:
    """Only step 2's test ran (the practice port mix-up): the summary's step 4 line does not
    speak of step 3's test, which never ran."""
    from ontime_assist.demo import Situation
    from ontime_assist.report.text import render_text
    from tests.wizard_driver import answer_step_one, choose

    wizard = make_wizard(demo=demo)
    choose(qtbot, page(wizard, StepId.WELCOME).situation, Situation.PORT_MIXUP.value)
    press_next(qtbot, wizard)
    answer_step_one(qtbot, wizard, OnTimeServerOutcome.WORKED)
    press_next(qtbot, wizard)
    run_test(qtbot, wizard, page(wizard, StepId.CREDENTIALS).test_button)
    while wizard.currentId() != StepId.SUMMARY:
        press_next(qtbot, wizard)
    text = render_text(page(wizard, StepId.SUMMARY).report)
    step_4 = next(line for line in text.splitlines() if "Step 4, Account configuration" in line)
    assert "step 3" not in step_4
    assert "Not tested: no test message was sent to an outside address" in step_4


def test_the_first_save_opens_in_the_users_documents(
    qtbot, make_wizard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen in a real window: the first Save opened in the folder the program was started
    from. It opens in the user's Documents folder."""
    documents = tmp_path / "person" / "Documents"
    documents.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(tmp_path / "person"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "person" / ".config"))
    asked: list[str] = []

    def save_dialog(_parent, _title, start, *_a, **_k):  # type: ignore[no-untyped-def]
        asked.append(start)
        return "", ""  # the user cancels

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", save_dialog)
    wizard = make_wizard()
    to_credentials(qtbot, wizard)
    while wizard.currentId() != StepId.SUMMARY:
        press_next(qtbot, wizard)
    click(qtbot, page(wizard, StepId.SUMMARY).save_button)
    assert [Path(start).parent for start in asked] == [documents]


def test_a_refusal_seen_with_earlier_settings_is_said_not_hidden_as_not_tested(
    qtbot, make_wizard, certs
) -> None:
    """Seen in a real window: step 4 refused relay on port 587; the user then tried port 465
    on step 3, which passed. The summary said "Step 4: Not tested" and "sending to an outside
    address was not tested" beside settings whose relay had been refused minutes earlier."""
    from ontime_assist.report.text import render_text
    from tests.wizard_driver import choose, press_back, retype, to_server_settings

    refused = "550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain"
    user = "dispatch@courier.example"
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    starttls = Script(tls_context=certs.good, expected_password=PASSWORD, rcpt=refused)
    implicit = Script(tls_context=certs.good, implicit_tls=True, expected_password=PASSWORD)
    with scripted_smtp(starttls) as (plain, _), scripted_smtp(implicit) as (ssl_port, _):
        to_server_settings(qtbot, wizard, plain.port, user, PASSWORD)
        server = page(wizard, StepId.SERVER_SETTINGS)
        assert "no problem found" in run_test(qtbot, wizard, server.test_button)
        press_next(qtbot, wizard)
        relay = page(wizard, StepId.RELAY)
        retype(qtbot, relay.to_addr, "customer@example.org")
        assert "refuses to pass mail on" in run_test(qtbot, wizard, relay.send_button)
        press_back(qtbot, wizard)
        retype(qtbot, server.port, str(ssl_port.port))
        choose(qtbot, server.security, "ssl")
        assert "OnTime probably cannot use" in run_test(qtbot, wizard, server.test_button)
        press_next(qtbot, wizard)
        press_next(qtbot, wizard)
    summary = page(wizard, StepId.SUMMARY)
    text = render_text(summary.report)
    step_4 = next(line for line in text.splitlines() if "Step 4, Account configuration" in line)
    assert "Not tested with the settings as they are now. Earlier, on step 4 at" in step_4
    assert f"port {plain.port} with STARTTLS" in step_4
    assert "The server refuses to pass mail on to other domains" in step_4
    assert (
        "sending to an outside address was not tested with these settings (earlier, on step 4 "
        in text
    )
    assert "with other settings: the server refuses to pass mail on to other domains)" in text
    assert "))" not in step_4
    said = summary.next_steps.text()
    assert "not tested with these settings. Earlier, on step 4 at" in said


def test_a_pass_with_ssl_from_the_first_byte_says_what_ontime_can_use(
    qtbot, make_wizard, certs
) -> None:
    """Seen in a real window: port 465 passed and step 3 said "no problem found" above a note
    that OnTime probably cannot use it. The status says both, as the summary's "Tests run"."""
    from ontime_assist.report.text import render_text
    from tests.wizard_driver import choose, to_server_settings

    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    implicit = Script(tls_context=certs.good, implicit_tls=True, expected_password=PASSWORD)
    with scripted_smtp(implicit) as (server, _):
        to_server_settings(qtbot, wizard, server.port, "dispatch@courier.example", PASSWORD)
        settings_page = page(wizard, StepId.SERVER_SETTINGS)
        choose(qtbot, settings_page.security, "ssl")
        status = run_test(qtbot, wizard, settings_page.test_button)
        press_next(qtbot, wizard)
        press_next(qtbot, wizard)
    said = "works from this computer, but OnTime probably cannot use SSL from the first byte"
    assert status.startswith(f"Result: {said}") and "no problem found" not in status
    text = render_text(page(wizard, StepId.SUMMARY).report)
    assert f"as dispatch@courier.example: {said}" in text


def test_no_test_notification_is_claimed_unless_the_user_says_one_was_sent(
    qtbot, make_wizard
) -> None:
    """Seen in a real window: the notifications page's time box opens at the current time,
    and the summary for OnTime support said "Test notification sent: <now>" although the user
    had said nothing of the kind. Only ticking "I sent a test notification" says so."""
    from ontime_assist.report.text import render_text
    from tests.wizard_driver import answer_step_one, press_back

    wizard = make_wizard()
    press_next(qtbot, wizard)
    answer_step_one(qtbot, wizard, OnTimeServerOutcome.FAILED)
    press_next(qtbot, wizard)
    branch = page(wizard, StepId.NOTIFICATIONS)
    assert not branch.sent.isChecked() and not branch.sent_at.isEnabled()
    press_next(qtbot, wizard)
    assert "Test notification sent" not in render_text(page(wizard, StepId.SUMMARY).report)
    press_back(qtbot, wizard)
    click(qtbot, branch.sent)
    assert branch.sent_at.isEnabled()
    shown = branch.sent_at.time().toString("HH:mm")
    press_next(qtbot, wizard)
    text = render_text(page(wizard, StepId.SUMMARY).report)
    line = next(row for row in text.splitlines() if "Test notification sent:" in row)
    assert shown in line
