"""The real wizard, driven with pytest-qt (offscreen) against real servers on loopback."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWizard

from ontime_assist.credentials import CredentialStore
from ontime_assist.demo import DEMO_PASSWORD, DemoServer, Situation
from ontime_assist.session import OnTimeServerOutcome
from ontime_assist.ui.page_ids import PageId
from ontime_assist.ui.settings_store import SettingsStore
from ontime_assist.ui.wizard import AssistantWizard
from tests.helpers import PASSWORD
from tests.servers import RawServer, Script, scripted_smtp

pytestmark = pytest.mark.gui


@pytest.fixture
def make_wizard(qtbot, tmp_home: Path):  # type: ignore[no-untyped-def]
    made: list[AssistantWizard] = []

    def make(demo: DemoServer | None = None, store: CredentialStore | None = None):  # type: ignore[no-untyped-def]
        wizard = AssistantWizard(
            settings_store=SettingsStore(tmp_home / "settings.ini"),
            credential_store=store,
            demo=demo,
        )
        qtbot.addWidget(wizard)
        wizard.show()
        made.append(wizard)
        return wizard

    yield make
    for wizard in made:
        wizard.shutdown()


@pytest.fixture
def demo():  # type: ignore[no-untyped-def]
    server = DemoServer()
    server.start()
    yield server
    server.stop()


def next_button(wizard: AssistantWizard):  # type: ignore[no-untyped-def]
    return wizard.button(QWizard.WizardButton.NextButton)


def wait_for_test(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not page.panel.running, timeout=15000)


def go_to(wizard: AssistantWizard, page_id: PageId, qtbot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(8):
        if wizard.currentId() == page_id:
            return
        wizard.next()
        qtbot.wait(10)
    assert wizard.currentId() == page_id


def choose_ontime(wizard: AssistantWizard, outcome: OnTimeServerOutcome) -> None:
    page = wizard.page(PageId.ONTIME_SERVER)
    {
        OnTimeServerOutcome.WORKED: page.worked,
        OnTimeServerOutcome.FAILED: page.failed,
        OnTimeServerOutcome.NOT_TRIED: page.not_tried,
    }[outcome].setChecked(True)


def fill_credentials(qtbot, wizard: AssistantWizard, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page = wizard.page(PageId.CREDENTIALS)
    page.email.clear()
    page.username.clear()
    page.password.clear()
    qtbot.keyClicks(page.email, email)
    qtbot.keyClicks(page.password, password)


def fill_server(qtbot, wizard: AssistantWizard, host: str, port: int, security: str) -> None:  # type: ignore[no-untyped-def]
    page = wizard.page(PageId.SERVER_SETTINGS)
    page.host.clear()
    qtbot.keyClicks(page.host, host)
    page.port.clear()
    qtbot.keyClicks(page.port, str(port))
    page.security.setCurrentIndex(page.security.findData(security))


def test_healthy_server_walkthrough(qtbot, make_wizard, certs) -> None:
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    script = Script(tls_context=certs.good, expected_password=PASSWORD)
    with scripted_smtp(script) as (server, _):
        wizard.next()
        choose_ontime(wizard, OnTimeServerOutcome.WORKED)
        assert next_button(wizard).isEnabled()
        wizard.next()
        assert wizard.currentId() == PageId.CREDENTIALS
        wizard.session.host, wizard.session.port = "127.0.0.1", str(server.port)
        fill_credentials(qtbot, wizard, "dispatch@courier.example", PASSWORD)
        credentials = wizard.page(PageId.CREDENTIALS)
        assert credentials.username.text() == "dispatch@courier.example"  # follows the address
        qtbot.mouseClick(credentials.test_button, Qt.MouseButton.LeftButton)
        wait_for_test(qtbot, credentials)
        assert "no problem found" in credentials.panel.status.text()
        assert credentials.panel.stages.status_of("auth") == "Passed"
        assert credentials.panel.stages.status_of("mail") == "Skipped"
        wizard.next()
        settings_page = wizard.page(PageId.SERVER_SETTINGS)
        assert settings_page.host.text() == "127.0.0.1"
        qtbot.mouseClick(settings_page.test_button, Qt.MouseButton.LeftButton)
        wait_for_test(qtbot, settings_page)
        assert "The login works" in settings_page.panel.findings.toPlainText()
        wizard.next()
        relay = wizard.page(PageId.RELAY)
        assert relay.from_addr.text() == "dispatch@courier.example"
        qtbot.keyClicks(relay.to_addr, "customer@example.org")
        qtbot.mouseClick(relay.send_button, Qt.MouseButton.LeftButton)
        wait_for_test(qtbot, relay)
        assert "The test message was accepted" in relay.panel.findings.toPlainText()
        wizard.next()
    summary = wizard.page(PageId.SUMMARY)
    text = summary.view.toPlainText()
    assert "OnTime settings to enter" in text and "Other Mail Server" in text
    assert PASSWORD not in text


def test_bad_password_is_explained_on_the_credentials_page(qtbot, make_wizard, certs) -> None:
    wizard = make_wizard()
    page = sign_in_with_a_wrong_password(wizard, qtbot, certs)
    assert "user name or password was rejected" in page.panel.status.text()
    assert page.panel.stages.status_of("auth") == "Failed"
    assert "What to do" in page.panel.findings.toPlainText()


def sign_in_with_a_wrong_password(wizard: AssistantWizard, qtbot, certs):  # type: ignore[no-untyped-def]
    """Run "Test sign-in" against a server that refuses the password; return the page."""
    wizard.session.cafile = certs.cafile
    with scripted_smtp(Script(tls_context=certs.good, expected_password="other")) as (server, _):
        wizard.session.host, wizard.session.port = "127.0.0.1", str(server.port)
        go_to_credentials(wizard, qtbot)
        fill_credentials(qtbot, wizard, "dispatch@courier.example", PASSWORD)
        page = wizard.page(PageId.CREDENTIALS)
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        wait_for_test(qtbot, page)
    return page


def go_to_credentials(wizard: AssistantWizard, qtbot) -> None:  # type: ignore[no-untyped-def]
    wizard.next()
    choose_ontime(wizard, OnTimeServerOutcome.NOT_TRIED)
    wizard.next()
    assert wizard.currentId() == PageId.CREDENTIALS


def test_demo_relay_denied(qtbot, make_wizard, demo) -> None:
    wizard = make_wizard(demo=demo)
    welcome = wizard.page(PageId.WELCOME)
    welcome.situation.setCurrentIndex(welcome.situation.findData(Situation.RELAY_DENIED.value))
    wizard.next()  # the situation is applied on leaving the welcome page
    assert wizard.session.password == DEMO_PASSWORD
    choose_ontime(wizard, OnTimeServerOutcome.WORKED)
    go_to(wizard, PageId.RELAY, qtbot)
    relay = wizard.page(PageId.RELAY)
    qtbot.mouseClick(relay.send_button, Qt.MouseButton.LeftButton)
    wait_for_test(qtbot, relay)
    assert "refuses to pass mail on" in relay.panel.status.text()
    wizard.next()
    assert "Is relay to outside addresses allowed" in wizard.page(PageId.SUMMARY).view.toPlainText()


def test_demo_port_mixup_then_find_the_right_settings(qtbot, make_wizard, demo) -> None:
    wizard = make_wizard(demo=demo)
    welcome = wizard.page(PageId.WELCOME)
    welcome.situation.setCurrentIndex(welcome.situation.findData(Situation.PORT_MIXUP.value))
    wizard.next()
    choose_ontime(wizard, OnTimeServerOutcome.WORKED)
    go_to(wizard, PageId.SERVER_SETTINGS, qtbot)
    page = wizard.page(PageId.SERVER_SETTINGS)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    wait_for_test(qtbot, page)
    assert "wants SSL from the very first moment" in page.panel.status.text()
    assert "587" in page.panel.findings.toPlainText()
    qtbot.mouseClick(page.find_button, Qt.MouseButton.LeftButton)
    wait_for_test(qtbot, page)
    assert page.security.currentData() == "ssl"
    assert "no problem found" in page.panel.status.text()
    assert page.problem.isVisibleTo(page) and "SSL" in page.problem.text()
    assert "587" in page.problem.text()  # OnTime probably cannot use SSL from the first byte


def test_demo_situations_app_password_and_smtp_auth(qtbot, make_wizard, demo) -> None:
    wizard = make_wizard(demo=demo)
    expectations = {
        Situation.APP_PASSWORD: "An app password is needed",
        Situation.SMTP_AUTH_DISABLED: "SMTP AUTH",
    }
    for situation, words in expectations.items():
        wizard.restart()
        welcome = wizard.page(PageId.WELCOME)
        welcome.situation.setCurrentIndex(welcome.situation.findData(situation.value))
        wizard.next()
        choose_ontime(wizard, OnTimeServerOutcome.WORKED)
        wizard.next()
        page = wizard.page(PageId.CREDENTIALS)
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        wait_for_test(qtbot, page)
        assert words in page.panel.status.text(), page.panel.status.text()


def test_cancel_mid_test_and_next_is_disabled_meanwhile(qtbot, make_wizard) -> None:
    def silent(conn: socket.socket) -> None:
        conn.settimeout(20)
        while conn.recv(1024):
            pass

    wizard = make_wizard()
    with RawServer(silent) as server:
        wizard.session.host, wizard.session.port = "127.0.0.1", str(server.port)
        wizard.next()
        choose_ontime(wizard, OnTimeServerOutcome.NOT_TRIED)
        go_to(wizard, PageId.SERVER_SETTINGS, qtbot)
        page = wizard.page(PageId.SERVER_SETTINGS)
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.panel.stages.status_of("greeting") == "Testing…", timeout=5000)
        assert not next_button(wizard).isEnabled()
        assert not page.test_button.isEnabled()
        started = time.monotonic()
        qtbot.mouseClick(page.panel.cancel_button, Qt.MouseButton.LeftButton)
        wait_for_test(qtbot, page)
        assert time.monotonic() - started < 3
    assert "stopped" in page.panel.status.text()
    assert next_button(wizard).isEnabled() and page.test_button.isEnabled()


def test_back_and_next_keep_entries_and_results(qtbot, make_wizard, certs) -> None:
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    with scripted_smtp(Script(tls_context=certs.good)) as (server, _):
        go_to_credentials(wizard, qtbot)
        fill_credentials(qtbot, wizard, "dispatch@courier.example", PASSWORD)
        wizard.next()
        fill_server(qtbot, wizard, "127.0.0.1", server.port, "starttls")
        page = wizard.page(PageId.SERVER_SETTINGS)
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        wait_for_test(qtbot, page)
        wizard.back()
        credentials = wizard.page(PageId.CREDENTIALS)
        assert credentials.email.text() == "dispatch@courier.example"
        assert credentials.password.text() == PASSWORD
        wizard.next()
    assert page.host.text() == "127.0.0.1" and page.port.text() == str(server.port)
    assert page.security.currentData() == "starttls"
    assert page.panel.stages.status_of("auth") == "Passed"


def test_branch_when_the_ontime_mail_server_fails_too(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    wizard.next()
    assert not next_button(wizard).isEnabled()  # a choice is needed
    choose_ontime(wizard, OnTimeServerOutcome.FAILED)
    wizard.next()
    assert wizard.currentId() == PageId.NOTIFICATIONS
    wizard.next()
    assert wizard.currentId() == PageId.SUMMARY
    summary = wizard.page(PageId.SUMMARY)
    assert "OnTime support" in summary.audience.text()
    assert "Hello OnTime support" in summary.view.toPlainText()


def test_countdown_can_start_and_skip(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    wizard.next()
    page = wizard.page(PageId.ONTIME_SERVER)
    qtbot.mouseClick(page.start_wait, Qt.MouseButton.LeftButton)
    assert page.countdown.text() in ("10:00 left", "9:59 left")
    qtbot.mouseClick(page.skip_wait, Qt.MouseButton.LeftButton)
    assert "Wait over" in page.countdown.text()
    assert page.start_wait.isEnabled()


def test_pasted_error_is_explained_and_jumps_to_its_step(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    welcome = wizard.page(PageId.WELCOME)
    qtbot.keyClicks(
        welcome.pasted,
        "535 5.7.139 Authentication unsuccessful, "
        "SmtpClientAuthentication is disabled for the Mailbox.",
    )
    qtbot.mouseClick(welcome.explain_button, Qt.MouseButton.LeftButton)
    assert "Sending with a login (SMTP AUTH) is turned off" in welcome.explanation.toPlainText()
    assert welcome.jump_button.isVisibleTo(welcome)
    qtbot.mouseClick(welcome.jump_button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() == PageId.RELAY


@pytest.mark.parametrize(
    ("field", "text", "words"),
    [
        ("host", "https://smtp.office365.com/", "web address"),
        ("host", "smtp.office 365.com", "contains a space"),
        ("port", "58a", "must be a number"),
        ("port", "99999", "between 1 and 65535"),
    ],
)
def test_fields_are_validated_as_typed(qtbot, make_wizard, field, text, words) -> None:
    wizard = make_wizard()
    go_to_credentials(wizard, qtbot)
    wizard.next()
    page = wizard.page(PageId.SERVER_SETTINGS)
    widget = getattr(page, field)
    widget.clear()
    qtbot.keyClicks(widget, text)
    error = getattr(page, f"{field}_error")
    assert error.isVisibleTo(page) and words in error.text()
    assert not next_button(wizard).isEnabled()
    widget.clear()
    qtbot.keyClicks(widget, "587" if field == "port" else "smtp.office365.com")
    assert not error.isVisibleTo(page)
    assert next_button(wizard).isEnabled()


def test_windows_authentication_advice(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    go_to_credentials(wizard, qtbot)
    wizard.next()
    page = wizard.page(PageId.SERVER_SETTINGS)
    fill_server(qtbot, wizard, "smtp.office365.com", 587, "starttls")
    page.windows_auth.setChecked(True)
    assert "Untick" in page.windows_advice.text()
    fill_server(qtbot, wizard, "exchange01", 25, "starttls")
    page.windows_auth.setChecked(False)
    page.windows_auth.setChecked(True)
    assert "Untick" not in page.windows_advice.text()


def test_mfa_shows_app_password_guidance_for_the_provider(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    go_to_credentials(wizard, qtbot)
    page = wizard.page(PageId.CREDENTIALS)
    fill_credentials(qtbot, wizard, "dispatch@gmail.com", "x")
    page.mfa.setChecked(True)
    assert "myaccount.google.com" in page.guidance.text()
    assert wizard.session.host == "smtp.gmail.com"  # the server is guessed from the address
    assert "smtp.gmail.com" in page.server_note.text()


def test_password_field_never_copies_to_the_clipboard(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    go_to_credentials(wizard, qtbot)
    page = wizard.page(PageId.CREDENTIALS)
    QGuiApplication.clipboard().setText("before")
    qtbot.keyClicks(page.password, PASSWORD)
    page.password.toggle.trigger()  # shown
    page.password.selectAll()
    qtbot.keySequence(page.password, "Ctrl+C")
    qtbot.keySequence(page.password, "Ctrl+X")
    assert QGuiApplication.clipboard().text() == "before"
    assert page.password.text() == PASSWORD


def test_settings_are_remembered_but_never_the_password(
    qtbot, make_wizard, tmp_home, memory_keyring, certs
) -> None:
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    with scripted_smtp(Script(tls_context=certs.good)) as (server, _):
        wizard.session.host, wizard.session.port = "127.0.0.1", str(server.port)
        go_to_credentials(wizard, qtbot)
        fill_credentials(qtbot, wizard, "dispatch@courier.example", PASSWORD)
        page = wizard.page(PageId.CREDENTIALS)
        page.remember.setChecked(True)
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        wait_for_test(qtbot, page)
        wizard.next()
    wizard.shutdown()
    on_disk = b"".join(p.read_bytes() for p in tmp_home.rglob("*") if p.is_file())
    assert b"dispatch@courier.example" in on_disk
    assert PASSWORD.encode() not in on_disk
    assert list(memory_keyring.store.values()) == [PASSWORD]
    again = make_wizard()  # "restart the app": the password comes back from the keyring
    assert again.session.host == "127.0.0.1"
    assert again.session.password == PASSWORD
    go_to_credentials(again, qtbot)
    page = again.page(PageId.CREDENTIALS)
    qtbot.mouseClick(page.forget, Qt.MouseButton.LeftButton)
    assert memory_keyring.store == {}
    assert "removed" in page.keyring_note.text()


def test_without_a_keyring_the_wizard_says_so(qtbot, make_wizard) -> None:
    wizard = make_wizard(store=CredentialStore(keyring.backends.fail.Keyring()))
    go_to_credentials(wizard, qtbot)
    page = wizard.page(PageId.CREDENTIALS)
    assert not page.remember.isEnabled()
    assert page.keyring_note.isVisibleTo(page)
    assert "session only" in page.keyring_note.text()


def test_results_of_the_last_session_are_offered_on_the_next_start(
    qtbot, make_wizard, certs
) -> None:
    wizard = make_wizard()
    sign_in_with_a_wrong_password(wizard, qtbot, certs)
    wizard.shutdown()
    again = make_wizard()
    welcome = again.page(PageId.WELCOME)
    welcome.initializePage()
    assert welcome.last_time.isVisibleTo(welcome)
    text = welcome.last_time.text()
    assert "Account credentials" in text and "auth.failed" in text
    assert PASSWORD not in text
