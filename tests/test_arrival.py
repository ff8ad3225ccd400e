"""Did the test message arrive (#22.1), without a display: the token the message carries, the
answers kept in the session with their time, what each changes in the verdict and the advice,
and the summary in all four formats; and the IMAP look-up against a real Dovecot."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ontime_assist.case import judge
from ontime_assist.case.arrival import ArrivalAnswer
from ontime_assist.engine.arrival.imap_lookup import ImapAccount, imap_offer, look_up
from ontime_assist.engine.cancel import CancelToken
from ontime_assist.engine.check.run import run_check
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.redaction.secret import Secret
from ontime_assist.engine.sending.envelope import sent_message
from ontime_assist.report.arrival import ARRIVAL
from ontime_assist.report.build import build_report
from ontime_assist.report.files import FORMATS
from ontime_assist.report.text import render_text
from ontime_assist.session import AssistantSession
from tests.helpers import service_missing
from tests.mailserver import Unavailable, dovecot_imap
from tests.servers import LOOPBACK, Script, scripted_smtp
from tests.test_check_network import closed_port
from tests.test_report import pdf_text_parts

TOKEN = re.compile(r"OTA-[2-9A-HJKMNP-Z]{6}")
SENT_AT = dt.datetime(2026, 12, 1, 10, 41, 5, tzinfo=dt.UTC)
USER = "dispatch@courier.test"
BOUNCE = (
    "Delivery has failed to these recipients or groups:\n"
    "customer@example.org\n"
    "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'"
)


# --- the token ------------------------------------------------------------------------------


def test_the_test_message_carries_a_token_in_subject_and_body_recorded_with_the_test(
    certs,
) -> None:
    from aiosmtpd.controller import Controller

    received: list[bytes] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.append(envelope.content)
            return "250 OK queued as 4F2"

    port = closed_port()
    controller = Controller(Handler(), hostname=LOOPBACK, port=port)
    controller.start()
    try:
        session = AssistantSession(
            host=LOOPBACK, port=str(port), security="none", from_addr=USER, to_addr=USER
        )
        result = run_check(session.mail_settings(Step.RELAY))
    finally:
        controller.stop()
    sent = sent_message(result)
    assert sent is not None and TOKEN.fullmatch(sent.token)
    message = received[0].decode()
    subject = next(line for line in message.splitlines() if line.startswith("Subject:"))
    assert sent.token in subject
    assert sent.token in message.split("\r\n\r\n", 1)[1]
    assert f"Message-ID: {sent.message_id}" in message


def sent_session(certs, to_addr: str = "customer@example.org") -> AssistantSession:  # type: ignore[no-untyped-def]
    """A session whose step 4 sent a real test message to a loopback server (accepted)."""
    with scripted_smtp(Script(tls_context=certs.good)) as (server, _):
        session = AssistantSession(
            email=USER,
            username=USER,
            password=Secret("S3cret-Pa55!word"),
            host=LOOPBACK,
            port=str(server.port),
            security="starttls",
            from_addr=USER,
            to_addr=to_addr,
        )
        session.cafile = certs.cafile
        result = run_check(session.mail_settings(Step.RELAY), session.password)
    session.record(Step.RELAY, result, session.inputs(Step.RELAY), SENT_AT)
    return session


def summary(session: AssistantSession) -> str:
    return render_text(build_report(judge(session.case())))


def test_no_answer_without_an_accepted_message() -> None:
    session = AssistantSession(host="smtp.example.com")
    assert session.sent_test() is None
    assert session.answer_arrival(ArrivalAnswer.INBOX) is None
    assert session.case().arrival == ()


def test_inbox_answer_is_kept_with_its_time_and_says_delivered(certs) -> None:
    session = sent_session(certs)
    test, sent = session.sent_test()  # type: ignore[misc]
    at = SENT_AT + dt.timedelta(minutes=11)
    check = session.answer_arrival(ArrivalAnswer.INBOX, at=at)
    assert check is not None and check.at == at and check.token == sent.token
    assert check.message_id == sent.message_id and check.test_number == test.number
    verdict = judge(session.case())
    assert "delivered to customer@example.org's inbox" in verdict.headline
    text = summary(session)
    assert ARRIVAL in text
    assert f"at {at:%H:%M} (by you): found in the inbox" in text
    assert f"test {test.number}" in text


def test_junk_answer_leads_to_the_sender_checks(certs) -> None:
    session = sent_session(certs)
    session.answer_arrival(ArrivalAnswer.JUNK, at=SENT_AT + dt.timedelta(minutes=3))
    verdict = judge(session.case())
    assert "into the junk folder" in verdict.headline
    assert any("sender authentication" in s and "Not tested" in s for s in verdict.next_steps)
    assert "found in the junk (spam) folder" in summary(session)


def test_not_there_asks_the_provider_for_a_trace_with_utc_time_token_and_message_id(
    certs,
) -> None:
    session = sent_session(certs)
    _, sent = session.sent_test()  # type: ignore[misc]
    session.answer_arrival(
        ArrivalAnswer.NOT_THERE, at=SENT_AT + dt.timedelta(minutes=12), waited_minutes=12
    )
    verdict = judge(session.case())
    assert "had not arrived at customer@example.org after 12 minutes" in verdict.headline
    request = verdict.requests[0]
    assert "2026-12-01 10:41:05 UTC" in request
    assert sent.token in request and sent.message_id in request
    text = summary(session)
    assert "not there after 12 minutes" in text and sent.message_id in text


def test_a_bounce_is_explained_and_becomes_the_diagnosis(certs) -> None:
    session = sent_session(certs)
    check = session.answer_arrival(ArrivalAnswer.BOUNCED, bounce_text=BOUNCE)
    assert check is not None and check.bounce is not None
    verdict = judge(session.case())
    assert verdict.root is not None and verdict.root.id == check.bounce.id
    assert check.bounce.title in summary(session)


def test_the_summary_says_it_in_all_four_formats_and_practice_is_labelled(certs) -> None:
    from ontime_assist.session import Practice

    session = sent_session(certs)
    session.answer_arrival(ArrivalAnswer.JUNK, looked_at="imap.courier.test", folder="Junk")
    claim = session.arrival[-1].claim
    assert claim.startswith("Looked for the test message at imap.courier.test at ")
    assert claim.split(": ", 1)[1].startswith("found in Junk")
    report = build_report(judge(session.case()))
    for suffix, render in FORMATS.items():
        data = render(report)
        if suffix == ".pdf":
            data = pdf_text_parts(data)
        assert b"imap.courier.test" in data and b"found in Junk" in data, suffix
    practice = sent_session(certs)
    practice.evidence[-1] = practice.evidence[-1]._replace(practice=True)
    practice.answer_arrival(ArrivalAnswer.INBOX)
    assert "Practice: OTA-" in summary(practice)
    practice.enter_practice(Practice("/tmp/ca.pem", 1, 2))
    assert practice.arrival == []


# --- where the look-up is offered ------------------------------------------------------------


def test_imap_lookup_is_not_offered_for_microsoft_365_but_for_google_and_hosting() -> None:
    assert not imap_offer("smtp.office365.com", "a@contoso.com").offered
    google = imap_offer("smtp.gmail.com", "a@gmail.com")
    assert google.offered and google.host == "imap.gmail.com"
    hosting = imap_offer("mail.courier-hosting.example", "a@courier.example")
    assert hosting.offered and hosting.host == "mail.courier-hosting.example"


# --- the look-up, against a real Dovecot -----------------------------------------------------


@pytest.fixture
def imap():  # type: ignore[no-untyped-def]
    try:
        with dovecot_imap(junk="Filtered") as server:
            yield server
    except Unavailable as exc:
        service_missing(str(exc))


def message(token: str) -> bytes:
    return (
        f"From: {USER}\r\nTo: {USER}\r\nSubject: OnTime Assist test message {token}\r\n"
        f"Message-ID: <1.2@courier.test>\r\n\r\nTest token: {token}\r\n"
    ).encode()


def test_lookup_finds_the_message_in_the_inbox_over_tls_read_only(imap) -> None:
    imap.deliver(message("OTA-INB0X2"))
    account = ImapAccount(LOOPBACK, imap.imaps, imap.user, imap.cafile, implicit_tls=True)
    found = look_up(account, Secret(imap.password), "OTA-INB0X2", CancelToken(), 5)
    assert (found.found_in, found.folder, found.problem) == ("inbox", "INBOX", "")
    assert any(line.startswith("C: EXAMINE") for line in found.transcript)
    assert not any(" SELECT " in f" {line} " for line in found.transcript)
    assert imap.password not in "\n".join(found.transcript)
    assert "C: LOGIN dispatch@courier.test [redacted]" in found.transcript
    # Read-only: the message is still new and unread where it was.
    assert len(list((imap.maildir / "new").iterdir())) == 1


def test_lookup_finds_the_junk_folder_by_its_special_use_flag_over_starttls(imap) -> None:
    imap.deliver(message("OTA-JUNK23"), folder="Filtered")  # a name no list would guess
    imap.deliver(message("OTA-OTHER2"))
    account = ImapAccount(LOOPBACK, imap.imap, imap.user, imap.cafile, implicit_tls=False)
    found = look_up(account, Secret(imap.password), "OTA-JUNK23", CancelToken(), 5)
    assert (found.found_in, found.folder, found.problem) == ("junk", "Filtered", "")
    assert "C: STARTTLS" in found.transcript
    assert found.searched == ("INBOX", "Filtered")


def test_lookup_says_not_found_after_searching_both(imap) -> None:
    account = ImapAccount(LOOPBACK, imap.imaps, imap.user, imap.cafile)
    found = look_up(account, Secret(imap.password), "OTA-NNNNNN", CancelToken(), 5)
    assert found.completed and found.found_in == "" and found.searched == ("INBOX", "Filtered")


def test_wrong_password_and_untrusted_certificate_are_said_without_the_password(imap) -> None:
    wrong = "Wr0ng-Pa55-word!"
    account = ImapAccount(LOOPBACK, imap.imaps, imap.user, imap.cafile)
    refused = look_up(account, Secret(wrong), "OTA-AAAAAA", CancelToken(), 5)
    assert "refused the sign-in" in refused.problem
    assert wrong not in refused.problem + "\n".join(refused.transcript)
    untrusted = look_up(
        account._replace(cafile=None), Secret(imap.password), "OTA-A", CancelToken(), 5
    )
    assert "certificate is not trusted" in untrusted.problem


def test_lookup_is_cancellable(imap) -> None:
    cancel = CancelToken()
    cancel.cancel()
    account = ImapAccount(LOOPBACK, imap.imaps, imap.user, imap.cafile)
    stopped = look_up(account, Secret(imap.password), "OTA-AAAAAA", cancel, 5)
    assert stopped.problem == "The look-up was stopped."


def test_imaplib_debug_never_shows_the_password(imap, monkeypatch, capsys) -> None:
    """Even with imaplib's module-wide debug level raised, nothing it prints or keeps holds the
    password (its command log is where LOGIN would be)."""
    import imaplib

    monkeypatch.setattr(imaplib, "Debug", 5)
    imap.deliver(message("OTA-DEBUG2"))
    account = ImapAccount(LOOPBACK, imap.imaps, imap.user, imap.cafile)
    found = look_up(account, Secret(imap.password), "OTA-DEBUG2", CancelToken(), 5)
    assert found.found_in == "inbox"
    said = capsys.readouterr()
    assert imap.password not in said.out + said.err


def test_the_verdict_keeps_the_latest_sender_check_of_each_kind() -> None:
    """Step 4's check (how the test message went) and step 1's (the OnTime Mail Server) judge
    different ways of sending: the verdict keeps the latest of each; an older one of the same
    kind was superseded. With no arrival answer, the summary still carries them."""
    from ontime_assist.case.arrival import SenderCheck
    from ontime_assist.case.model import Case
    from ontime_assist.engine.sender.finding import make

    at = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
    older = SenderCheck(at, "d@a.test", "a.test", (make("sender.spf_missing", "none", "add"),))
    newer = SenderCheck(at, "d@a.test", "a.test", (make("sender.ok", "trusted"),))
    step_one = SenderCheck(
        at,
        "d@a.test",
        "a.test",
        (make("sender.ontime_server_unconfirmed", "not public", "Ask Vesigo"),),
        judged_for="the OnTime Mail Server sending as d@a.test",
        via_ontime_server=True,
    )
    verdict = judge(Case(sender_checks=(older, step_one, newer)))
    ids = {f.id for f in verdict.findings}
    assert {"sender.ok", "sender.ontime_server_unconfirmed"} <= ids
    assert "sender.spf_missing" not in ids
    text = render_text(build_report(verdict))
    assert "Will receivers trust the notifications?" in text
    assert "for the OnTime Mail Server sending as d@a.test" in text


def test_a_sender_check_dns_did_not_answer_says_it_tried_and_the_summary_says_not_tested() -> None:
    """Nothing was checked when DNS gave no answer: the page and the summary say "Tried to
    check", never "Checked" above "could not be checked"."""
    from ontime_assist.case.arrival import SenderCheck
    from ontime_assist.case.model import Case
    from ontime_assist.engine.sender import advice
    from ontime_assist.engine.sender.finding import make
    from ontime_assist.ui.sender_panel import findings_html

    at = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
    detail = advice.lookup_failed("a.test", Exception("no answer within 3.0 s"))
    unanswered = SenderCheck(at, "d@a.test", "a.test", (make("sender.lookup_failed", detail),))
    assert unanswered.head.startswith("Tried to check the sender authentication")
    assert "Checked" not in findings_html(unanswered)
    text = render_text(build_report(judge(Case(sender_checks=(unanswered,)))))
    assert "Tried to check the sender authentication (SPF, DKIM, DMARC) of a.test" in text
    assert "Not tested" in text and "--nameserver" not in text
    checked = SenderCheck(at, "d@a.test", "a.test", (make("sender.ok", "trusted"),))
    assert checked.head.startswith("Checked the sender authentication")
