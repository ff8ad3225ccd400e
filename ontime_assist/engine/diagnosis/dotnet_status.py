"""The sentences .NET's System.Net.Mail puts in an SmtpException, and what each one means.

OnTime is a .NET program: what its users paste is `SmtpException.Message`, which is the
sentence for the reply's SmtpStatusCode (SmtpException.GetMessageForStatus, texts from
System.Net.Mail's Strings.resx in dotnet/runtime), then " The server response was: " and the
server's reply without its three-digit code. The sentence therefore tells the code the server
used; the reply after it (when there is one) tells why. Mailbox unavailable is the sentence for
both 450 and 550: the enhanced code's class, when there is one, tells which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class DotnetStatus:
    status: str  # the SmtpStatusCode member (or the resource name for sentences without one)
    codes: tuple[int, ...]  # the reply codes .NET reports with this sentence; () for none
    sentence: str  # exactly as .NET writes it
    stage: str  # the command it most often answers (decides between readings of a code)
    finding_id: str  # what the sentence alone means, when the server's reply says no more
    meaning: str  # the sentence in plain words

    def code_for(self, enhanced: str | None) -> int:
        """The reply code; where two share the sentence, the one of the enhanced code's class."""
        if enhanced and len(self.codes) > 1:
            for code in self.codes:
                if str(code)[0] == enhanced[0]:
                    return code
        return self.codes[0] if self.codes else 0


_UNEXPECTED = (
    "a success reply where it expected a refusal or another step: the conversation is out of step"
)
_COMMAND = "the server refused a command of the conversation"

# SmtpException.GetMessageForStatus, one line per SmtpStatusCode (GeneralFailure and
# CannotVerifyUserWillAttemptDelivery have no sentence of their own: they get the default one,
# CommandUnrecognized's), then the other SmtpException texts of System.Net.Mail.
STATUS_SENTENCES: tuple[DotnetStatus, ...] = (
    DotnetStatus(
        "SystemStatus",
        (211,),
        "System status, or system help reply.",
        "mail",
        "smtp.protocol_error",
        _UNEXPECTED,
    ),
    DotnetStatus(
        "HelpMessage", (214,), "Help message.", "mail", "smtp.protocol_error", _UNEXPECTED
    ),
    DotnetStatus(
        "ServiceReady", (220,), "Service ready.", "mail", "smtp.protocol_error", _UNEXPECTED
    ),
    DotnetStatus(
        "ServiceClosingTransmissionChannel",
        (221,),
        "Service closing transmission channel.",
        "mail",
        "smtp.disconnected",
        "the server said goodbye in the middle of the conversation",
    ),
    DotnetStatus("Ok", (250,), "Completed.", "mail", "smtp.protocol_error", _UNEXPECTED),
    DotnetStatus(
        "UserNotLocalWillForward",
        (251,),
        "User not local; will forward to specified path.",
        "rcpt",
        "smtp.protocol_error",
        _UNEXPECTED,
    ),
    DotnetStatus(
        "StartMailInput",
        (354,),
        "Start mail input; end with <CRLF>.<CRLF>.",
        "data",
        "smtp.protocol_error",
        _UNEXPECTED,
    ),
    DotnetStatus(
        "ServiceNotAvailable",
        (421,),
        "Service not available, closing transmission channel.",
        "mail",
        "server.temporary_failure",
        "the server is not available for now and closed the connection",
    ),
    DotnetStatus(
        "MailboxUnavailable",
        (550, 450),
        "Mailbox unavailable.",
        "rcpt",
        "send.recipient_rejected",
        "the server refused an address (most often the recipient; a 4.x.x code means only for now)",
    ),
    DotnetStatus(
        "LocalErrorInProcessing",
        (451,),
        "Error in processing.",
        "mail",
        "server.temporary_failure",
        "the server had a local error and asks to try again later",
    ),
    DotnetStatus(
        "InsufficientStorage",
        (452,),
        "Insufficient system storage.",
        "mail",
        "server.temporary_failure",
        "the server is short of storage for now",
    ),
    DotnetStatus(
        "ClientNotPermitted",
        (454,),
        "Client does not have permission to submit mail to this server.",
        "tls",
        "server.temporary_failure",
        "a temporary refusal, sent when a server cannot start encryption or check a login for now",
    ),
    DotnetStatus(
        "CommandUnrecognized",
        (500,),
        "Syntax error, command unrecognized.",
        "ehlo",
        "smtp.command_refused",
        _COMMAND + " as unrecognised (also .NET's wording for any reply it has no name for)",
    ),
    DotnetStatus(
        "SyntaxError",
        (501,),
        "Syntax error in parameters or arguments.",
        "ehlo",
        "smtp.command_refused",
        _COMMAND
        + " for a bad parameter, such as the computer's name in the greeting or an address",
    ),
    DotnetStatus(
        "CommandNotImplemented",
        (502,),
        "Command not implemented.",
        "ehlo",
        "smtp.command_refused",
        _COMMAND + " that it does not implement",
    ),
    DotnetStatus(
        "BadCommandSequence",
        (503,),
        "Bad sequence of commands.",
        "mail",
        "smtp.command_refused",
        _COMMAND + " as out of order",
    ),
    DotnetStatus(
        "CommandParameterNotImplemented",
        (504,),
        "Command parameter not implemented.",
        "mail",
        "smtp.command_refused",
        _COMMAND + " for a parameter it does not implement (such as an option after MAIL FROM)",
    ),
    DotnetStatus(
        "MustIssueStartTlsFirst",
        (530,),
        "The SMTP server requires a secure connection or the client was not authenticated.",
        "mail",
        "relay.auth_required",
        "the server wants a login, or encryption first, before it takes mail",
    ),
    DotnetStatus(
        "UserNotLocalTryAlternatePath",
        (551,),
        "User not local; please try a different path.",
        "rcpt",
        "send.recipient_rejected",
        "the recipient is not on that server, and it does not pass the mail on",
    ),
    DotnetStatus(
        "ExceededStorageAllocation",
        (552,),
        "Exceeded storage allocation.",
        "message",
        "send.message_rejected",
        "the message is larger than the server or the mailbox allows",
    ),
    DotnetStatus(
        "MailboxNameNotAllowed",
        (553,),
        "Mailbox name not allowed.",
        "mail",
        "send.sender_rejected",
        "the server refused an address as not allowed (most often the From address)",
    ),
    DotnetStatus(
        "TransactionFailed",
        (554,),
        "Transaction failed.",
        "message",
        "send.message_rejected",
        "the server refused the message",
    ),
    # Other SmtpException texts of System.Net.Mail (Strings.resx).
    DotnetStatus(
        "net_webstatus_ServerProtocolViolation",
        (),
        "The server committed a protocol violation.",
        "mail",
        "smtp.protocol_error",
        "the server answered with a reply .NET did not expect at that point",
    ),
    DotnetStatus(
        "SmtpInvalidResponse",
        (),
        "Smtp server returned an invalid response.",
        "mail",
        "smtp.protocol_error",
        "the server's reply was not a valid SMTP reply",
    ),
    DotnetStatus(
        "SmtpEhloResponseInvalid",
        (),
        "The server returned an invalid response to the EHLO command.",
        "ehlo",
        "smtp.protocol_error",
        "the server's answer to the greeting (EHLO) was not valid",
    ),
    DotnetStatus(
        "SmtpAuthResponseInvalid",
        (),
        "The server returned an invalid response in the authentication handshake.",
        "auth",
        "smtp.protocol_error",
        "the server's answer during the login was not valid",
    ),
    DotnetStatus(
        "SmtpRecipientFailed",
        (),
        "Unable to send to a recipient.",
        "rcpt",
        "send.recipient_rejected",
        "the server refused a recipient",
    ),
    DotnetStatus(
        "SmtpAllRecipientsFailed",
        (),
        "Unable to send to all recipients.",
        "rcpt",
        "send.recipient_rejected",
        "the server refused every recipient",
    ),
    DotnetStatus(
        "SmtpAuthenticationFailed",
        (),
        "Authentication failed.",
        "auth",
        "auth.failed",
        "the login was refused",
    ),
    DotnetStatus(
        "MailHostNotFound",
        (),
        "The SMTP host was not found.",
        "mail",
        "dns.not_found",
        "the server's name could not be found",
    ),
)

# What follows the sentence when the server's reply is included; the reply is the rest of that
# line (.NET quotes one line). What comes on the next lines of a paste is not the server's: the
# exception's stack trace ("   at System.Net.Mail…"), or the rest of a log.
_RESPONSE_WAS = re.compile(r"\s*the server response was[ :]*", re.I)
# An exception's type name just before the sentence ("System.Net.Mail.SmtpException: …").
_EXCEPTION_PREFIX = re.compile(r"(?:smtp\w*exception|error)\s*:\s*$", re.I)


@dataclass(frozen=True)
class FoundStatus:
    entry: DotnetStatus
    response: str  # the server's reply after "The server response was:", "" when none


def find_status(text: str) -> FoundStatus | None:
    """The .NET sentence in `text`, where it stands as .NET writes it: followed by "The server
    response was:", or alone, or right after the exception's type name. A short sentence such
    as "Completed." elsewhere in a log is not taken for one."""
    best: tuple[int, FoundStatus] | None = None
    for entry in STATUS_SENTENCES:
        # Matched without changing case in the text: lower() can change a string's length
        # ("İ"), and the positions must be the text's own.
        for match in re.finditer(re.escape(entry.sentence), text, re.I):
            before, after = text[: match.start()].rstrip(), text[match.end() :]
            response_was = _RESPONSE_WAS.match(after)
            if response_was is not None:
                line = after[response_was.end() :].split("\n", 1)[0]
                found = FoundStatus(entry, " ".join(line.split()))
            elif (not before and not after.strip()) or _EXCEPTION_PREFIX.search(before):
                found = FoundStatus(entry, "")  # alone, or right after the exception's name
            else:
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), found)
            break
    return best[1] if best is not None else None
