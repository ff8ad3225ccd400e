"""Opening the session: working out what the port speaks, and reading its greeting.

A port speaks plain SMTP first (587 and 25, with STARTTLS later), TLS from the first byte
(465), or something else entirely. `security` says what the user expects; with `auto` we find
out. A port that stays silent to a plain connection is asked, on a second connection and while
the first keeps waiting, whether it answers a TLS hello: that names the classic 465/STARTTLS
mix-up in a fraction of a second, and a server that says nothing costs the time limit once.
"""

from __future__ import annotations

from ontime_assist.engine.cancel import Deadline
from ontime_assist.engine.check.result import Stage
from ontime_assist.engine.check.settings import IMPLICIT_TLS_PORTS, Security
from ontime_assist.engine.check.state import CheckState
from ontime_assist.engine.connection import connect
from ontime_assist.engine.connection.connect import Address
from ontime_assist.engine.connection.replies import (
    ProtocolError,
    Reply,
    ReplyTimeout,
    ServerClosed,
    printable_sample,
)
from ontime_assist.engine.connection.smtp_client import SmtpConnection
from ontime_assist.engine.findings import Finding, make
from ontime_assist.engine.ontime_terms import IMPLICIT_TLS_ADVICE, ssl_box_advice
from ontime_assist.engine.tls.context import error_reason, is_not_tls
from ontime_assist.engine.tls.hello import HelloRace
from ontime_assist.engine.tls.stage import handshake, stop_on_tls_error

# How long a port may say nothing at all before a TLS hello on a second connection is raced
# against its greeting. Real servers greet within milliseconds; one that delays its greeting on
# purpose still sends something at once (Postfix's "220-" first line), and any byte ends the
# question. 0.2 s leaves room for a slow network and names the mix-up well within half a second.
# On a port that usually wants TLS at once (465) the hello goes out at once.
HELLO_AFTER = 0.2
# After a failed TLS start, how long to listen for a plain greeting on a fresh connection.
PLAIN_SAMPLE_SECONDS = 5.0
# The shortest wait worth starting for the rest of a greeting.
MIN_GREETING_WAIT = 0.05

_NOT_SMTP_SIGNS = {
    "HTTP/": "a web server",
    "<!DOCTYPE": "a web server",
    "<html": "a web server",
    "SSH-": "an SSH server",
    "+OK": "a POP3 mail-reading server",
    "* OK": "an IMAP mail-reading server",
    "RFB ": "a remote desktop (VNC) server",
}


def open_session(state: CheckState, addresses: list[Address]) -> None:
    """Connect, start TLS first where the port wants it, and read the greeting."""
    s = state.settings
    implicit_first = s.security is Security.SSL or (
        s.security is Security.AUTO and s.port in IMPLICIT_TLS_PORTS
    )
    # With auto on a 465-style port that speaks plain SMTP, _open_implicit returns False
    # and the check carries on as STARTTLS.
    if implicit_first and _open_implicit(state, addresses):
        return
    # A 465-style port is asked at once whether it wants TLS, unless it has just greeted in
    # plain text: then a TLS hello would only be one more connection that says nothing new.
    _open_plain(state, addresses, hello_at_once=s.port in IMPLICIT_TLS_PORTS and not implicit_first)


def _open_implicit(state: CheckState, addresses: list[Address]) -> bool:
    """TLS from the first byte. False when `auto` found the port speaks plain SMTP."""
    s = state.settings
    state.conn, address = state.open_connection(addresses)
    with state.running("tls") as stage:
        error = handshake(state, stage)
        if error is not None and is_not_tls(error):
            state.conn.close()
            state.conn = None
            stage.detail = "the port does not speak TLS from the first byte"
            greeting = _plain_greeting_sample(state, address)
            if s.security is Security.AUTO and greeting.startswith("220"):
                stage.status = "pending"
                stage.detail = ""
                state.transcript.info("the port speaks plain SMTP: switching to STARTTLS")
                state.add(
                    make(
                        "tls.mode_detected",
                        f"Port {s.port} speaks plain SMTP first (it greeted with "
                        f"“{greeting}”), so STARTTLS is used on it.",
                    )
                )
                state.security_used = Security.STARTTLS
                return False
            if greeting.startswith("220") or not greeting:
                seen = f" It greeted in plain text: “{greeting}”." if greeting else ""
                raise state.stop(
                    make(
                        "tls.not_implicit",
                        f"SSL/TLS was started at once on port {s.port}, but the server "
                        f"answered in plain text ({error_reason(error)}).{seen}",
                        extra_fix=ssl_box_advice(s.port),
                    )
                )
            raise state.stop(_not_smtp_finding(state, greeting))
        state.security_used = Security.SSL  # it speaks TLS, whatever it thinks of us
        if error is not None:
            raise stop_on_tls_error(state, error, implicit=True)
    if s.security is Security.AUTO:
        state.add(
            make(
                "tls.mode_detected",
                f"Port {s.port} uses SSL/TLS from the first byte.",
                fix=IMPLICIT_TLS_ADVICE,
            )
        )
    _greeting(state)
    return True


def _open_plain(state: CheckState, addresses: list[Address], *, hello_at_once: bool) -> None:
    s = state.settings
    state.conn, address = state.open_connection(addresses)
    with state.running("greeting") as stage:
        deadline = Deadline(s.timeout)  # the one limit for the greeting, the hello race within
        reply: Reply | None = None
        if not hello_at_once:
            reply = _read_greeting(state, stage, deadline, first=min(HELLO_AFTER, s.timeout))
        if reply is None:
            reply = _race_greeting(state, stage, deadline, address)
        if reply is not None:
            _judge_greeting(state, stage, reply)
    if reply is None:  # auto: the port wants TLS at once; the check goes on that way
        state.security_used = Security.SSL
        _reopen_implicit(state, addresses)


def _race_greeting(
    state: CheckState, stage: Stage, deadline: Deadline, address: Address
) -> Reply | None:
    """Wait for the greeting while a second connection asks whether the port answers a TLS
    hello (tls/hello.py), both within `deadline`. The greeting, or None when `auto` found the
    port wants TLS at once and the caller reconnects that way."""
    assert state.conn is not None
    s = state.settings
    state.transcript.info(
        f"no greeting after {s.timeout - max(deadline.remaining(), 0):.1f} s: a second "
        "connection sends a TLS hello meanwhile"
    )
    race = HelloRace(address, s.ascii_host, deadline, state.conn.interrupt)
    reply: Reply | None = None
    failure: Exception | None = None
    try:
        reply = state.conn.read_reply(timeout=max(deadline.remaining(), MIN_GREETING_WAIT))
    except (ReplyTimeout, ProtocolError, ServerClosed, OSError) as exc:
        failure = exc
    finally:
        sniff = race.finish()
    state.transcript.info(f"the second connection's TLS hello got: {sniff.describe()}")
    if race.decided:  # the plain connection was shut down to end its wait
        if sniff.kind != "tls":
            raise state.stop(_not_smtp_finding(state, sniff.sample))
        if s.security is not Security.AUTO:
            stage.detail = "no greeting: the port expects SSL/TLS from the first byte"
            raise state.stop(
                make(
                    "tls.expects_implicit",
                    f"Port {s.port} answered a TLS hello (sent on a second connection) with "
                    "TLS, and said nothing to the plain connection meanwhile: it expects "
                    "SSL/TLS from the first byte (the port 465 style).",
                )
            )
        stage.status = "skipped"
        stage.detail = "the port waits for TLS: reconnecting with SSL/TLS"
        state.conn.close()
        state.conn = None
        _reset_for_reconnect(state)
        state.add(
            make(
                "tls.mode_detected",
                f"Port {s.port} stays silent until SSL/TLS starts: it uses "
                "SSL/TLS from the first byte.",
                fix=IMPLICIT_TLS_ADVICE,
            )
        )
        return None
    if failure is not None:
        raise state.stop(_greeting_failure(state, stage, failure)) from None
    return reply


def _reset_for_reconnect(state: CheckState) -> None:
    for name in ("connect", "greeting"):
        stage = state.stage(name)
        if stage.status != "skipped":
            stage.status = "pending"


def _reopen_implicit(state: CheckState, addresses: list[Address]) -> None:
    state.conn, _address = state.open_connection(addresses)
    with state.running("tls") as stage:
        error = handshake(state, stage)
        if error is not None:
            raise stop_on_tls_error(state, error, implicit=True)
    _greeting(state)


def _greeting(state: CheckState) -> None:
    with state.running("greeting") as stage:
        reply = _read_greeting(state, stage, Deadline(state.settings.timeout))
        assert reply is not None
        _judge_greeting(state, stage, reply)


def _read_greeting(
    state: CheckState, stage: Stage, deadline: Deadline, *, first: float | None = None
) -> Reply | None:
    """Read the greeting within `deadline`. With `first`, only that long at first: None when
    nothing at all arrived by then (the caller races a TLS hello for the rest); a port that
    sent anything speaks plain text and is simply waited for."""
    assert state.conn is not None
    wait = deadline.remaining() if first is None else first
    try:
        return state.conn.read_reply(timeout=max(wait, MIN_GREETING_WAIT))
    except ReplyTimeout as exc:
        if first is not None and deadline.remaining() > 0:
            return None if not exc.partial else _read_greeting(state, stage, deadline)
        raise state.stop(_greeting_failure(state, stage, exc)) from None
    except (ProtocolError, ServerClosed, OSError) as exc:
        raise state.stop(_greeting_failure(state, stage, exc)) from None


def _greeting_failure(state: CheckState, stage: Stage, exc: Exception) -> Finding:
    s = state.settings
    if isinstance(exc, ReplyTimeout):
        got = f" It sent only: “{printable_sample(exc.partial)}”." if exc.partial else ""
        stage.detail = "no greeting"
        return make(
            "smtp.no_greeting",
            f"The server accepted the connection on port {s.port} but sent no greeting "
            f"within {s.timeout:g} seconds.{got}",
        )
    if isinstance(exc, ProtocolError):
        return _not_smtp_finding(state, exc.sample, exc.reason)
    if isinstance(exc, ServerClosed):
        got = f" after sending “{printable_sample(exc.partial)}”" if exc.partial else ""
        return make("smtp.disconnected", f"The server closed the connection before greeting{got}.")
    assert isinstance(exc, OSError)
    return state.disconnected("greeting", exc)


def _judge_greeting(state: CheckState, stage: Stage, reply: Reply | None) -> None:
    assert reply is not None
    s = state.settings
    stage.detail = reply.as_line()
    state.greeting = reply.text
    if reply.code != 220:
        raise state.stop(state.classify("greeting", reply))
    state.add(make("connect.ok", f"{s.host} port {s.port} answered: {reply.as_line()}"))


def _plain_greeting_sample(state: CheckState, address: Address) -> str:
    """After a TLS start failed: connect plainly and read what the server says first, connect
    and greeting together within one (short) limit."""
    s = state.settings
    state.transcript.info("checking what the port says without TLS")
    deadline = Deadline(min(s.timeout, PLAIN_SAMPLE_SECONDS))
    try:
        sock = connect.open_connection(address, deadline, state.cancel)
    except OSError:
        state.cancel.raise_if_cancelled()
        return ""
    conn = SmtpConnection(
        sock,
        server_name=s.ascii_host,
        transcript=state.transcript,
        cancel=state.cancel,
        timeout=max(deadline.remaining(), MIN_GREETING_WAIT),
    )
    try:
        return conn.read_reply().as_line()
    except ProtocolError as exc:
        return exc.sample
    except (ReplyTimeout, ServerClosed, OSError):
        return ""
    finally:
        conn.close()


def _not_smtp_finding(state: CheckState, sample: str, reason: str = "") -> Finding:
    s = state.settings
    for sign, what in _NOT_SMTP_SIGNS.items():
        if sample.lstrip().upper().startswith(sign.upper()):
            return make(
                "smtp.not_smtp",
                f"Port {s.port} on {s.host} is answered by {what}, not a mail server. "
                f"It said: “{sample}”.",
            )
    why = f" ({reason})" if reason else ""
    return make(
        "smtp.protocol_error",
        f"The server's reply is not valid SMTP{why}. It sent: “{sample}”.",
    )
