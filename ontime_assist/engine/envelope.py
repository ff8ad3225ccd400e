"""The mail, rcpt and data stages: does the server take mail from OnTime's From address to an
outside recipient, and (with --send) the message itself."""

from __future__ import annotations

import email.utils

from ontime_assist.engine.check_state import CheckState
from ontime_assist.engine.findings import make
from ontime_assist.engine.ontime_terms import security_words
from ontime_assist.engine.replies import ProtocolError, ReplyTimeout, ServerClosed

RCPT_ACCEPTED = (250, 251)


def send_envelope(state: CheckState) -> None:
    s = state.settings
    sender = s.from_addr
    if s.stop_after_auth or not sender:
        why = "sign-in test only" if s.stop_after_auth else "no From address given"
        for name in ("mail", "rcpt", "data"):
            state.skip(name, why)
        return
    with state.running("mail") as stage:
        reply = state.exchange("mail", lambda conn: conn.mail_reply(sender))
        stage.detail = reply.as_line()
        if reply.code != 250:
            raise state.stop(state.classify("mail", reply))
    if not s.to_addr:
        state.skip("rcpt", "no test recipient given")
        state.skip("data", "no test recipient given")
        state.exchange("data", lambda conn: conn.command("RSET"))
        return
    with state.running("rcpt") as stage:
        reply = state.exchange("rcpt", lambda conn: conn.rcpt_reply(s.to_addr))
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
        body = test_message(state)
        reply = state.exchange("data", lambda conn: conn.message_reply(body))
        stage.detail = reply.as_line()
        if reply.code != 250:
            raise state.stop(state.classify("message", reply))
        state.add(make("send.ok", f"Test message accepted: {reply.as_line()}"))


def test_message(state: CheckState) -> bytes:
    """A short plain-text message. Built by hand: the addresses are validated ASCII-safe
    input, and EmailMessage costs milliseconds for what is a fixed template."""
    s = state.settings
    domain = s.from_addr.rpartition("@")[2]
    lines = [
        f"From: {s.from_addr}",
        f"To: {s.to_addr}",
        "Subject: OnTime Assist test message",
        f"Date: {email.utils.formatdate(localtime=True)}",
        f"Message-ID: {email.utils.make_msgid(domain=domain)}",
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
        "If you received it, the account can send notifications.",
    ]
    return "\r\n".join(lines).encode("utf-8") + b"\r\n"


def quit_stage(state: CheckState) -> None:
    with state.running("quit") as stage:
        try:
            assert state.conn is not None
            stage.detail = state.conn.command("QUIT").as_line()
        except (ProtocolError, ReplyTimeout, ServerClosed, OSError):
            stage.detail = "the server closed without answering QUIT (harmless)"
