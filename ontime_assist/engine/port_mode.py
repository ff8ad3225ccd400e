"""Opening the session: working out what the port speaks, and reading its greeting.

A port speaks plain SMTP first (587 and 25, with STARTTLS later), TLS from the first byte
(465), or something else entirely. `security` says what the user expects; with `auto` we find
out. A port that stays silent to a plain connection is asked, on a second connection, whether it
answers a TLS hello: that names the classic 465/STARTTLS mix-up in seconds instead of waiting
out the timeout.
"""

from __future__ import annotations

from ontime_assist.engine import netprobe
from ontime_assist.engine.check_state import CheckState
from ontime_assist.engine.findings import Finding, make
from ontime_assist.engine.netprobe import Address
from ontime_assist.engine.ontime_terms import IMPLICIT_TLS_ADVICE, ssl_box_advice
from ontime_assist.engine.replies import (
    ProtocolError,
    Reply,
    ReplyTimeout,
    ServerClosed,
    printable_sample,
)
from ontime_assist.engine.result import Stage
from ontime_assist.engine.settings import IMPLICIT_TLS_PORTS, Security
from ontime_assist.engine.smtp_client import SmtpConnection
from ontime_assist.engine.tls import error_reason, is_not_tls
from ontime_assist.engine.tls_stage import handshake, stop_on_tls_error

# How long a silent port may stay silent before we check, on a second connection, whether it
# is waiting for TLS. Real servers greet within milliseconds; some delay on purpose for a few
# seconds, which is fine: the first connection keeps waiting meanwhile.
GREETING_SNIFF_AFTER = 1.5
# The TLS hello on the second connection gets what is left of the timeout, but at least this.
MIN_SNIFF_SECONDS = 0.5
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
    _open_plain(state, addresses)


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


def _open_plain(state: CheckState, addresses: list[Address]) -> None:
    s = state.settings
    state.conn, address = state.open_connection(addresses)
    with state.running("greeting") as stage:
        reply = _finish_greeting(state, stage, min(GREETING_SNIFF_AFTER, s.timeout), sniffing=True)
        if reply is None:
            sniff = netprobe.sniff_tls(
                address,
                s.ascii_host,
                max(s.timeout - GREETING_SNIFF_AFTER, MIN_SNIFF_SECONDS),
                state.cancel,
            )
            state.transcript.info(
                f"no greeting yet; a second connection's TLS hello got: {_describe_sniff(sniff)}"
            )
            if sniff.kind == "tls":
                if s.security is Security.AUTO:
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
                    state.security_used = Security.SSL
                    _reopen_implicit(state, addresses)
                    return
                stage.detail = "no greeting: the port expects SSL/TLS from the first byte"
                raise state.stop(
                    make(
                        "tls.expects_implicit",
                        f"Port {s.port} said nothing to a plain connection for "
                        f"{GREETING_SNIFF_AFTER:g} s, but answered a TLS hello at once: it "
                        "expects SSL/TLS from the first byte (the port 465 style).",
                    )
                )
            if sniff.kind == "plain" and not sniff.sample.startswith("220"):
                raise state.stop(_not_smtp_finding(state, sniff.sample))
            reply = _finish_greeting(state, stage, s.timeout - GREETING_SNIFF_AFTER)
        _judge_greeting(state, stage, reply)


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
        reply = _finish_greeting(state, stage, state.settings.timeout)
        _judge_greeting(state, stage, reply)


def _finish_greeting(
    state: CheckState, stage: Stage, timeout: float, *, sniffing: bool = False
) -> Reply | None:
    """Read the greeting. While `sniffing`, a timeout returns None (the caller looks at what
    the port speaks, then waits on); otherwise it is the finding."""
    assert state.conn is not None
    s = state.settings
    try:
        return state.conn.read_reply(timeout=max(timeout, MIN_GREETING_WAIT))
    except ReplyTimeout as exc:
        if sniffing:
            return None
        got = f" It sent only: “{printable_sample(exc.partial)}”." if exc.partial else ""
        stage.detail = "no greeting"
        raise state.stop(
            make(
                "smtp.no_greeting",
                f"The server accepted the connection on port {s.port} but sent no greeting "
                f"within {s.timeout:g} seconds.{got}",
            )
        ) from None
    except ProtocolError as exc:
        raise state.stop(_not_smtp_finding(state, exc.sample, exc.reason)) from None
    except ServerClosed as exc:
        got = f" after sending “{printable_sample(exc.partial)}”" if exc.partial else ""
        raise state.stop(
            make("smtp.disconnected", f"The server closed the connection before greeting{got}.")
        ) from None
    except OSError as exc:
        raise state.stop(state.disconnected("greeting", exc)) from None


def _judge_greeting(state: CheckState, stage: Stage, reply: Reply | None) -> None:
    assert reply is not None
    s = state.settings
    stage.detail = reply.as_line()
    state.greeting = reply.text
    if reply.code != 220:
        raise state.stop(state.classify("greeting", reply))
    state.add(make("connect.ok", f"{s.host} port {s.port} answered: {reply.as_line()}"))


def _plain_greeting_sample(state: CheckState, address: Address) -> str:
    """After a TLS start failed: connect plainly and read what the server says first."""
    s = state.settings
    state.transcript.info("checking what the port says without TLS")
    try:
        sock, _ = netprobe.connect([address], s.port, s.timeout, state.cancel)
    except netprobe.NetworkError:
        return ""
    conn = SmtpConnection(
        sock,
        server_name=s.ascii_host,
        transcript=state.transcript,
        cancel=state.cancel,
        timeout=min(s.timeout, PLAIN_SAMPLE_SECONDS),
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


def _describe_sniff(sniff: netprobe.Sniff) -> str:
    if sniff.kind == "tls":
        return "a TLS answer"
    if sniff.kind == "plain":
        return f"plain text “{sniff.sample}”"
    return "nothing" if sniff.kind == "silent" else "the connection closed"
