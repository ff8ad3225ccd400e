"""The real wizard, clicked through with pytest-qt (offscreen) against real servers on loopback:
the paths a first-time user takes, from the address typed to the summary."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWizard

from ontime_assist.case import OnTimeServerOutcome
from ontime_assist.demo import DEMO_PASSWORD, Situation
from ontime_assist.engine.discovery.dns_lookup import Dns, parse_nameserver
from ontime_assist.steps import StepId
from tests.discovery_world import world
from tests.helpers import PASSWORD
from tests.servers import Script, scripted_smtp
from tests.wizard_driver import (
    answer_step_one,
    choose,
    click,
    fill_credentials,
    fill_server,
    page,
    press_back,
    press_next,
    retype,
    run_test,
    to_credentials,
    to_server_settings,
)

pytestmark = pytest.mark.gui
USER = "dispatch@courier.example"


def summary_text(qtbot, wizard) -> str:  # type: ignore[no-untyped-def]
    while wizard.currentId() != StepId.SUMMARY:
        press_next(qtbot, wizard)
    return str(page(wizard, StepId.SUMMARY).view.toPlainText())


def _sign_in_row(stages) -> str:  # type: ignore[no-untyped-def]
    """The "Sign in" row's result as a screen reader reads it ("" when the row is not listed)."""
    rows = stages.findItems("Sign in", Qt.MatchFlag.MatchExactly, 0)
    return str(rows[0].data(1, Qt.ItemDataRole.AccessibleTextRole)) if rows else ""


def test_healthy_server_from_address_to_summary(qtbot, make_wizard, certs) -> None:
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    with scripted_smtp(Script(tls_context=certs.good, expected_password=PASSWORD)) as (server, _):
        to_credentials(qtbot, wizard, OnTimeServerOutcome.WORKED)
        fill_credentials(qtbot, wizard, USER, PASSWORD)
        credentials = page(wizard, StepId.CREDENTIALS)
        assert credentials.username.text() == USER
        press_next(qtbot, wizard)
        fill_server(qtbot, wizard, "127.0.0.1", server.port, "starttls")
        settings_page = page(wizard, StepId.SERVER_SETTINGS)
        assert "no problem found" in run_test(qtbot, wizard, settings_page.test_button)
        assert _sign_in_row(settings_page.panel.stages) == "Passed"
        press_next(qtbot, wizard)
        relay = page(wizard, StepId.RELAY)
        assert relay.from_addr.text() == USER
        retype(qtbot, relay.to_addr, "customer@example.org")
        run_test(qtbot, wizard, relay.send_button)
        assert "The test message was accepted" in relay.panel.findings.toPlainText()
        text = summary_text(qtbot, wizard)
    assert "OnTime settings to enter" in text and "Other Mail Server" in text
    assert "If OnTime still fails" in text and "could not confirm" in text
    assert "our own mail account is the problem" not in text
    assert "reachable only inside this network" in text  # the server was on loopback
    assert PASSWORD not in text
    steps = page(wizard, StepId.SUMMARY).next_steps.text()
    assert "switch it back to Other Mail Server" in steps and "10 minutes" in steps


def test_an_accented_from_address_gets_the_plain_words_finding(qtbot, make_wizard, certs) -> None:
    """Typed into step 4 by keyboard: the server lacks SMTPUTF8, so the page says which letter
    it cannot take and what to change in OnTime, instead of failing in a way no one can read."""
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    with scripted_smtp(Script(tls_context=certs.good, expected_password=PASSWORD)) as (server, log):
        to_server_settings(qtbot, wizard, server.port, USER, PASSWORD, OnTimeServerOutcome.WORKED)
        press_next(qtbot, wizard)
        relay = page(wizard, StepId.RELAY)
        retype(qtbot, relay.from_addr, "jürgen@courier.example")
        retype(qtbot, relay.to_addr, "customer@example.org")
        status = run_test(qtbot, wizard, relay.send_button)
    findings = relay.panel.findings.toPlainText()
    assert "An address has letters the server cannot take" in status + findings
    assert "“ü” before the @" in findings and "In OnTime's From field" in findings
    assert not any(line.upper().startswith("MAIL") for line in log)


def test_a_wrong_password_on_step_2_stays_the_cause_on_later_steps(
    qtbot, make_wizard, certs
) -> None:
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    script = Script(tls_context=certs.good, expected_password="the-real-one")
    with scripted_smtp(script) as (server, _):
        wizard.session.host, wizard.session.port = "127.0.0.1", str(server.port)
        to_credentials(qtbot, wizard)
        fill_credentials(qtbot, wizard, USER, PASSWORD)
        credentials = page(wizard, StepId.CREDENTIALS)
        status = run_test(qtbot, wizard, credentials.test_button)
        assert "user name or password was rejected" in status
        assert _sign_in_row(credentials.panel.stages) == "Failed"
        press_next(qtbot, wizard)
        run_test(qtbot, wizard, page(wizard, StepId.SERVER_SETTINGS).test_button)
        press_next(qtbot, wizard)
        relay = page(wizard, StepId.RELAY)
        retype(qtbot, relay.to_addr, "customer@example.org")
        run_test(qtbot, wizard, relay.send_button)
        text = summary_text(qtbot, wizard)
    assert "Problem: The user name or password was rejected." in text


def test_the_password_left_empty_is_named_as_the_cause(qtbot, make_wizard, certs) -> None:
    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    script = Script(
        tls_context=certs.good,
        rcpt="554 5.7.1 <customer@example.org>: Client host rejected: Access denied",
    )
    with scripted_smtp(script) as (server, _):
        to_credentials(qtbot, wizard)
        fill_credentials(qtbot, wizard, USER, "")
        press_next(qtbot, wizard)
        fill_server(qtbot, wizard, "127.0.0.1", server.port, "starttls")
        press_next(qtbot, wizard)
        relay = page(wizard, StepId.RELAY)
        retype(qtbot, relay.to_addr, "customer@example.org")
        status = run_test(qtbot, wizard, relay.send_button)
        assert "needs a login" in status
        assert f"No password was entered for {USER}" in relay.panel.findings.toPlainText()
        text = summary_text(qtbot, wizard)
    assert "Problem: The server needs a login before it accepts mail." in text
    assert "look at your logs" not in text


def test_email_first_fills_the_server_page_and_says_where_from(qtbot, make_wizard, certs) -> None:
    with world(certs.ca, certs.cafile) as net:
        net.zone.add("contoso-gui.test", "MX", "0 contoso-gui-test.mail.protection.outlook.com")
        net.host("smtp.office365.com", "127.0.0.31")
        net.starttls("127.0.0.31", 587, "smtp.office365.com", auth="AUTH LOGIN XOAUTH2")
        nameserver = net.start_dns()
        wizard = make_wizard()
        wizard.session.cafile = certs.cafile
        wizard.discovery.dns = Dns(parse_nameserver(nameserver))
        to_credentials(qtbot, wizard)
        credentials = page(wizard, StepId.CREDENTIALS)
        button_at = credentials.test_button.mapTo(wizard, QPoint(0, 0))
        with qtbot.waitSignal(wizard.discovery.finished, timeout=15000):
            retype(qtbot, credentials.email, "dispatch@contoso-gui.test")
        assert "Microsoft 365 (Exchange Online), found from your domain's mail records" in (
            credentials.found.text()
        )
        # The answer arrived while the user may be aiming below it: nothing below moved.
        QApplication.processEvents()
        assert credentials.test_button.mapTo(wizard, QPoint(0, 0)) == button_at
        assert "smtp.office365.com" in credentials.server_note.text()
        # Said before the password is typed: what works today may stop at the end of 2026.
        assert "off by default at the end of December 2026" in credentials.found.text()
        press_next(qtbot, wizard)
        server = page(wizard, StepId.SERVER_SETTINGS)
        assert (server.host.text(), server.port.text()) == ("smtp.office365.com", "587")
        assert server.security.currentData() == "starttls"
        assert "found from your domain's mail records" in server.found.text()
        # What OnTime has can be typed over it; the page compares the two.
        retype(qtbot, server.port, "465")
        assert server.compare.isVisible() and "port 465 (found: 587)" in server.compare.text()
        click(qtbot, server.use_found)
        assert server.port.text() == "587" and not server.compare.isVisible()


def test_practice_mode_app_password_and_smtp_auth(qtbot, make_wizard, demo) -> None:
    wizard = make_wizard(demo=demo)
    expectations = {
        Situation.APP_PASSWORD: "An app password is needed",
        Situation.SMTP_AUTH_DISABLED: "SMTP AUTH",
    }
    for situation, words in expectations.items():
        welcome = page(wizard, StepId.WELCOME)
        choose(qtbot, welcome.situation, situation.value)
        press_next(qtbot, wizard)
        assert wizard.session.password.reveal() == DEMO_PASSWORD
        answer_step_one(qtbot, wizard, OnTimeServerOutcome.WORKED)
        press_next(qtbot, wizard)
        credentials = page(wizard, StepId.CREDENTIALS)
        assert words in run_test(qtbot, wizard, credentials.test_button)
        press_back(qtbot, wizard)
        press_back(qtbot, wizard)


def test_an_address_already_there_is_looked_up_when_the_page_opens(
    qtbot, make_wizard, demo
) -> None:
    """Practice mode (like last time's address) fills the address in: the page says it looks
    the address up, so it does, without waiting for the user to edit it."""
    wizard = make_wizard(demo=demo)
    press_next(qtbot, wizard)
    answer_step_one(qtbot, wizard, OnTimeServerOutcome.WORKED)
    credentials = page(wizard, StepId.CREDENTIALS)
    with qtbot.waitSignal(wizard.discovery.finished, timeout=15000):
        press_next(qtbot, wizard)
    host, ports = demo.discovery_target()
    assert f"{host}, port {ports[0]}" in credentials.found.text()


def test_practice_port_mixup_then_find_the_right_settings(qtbot, make_wizard, demo) -> None:
    wizard = make_wizard(demo=demo)
    welcome = page(wizard, StepId.WELCOME)
    choose(qtbot, welcome.situation, Situation.PORT_MIXUP.value)
    press_next(qtbot, wizard)
    answer_step_one(qtbot, wizard, OnTimeServerOutcome.WORKED)
    press_next(qtbot, wizard)
    press_next(qtbot, wizard)
    server = page(wizard, StepId.SERVER_SETTINGS)
    status = run_test(qtbot, wizard, server.test_button)
    assert "SSL from the very first moment" in status
    assert "587" in server.panel.findings.toPlainText()
    with qtbot.waitSignal(wizard.discovery.finished, timeout=15000):
        click(qtbot, server.find_button)
    assert server.use_found.isVisible()
    click(qtbot, server.use_found)
    assert server.port.text() == str(demo.starttls_port)
    assert server.security.currentData() == "starttls"  # never the 465 kind when 587 works
    assert "no problem found" in run_test(qtbot, wizard, server.test_button)


def test_branch_when_the_ontime_mail_server_fails_too(qtbot, make_wizard) -> None:
    wizard = make_wizard()
    press_next(qtbot, wizard)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # an answer is needed
    answer_step_one(qtbot, wizard, OnTimeServerOutcome.FAILED)
    press_next(qtbot, wizard)
    assert wizard.currentId() == StepId.NOTIFICATIONS
    branch = page(wizard, StepId.NOTIFICATIONS)
    first = next(iter(branch.answers.values()))
    click(qtbot, first.button(2))  # "no"
    click(qtbot, branch.sent)  # "I sent a test notification, at:" the time shown
    press_next(qtbot, wizard)
    summary = page(wizard, StepId.SUMMARY)
    text = summary.view.toPlainText()
    assert "OnTime support" in summary.audience.text()
    assert "Hello OnTime support" in text and "[your company name]" in text
    assert "Test notification sent" in text
    checks = summary.report.section("Checks on the notifications in OnTime")
    assert checks is not None
    assert dict(checks.blocks[0].rows)[next(iter(branch.answers)).rstrip(".")] == "no"
