"""The mail, rcpt and data stages: does the server take mail from OnTime's From address to an
outside recipient, and (with --send) the message itself."""

from __future__ import annotations

import os
import re
import time

from ontime_assist.engine.check.result import Stage
from ontime_assist.engine.check.state import CheckState
from ontime_assist.engine.connection.replies import ProtocolError, ReplyTimeout, ServerClosed
from ontime_assist.engine.findings import make
from ontime_assist.engine.idn import InvalidName, ascii_name
from ontime_assist.engine.ontime_terms import security_words
from ontime_assist.records import NamedTuple

TYPE_CHECKING = False  # mypy reads True; not importing typing saves check ~5 ms (records.py)

if TYPE_CHECKING:
    from ontime_assist.engine.check.result import CheckResult

RCPT_ACCEPTED = (250, 251)
SUBJECT = "OnTime Assist test message"
# Letters and digits a person reads back without confusing them (no 0/O, 1/I/L).
_READABLE = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_SENT = re.compile(r"test message (OTA-[0-9A-Z]{6}), Message-ID (<[^>\s]+>)")


class SentMessage(NamedTuple):
    """What identifies one test message in the recipient's mailbox and the provider's trace."""

    token: str  # "OTA-7F3K2Q": in the subject and the body
    message_id: str  # "<…@domain>"


def new_token() -> str:
    """A short token unique to one test message, to look for it (by eye, or by IMAP SEARCH)."""
    # os.urandom rather than the secrets module, which loads random and hashlib into every
    # check; the slight bias of the modulo is no matter for a token read by eye.
    return "OTA-" + "".join(_READABLE[byte % len(_READABLE)] for byte in os.urandom(6))


def sent_message(result: CheckResult) -> SentMessage | None:
    """The token and Message-ID of the test message a result sent, as its data stage records
    them; None when no message was accepted."""
    stage = next((s for s in result.stages if s.name == "data"), None)
    if stage is None or stage.status != "ok":
        return None
    found = _SENT.search(stage.detail)
    return SentMessage(found.group(1), found.group(2)) if found else None


def send_envelope(state: CheckState) -> None:
    s = state.settings
    sender = s.from_addr
    if s.stop_after_auth or not sender:
        why = "sign-in test only" if s.stop_after_auth else "no From address given"
        for name in ("mail", "rcpt", "data"):
            state.skip(name, why)
        return
    sender = envelope_address(sender)
    recipient = envelope_address(s.to_addr) if s.to_addr else ""
    international = not (sender.isascii() and recipient.isascii())
    with state.running("mail") as stage:
        if international:
            _require_smtputf8(state, stage, sender, recipient)
        reply = state.exchange("mail", lambda conn: conn.mail(sender, international=international))
        stage.detail = reply.as_line()
        if reply.code != 250:
            raise state.stop(state.classify("mail", reply))
    if not s.to_addr:
        state.skip("rcpt", "no test recipient given")
        state.skip("data", "no test recipient given")
        state.exchange("data", lambda conn: conn.command("RSET"))
        return
    with state.running("rcpt") as stage:
        reply = state.exchange("rcpt", lambda conn: conn.rcpt(recipient))
        stage.detail = reply.as_line()
        if reply.code not in RCPT_ACCEPTED:
            raise state.stop(state.classify("rcpt", reply))
    state.add(make("relay.ok", f"The server accepted mail from {sender} to {s.to_addr}."))
    if not s.send_message:
        state.skip("data", "no message sent (a reset instead of the message)")
        state.exchange("data", lambda conn: conn.command("RSET"))
        return
    with state.running("data") as stage:
        reply = state.exchange("data", lambda conn: conn.command("DATA"))
        if reply.code != 354:
            stage.detail = reply.as_line()
            raise state.stop(state.classify("data", reply))
        domain = envelope_address(s.from_addr).rpartition("@")[2]
        sent = SentMessage(new_token(), message_id(domain))
        body = test_message(state, sent)
        reply = state.exchange("data", lambda conn: conn.message(body))
        # Recorded with the test: what the user (or the IMAP look-up) looks for afterwards.
        stage.detail = (
            f"{reply.as_line()} (test message {sent.token}, Message-ID {sent.message_id})"
        )
        if reply.code != 250:
            raise state.stop(state.classify("message", reply))
        state.add(
            make(
                "send.ok",
                f"Test message {sent.token} accepted: {reply.as_line()} "
                f"(Message-ID {sent.message_id})",
            )
        )


def envelope_address(address: str) -> str:
    """The address as MAIL FROM and RCPT TO carry it: a domain with non-ASCII letters in its
    ASCII (A-label, UTS 46) form, which every server takes. Letters before the @ have no such
    form."""
    local, _, domain = address.rpartition("@")
    if domain.isascii():
        return address
    try:
        return f"{local}@{ascii_name(domain)}"
    except InvalidName:
        return address  # not a valid international name: the server will say so


def _require_smtputf8(state: CheckState, stage: Stage, sender: str, recipient: str) -> None:
    """Letters beyond ASCII before the @ travel only with the server's SMTPUTF8 (RFC 6531)."""
    assert state.conn is not None
    if state.conn.has_extn("smtputf8"):
        return
    named = sender if not sender.isascii() else recipient
    which = "From address" if named == sender else "test recipient"
    stage.detail = "the server does not offer SMTPUTF8"
    raise state.stop(
        make(
            "send.international_address",
            f"The {which} {named} has {_quoted_letters(named)} before the @. Mail with such "
            f"an address needs the server's SMTPUTF8 extension, which {state.settings.host} "
            "does not offer, so the message was not tried.",
            fix=_INTERNATIONAL_FIX[which],
        )
    )


_INTERNATIONAL_FIX = {
    "From address": "In OnTime's From field, use an address with only plain letters, digits, dots "
    "or dashes before the @ (ask your provider for one if needed), or ask your provider whether "
    "their server can offer SMTPUTF8.",
    "test recipient": "Send the test to an address with only plain letters, digits, dots or dashes "
    "before the @. (The customers OnTime writes to may have such addresses too: a server without "
    "SMTPUTF8 cannot deliver to them.)",
}


def _quoted_letters(address: str) -> str:
    """The letters beyond plain ASCII before the @, as a person would point at them."""
    local = address.rpartition("@")[0]
    letters = sorted({ch for ch in local if not ch.isascii()})
    return " and ".join(f"“{ch}”" for ch in letters) if letters else "special letters"


def test_message(state: CheckState, sent: SentMessage) -> bytes:
    """A short plain-text message carrying its token in the subject and the body. Built by
    hand: the addresses are validated input without line breaks, and the email package costs
    milliseconds to load for a fixed template."""
    s = state.settings
    lines = [  # the headers' addresses as the envelope carries them (an ASCII domain)
        f"From: {envelope_address(s.from_addr)}",
        f"To: {envelope_address(s.to_addr)}",
        f"Subject: {SUBJECT} {sent.token}",
        f"Date: {rfc5322_date(time.time())}",
        f"Message-ID: {sent.message_id}",
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: 8bit",
        "",
        "This is a test message from OnTime Assist, sent to check",
        "that OnTime's mail settings work.",
        "",
        f"Server: {s.host} port {s.port} ({security_words(state.security_used)})",
        f"From: {s.from_addr}",
        "",
        f"Test token: {sent.token} (OnTime Assist looks for it to see where the message went)",
        "",
        "If you received it, the account can send notifications.",
    ]
    return "\r\n".join(lines).encode("utf-8") + b"\r\n"


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def rfc5322_date(timestamp: float) -> str:
    """The local time as a Date header: "Fri, 27 Nov 2026 20:49:36 +0100". Names spelt out
    here, not by strftime, which follows the desktop's language (Qt sets the locale)."""
    t = time.localtime(timestamp)
    offset_minutes = t.tm_gmtoff // 60
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return (
        f"{_DAYS[t.tm_wday]}, {t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} {t.tm_year:04d} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} {sign}{hours:02d}{minutes:02d}"
    )


def message_id(domain: str) -> str:
    """A Message-ID unique to this message: the time, the process and random bits."""
    return f"<{time.time_ns() // 1000}.{os.getpid()}.{os.urandom(6).hex()}@{domain}>"


def quit_stage(state: CheckState) -> None:
    with state.running("quit") as stage:
        try:
            assert state.conn is not None
            stage.detail = state.conn.command("QUIT").as_line()
        except (ProtocolError, ReplyTimeout, ServerClosed, OSError):
            stage.detail = "the server closed without answering QUIT (harmless)"
