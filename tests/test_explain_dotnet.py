"""OnTime is a .NET program: every sentence System.Net.Mail puts in an SmtpException (one per
SmtpStatusCode, SmtpException.GetMessageForStatus; texts from dotnet/runtime's
System.Net.Mail Strings.resx) is recognised, alone, after the exception's type name, with only
an enhanced code after "The server response was:", and with a real server reply after it."""

from __future__ import annotations

import pytest

from ontime_assist.engine.diagnosis.explain import explain

RESPONSE_WAS = "The server response was: "

# (sentence as .NET writes it, finding alone, an enhanced code alone and its finding,
#  a real reply after it and its finding)
TABLE = [
    # 211 SystemStatus, 214 HelpMessage, 220 ServiceReady, 250 Ok, 251, 354: a success reply
    # where .NET expected something else: the conversation is out of step.
    ("System status, or system help reply.", "smtp.protocol_error",
     "2.0.0", "smtp.protocol_error", "2.0.0 mail.example.test status OK", "smtp.protocol_error"),
    ("Help message.", "smtp.protocol_error",
     "2.0.0", "smtp.protocol_error", "2.0.0 See RFC 5321", "smtp.protocol_error"),
    ("Service ready.", "smtp.protocol_error",
     "2.0.0", "smtp.protocol_error", "2.0.0 Ready to start TLS", "smtp.protocol_error"),
    ("Service closing transmission channel.", "smtp.disconnected",
     "2.0.0", "smtp.disconnected", "2.0.0 Bye", "smtp.disconnected"),
    ("Completed.", "smtp.protocol_error",
     "2.0.0", "smtp.protocol_error", "2.0.0 OK queued as 4F1A2", "smtp.protocol_error"),
    ("User not local; will forward to specified path.", "smtp.protocol_error",
     "2.1.5", "smtp.protocol_error", "2.1.5 User not local; will forward", "smtp.protocol_error"),
    ("Start mail input; end with <CRLF>.<CRLF>.", "smtp.protocol_error",
     "2.0.0", "smtp.protocol_error", "End data with <CR><LF>.<CR><LF>", "smtp.protocol_error"),
    # 421 ServiceNotAvailable
    ("Service not available, closing transmission channel.", "server.temporary_failure",
     "4.3.2", "server.temporary_failure",
     "4.7.0 Too many connections, slow down", "server.rate_limited"),
    # 450 MailboxBusy and 550 MailboxUnavailable share the sentence; the class tells them apart
    ("Mailbox unavailable.", "send.recipient_rejected",
     "4.2.1", "server.temporary_failure",
     "5.7.54 SMTP; Unable to relay recipient in non-accepted domain", "relay.denied"),
    # 451 LocalErrorInProcessing, 452 InsufficientStorage, 454 ClientNotPermitted
    ("Error in processing.", "server.temporary_failure",
     "4.3.0", "server.temporary_failure",
     "4.3.0 Temporary server error. Please try again later", "server.temporary_failure"),
    ("Insufficient system storage.", "server.temporary_failure",
     "4.3.1", "server.temporary_failure",
     "4.3.1 Insufficient system storage", "server.temporary_failure"),
    ("Client does not have permission to submit mail to this server.", "server.temporary_failure",
     "4.7.0", "server.temporary_failure",
     "4.7.0 TLS not available due to local problem", "server.temporary_failure"),
    # 500-504: syntax errors, commands not implemented, bad sequence (500 is also .NET's
    # sentence for GeneralFailure and any code it has no name for)
    ("Syntax error, command unrecognized.", "smtp.command_refused",
     "5.5.1", "smtp.command_refused", "5.5.1 Unrecognized command", "smtp.command_refused"),
    ("Syntax error in parameters or arguments.", "smtp.command_refused",
     "5.5.4", "smtp.command_refused", "5.5.4 Invalid domain name", "smtp.command_refused"),
    ("Command not implemented.", "smtp.command_refused",
     "5.5.1", "smtp.command_refused", "5.5.1 Command not implemented", "smtp.command_refused"),
    ("Bad sequence of commands.", "smtp.command_refused",
     "5.5.1", "smtp.command_refused", "5.5.1 Error: need MAIL command", "smtp.command_refused"),
    ("Command parameter not implemented.", "smtp.command_refused",
     "5.5.4", "smtp.command_refused",
     "5.5.4 Invalid parameter SMTPUTF8", "smtp.command_refused"),
    # 530 MustIssueStartTlsFirst
    ("The SMTP server requires a secure connection or the client was not authenticated.",
     "relay.auth_required", "5.7.0", "relay.auth_required",
     "5.7.0 Must issue a STARTTLS command first. d2sm1 - gsmtp", "tls.required"),
    # 551 UserNotLocalTryAlternatePath, 552 ExceededStorageAllocation, 553, 554
    ("User not local; please try a different path.", "send.recipient_rejected",
     "5.1.6", "send.recipient_rejected",
     "5.1.6 Recipient no longer on server", "send.recipient_rejected"),
    ("Exceeded storage allocation.", "send.message_rejected",
     "5.3.4", "send.message_rejected",
     "5.3.4 Message size exceeds fixed maximum message size", "send.message_rejected"),
    ("Mailbox name not allowed.", "send.sender_rejected",
     "5.1.7", "send.sender_rejected",
     "5.1.1 <nobody@example.org>: Recipient address rejected: User unknown",
     "send.recipient_rejected"),
    ("Transaction failed.", "send.message_rejected",
     "5.7.1", "send.message_rejected",
     "5.7.1 <client@example.org>: Relay access denied", "relay.denied"),
    # System.Net.Mail's other SmtpException texts
    ("The server committed a protocol violation.", "smtp.protocol_error",
     "2.1.0", "smtp.protocol_error", "2.1.0 Sender OK", "smtp.protocol_error"),
    ("Smtp server returned an invalid response.", "smtp.protocol_error",
     "5.5.2", "smtp.protocol_error", "5.5.2 what?", "smtp.protocol_error"),
    ("The server returned an invalid response to the EHLO command.", "smtp.protocol_error",
     "5.5.2", "smtp.protocol_error", "5.5.2 garbled", "smtp.protocol_error"),
    ("The server returned an invalid response in the authentication handshake.",
     "smtp.protocol_error", "5.5.2", "smtp.protocol_error", "5.5.2 garbled", "smtp.protocol_error"),
    ("Unable to send to a recipient.", "send.recipient_rejected",
     "5.1.1", "send.recipient_rejected", "5.1.1 User unknown", "send.recipient_rejected"),
    ("Unable to send to all recipients.", "send.recipient_rejected",
     "5.1.1", "send.recipient_rejected", "5.1.1 User unknown", "send.recipient_rejected"),
    ("Authentication failed.", "auth.failed",
     "5.7.8", "auth.failed", "5.7.8 Error: authentication failed", "auth.failed"),
    ("The SMTP host was not found.", "dns.not_found",
     "5.4.4", "dns.not_found", "5.4.4 Unable to route", "dns.not_found"),
]  # fmt: skip

IDS = [row[0][:40] for row in TABLE]


def _first(text: str):  # type: ignore[no-untyped-def]
    findings = explain(text).ordered_findings
    assert findings, text
    return findings[0]


@pytest.mark.parametrize("row", TABLE, ids=IDS)
def test_the_sentence_alone(row: tuple[str, ...]) -> None:
    sentence, alone = row[0], row[1]
    finding = _first(sentence)
    assert finding.id == alone, finding
    assert sentence in finding.detail  # says which sentence it read
    assert "does not include the server's reply" in finding.detail


@pytest.mark.parametrize("row", TABLE, ids=IDS)
def test_the_sentence_after_the_exception_type(row: tuple[str, ...]) -> None:
    sentence, alone = row[0], row[1]
    assert _first(f"System.Net.Mail.SmtpException: {sentence}").id == alone
    assert _first(f"System.Net.Mail.SmtpException: {sentence} {RESPONSE_WAS}").id == alone


@pytest.mark.parametrize("row", TABLE, ids=IDS)
def test_the_sentence_with_only_an_enhanced_code(row: tuple[str, ...]) -> None:
    sentence, _, enhanced, expected = row[:4]
    finding = _first(f"{sentence} {RESPONSE_WAS}{enhanced}")
    assert finding.id == expected, finding
    assert finding.reply is not None and finding.reply.enhanced == enhanced


@pytest.mark.parametrize("row", TABLE, ids=IDS)
def test_the_sentence_with_the_servers_reply(row: tuple[str, ...]) -> None:
    sentence, reply, expected = row[0], row[4], row[5]
    text = f"{sentence} {RESPONSE_WAS}{reply}"
    finding = _first(text)
    assert finding.id == expected, finding
    assert finding.reply is not None
    quoted = finding.reply.to_json()
    assert quoted["code"] is None  # .NET drops the code: it is never made up
    assert quoted["text"] == reply
    assert reply in finding.detail and sentence in finding.detail


def test_a_short_sentence_inside_other_words_is_not_taken_for_dotnets() -> None:
    assert _first("The nightly backup Completed. Nothing else to report").id == (
        "explain.not_recognised"
    )


def test_every_status_code_of_dotnet_has_its_sentence_in_the_table() -> None:
    """SmtpStatusCode's members (dotnet/runtime SmtpStatusCode.cs) with their own sentence."""
    statuses = {211, 214, 220, 221, 250, 251, 354, 421, 450, 451, 452, 454, 500, 501, 502, 503,
                504, 530, 550, 551, 552, 553, 554}  # fmt: skip
    recognised: set[int] = set()
    from ontime_assist.engine.diagnosis.dotnet_status import STATUS_SENTENCES

    for entry in STATUS_SENTENCES:
        assert entry.sentence in [row[0] for row in TABLE], entry.sentence
        recognised |= set(entry.codes)
    assert statuses <= recognised


def test_a_reply_quoted_with_its_own_code_keeps_it() -> None:
    finding = _first(
        "System.Net.Mail.SmtpException: Transaction failed. The server response was: "
        "554 5.7.1 <client@example.org>: Relay access denied"
    )
    assert finding.id == "relay.denied"
    assert finding.reply is not None and finding.reply.code == 554


def test_the_stack_trace_after_the_reply_is_not_quoted_as_the_servers() -> None:
    """What users paste is often the whole exception: the reply is the rest of its line."""
    finding = _first(
        "System.Net.Mail.SmtpException: Mailbox unavailable. The server response was: "
        "5.7.1 Unable to relay for client@example.org\r\n"
        "   at System.Net.Mail.RecipientCommand.CheckResponse(SmtpStatusCode statusCode, "
        "String response)\r\n"
        "   at System.Net.Mail.SmtpTransport.SendMail(MailAddress sender)\r\n"
    )
    assert finding.id == "relay.denied", finding
    assert finding.reply is not None
    assert finding.reply.text == "5.7.1 Unable to relay for client@example.org"
    assert "CheckResponse" not in finding.detail


def test_letters_that_change_length_in_lower_case_do_not_shift_the_reply() -> None:
    # "İ".lower() is two characters: positions found in a lower-cased copy would be off.
    finding = _first(
        "Transaction failed. The server response was: 5.7.1 İİ İzin yok: Relay access denied"
    )
    assert finding.reply is not None
    assert finding.reply.text == "5.7.1 İİ İzin yok: Relay access denied"
