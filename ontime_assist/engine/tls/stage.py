"""The tls stage: STARTTLS (or the handshake of a port that wants TLS at once), and what a
TLS failure means: an untrusted, expired, wrong-name or intercepted certificate, a TLS version
the two sides do not share, or a server that does not speak TLS after all."""

from __future__ import annotations

import contextlib
import socket
import ssl

from ontime_assist.engine.cancel import Deadline
from ontime_assist.engine.check.result import Stage
from ontime_assist.engine.check.settings import Security
from ontime_assist.engine.check.state import CheckState, StopCheck
from ontime_assist.engine.connection import connect
from ontime_assist.engine.connection.replies import ProtocolError, ReplyTimeout, ServerClosed
from ontime_assist.engine.connection.smtp_client import HandshakeTimeout, SmtpConnection
from ontime_assist.engine.connection.transcript import Transcript
from ontime_assist.engine.findings import Finding, Severity, make
from ontime_assist.engine.tls.context import (
    CertFacts,
    cert_facts_from_der,
    describe_session,
    error_reason,
    is_not_tls,
    is_protocol_too_old,
)


def secure(state: CheckState) -> None:
    """STARTTLS when the security setting asks for it (or auto finds it offered)."""
    assert state.conn is not None
    s = state.settings
    if state.conn.encrypted:
        return  # implicit TLS, done before the greeting
    offered = state.conn.has_extn("starttls")
    if s.security is Security.NONE or (s.security is Security.AUTO and not offered):
        why = (
            "security “none” chosen"
            if s.security is Security.NONE
            else "the server does not offer STARTTLS"
        )
        state.skip("tls", why)
        if s.security is Security.AUTO:
            state.security_used = Security.NONE
        state.add(
            make(
                "tls.unencrypted",
                f"The connection to {s.host} port {s.port} stays unencrypted ({why}).",
                severity=Severity.WARNING,
            )
        )
        return
    if not offered:
        state.skip("tls", "STARTTLS not offered")
        raise state.stop(
            make(
                "tls.starttls_unavailable",
                f"The server on port {s.port} does not list STARTTLS among its extensions "
                f"({state.features()}).",
            )
        )
    with state.running("tls") as stage:
        reply = state.exchange("tls", lambda conn: conn.command("STARTTLS"))
        if reply.code != 220:
            raise state.stop(state.classify("tls", reply))
        if s.security is Security.AUTO:
            state.security_used = Security.STARTTLS
        error = handshake(state, stage)
        if error is not None:
            raise stop_on_tls_error(state, error, implicit=False)
        if s.security is Security.AUTO:
            state.add(
                make(
                    "tls.mode_detected",
                    f"Port {s.port} starts plain and offers STARTTLS; it was used "
                    "(in OnTime: the SSL box ticked).",
                )
            )
        reply = state.exchange("tls", SmtpConnection.ehlo)
        if reply.code != 250:
            raise state.stop(state.classify("ehlo", reply))
        stage.detail += f"; after TLS the server {state.features()}"


def handshake(state: CheckState, stage: Stage) -> ssl.SSLError | None:
    """Do the TLS handshake; record the session and certificate. Return the SSL error instead
    of raising it, so the caller can decide what it means in its mode."""
    assert state.conn is not None
    s = state.settings
    try:
        tls_sock = state.conn.start_tls(state.tls_context)
    except ssl.SSLError as exc:
        state.transcript.info(f"TLS handshake failed: {error_reason(exc)}")
        stage.detail = f"handshake failed: {error_reason(exc)}"
        return exc
    except HandshakeTimeout:
        stage.detail = "handshake timed out"
        raise state.stop(
            make(
                "smtp.reply_timeout",
                f"The TLS handshake with {s.host} did not finish within {s.timeout:g} seconds.",
            )
        ) from None
    except OSError as exc:
        if connect.is_network_error(exc):
            raise state.stop(state.disconnected("tls", exc)) from None
        # Not the network: this computer's own TLS or certificate machinery failed (on Windows
        # truststore asks the system's certificate store, which can fail by itself).
        stage.detail = f"failed on this computer: {exc}"
        state.transcript.info(f"TLS failed on this computer: {exc}")
        raise state.stop(_local_tls_failure(state, exc)) from None
    der = tls_sock.getpeercert(binary_form=True)
    if der:
        with contextlib.suppress(ValueError):
            state.certificate = cert_facts_from_der(der, tls_sock.getpeercert())
    session = describe_session(tls_sock)
    cert_text = f"; {state.certificate.describe()}" if state.certificate else ""
    state.transcript.info(f"TLS started: {session}{cert_text}")
    stage.detail = f"{session}{cert_text}"
    state.add(make("tls.ok", f"Encrypted with {session}{cert_text}; certificate verified."))
    return None


def stop_on_tls_error(state: CheckState, error: ssl.SSLError, *, implicit: bool) -> StopCheck:
    """Record what a failed handshake means (a refused certificate may have several faults:
    each is its own finding, the most important first) and end the check."""
    findings = _tls_error_findings(state, error, implicit=implicit)
    stop = state.stop(findings[0])
    for finding in findings[1:]:
        state.add(finding)
    return stop


def _tls_error_findings(state: CheckState, error: ssl.SSLError, *, implicit: bool) -> list[Finding]:
    s = state.settings
    if isinstance(error, ssl.SSLCertVerificationError):
        # only for a refused certificate: its verdict and tables, about 13 ms
        from ontime_assist.engine.tls.cert_verdict import judge_certificate_failure

        cert = _fetch_failed_certificate(state, implicit=implicit)
        if cert is not None:
            state.certificate = cert
        verdicts = judge_certificate_failure(error, cert, s.host, extra_ca=bool(s.cafile))
        return [make(v.finding_id, v.detail, extra_fix=v.extra_fix) for v in verdicts]
    reason = error_reason(error)
    if is_protocol_too_old(error):
        return [
            make(
                "tls.protocol_too_old",
                f"This computer (TLS 1.2 or newer) and the server found no TLS version in "
                f"common ({reason}).",
            )
        ]
    if not implicit and is_not_tls(error):
        return [
            make(
                "smtp.protocol_error",
                f"After agreeing to STARTTLS the server did not speak TLS ({reason}).",
            )
        ]
    return [make("tls.handshake_failed", f"The TLS handshake failed: {reason}.")]


def _local_tls_failure(state: CheckState, exc: OSError) -> Finding:
    s = state.settings
    return make(
        "tls.handshake_failed",
        f"The connection to {s.host} was open, but this computer could not finish setting up "
        f"encryption: {exc.strerror or exc}. The failure happened on this computer, not at "
        "the server: the server did not close the connection.",
        fix="Try again. If it happens again, restart this computer and check that security "
        "software (antivirus, a firewall that inspects traffic) is not blocking this program; "
        "include the details if you ask for help.",
    )


def _fetch_failed_certificate(state: CheckState, *, implicit: bool) -> CertFacts | None:
    """Reconnect to the same address and read the refused certificate, so we can say why it
    was refused. The whole inspection (connecting, the plain part before STARTTLS, the
    handshake) has one time limit, and Stop ends it at any point."""
    # only for a refused certificate: its verdict and tables, about 13 ms
    from ontime_assist.engine.tls.cert_verdict import CertificateUnreadable, read_certificate

    s = state.settings
    if state.address is None:
        return None
    deadline = Deadline(s.timeout)
    state.transcript.info("reading the refused certificate again on a new connection")
    try:
        sock = connect.open_connection(state.address, deadline, state.cancel)
    except OSError as exc:
        state.cancel.raise_if_cancelled()
        return _unreadable(state, f"connecting failed ({exc.strerror or exc})")
    try:
        if not implicit:
            if not _starttls_again(state, sock, deadline):
                return _unreadable(state, "the server did not start TLS again")
            state.cancel.register(sock)  # the SMTP part held its own registration until now
        return read_certificate(sock, s.ascii_host, deadline, state.cancel)
    except ReplyTimeout:
        return _unreadable(state, "no answer within the time limit")
    except CertificateUnreadable as exc:
        return _unreadable(state, str(exc))
    except (ProtocolError, ServerClosed, OSError):
        state.cancel.raise_if_cancelled()
        return _unreadable(state, "the connection broke")
    finally:
        state.cancel.unregister(sock)
        sock.close()


def _starttls_again(state: CheckState, sock: socket.socket, deadline: Deadline) -> bool:
    """Greeting, EHLO and STARTTLS on the inspection connection, all within `deadline`; the
    conversation stays out of the transcript (it repeats what the check already recorded)."""
    s = state.settings
    quiet = Transcript(state.redactor)
    conn = SmtpConnection(
        sock, server_name=s.ascii_host, transcript=quiet, cancel=state.cancel, timeout=s.timeout
    )
    try:
        if conn.read_reply(timeout=_left(deadline)).code != 220:
            return False
        conn.timeout = _left(deadline)
        conn.ehlo()
        conn.timeout = _left(deadline)
        return conn.command("STARTTLS").code == 220
    finally:
        conn.release()  # the socket goes on to the handshake


def _left(deadline: Deadline) -> float:
    """What is left of `deadline` for the next wait (ReplyTimeout when nothing is)."""
    left = deadline.remaining()
    if left <= 0:
        raise ReplyTimeout(b"")
    return left


def _unreadable(state: CheckState, why: str) -> CertFacts | None:
    state.transcript.info(f"the refused certificate could not be read: {why}")
    return None
