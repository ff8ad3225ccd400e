"""The credentials page and the summary say what Microsoft's date means on the day they are
read: the real wizard, clicked through with pytest-qt against a DNS server and Microsoft-like
mail server on loopback, with today set on each side of the date (ONTIME_ASSIST_TODAY)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from ontime_assist.engine.clock import TODAY_VARIABLE
from ontime_assist.engine.discovery.dns_lookup import Dns, parse_nameserver
from ontime_assist.engine.providers import policy
from ontime_assist.engine.providers.recognise import provider_by_id
from ontime_assist.steps import StepId
from tests.discovery_world import world
from tests.helpers import PASSWORD
from tests.servers import Script
from tests.wizard_driver import page, press_next, retype, run_test, to_credentials

pytestmark = pytest.mark.gui

M365 = provider_by_id("microsoft365")
assert M365 is not None
OFF = M365.milestone(policy.DEFAULT_OFF)
REMOVAL = M365.milestone(policy.REMOVAL)
assert OFF.date is not None
M365_GREETING = "220 BN0PR04CA0150.outlook.office365.com Microsoft ESMTP MAIL Service ready"
BEFORE, AFTER = OFF.date - dt.timedelta(days=30), OFF.date + dt.timedelta(days=5)


@pytest.mark.parametrize("day", [BEFORE, AFTER], ids=["before", "after"])
def test_the_credentials_page_and_summary_say_what_is_true_that_day(
    qtbot, make_wizard, certs, monkeypatch, day: dt.date
) -> None:
    monkeypatch.setenv(TODAY_VARIABLE, day.isoformat())
    with world(certs.ca, certs.cafile) as net:
        net.zone.add("contoso-dated.test", "MX", "0 contoso-dated-test.mail.protection.outlook.com")
        net.host("smtp.office365.com", "127.0.0.32")
        # Microsoft's server as discovery finds it; the test dials its address (the wizard's
        # resolver is the machine's, which these tests never ask), and it greets as Microsoft.
        script = Script(
            greeting=M365_GREETING,
            tls_context=net.context("smtp.office365.com", "127.0.0.32"),
            ehlo=["AUTH LOGIN XOAUTH2"],
        )
        net.smtp("127.0.0.32", 587, script)
        nameserver = net.start_dns()
        wizard = make_wizard()
        wizard.session.cafile = certs.cafile
        wizard.discovery.dns = Dns(parse_nameserver(nameserver))
        to_credentials(qtbot, wizard)
        credentials = page(wizard, StepId.CREDENTIALS)
        button_at = credentials.test_button.mapTo(wizard, QPoint(0, 0))
        with qtbot.waitSignal(wizard.discovery.finished, timeout=15000):
            retype(qtbot, credentials.email, "dispatch@contoso-dated.test")
        # Said where the provider is named, before the password is typed.
        note = credentials.found.text()
        QApplication.processEvents()  # the longer news took no room from what is below it
        assert credentials.test_button.mapTo(wizard, QPoint(0, 0)) == button_at
        assert "Microsoft 365 (Exchange Online)" in note
        if day == AFTER:
            assert f"{OFF.did} {OFF.at}" in note
            assert (
                "A password works only if an administrator kept it on or turned it back on" in note
            )
            assert f"until the final removal, {REMOVAL.at}" in note
            assert OFF.will not in note and "may stop" not in note
        else:
            assert f"{OFF.will} {OFF.at}" in note and "may stop then" in note
            assert OFF.did not in note
        # A password login that works, tested through the pages' own fields and buttons.
        retype(qtbot, credentials.username, "dispatch@contoso-dated.test")
        retype(qtbot, credentials.password, PASSWORD)
        press_next(qtbot, wizard)
        server = page(wizard, StepId.SERVER_SETTINGS)
        retype(qtbot, server.host, "127.0.0.32")
        status = run_test(qtbot, wizard, server.test_button)
        assert "no problem found" in status, status
        while wizard.currentId() != StepId.SUMMARY:
            press_next(qtbot, wizard)
        summary = str(page(wizard, StepId.SUMMARY).view.toPlainText())
    assert "Provider facts last checked" in summary
    if day == AFTER:
        assert "still works because an administrator kept SMTP AUTH turned on" in summary
        assert "did you keep SMTP AUTH turned on (or turn it back on)" in summary
        assert f"{OFF.will} {OFF.at}" not in summary
    else:
        assert f"{OFF.will} {OFF.at}" in summary and "may stop then" in summary
        assert "still works because" not in summary
