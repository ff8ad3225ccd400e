"""The wizard as a first-time user clicks it: Back stops a test, nothing stale stays on screen,
Escape asks before losing work, the keyboard works, every control has a name, and the words
are the user's (no command-line flags, no ids in headings, OnTime's vocabulary)."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
import trustme
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextBrowser,
    QTimeEdit,
    QTreeWidget,
    QWidget,
    QWizard,
)

from ontime_assist.steps import StepId
from tests.helpers import PASSWORD
from tests.servers import RawServer, Script, scripted_smtp
from tests.wizard_driver import (
    click,
    fill_credentials,
    fill_server,
    page,
    press_back,
    press_next,
    retype,
    run_test,
    store_answers,
    to_credentials,
    to_server_settings,
)

pytestmark = pytest.mark.gui
USER = "dispatch@courier.example"


def never_speaks(conn: socket.socket) -> None:
    conn.settimeout(30)
    while conn.recv(1024):
        pass


def test_back_stops_a_running_test_and_nothing_arrives_later(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    with RawServer(never_speaks) as server:
        to_credentials(qtbot, wizard)
        press_next(qtbot, wizard)
        fill_server(qtbot, wizard, "127.0.0.1", server.port, "starttls")
        settings_page = page(wizard, StepId.SERVER_SETTINGS)
        with qtbot.waitSignal(
            wizard.tests.stage_changed,
            check_params_cb=lambda _key, stage: (
                stage.name == "greeting" and stage.status == "running"
            ),
            timeout=5000,
        ):
            click(qtbot, settings_page.test_button)
        assert settings_page.panel.progress.isVisible()
        assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        with qtbot.waitSignal(wizard.tests.stopped, timeout=3000):
            press_back(qtbot, wizard)
        assert not wizard.tests.running
        assert wizard.session.records == {}  # the stopped test left no result behind
        press_next(qtbot, wizard)
        assert settings_page.panel.stages.topLevelItemCount() == 0  # nothing stale on screen
        assert settings_page.test_button.isEnabled()  # a new test can start: one at a time


def test_stop_button_ends_a_waiting_test(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    with RawServer(never_speaks) as server:
        to_credentials(qtbot, wizard)
        press_next(qtbot, wizard)
        fill_server(qtbot, wizard, "127.0.0.1", server.port, "starttls")
        settings_page = page(wizard, StepId.SERVER_SETTINGS)
        with qtbot.waitSignal(wizard.tests.started, timeout=3000):
            click(qtbot, settings_page.test_button)
        with qtbot.waitSignal(wizard.tests.ended, timeout=3000):
            click(qtbot, settings_page.panel.stop_button)
    assert "stopped" in settings_page.panel.status.text()
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_results_belong_to_their_settings(qtbot, make_wizard, certs) -> None:
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    with scripted_smtp(Script(tls_context=certs.good, expected_password=PASSWORD)) as (server, _):
        to_credentials(qtbot, wizard)
        credentials = page(wizard, StepId.CREDENTIALS)
        click(qtbot, credentials.test_button)  # nothing entered yet
        assert (
            credentials.problem.isVisible() and "Enter the user name" in credentials.problem.text()
        )
        fill_credentials(qtbot, wizard, USER, PASSWORD)
        assert not credentials.problem.isVisible()  # the hint goes once the fields are filled
        press_next(qtbot, wizard)
        fill_server(qtbot, wizard, "127.0.0.1", server.port, "starttls")
        settings_page = page(wizard, StepId.SERVER_SETTINGS)
        assert "no problem found" in run_test(qtbot, wizard, settings_page.test_button)
        retype(qtbot, settings_page.port, "10587")
        status = settings_page.panel.status.text()
        assert f"port {server.port} → 10587" in status and "Test again" in status
        assert settings_page.panel.stages.topLevelItemCount() == 0
        press_back(qtbot, wizard)
        assert "port 10587" in credentials.server_note.text()  # never the old port


def test_the_countdown_keeps_running_after_back_and_next(qtbot, make_wizard) -> None:
    now = [1000.0]  # the page's clock, moved by the test: no wall-clock timing
    wizard = make_wizard(clock=lambda: now[0])
    press_next(qtbot, wizard)
    step_one = page(wizard, StepId.ONTIME_SERVER)
    click(qtbot, step_one.start_wait)
    assert step_one.countdown.text() == "10:00 left"
    now[0] += 1
    with qtbot.waitSignal(step_one.timer.timeout, timeout=3000):
        pass
    assert step_one.countdown.text() == "9:59 left"
    press_back(qtbot, wizard)
    now[0] += 60  # a minute on other pages: the wait went on
    press_next(qtbot, wizard)
    assert step_one.countdown.text() == "8:59 left"
    now[0] += 9 * 60
    with qtbot.waitSignal(step_one.timer.timeout, timeout=3000):
        pass
    assert "Wait over" in step_one.countdown.text()  # ended by itself at 0:00
    assert step_one.start_wait.isEnabled()


def test_the_stage_list_shows_the_failing_stage_without_scrolling(
    qtbot, make_wizard, certs
) -> None:
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    script = Script(tls_context=certs.good, rcpt="554 5.7.1 <c@x.example>: Relay access denied")
    with scripted_smtp(script) as (server, _):
        to_server_settings(qtbot, wizard, server.port, USER, PASSWORD)
        press_next(qtbot, wizard)
        relay = page(wizard, StepId.RELAY)
        retype(qtbot, relay.to_addr, "c@x.example")
        run_test(qtbot, wizard, relay.send_button)
    stages = relay.panel.stages
    failed = next(
        stages.topLevelItem(i)
        for i in range(stages.topLevelItemCount())
        if stages.topLevelItem(i).text(1) == "Failed"
    )
    assert failed.text(0) == "Recipient address"
    assert stages.viewport().rect().contains(stages.visualItemRect(failed))
    notes = " ".join(stages.topLevelItem(i).text(3) for i in range(stages.topLevelItemCount()))
    assert "TLS" not in notes and "ECDHE" not in notes  # cipher names sit behind the tooltip
    listed = [stages.topLevelItem(i).text(0) for i in range(stages.topLevelItemCount())]
    assert "Test message" not in listed  # not reached: not listed


def test_a_wrong_field_is_said_once_under_it_and_the_cursor_goes_there(
    qtbot, make_wizard, certs
) -> None:
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    with scripted_smtp(Script(tls_context=certs.good)) as (server, log):
        to_server_settings(qtbot, wizard, server.port, USER, PASSWORD)
        press_next(qtbot, wizard)
        relay = page(wizard, StepId.RELAY)
        retype(qtbot, relay.to_addr, "customer at example.org")
        click(qtbot, relay.send_button)
    assert relay.to_error.isVisible() and "is not an email address" in relay.to_error.text()
    assert relay.problem.isVisible()
    assert relay.problem.text() == "⚠ First correct the field above: its note says what is wrong."
    assert relay.to_addr.hasFocus()
    assert log == []  # nothing was tried


# The offscreen platform cannot size native dialogs; it says so on every message box.
@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_escape_asks_before_losing_results_and_can_copy_the_summary(
    qtbot, make_wizard, certs
) -> None:
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    with scripted_smtp(Script(tls_context=certs.good)) as (server, _):
        to_server_settings(qtbot, wizard, server.port, USER, PASSWORD)
        run_test(qtbot, wizard, page(wizard, StepId.SERVER_SETTINGS).test_button)

    def answer(label: str) -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
        assert "What was tested so far will be lost" in box.text()
        target = next(b for b in box.buttons() if b.text().replace("&", "") == label)
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton)

    QTimer.singleShot(200, lambda: answer("Keep working"))
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible()
    QTimer.singleShot(200, lambda: answer("Keep working"))
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    assert wizard.isVisible()
    QGuiApplication.clipboard().setText("before")
    QTimer.singleShot(200, lambda: answer("Copy the summary and close"))
    wizard.close()  # the window's close box
    assert not wizard.isVisible()
    copied = QGuiApplication.clipboard().text()
    assert "Conversation with the server" in copied and PASSWORD not in copied


def test_escape_without_results_closes_at_once(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()


def mnemonics(widget: QWidget) -> list[str]:
    found = []
    for child in widget.findChildren(QWidget):
        if not child.isVisibleTo(widget):
            continue
        text = child.text() if isinstance(child, QAbstractButton | QLabel) else ""
        found += [m.lower() for m in re.findall(r"&([^&\s])", text)]
    return found


@pytest.mark.parametrize("step", list(StepId))
def test_mnemonics_are_unique_on_every_page(qtbot, make_wizard, step: StepId) -> None:
    wizard = make_wizard()
    shown = mnemonics(page(wizard, step))
    buttons = [
        wizard.buttonText(b)
        for b in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton)
    ]
    shown += [m.lower() for text in buttons for m in re.findall(r"&([^&\s])", text)]
    assert len(shown) == len(set(shown)), f"{step.name}: {sorted(shown)}"


def test_enter_means_next_not_the_focused_button(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    press_next(qtbot, wizard)
    step_one = page(wizard, StepId.ONTIME_SERVER)
    click(qtbot, step_one.not_tried)
    step_one.start_wait.setFocus()
    with qtbot.waitSignal(wizard.currentIdChanged, timeout=3000):
        qtbot.keyClick(step_one.start_wait, Qt.Key.Key_Return)
    assert wizard.currentId() == StepId.CREDENTIALS
    assert step_one.start_wait.isEnabled()  # the wait was not started by Enter


INTERACTIVE = (QLineEdit, QComboBox, QPlainTextEdit, QTextBrowser, QTreeWidget, QTimeEdit)


@pytest.mark.parametrize("step", list(StepId))
def test_every_control_has_an_accessible_name(qtbot, make_wizard, step: StepId) -> None:
    wizard = make_wizard()
    for child in page(wizard, step).findChildren(QWidget):
        if child.objectName().startswith("qt_"):
            continue  # Qt's own parts of a control (a time field's text box): named by it
        if isinstance(child, QAbstractButton):
            assert child.accessibleName() or child.text().replace("&", "").strip(), child
        elif isinstance(child, INTERACTIVE) and child.focusPolicy() != Qt.FocusPolicy.NoFocus:
            assert child.accessibleName(), f"{step.name}: {type(child).__name__} has no name"


@pytest.mark.parametrize("step", list(StepId))
def test_a_labelled_controls_name_contains_its_label(qtbot, make_wizard, step: StepId) -> None:
    """What a person sees beside a field is in what a screen reader or voice control calls it
    (WCAG 2.5.3, label in name): "Send the test to", not a different name for the same field."""
    wizard = make_wizard()
    for label in page(wizard, step).findChildren(QLabel):
        field = label.buddy()
        if field is None or not field.accessibleName():
            continue
        seen = label.text().replace("&", "").rstrip(":").strip().lower()
        seen = seen.split(" (")[0]  # an aside in brackets may be left out
        assert seen in field.accessibleName().lower(), (label.text(), field.accessibleName())


def all_visible_text(widget: QWidget) -> str:
    parts = []
    for child in widget.findChildren(QWidget):
        if isinstance(child, QLabel | QAbstractButton):
            parts.append(child.text())
        elif isinstance(child, QTextBrowser):
            parts.append(child.toPlainText())
    return "\n".join(parts)


def test_words_after_a_full_run(qtbot, make_wizard, certs) -> None:
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    with scripted_smtp(Script(tls_context=certs.good, expected_password=PASSWORD)) as (server, _):
        wizard.session.host, wizard.session.port = "127.0.0.1", str(server.port)  # last time's
        to_credentials(qtbot, wizard)
        fill_credentials(qtbot, wizard, USER, PASSWORD)
        run_test(qtbot, wizard, page(wizard, StepId.CREDENTIALS).test_button)
        press_next(qtbot, wizard)
        fill_server(qtbot, wizard, "127.0.0.1", server.port, "auto")
        run_test(qtbot, wizard, page(wizard, StepId.SERVER_SETTINGS).test_button)
        press_next(qtbot, wizard)
        relay = page(wizard, StepId.RELAY)
        run_test(qtbot, wizard, relay.send_button) if relay.to_addr.text() else None
        press_next(qtbot, wizard)
    for step in StepId:
        shown = page(wizard, step)
        text = all_visible_text(shown) + shown.title() + shown.subTitle()
        assert not re.search(r"(?<![\w-])--[a-z]", text), f"a command-line flag on {step.name}"
        assert not re.search(r"\((?:[a-z]+\.[a-z_]+)(?:, [a-z]+)?\)", text), step.name
        assert ".”." not in text and "• 1." not in text
        assert "Encryption: starttls" not in text
    welcome = page(wizard, StepId.WELCOME).subTitle() + all_visible_text(
        page(wizard, StepId.WELCOME)
    )
    assert "in its 5 steps" in welcome and "four checks" not in welcome  # as "Step 1 of 5"


def test_the_show_password_button_is_an_eye_that_changes(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    to_credentials(qtbot, wizard)
    field = page(wizard, StepId.CREDENTIALS).password
    shown_before = field.toggle.icon().cacheKey()
    field.toggle.trigger()
    assert field.echoMode() == QLineEdit.EchoMode.Normal
    assert field.toggle.text() == "Hide password"
    assert field.toggle.icon().cacheKey() != shown_before


def test_practice_mode_from_the_welcome_page(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    welcome = page(wizard, StepId.WELCOME)
    click(qtbot, welcome.practice_button)
    assert welcome.situation is not None and welcome.situation.isVisible()
    assert "practice mode" in wizard.windowTitle()
    press_next(qtbot, wizard)
    assert wizard.session.host == "127.0.0.1" and wizard.session.password


def test_a_companys_own_authority_can_be_trusted_for_its_server(
    qtbot, make_wizard, tmp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office_ca = trustme.CA(organization_name="Courier Office CA")
    office_file = tmp_home / "office-ca.pem"
    office_ca.cert_pem.write_to_path(str(office_file))
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    office_ca.issue_cert("127.0.0.1").configure_cert(context)
    wizard = make_wizard()
    with scripted_smtp(Script(tls_context=context, expected_password=PASSWORD)) as (server, _):
        to_server_settings(qtbot, wizard, server.port, USER, PASSWORD)
        settings_page = page(wizard, StepId.SERVER_SETTINGS)
        assert "not from a trusted authority" in run_test(qtbot, wizard, settings_page.test_button)
        advice = settings_page.panel.findings.toPlainText()
        assert "authority this computer does not know" in advice
        assert "name that matches" not in advice  # the name did match
        monkeypatch.setattr(
            "PySide6.QtWidgets.QFileDialog.getOpenFileName",
            lambda *a, **k: (str(office_file), ""),
        )
        click(qtbot, settings_page.trust_button)
        assert "Courier Office CA" in settings_page.trusted.text()
        status = run_test(qtbot, wizard, settings_page.test_button)
        assert "works from this computer, with a warning" in status
        wizard.remember()
    again = make_wizard()  # remembered for this server, never as "no checks"
    assert again.session.trusted_authority is not None
    assert again.session.trusted_authority.host == "127.0.0.1"
    press_next(qtbot, wizard)
    press_next(qtbot, wizard)
    text = page(wizard, StepId.SUMMARY).view.toPlainText()
    assert "Also trusted for this server" in text and "Courier Office CA" in text


def test_a_password_proven_on_the_server_page_is_remembered_for_next_time(
    qtbot, make_wizard, certs, memory_keyring
) -> None:
    from ontime_assist.credentials import service_name

    wizard = make_wizard()
    wizard.session.cafile = certs.cafile  # the test server's authority, as a trusted CA file
    with scripted_smtp(Script(tls_context=certs.good, expected_password=PASSWORD)) as (server, _):
        to_credentials(qtbot, wizard)
        fill_credentials(qtbot, wizard, USER, PASSWORD)
        credentials = page(wizard, StepId.CREDENTIALS)
        click(qtbot, credentials.remember)
        assert memory_keyring.store == {}  # no server yet: nothing is filed under nothing
        press_next(qtbot, wizard)
        fill_server(qtbot, wizard, "127.0.0.1", server.port, "starttls")
        settings_page = page(wizard, StepId.SERVER_SETTINGS)
        with store_answers(qtbot, wizard, "save"):
            assert "no problem found" in run_test(qtbot, wizard, settings_page.test_button)
    assert memory_keyring.store == {(service_name("127.0.0.1"), USER): PASSWORD}
    press_back(qtbot, wizard)
    assert "remembered for" in credentials.keyring_note.text()

    again = make_wizard()  # the next day: settings and the saved password are back
    with store_answers(qtbot, again, "load"):
        to_credentials(qtbot, again)
    returned = page(again, StepId.CREDENTIALS)
    assert returned.remember.isChecked()
    assert returned.password.text() == PASSWORD
