"""Every `sender.*` finding for its DNS case, where the user meets it: `check --send`,
`discover` and the wizard (step 4's check of how the test message was sent; step 1's check
of the OnTime Mail Server), each with the DNS record to add or change written out for that
domain. One loopback DNS world holds all the cases (issue #22's list)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.discovery_world import World, world
from tests.dns_server import DnsServer, Zone, dns_server
from tests.helpers import PASSWORD
from tests.servers import Script, scripted_smtp
from tests.test_sender_cli import (
    ADD_INCLUDE,
    M365_GREETING,
    by_id,
    discover,
    send,
    sender_zone,
)
from tests.test_sender_world import m365_dkim


@dataclass(frozen=True)
class Case:
    domain: str
    ids: frozenset[str]  # the sender.* findings expected for sending through Microsoft 365
    record: tuple[str, str]  # (finding id, the DNS record its fix must write out)
    error: str | None = None  # the finding that is an error, if any


CASES = [
    Case("m365-ok.test", frozenset({"sender.ok"}), ("sender.ok", "p=reject")),
    Case(
        "m365-bad.test",
        frozenset({"sender.spf_not_authorised", "sender.dkim_missing", "sender.dmarc_unaligned"}),
        ("sender.dmarc_unaligned", ADD_INCLUDE),
        error="sender.dmarc_unaligned",
    ),
    Case(
        "two-spf.test",
        frozenset({"sender.spf_invalid", "sender.ok"}),
        (
            "sender.spf_invalid",
            'two-spf.test. TXT "v=spf1 include:_spf.other-host.test '
            'include:spf.protection.outlook.com ~all"',
        ),
    ),
    Case(
        "over-limit.test",
        frozenset({"sender.spf_invalid", "sender.dkim_missing", "sender.dmarc_unaligned"}),
        ("sender.spf_invalid", "Keep include:spf.protection.outlook.com"),
        error="sender.dmarc_unaligned",
    ),
    Case(
        "bare.test",
        frozenset({"sender.spf_missing", "sender.dmarc_missing", "sender.dkim_missing"}),
        ("sender.spf_missing", 'bare.test. TXT "v=spf1 include:spf.protection.outlook.com -all"'),
    ),
    Case(
        "notify.m365-org.test",  # a subdomain under its organisation's sp=reject
        frozenset({"sender.spf_not_authorised", "sender.dkim_missing", "sender.dmarc_unaligned"}),
        (
            "sender.dkim_missing",
            "selector1._domainkey.notify.m365-org.test. CNAME",
        ),
        error="sender.dmarc_unaligned",
    ),
]
IDS = [case.domain for case in CASES]


def everywhere_zone() -> Zone:
    """The command tests' three domains (tests/test_sender_cli.py) and the rest of the list."""
    zone = sender_zone()
    zone.add("two-spf.test", "TXT", "v=spf1 include:_spf.other-host.test -all")
    zone.add("two-spf.test", "TXT", "v=spf1 include:spf.protection.outlook.com ~all")
    m365_dkim(zone, "two-spf.test")
    zone.add("_dmarc.two-spf.test", "TXT", "v=DMARC1; p=quarantine")
    includes = []
    for n in range(11):
        zone.add(f"s{n}.over.test", "TXT", f"v=spf1 ip4:127.0.30.{n} -all")
        includes.append(f"include:s{n}.over.test")
    over = "v=spf1 " + " ".join(includes) + " include:spf.protection.outlook.com -all"
    zone.add("over-limit.test", "TXT", over)
    zone.add("_dmarc.over-limit.test", "TXT", "v=DMARC1; p=reject")
    zone.add("notify.m365-org.test", "TXT", "v=spf1 include:_spf.other-host.test -all")
    zone.add("_dmarc.m365-org.test", "TXT", "v=DMARC1; p=none; sp=reject")
    zone.add("via-ontime.test", "TXT", "v=spf1 include:spf.protection.outlook.com -all")
    zone.add("_dmarc.via-ontime.test", "TXT", "v=DMARC1; p=reject")
    return zone


def check_case(case: Case, findings: list[dict[str, object]]) -> None:
    """The expected sender.* findings, the record in the fix, and the error where one is due."""
    found = by_id(findings)
    assert {i for i in found if i.startswith("sender.")} == case.ids
    finding_id, record = case.record
    assert record in str(found[finding_id]["fix"]) + str(found[finding_id]["detail"])
    errors = {i for i, f in found.items() if i.startswith("sender.") and f["severity"] == "error"}
    assert errors == ({case.error} if case.error else set())


@pytest.fixture(scope="module")
def dns() -> Iterator[DnsServer]:
    with dns_server(everywhere_zone()) as running:
        yield running


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_check_send(case: Case, run_cli, certs, dns: DnsServer) -> None:
    result, log = send(run_cli, certs, dns, f"dispatch@{case.domain}", "--json")
    assert "DATA" in log
    check_case(case, result.json["findings"])  # type: ignore[arg-type]
    assert result.code == (1 if case.error else 0), result.out
    if case.error:
        assert result.json["findings"][0]["id"] == case.error  # type: ignore[index]


@pytest.fixture
def net(certs) -> Iterator[World]:  # type: ignore[no-untyped-def]
    with world(certs.ca, certs.cafile) as made:
        made.zone = everywhere_zone()
        yield made


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_discover(case: Case, net: World, run_cli) -> None:
    result = discover(net, run_cli, case.domain, "--json")
    assert result.code == 0, result.out  # a recommendation was found: smtp.office365.com
    assert result.json["recommended"]["host"] == "smtp.office365.com"  # type: ignore[index]
    check_case(case, result.json["findings"])  # type: ignore[arg-type]


# --- the wizard ---------------------------------------------------------------------------


def plain(rich: str) -> str:
    """What a label's rich text shows, as a reader sees it."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText()


@pytest.mark.gui
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_wizard_step_4(case: Case, qtbot, make_wizard, certs, dns: DnsServer) -> None:
    from ontime_assist.engine.discovery.dns_lookup import Dns, parse_nameserver
    from ontime_assist.steps import StepId
    from tests.wizard_driver import click, page, press_next, retype, run_test, to_server_settings

    wizard = make_wizard()
    wizard.session.cafile = certs.cafile
    wizard.discovery.dns = Dns(parse_nameserver(dns.address))
    script = Script(greeting=M365_GREETING, tls_context=certs.good)
    with scripted_smtp(script) as (server, _):
        to_server_settings(qtbot, wizard, server.port, f"dispatch@{case.domain}", PASSWORD)
        press_next(qtbot, wizard)
        relay = page(wizard, StepId.RELAY)
        retype(qtbot, relay.to_addr, "customer@example.org")
        run_test(qtbot, wizard, relay.send_button)
    sender = relay.arrival.sender_check
    assert sender.button.isVisible()
    with qtbot.waitSignal(relay.arrival.sender_checked, timeout=15000) as checked:
        click(qtbot, sender.button)
    done = checked.args[0]
    check_case(case, [f.to_json() for f in done.findings])
    shown = plain(sender.outcome.text())
    assert "for sending through 127.0.0.1 (Microsoft 365" in shown
    for finding in done.findings:
        assert f"{finding.title} [{finding.id}]" in shown
    assert case.record[1] in shown
    press_next(qtbot, wizard)
    summary = page(wizard, StepId.SUMMARY)
    from ontime_assist.report.text import render_text

    text = render_text(summary.report)
    for finding in done.findings:
        assert finding.title in text
    assert PASSWORD not in text


@pytest.mark.gui
def test_wizard_step_1_keeping_the_ontime_mail_server(qtbot, make_wizard, dns) -> None:
    """'Yes, they went out through the OnTime Mail Server': its notifications still carry the
    company's address; under p=reject the wizard says what to ask Vesigo, as a question."""
    from ontime_assist.case.answers import OnTimeServerOutcome
    from ontime_assist.engine.discovery.dns_lookup import Dns, parse_nameserver
    from ontime_assist.report.text import render_text
    from ontime_assist.steps import StepId
    from tests.wizard_driver import answer_step_one, click, page, press_next, retype

    wizard = make_wizard()
    wizard.discovery.dns = Dns(parse_nameserver(dns.address))
    press_next(qtbot, wizard)
    step_one = page(wizard, StepId.ONTIME_SERVER)
    assert not step_one.keeping.isVisible()
    answer_step_one(qtbot, wizard, OnTimeServerOutcome.WORKED)
    assert step_one.keeping.isVisible()
    sender = step_one.sender_check
    click(qtbot, sender.button)  # no address yet: says what to enter, asks nothing
    assert "Enter the address the notifications are sent from" in plain(sender.outcome.text())
    retype(qtbot, step_one.sender_address, "dispatch@")
    click(qtbot, sender.button)
    assert "is not an email address like name@example.com" in plain(sender.outcome.text())
    retype(qtbot, step_one.sender_address, " dispatch@via-ontime.test ")
    with qtbot.waitSignal(sender.checked, timeout=15000) as checked:
        click(qtbot, sender.button)
    done = checked.args[0]
    assert [f.id for f in done.findings] == ["sender.ontime_server_unconfirmed"]
    shown = plain(sender.outcome.text())
    assert "for the OnTime Mail Server sending as dispatch@via-ontime.test" in shown
    assert "Warning: Whether OnTime's mail servers may send for your domain" in shown
    assert "Ask Vesigo (OnTime support)" in shown
    # Nothing else tested: Next through the other steps to the summary, which carries it.
    for _ in range(4):
        press_next(qtbot, wizard)
    assert wizard.currentId() == StepId.SUMMARY
    text = render_text(page(wizard, StepId.SUMMARY).report)
    assert "Will receivers trust the notifications?" in text
    assert "for the OnTime Mail Server sending as dispatch@via-ontime.test" in text
    assert "Ask Vesigo (OnTime support)" in text  # the finding's fix, in what to do next


@pytest.mark.gui
def test_step_1_sender_check_by_keyboard_keeps_the_focus_where_its_answer_appears(
    qtbot, make_wizard, dns
) -> None:
    """Tab to the button and press Space: while the button is disabled the keyboard waits on
    the answer (not on the next control, "< Back"), and the answer arrives there. Editing the
    address then takes the old answer away: it was about another address."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from ontime_assist.case.answers import OnTimeServerOutcome
    from ontime_assist.engine.discovery.dns_lookup import Dns, parse_nameserver
    from ontime_assist.steps import StepId
    from ontime_assist.ui.sender_panel import SenderPanel
    from tests.wizard_driver import answer_step_one, page, press_next, retype, type_text

    wizard = make_wizard()
    wizard.discovery.dns = Dns(parse_nameserver(dns.address))
    press_next(qtbot, wizard)
    step_one = page(wizard, StepId.ONTIME_SERVER)
    answer_step_one(qtbot, wizard, OnTimeServerOutcome.WORKED)
    retype(qtbot, step_one.sender_address, "dispatch@via-ontime.test")
    sender: SenderPanel = step_one.sender_check
    qtbot.keyClick(step_one.sender_address, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is sender.button
    with qtbot.waitSignal(sender.checked, timeout=15000):
        qtbot.keyClick(sender.button, Qt.Key.Key_Space)
        assert sender.task.running and not sender.button.isEnabled()
        assert QApplication.focusWidget() is sender.outcome
        assert "Checking SPF, DKIM and DMARC of via-ontime.test" in plain(sender.outcome.text())
    assert QApplication.focusWidget() is sender.outcome
    assert "sending as dispatch@via-ontime.test" in plain(sender.outcome.text())
    assert sender.button.isEnabled()
    # Tab goes on from the answer to the controls after it, not into a scroll area.
    qtbot.keyClick(sender.outcome, Qt.Key.Key_Tab)
    assert type(QApplication.focusWidget()).__name__ != "QScrollArea"

    step_one.sender_address.setFocus()
    type_text(qtbot, step_one.sender_address, "x")
    assert plain(sender.outcome.text()) == "" and sender.button.isEnabled()


@pytest.mark.gui
@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_closing_stops_a_sender_check_and_asks_before_losing_one(qtbot, make_wizard, dns) -> None:
    """A check waiting on a DNS server that never answers is stopped when the window closes
    (its thread ends); a finished one is work the close question names."""
    import threading

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox, QWizard

    from ontime_assist.case.answers import OnTimeServerOutcome
    from ontime_assist.engine.discovery.dns_lookup import Dns, parse_nameserver
    from ontime_assist.steps import StepId
    from tests.wizard_driver import answer_step_one, click, page, press_next, retype

    def step_one_check(wizard, nameserver: str):  # type: ignore[no-untyped-def]
        wizard.discovery.dns = Dns(parse_nameserver(nameserver))
        press_next(qtbot, wizard)
        answer_step_one(qtbot, wizard, OnTimeServerOutcome.WORKED)
        step_one = page(wizard, StepId.ONTIME_SERVER)
        retype(qtbot, step_one.sender_address, "dispatch@via-ontime.test")
        return step_one.sender_check

    with dns_server(Zone(), silent=True) as silent:
        wizard = make_wizard()
        sender = step_one_check(wizard, silent.address)
        click(qtbot, sender.button)
        assert sender.task.running
        click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))  # nothing to lose yet
        assert not wizard.isVisible()
        assert not [t for t in threading.enumerate() if t.name == "sender-check"]

    wizard = make_wizard()
    sender = step_one_check(wizard, dns.address)
    with qtbot.waitSignal(sender.checked, timeout=15000):
        click(qtbot, sender.button)
    asked: list[str] = []

    def answer_stay() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
        asked.append(box.text())
        stay = next(b for b in box.buttons() if b.text().replace("&", "") == "Keep working")
        qtbot.mouseClick(stay, Qt.MouseButton.LeftButton)

    QTimer.singleShot(200, answer_stay)
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    assert wizard.isVisible()
    assert asked == [
        "Close OnTime Assist? No sign-in or sending test was run yet, but the sender checks "
        "(SPF, DKIM, DMARC) would be lost."
    ]
