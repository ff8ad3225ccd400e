"""Did the test message arrive (#22.1), through the real wizard's buttons: after step 4's
accepted send, the three answers (with the timer on the injected clock), the bounce pasted and
explained in place, and the automatic look-up in a real Dovecot mailbox."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ontime_assist.case.arrival import ArrivalAnswer
from ontime_assist.report.text import render_text
from ontime_assist.steps import StepId
from tests.helpers import service_missing
from tests.mailserver import Unavailable, dovecot_imap
from tests.servers import Script, scripted_smtp
from tests.wizard_driver import (
    click,
    page,
    press_next,
    retype,
    run_test,
    to_server_settings,
    type_text,
)

pytestmark = pytest.mark.gui

USER = "dispatch@courier.test"
PASSWORD = "right-password-42"  # the Dovecot mailbox's (tests/mailserver.py)
TOKEN = re.compile(r"OTA-[0-9A-Z]{6}")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def send_from_step_4(qtbot, wizard, server_port: int, to_addr: str):  # type: ignore[no-untyped-def]
    to_server_settings(qtbot, wizard, server_port, USER, PASSWORD)
    press_next(qtbot, wizard)
    relay = page(wizard, StepId.RELAY)
    assert not relay.arrival.isVisible()  # nothing sent yet: nothing to look for
    retype(qtbot, relay.to_addr, to_addr)
    assert "no problem found" in run_test(qtbot, wizard, relay.send_button)
    assert relay.arrival.isVisible()
    return relay


def summary_text(qtbot, wizard) -> str:  # type: ignore[no-untyped-def]
    press_next(qtbot, wizard)
    return render_text(page(wizard, StepId.SUMMARY).report)


def test_the_three_answers_with_the_timer(qtbot, make_wizard, certs) -> None:
    clock = Clock()
    wizard = make_wizard(clock=clock)
    wizard.session.cafile = certs.cafile
    with scripted_smtp(Script(tls_context=certs.good)) as (server, _):
        relay = send_from_step_4(qtbot, wizard, server.port, "customer@example.org")
    arrival = relay.arrival
    token = TOKEN.search(arrival.intro.text())
    assert token is not None and token.group(0) == wizard.session.sent_test()[1].token
    assert "Sent less than a minute ago" in arrival.elapsed.text()
    assert not arrival.not_there.isEnabled()  # too early to say it did not come
    assert "can be answered in 10 minutes" in arrival.elapsed.text()
    # Sent to another address than the account's: no look-up offered, nor its fields.
    assert not arrival.look_button.isVisible() and not arrival.imap_form.isVisible()

    click(qtbot, arrival.inbox)
    assert wizard.session.arrival[-1].answer is ArrivalAnswer.INBOX
    assert "found in the inbox" in arrival.outcome.text()
    click(qtbot, arrival.junk)
    assert wizard.session.arrival[-1].answer is ArrivalAnswer.JUNK
    assert "sender authentication" in arrival.outcome.text()

    clock.now += 11 * 60
    with qtbot.waitSignal(arrival.timer.timeout, timeout=3000):
        pass
    assert "Sent 11 minutes ago" in arrival.elapsed.text()
    click(qtbot, arrival.not_there)
    check = wizard.session.arrival[-1]
    assert check.answer is ArrivalAnswer.NOT_THERE and check.waited_minutes == 11
    assert "message trace" in arrival.outcome.text() or "trace" in arrival.outcome.text()

    text = summary_text(qtbot, wizard)
    assert "Did the test message arrive?" in text
    assert "(by you): found in the inbox" in text
    assert "(by you): found in the junk (spam) folder" in text
    assert "not there after 11 minutes" in text
    assert check.message_id in text and "UTC" in text  # what the provider's trace needs


def test_a_pasted_bounce_is_explained_in_place(qtbot, make_wizard, certs) -> None:
    wizard = make_wizard(clock=Clock())
    wizard.session.cafile = certs.cafile
    with scripted_smtp(Script(tls_context=certs.good)) as (server, _):
        relay = send_from_step_4(qtbot, wizard, server.port, "customer@example.org")
    arrival = relay.arrival
    assert not arrival.bounce_text.isVisible()
    click(qtbot, arrival.bounced)
    assert arrival.bounce_text.isVisible()
    type_text(qtbot, arrival.bounce_text, "Remote Server returned 550 5.1.1 RecipNotFound")
    click(qtbot, arrival.explain_bounce)
    check = wizard.session.arrival[-1]
    assert check.answer is ArrivalAnswer.BOUNCED and check.bounce is not None
    assert check.bounce.title in arrival.outcome.text()
    assert check.bounce.title in summary_text(qtbot, wizard)


@pytest.fixture
def imap():  # type: ignore[no-untyped-def]
    try:
        with dovecot_imap(junk="Junk") as server:
            yield server
    except Unavailable as exc:
        service_missing(str(exc))


def test_the_automatic_lookup_finds_it_in_junk(qtbot, make_wizard, certs, imap, tmp_path) -> None:
    wizard = make_wizard(clock=Clock())
    both = tmp_path / "authorities.pem"  # the SMTP and the IMAP test servers' authorities
    both.write_text(Path(certs.cafile).read_text() + Path(imap.cafile).read_text())
    wizard.session.cafile = str(both)
    with scripted_smtp(Script(tls_context=certs.good)) as (server, _):
        relay = send_from_step_4(qtbot, wizard, server.port, USER)  # the account's own address
    arrival = relay.arrival
    assert arrival.look_button.isVisible()
    assert arrival.imap_host.text() == "127.0.0.1"  # the sending server's name, as a guess
    token = TOKEN.search(arrival.intro.text()).group(0)  # type: ignore[union-attr]
    imap.deliver(
        f"From: {USER}\r\nTo: {USER}\r\nSubject: OnTime Assist test message {token}\r\n\r\n"
        f"Test token: {token}\r\n".encode(),
        folder="Junk",
    )
    retype(qtbot, arrival.imap_port, str(imap.imaps))
    with qtbot.waitSignal(arrival.lookup_ended, timeout=15000) as ended:
        click(qtbot, arrival.look_button)
    assert ended.args == ["junk"]
    check = wizard.session.arrival[-1]
    assert check.answer is ArrivalAnswer.JUNK and check.looked_at == "127.0.0.1"
    assert "Looked for the test message at 127.0.0.1 at" in arrival.outcome.text()
    text = summary_text(qtbot, wizard)
    assert re.search(
        r"Looked for the test message at 127\.0\.0\.1 at \d\d:\d\d: found in Junk", text
    )
    assert PASSWORD not in text


def test_the_lookup_says_not_found_yet_before_the_wait_is_over(
    qtbot, make_wizard, certs, imap, tmp_path
) -> None:
    """Not found 2 minutes after sending is "not found yet" (look again), not "not there":
    only after the 10-minute wait does a miss lead to the provider's message trace."""
    clock = Clock()
    wizard = make_wizard(clock=clock)
    both = tmp_path / "authorities.pem"
    both.write_text(Path(certs.cafile).read_text() + Path(imap.cafile).read_text())
    wizard.session.cafile = str(both)
    with scripted_smtp(Script(tls_context=certs.good)) as (server, _):
        relay = send_from_step_4(qtbot, wizard, server.port, USER)
    arrival = relay.arrival
    retype(qtbot, arrival.imap_port, str(imap.imaps))

    def look() -> str:
        with qtbot.waitSignal(arrival.lookup_ended, timeout=15000) as ended:
            click(qtbot, arrival.look_button)
        return str(ended.args[0])

    clock.now += 2 * 60
    assert look() == "not found"
    early = wizard.session.arrival[-1]
    assert early.answer is ArrivalAnswer.NOT_YET and early.waited_minutes == 2
    shown = arrival.outcome.text()
    assert "not found yet" in shown and "too early to call it lost" in shown
    assert "Look again in a few minutes" in shown and "trace" not in shown.split("Look again")[0]

    clock.now += 9 * 60
    assert look() == "not found"
    late = wizard.session.arrival[-1]
    assert late.answer is ArrivalAnswer.NOT_THERE and late.waited_minutes == 11
    assert "trace" in arrival.outcome.text()
    text = summary_text(qtbot, wizard)
    assert "not found yet (searched" in text and "2 minutes after sending" in text
    assert "not found (searched" not in text  # the miss after the wait says "not there"
    assert "not there (searched" in text and "11 minutes after sending" in text


def test_the_sender_checks_are_offered_after_any_accepted_send(qtbot, make_wizard, certs) -> None:
    from ontime_assist.engine.discovery.dns_lookup import Dns, parse_nameserver
    from tests.dns_server import Zone, dns_server

    zone = Zone().add("courier.test", "TXT", "v=spf1 ip4:127.0.20.0/24 -all")
    zone.add("_dmarc.courier.test", "TXT", "v=DMARC1; p=reject")
    wizard = make_wizard(clock=Clock())
    wizard.session.cafile = certs.cafile
    with scripted_smtp(Script(tls_context=certs.good)) as (server, _), dns_server(zone) as dns:
        wizard.discovery.dns = Dns(parse_nameserver(dns.address))
        relay = send_from_step_4(qtbot, wizard, server.port, "customer@example.org")
        arrival = relay.arrival
        assert arrival.sender_check.button.isVisible()  # before any answer: it is worth knowing
        assert not [q for q in dns.questions if q[1] == "TXT"]  # asked only when asked for
        click(qtbot, arrival.junk)
        assert "Not tested yet" in arrival.outcome.text()
        with qtbot.waitSignal(arrival.sender_checked, timeout=15000) as checked:
            click(qtbot, arrival.sender_check.button)
    done = checked.args[0]
    ids = {f.id for f in done.findings}
    assert "sender.spf_not_authorised" in ids and "sender.dmarc_unaligned" in ids
    shown = arrival.sender_check.outcome.text()
    assert "Checked the sender authentication (SPF, DKIM, DMARC) of courier.test" in shown
    assert "for sending through 127.0.0.1" in shown
    assert "Not tested yet" not in arrival.outcome.text()
    assert wizard.session.case().sender_checks[-1] is done
    text = summary_text(qtbot, wizard)
    assert "Checked the sender authentication (SPF, DKIM, DMARC) of courier.test" in text


def test_an_answer_below_the_fold_is_scrolled_into_view(qtbot, make_wizard, certs) -> None:
    """At the window's opening size the arrival panel's answer sits below the page's fold:
    after a click on an answer, the page scrolls to what it means."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QScrollArea

    from ontime_assist.ui.wizard import OPENING_SIZE

    wizard = make_wizard(clock=Clock())
    wizard.resize(OPENING_SIZE)
    wizard.session.cafile = certs.cafile
    with scripted_smtp(Script(tls_context=certs.good)) as (server, _):
        relay = send_from_step_4(qtbot, wizard, server.port, "customer@example.org")
    arrival = relay.arrival
    area = relay.findChild(QScrollArea)
    assert area is not None

    def outcome_in_view() -> bool:  # the whole answer, or as much as the page can show
        top = arrival.outcome.mapTo(area.viewport(), QPoint(0, 0)).y()
        bottom = top + arrival.outcome.height()
        return bool(top >= 0 and (bottom <= area.viewport().height() or top == 0))

    click(qtbot, arrival.junk)
    assert arrival.outcome.text()
    qtbot.waitUntil(lambda: arrival.outcome.height() > 60, timeout=3000)  # laid out: lines
    qtbot.waitUntil(outcome_in_view, timeout=3000)


def test_the_sender_checks_found_below_the_fold_are_scrolled_into_view(
    qtbot, make_wizard, certs
) -> None:
    """What the sender checks found is written below the answer, which grows at the same time:
    at the opening size the page scrolls until its first line is seen (it once stopped with
    that line just under the page's edge)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QScrollArea

    from ontime_assist.engine.discovery.dns_lookup import Dns, parse_nameserver
    from ontime_assist.ui.wizard import OPENING_SIZE
    from tests.dns_server import dns_server
    from tests.test_sender_cli import M365_GREETING
    from tests.test_sender_everywhere import everywhere_zone

    wizard = make_wizard(clock=Clock())
    wizard.resize(OPENING_SIZE)
    wizard.session.cafile = certs.cafile
    script = Script(greeting=M365_GREETING, tls_context=certs.good)
    with scripted_smtp(script) as (server, _), dns_server(everywhere_zone()) as dns:
        wizard.discovery.dns = Dns(parse_nameserver(dns.address))
        to_server_settings(qtbot, wizard, server.port, "dispatch@m365-bad.test", PASSWORD)
        press_next(qtbot, wizard)
        relay = page(wizard, StepId.RELAY)
        retype(qtbot, relay.to_addr, "customer@example.org")
        run_test(qtbot, wizard, relay.send_button)
        arrival = relay.arrival
        click(qtbot, arrival.junk)
        with qtbot.waitSignal(arrival.sender_checked, timeout=15000):
            click(qtbot, arrival.sender_check.button)
    area = relay.findChild(QScrollArea)
    assert area is not None
    found = arrival.sender_check.outcome

    def found_in_view() -> bool:
        top = found.mapTo(area.viewport(), QPoint(0, 0)).y()
        height = area.viewport().height()
        return bool(0 <= top < height - 40 and (top + found.height() <= height or top == 0))

    qtbot.waitUntil(found_in_view, timeout=3000)
