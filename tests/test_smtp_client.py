"""The SMTP client on socket and ssl: what it says on the wire and how it reads EHLO, checked
against smtplib (which it replaced) and against loopback servers."""

from __future__ import annotations

import email.utils
import smtplib
import sys
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ontime_assist.engine.connection.replies import Reply
from ontime_assist.engine.connection.smtp_client import angle_address, parse_extensions
from ontime_assist.engine.sending.envelope import envelope_address, message_id, rfc5322_date
from tests.cli_helpers import check
from tests.servers import Script, scripted_smtp

# --- EHLO, read as smtplib reads it -------------------------------------------------------------

ehlo_line = st.one_of(
    st.sampled_from(
        ["AUTH PLAIN LOGIN", "AUTH=LOGIN", "auth=PLAIN", "SIZE 10240000", "STARTTLS", "8BITMIME"]
    ),
    st.text(alphabet=st.characters(codec="latin-1", exclude_characters="\r\n"), max_size=30),
)


def smtplib_features(lines: list[str]) -> dict[str, str]:
    """What smtplib.SMTP.ehlo() puts in esmtp_features for this reply."""

    class Replay(smtplib.SMTP):
        def putcmd(self, cmd: str, args: str = "") -> None:
            pass

        def getreply(self) -> tuple[int, bytes]:
            return 250, "\n".join(["mail.example.test", *lines]).encode("latin-1")

    replay = Replay()
    replay.ehlo("client")
    return replay.esmtp_features


@given(lines=st.lists(ehlo_line, max_size=8))
def test_extensions_are_parsed_as_smtplib_parses_them(lines: list[str]) -> None:
    reply = Reply(250, "\n".join(["mail.example.test", *lines]), ("mail.example.test", *lines))
    assert parse_extensions(reply) == smtplib_features(lines)


def test_addresses_go_in_angle_brackets_once() -> None:
    assert angle_address("office@example.com") == "<office@example.com>"
    assert angle_address("<office@example.com>") == "<office@example.com>"


# --- the test message's Date and Message-ID, without the email package --------------------------


@given(timestamp=st.integers(min_value=0, max_value=4_102_444_800))  # 1970 to 2100
def test_date_header_matches_the_email_package(timestamp: int) -> None:
    assert rfc5322_date(timestamp) == email.utils.formatdate(timestamp, localtime=True)


@pytest.mark.skipif(sys.platform == "win32", reason="time.tzset is Unix only")
@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"])
def test_date_header_in_other_time_zones(zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        for timestamp in (0, 1_795_812_576, 1_800_000_000):  # summer and winter, half hours
            assert rfc5322_date(timestamp) == email.utils.formatdate(timestamp, localtime=True)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_message_ids_are_unique_and_well_formed() -> None:
    ids = {message_id("courier.example") for _ in range(1000)}
    assert len(ids) == 1000
    for value in ids:
        assert email.utils.parseaddr(value)[1].endswith("@courier.example")
        assert value.startswith("<") and value.endswith(">") and value.isascii()


# --- addresses beyond ASCII ---------------------------------------------------------------------


def test_a_domain_with_accents_travels_in_its_ascii_form() -> None:
    assert envelope_address("info@müller.de") == "info@xn--mller-kva.de"
    assert envelope_address("office@example.com") == "office@example.com"
    assert envelope_address("jürgen@müller.de") == "jürgen@xn--mller-kva.de"


def mail_lines(log: list[str]) -> list[str]:
    return [line for line in log if line.upper().startswith(("MAIL", "RCPT"))]


def send_from(run_cli, certs, sender: str, recipient: str, *, smtputf8: bool = False):  # type: ignore[no-untyped-def]
    """`check` from `sender` to `recipient` against a STARTTLS server with or without
    SMTPUTF8; (the result, the MAIL and RCPT lines the server received)."""
    features = ["AUTH PLAIN LOGIN", *(["SMTPUTF8"] if smtputf8 else [])]
    with scripted_smtp(Script(tls_context=certs.good, ehlo=features)) as (server, log):
        result = check(
            run_cli, server.port, "--cafile", certs.cafile,
            "--from", sender, "--to", recipient, "--send",
        )  # fmt: skip
    return result, mail_lines(log)


def test_accented_from_address_without_smtputf8_is_a_clear_finding(run_cli, certs) -> None:
    result, sent = send_from(run_cli, certs, "jürgen@example.com", "client@example.org")
    assert result.code == 1 and not result.err, result.err
    cause = result.root_cause
    assert cause["id"] == "send.international_address" and cause["step"] == "relay"
    assert "jürgen@example.com" in cause["detail"] and "SMTPUTF8" in cause["detail"]
    assert "has “ü” before the @" in cause["detail"]
    assert cause["fix"].startswith("In OnTime's From field")
    assert sent == []  # nothing was tried that the server cannot take


def test_accented_recipient_without_smtputf8_names_the_recipient(run_cli, certs) -> None:
    result, _sent = send_from(run_cli, certs, "office@example.com", "zoë@example.org")
    assert result.root_cause["id"] == "send.international_address"
    assert "test recipient zoë@example.org" in result.root_cause["detail"]
    assert result.root_cause["fix"].startswith("Send the test to an address")


def test_accented_address_with_smtputf8_is_sent_as_utf8(run_cli, certs) -> None:
    result, sent = send_from(
        run_cli, certs, "jürgen@müller.de", "client@example.org", smtputf8=True
    )
    assert result.code == 0, result.out
    assert sent == ["mail FROM:<jürgen@xn--mller-kva.de> SMTPUTF8", "rcpt TO:<client@example.org>"]


def test_accented_domain_needs_no_smtputf8(run_cli, certs) -> None:
    result, sent = send_from(run_cli, certs, "info@müller.de", "client@example.org")
    assert result.code == 0, result.out
    assert sent[0] == "mail FROM:<info@xn--mller-kva.de>"
    headers = [t["text"] for t in result.json["transcript"] if t["text"].startswith("From: ")]
    assert headers[0] == "From: info@xn--mller-kva.de"  # the header, too, is plain ASCII
