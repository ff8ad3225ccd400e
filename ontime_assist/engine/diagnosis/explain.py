"""Diagnose an error message the user pasted (from OnTime, a bounce, a log), offline.

OnTime is a .NET program, so most pasted texts are System.Net.Mail.SmtpException wordings that
wrap the server's reply ("… The server response was: 5.7.57 …"); others are raw SMTP replies
from logs or bounces. The provider's wording is read first, then the codes; a code that is not
in the text is never made up. What cannot be recognised is said to be so, with what was made
out. Credentials in the text (a log's AUTH line, `password=…`) are removed before anything is
read, so they cannot travel on in a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ontime_assist import __version__
from ontime_assist.engine.connection.replies import (
    NO_CODE,
    Reply,
    enhanced_code,
    parse_pasted_replies,
)
from ontime_assist.engine.diagnosis.diagnose import classify_reply
from ontime_assist.engine.diagnosis.dotnet_status import FoundStatus, find_status
from ontime_assist.engine.diagnosis.reply_context import Context
from ontime_assist.engine.findings import Finding, exit_status, make, ordered
from ontime_assist.engine.redaction.scrub import scrub_credentials

MAX_INPUT_CHARS = 100_000  # a pasted log, not a disk image


@dataclass
class Explanation:
    text: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def ordered_findings(self) -> list[Finding]:
        return ordered(self.findings)

    @property
    def exit_code(self) -> int:
        return exit_status(self.findings)

    def to_json(self) -> dict[str, object]:
        return {
            "tool": {"name": "ontime-assist", "version": __version__},
            "settings": {},
            "stages": [],
            "findings": [f.to_json() for f in self.ordered_findings],
            "transcript": [],
        }


# .NET SmtpException / WebException / IOException wordings with no server reply in them.
_DOTNET_PHRASES: list[tuple[re.Pattern[str], str, str]] = [
    (
        re.compile(r"remote name could not be resolved:?\s*'?([^'\s]*)", re.I),
        "dns.not_found",
        "Windows could not find the server name{name}.",
    ),
    (
        re.compile(r"actively refused it", re.I),
        "net.refused",
        "Windows reports that the server refused the connection on that port.",
    ),
    (
        re.compile(r"connected party did not properly respond|connection attempt failed", re.I),
        "net.timeout",
        "Windows reports that the server did not answer the connection attempt.",
    ),
    (
        re.compile(r"network is unreachable|no route to host|unreachable (network|host)", re.I),
        "net.unreachable",
        "Windows reports that there is no route to the server.",
    ),
    (
        re.compile(
            r"remote certificate is invalid|certificate (has )?expired|"
            r"certificate verify failed",
            re.I,
        ),
        "tls.cert_untrusted",
        "Windows refused the server's certificate. From the message alone it cannot be told "
        "whether it is untrusted, expired, for another name, or replaced by antivirus; a live "
        "test in the assistant says which.",
    ),
    (
        re.compile(
            r"do not possess a common algorithm|tls 1\.[01] .*not supported|"
            r"unsupported protocol",
            re.I,
        ),
        "tls.protocol_too_old",
        "Windows and the server found no encryption version in common.",
    ),
    (
        re.compile(r"server does not support secure connections", re.I),
        "tls.starttls_unavailable",
        "OnTime asked for encryption (SSL box ticked) but the server did not offer STARTTLS.",
    ),
    (
        re.compile(r"the operation has timed out|operation timed out", re.I),
        "net.timeout",
        "OnTime waited and got no answer. When the port is 465 with SSL ticked, this is the "
        "usual cause: OnTime probably sends through Windows' standard mail component, which "
        "does not support SSL from the first byte (an inference; it cannot be confirmed from "
        "the message). Otherwise a firewall is dropping the connection.",
    ),
    (
        re.compile(
            r"net_io_connectionclosed|forcibly closed by the remote host|"
            r"closed the transport stream|unable to read data from the transport",
            re.I,
        ),
        "smtp.disconnected",
        "The server closed the connection in the middle of the conversation.",
    ),
    (
        re.compile(r"unable to connect to the remote server", re.I),
        "net.error",
        "Windows could not connect to the server: the name, port, a firewall or the network.",
    ),
    (
        re.compile(r"requires a secure connection or the client was not authenticated", re.I),
        "relay.auth_required",
        "The server refused to accept mail without a login (or without encryption); the message "
        "does not include the server's own reply, which would say which.",
    ),
]

_RESPONSE_WAS = re.compile(
    r"(?:server response was|response from server was)\s*:?\s*(.+)", re.I | re.S
)
_BARE_ENHANCED = re.compile(r"(?<![\d.])([245]\.[0-7]\.\d{1,3})\s+(.+)")
_REPLY_CODE = re.compile(r"(?<!\d)([245]\d\d)(?!\d)")


# The .NET wrapper around a server's reply: it says nothing the reply does not say better.
_DOTNET_WRAPPER = re.compile(
    r"the smtp server requires a secure connection or the client was not authenticated\.?",
    re.I,
)
_PASTED = Context(live=False)


def explain(text: str) -> Explanation:
    text = scrub_credentials(text[:MAX_INPUT_CHARS])
    explanation = Explanation(text)
    if not parse_pasted_replies(text):
        status = find_status(text)
        if status is not None:
            explanation.findings.append(_from_dotnet_status(status, text))
            return explanation
    replies = _replies_in(text)
    seen: set[str] = set()
    for reply in replies:
        finding = classify_reply(_stage_for(reply, text), reply, _PASTED)
        if finding.id not in seen:
            seen.add(finding.id)
            explanation.findings.append(finding)
    # A reply we could only call "refused" adds nothing next to one we understood; alone, it
    # is honestly a message we do not recognise (with the reply it contained).
    if any(f.id != "server.rejected" for f in explanation.findings):
        explanation.findings = [f for f in explanation.findings if f.id != "server.rejected"]
    elif explanation.findings:
        quoted = explanation.findings[0].reply
        explanation.findings = [make("explain.not_recognised", _made_out(text), reply=quoted)]
    if not replies:
        worded = _by_wording(text)
        if worded is not None:
            explanation.findings.append(worded)
        else:
            explanation.findings += _dotnet_finding(text)
    if not explanation.findings:
        explanation.findings.append(make("explain.not_recognised", _made_out(text)))
    return explanation


def _from_dotnet_status(found: FoundStatus, text: str) -> Finding:
    """OnTime's own SmtpException message: the sentence says which reply code the server used,
    the server's reply after it (when there is one) says why. The code is used to read the
    reply, but never quoted as if it had been pasted."""
    entry, response = found.entry, found.response
    codes = " or ".join(str(c) for c in entry.codes)
    said = f"“{entry.sentence}” is how Windows' mail component (which OnTime uses) reports " + (
        f"reply code {codes}: {entry.meaning}." if codes else f"that {entry.meaning}."
    )
    if not response:
        return make(entry.finding_id, f"{said} The message does not include the server's reply.")
    raw = parse_pasted_replies(response)
    if raw:  # the reply with its own code after all: read as any pasted reply
        reply = raw[0]
        finding = classify_reply(_stage_for(reply, text), reply, _PASTED)
        if finding.id == "server.rejected":
            seen = f"{said} The server's reply: “{reply.as_line()}”"
            return make(entry.finding_id, seen, reply=reply)
        return finding
    quoted = Reply(code=NO_CODE, text=response, lines=(response,))
    if not entry.codes:  # not a refusal, but .NET's complaint about the reply: quoted as seen
        return make(
            entry.finding_id, f"{said} The server's reply: “{quoted.as_line()}”", reply=quoted
        )
    implied = Reply(code=entry.code_for(quoted.enhanced), text=response, lines=(response,))
    # The command it answered, from the reply's own words and enhanced code where they tell;
    # else the one .NET's sentence usually comes from.
    guessed = _stage_for(quoted, text)
    stage = guessed if guessed != "mail" else entry.stage
    finding = classify_reply(stage, implied, _PASTED)
    if finding.id == "server.rejected":
        return make(
            entry.finding_id, f"{said} The server's reply: “{quoted.as_line()}”", reply=quoted
        )
    return finding._replace(detail=f"{said} The server's reply: “{quoted.as_line()}”", reply=quoted)


def _by_wording(text: str) -> Finding | None:
    """A provider's wording without any reply code ("SmtpClientAuthentication is disabled for
    the Tenant"): recognised by the words alone, quoted without a code."""
    words = " ".join(_DOTNET_WRAPPER.sub(" ", text).split())
    if not words:
        return None
    reply = Reply(code=NO_CODE, text=words, lines=(words,))
    finding = classify_reply(_stage_for(reply, text), reply, _PASTED)
    return finding if finding.id != "server.rejected" else None


def _dotnet_finding(text: str) -> list[Finding]:
    for pattern, finding_id, detail in _DOTNET_PHRASES:
        match = pattern.search(text)
        if match:
            name = f" “{match.group(1)}”" if match.groups() and match.group(1) else ""
            return [make(finding_id, detail.format(name=name))]
    return []


def _replies_in(text: str) -> list[Reply]:
    """Server replies in the text: raw reply lines, else a .NET-wrapped reply, else a bare
    enhanced code (kept without a reply code: none was in the text)."""
    replies = parse_pasted_replies(text)
    if replies:
        return replies
    wrapped = _RESPONSE_WAS.search(text)
    candidate = wrapped.group(1).strip() if wrapped else text
    raw = parse_pasted_replies(candidate)
    if raw:
        return raw
    bare = _BARE_ENHANCED.search(candidate)
    if bare:
        enhanced, rest = bare.group(1), " ".join(bare.group(2).split())
        code = _code_in(enhanced, text)
        return [Reply(code=code, text=f"{enhanced} {rest}", lines=(f"{enhanced} {rest}",))]
    return []


def _code_in(enhanced: str, text: str) -> int:
    """The reply code that goes with a bare enhanced code, when the text has one."""
    for match in _REPLY_CODE.finditer(text):
        if match.group(1)[0] == enhanced[0]:
            return int(match.group(1))
    return NO_CODE


_AUTH_CODES = {534, 535, 538, 504}
_SENDER_ADDRESS_CODES = {"1.7", "1.8"}  # RFC 3463 X.1.7/X.1.8: the sender's address is bad
_AUTH_ENHANCED = {"5.7.8", "5.7.9", "5.7.14", "5.7.139", "5.7.3", "5.7.11"}


def _stage_for(reply: Reply, text: str) -> str:
    """Guess which command a pasted reply answered: it decides between readings of the same
    code (5.7.1 means "bad login" after AUTH and "relay denied" after RCPT)."""
    lowered = reply.text.lower()
    enhanced = reply.enhanced or enhanced_code(text) or ""
    if (
        reply.code in _AUTH_CODES
        or enhanced in _AUTH_ENHANCED
        or "authentication unsuccessful" in lowered
    ):
        return "auth"
    if reply.code in (421,) and "4.7.66" not in enhanced:
        return "greeting"
    if "relay" in lowered and "sender" not in lowered:
        return "rcpt"
    if (
        (enhanced.startswith(("5.1.", "4.1.")) and enhanced[2:] not in _SENDER_ADDRESS_CODES)
        or "recipient" in lowered
        or "mailbox unavailable" in text.lower()
    ):
        return "rcpt"
    if "sendas" in lowered.replace(" ", "") or "storedrv" in lowered:
        return "message"
    if "message" in lowered and ("spam" in lowered or "content" in lowered or "size" in lowered):
        return "message"
    return "mail"


def _made_out(text: str) -> str:
    codes = sorted(set(_REPLY_CODE.findall(text)))
    enhanced = sorted(set(re.findall(r"(?<![\d.])[245]\.\d{1,3}\.\d{1,3}", text)))
    parts = []
    if codes:
        parts.append("reply codes " + ", ".join(codes))
    if enhanced:
        parts.append("status codes " + ", ".join(enhanced))
    seen = "; ".join(parts) if parts else "no SMTP reply code"
    first = " ".join(text.split())[:160]
    return f"The message “{first}” was not recognised (found: {seen})."
