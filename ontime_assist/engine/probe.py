"""The staged SMTP check: dns → connect → greeting → ehlo → tls → auth → mail → rcpt → data → quit.

The check stops at the first stage that fails and names why; later stages are reported as
skipped. Every wait is bounded by the settings' timeout and wakes up on cancel.
"""

from __future__ import annotations

import contextlib
import dataclasses
import email.utils
import platform
import re
import smtplib
import ssl
import time
from collections.abc import Callable, Iterator
from typing import overload

from ontime_assist import __version__
from ontime_assist.engine import netprobe
from ontime_assist.engine.cancel import Cancelled, CancelToken
from ontime_assist.engine.diagnose import Context, classify_reply
from ontime_assist.engine.findings import Finding, Severity, make
from ontime_assist.engine.netprobe import Address
from ontime_assist.engine.redact import Redactor
from ontime_assist.engine.replies import ProtocolError, Reply, ReplyTimeout, ServerClosed
from ontime_assist.engine.result import STAGE_NAMES, CheckResult, Stage
from ontime_assist.engine.settings import IMPLICIT_TLS_PORTS, MailSettings, Security
from ontime_assist.engine.smtp_client import (
    SUPPORTED_AUTH,
    WINDOWS_AUTH,
    HandshakeTimeout,
    SmtpConnection,
)
from ontime_assist.engine.tls import (
    CertFacts,
    cert_facts_from_der,
    describe_session,
    is_not_tls,
    is_protocol_too_old,
    judge_certificate_failure,
    read_certificate,
    verifying_context,
)
from ontime_assist.engine.transcript import Transcript

# How long a silent port may stay silent before we check, on a second connection, whether it
# is waiting for TLS. Real servers greet within milliseconds; some delay on purpose for a few
# seconds, which is fine: the first connection keeps waiting meanwhile.
GREETING_SNIFF_AFTER = 1.5

_NOT_SMTP_SIGNS = {
    "HTTP/": "a web server",
    "<!DOCTYPE": "a web server",
    "<html": "a web server",
    "SSH-": "an SSH server",
    "+OK": "a POP3 mail-reading server",
    "* OK": "an IMAP mail-reading server",
    "RFB ": "a remote desktop (VNC) server",
}

StageListener = Callable[[Stage], None]

# What to tell an OnTime user about a port that wants TLS from the first byte (field notes:
# OnTime probably sends through .NET's SmtpClient, which speaks only STARTTLS).
IMPLICIT_TLS_ADVICE = (
    "OnTime probably cannot use SSL from the first byte (Windows' standard mail component, "
    "which OnTime very likely uses, only supports the STARTTLS kind; an inference, not "
    "confirmed). In OnTime, use port 587 with the SSL box ticked if your provider offers it."
)


class _Stop(Exception):
    """Ends the check: a finding explains why it could not go on."""


def run_check(
    settings: MailSettings,
    password: str | None = None,
    *,
    cancel: CancelToken | None = None,
    on_stage: StageListener | None = None,
) -> CheckResult:
    """Test the mail server in `settings`. Never raises for network trouble: the outcome,
    including cancellation, is in the result's findings."""
    check = _Check(settings, password, cancel or CancelToken(), on_stage)
    return check.run()


class _Check:
    def __init__(
        self,
        settings: MailSettings,
        password: str | None,
        cancel: CancelToken,
        on_stage: StageListener | None,
    ) -> None:
        self.settings = settings
        self.password = password
        self.cancel = cancel
        self.on_stage = on_stage
        self.redactor = Redactor([password] if password else [])
        self.transcript = Transcript(self.redactor)
        self.stages = [Stage(name) for name in STAGE_NAMES]
        self.findings: list[Finding] = []
        self.security_used = settings.security.value
        self.certificate: CertFacts | None = None
        self.conn: SmtpConnection | None = None
        self.peer_address = ""
        # A space at either end is often copied along by accident; the test uses the password
        # as typed, and says so if it fails.
        self.password_has_stray_space = bool(password) and password != (password or "").strip()
        self._tls_context: ssl.SSLContext | None = None

    # --- bookkeeping ----------------------------------------------------------------------

    def stage(self, name: str) -> Stage:
        return next(s for s in self.stages if s.name == name)

    def notify(self, stage: Stage) -> None:
        stage.detail = self.redactor(stage.detail)  # details quote server replies
        if self.on_stage is not None:
            self.on_stage(stage)

    @contextlib.contextmanager
    def running(self, name: str) -> Iterator[Stage]:
        stage = self.stage(name)
        stage.status = "running"
        self.notify(stage)
        start = time.perf_counter()
        try:
            yield stage
        except BaseException:
            stage.status = "failed"
            raise
        else:
            if stage.status == "running":
                stage.status = "ok"
        finally:
            stage.ms += (time.perf_counter() - start) * 1000.0
            self.notify(stage)

    def skip(self, name: str, why: str) -> None:
        stage = self.stage(name)
        stage.status = "skipped"
        stage.detail = why
        self.notify(stage)

    def add(self, finding: Finding) -> None:
        """Record a finding, with any echo of the password removed from what it quotes."""
        if self.redactor.active:
            reply = finding.reply
            if reply is not None:
                lines = tuple(self.redactor(line) for line in reply.lines)
                reply = Reply(reply.code, "\n".join(lines), lines)
            finding = dataclasses.replace(
                finding,
                detail=self.redactor(finding.detail),
                fix=self.redactor(finding.fix),
                reply=reply,
            )
        self.findings.append(finding)

    def stop(self, finding: Finding) -> _Stop:
        self.add(finding)
        return _Stop(finding.id)

    @property
    def context(self) -> Context:
        return Context(
            host=self.settings.host,
            port=self.settings.port,
            username=self.settings.username,
            sender=self.settings.sender,
            recipient=self.settings.to_addr,
            encrypted=bool(self.conn and self.conn.encrypted),
            password_has_stray_space=self.password_has_stray_space,
        )

    @property
    def tls_context(self) -> ssl.SSLContext:
        if self._tls_context is None:
            self._tls_context = verifying_context(self.settings.cafile)
        return self._tls_context

    # --- the run --------------------------------------------------------------------------

    def run(self) -> CheckResult:
        s = self.settings
        self.transcript.info(
            f"OnTime Assist {__version__} on {platform.system()} {platform.release()}: "
            f"testing {s.host} port {s.port}, security {s.security.value}"
        )
        for field_name in s.stray_space_in:
            self.add(
                make(
                    "input.stray_space",
                    f"The {_FIELD_WORDS[field_name]} had a space "
                    "at the start or end; it was removed for this test.",
                )
            )
        if self.password_has_stray_space:
            self.add(
                make(
                    "input.stray_space",
                    "The password starts or ends with a space. It was "
                    "tested as typed; if the space was copied along by accident, remove it.",
                )
            )
        try:
            self._run_stages()
        except _Stop:
            pass
        except Cancelled:
            self.transcript.info("cancelled")
            self.add(make("smtp.cancelled", "The test was stopped before it finished."))
        finally:
            if self.conn is not None:
                if self.stage("quit").status == "pending":
                    self.conn.quit_politely()
                with contextlib.suppress(Exception):
                    self.conn.close()
        for stage in self.stages:
            if stage.status in ("pending", "running"):
                stage.status = "skipped"
                stage.detail = stage.detail or "not reached"
        return CheckResult(
            settings=s,
            security_used=self.security_used,
            stages=self.stages,
            findings=self.findings,
            transcript=self.transcript,
            certificate=self.certificate,
            peer_address=self.peer_address,
            redactor=self.redactor,
        )

    def _run_stages(self) -> None:
        addresses = self._resolve()
        self._open_session(addresses)
        self._ehlo()
        self._secure()
        self._authenticate()
        self._send_envelope()
        self._quit()

    def _resolve(self) -> list[Address]:
        s = self.settings
        with self.running("dns") as stage:
            try:
                addresses = netprobe.resolve(s.host, s.port, s.timeout, self.cancel)
            except netprobe.ResolveError as exc:
                stage.detail = exc.detail
                self.transcript.info(exc.detail)
                raise self.stop(make(exc.finding_id, exc.detail)) from None
            stage.detail = ", ".join(netprobe.format_address(a) for a in addresses)
        return addresses

    def _connect(self, addresses: list[Address]) -> tuple[SmtpConnection, Address]:
        s = self.settings
        with self.running("connect") as stage:
            try:
                sock, address = netprobe.connect(addresses, s.port, s.timeout, self.cancel)
            except netprobe.ConnectError as exc:
                stage.detail = exc.detail
                self.transcript.info(exc.detail)
                extra = ""
                if exc.finding_id == "net.timeout" and s.port == 25:
                    extra = "Port 25 is blocked by most internet providers for this reason."
                raise self.stop(make(exc.finding_id, exc.detail, extra_fix=extra)) from None
            self.peer_address = str(address[1][0])
            where = f"{netprobe.format_address(address)} port {s.port}"
            stage.detail = f"connected to {where}"
            self.transcript.info(f"connected to {where}")
        conn = SmtpConnection(
            sock,
            server_name=s.host,
            transcript=self.transcript,
            cancel=self.cancel,
            timeout=s.timeout,
        )
        return conn, address

    def _open_session(self, addresses: list[Address]) -> None:
        s = self.settings
        implicit_first = s.security is Security.SSL or (
            s.security is Security.AUTO and s.port in IMPLICIT_TLS_PORTS
        )
        # With auto on a 465-style port that speaks plain SMTP, _open_implicit returns False
        # and the check carries on as STARTTLS.
        if implicit_first and self._open_implicit(addresses):
            return
        self._open_plain(addresses)

    def _open_implicit(self, addresses: list[Address]) -> bool:
        """TLS from the first byte. False when `auto` found the port speaks plain SMTP."""
        s = self.settings
        self.conn, address = self._connect(addresses)
        with self.running("tls") as stage:
            error = self._handshake(stage, after_starttls=False)
            if error is not None and is_not_tls(error):
                self.conn.close()
                self.conn = None
                stage.detail = "the port does not speak TLS from the first byte"
                greeting = self._plain_greeting_sample(address)
                if s.security is Security.AUTO and greeting.startswith("220"):
                    stage.status = "pending"
                    stage.detail = ""
                    self.transcript.info("the port speaks plain SMTP: switching to STARTTLS")
                    self.add(
                        make(
                            "tls.mode_detected",
                            f"Port {s.port} speaks plain SMTP first (it greeted with "
                            f"“{greeting}”), so STARTTLS is used on it.",
                        )
                    )
                    self.security_used = Security.STARTTLS.value
                    return False
                if greeting.startswith("220") or not greeting:
                    seen = f" It greeted in plain text: “{greeting}”." if greeting else ""
                    raise self.stop(
                        make(
                            "tls.not_implicit",
                            f"SSL/TLS was started at once on port {s.port}, but the server "
                            f"answered in plain text ({error.reason or error}).{seen}",
                            extra_fix=_ssl_box_advice(s.port),
                        )
                    )
                raise self.stop(self._not_smtp_finding(greeting))
            if error is not None:
                raise self.stop(self._tls_error_finding(error, implicit=True))
        self.security_used = Security.SSL.value
        if s.security is Security.AUTO:
            self.add(
                make(
                    "tls.mode_detected",
                    f"Port {s.port} uses SSL/TLS from the first byte (security “ssl”).",
                    fix=IMPLICIT_TLS_ADVICE,
                )
            )
        self._greeting()
        return True

    def _open_plain(self, addresses: list[Address]) -> None:
        s = self.settings
        self.conn, address = self._connect(addresses)
        with self.running("greeting") as stage:
            reply = self._finish_greeting(
                stage, min(GREETING_SNIFF_AFTER, s.timeout), sniffing=True
            )
            if reply is None:
                sniff = netprobe.sniff_tls(
                    address, s.host, max(s.timeout - GREETING_SNIFF_AFTER, 0.5), self.cancel
                )
                self.transcript.info(
                    f"no greeting yet; a second connection's TLS hello got: "
                    f"{_describe_sniff(sniff)}"
                )
                if sniff.kind == "tls":
                    if s.security is Security.AUTO:
                        stage.status = "skipped"
                        stage.detail = "the port waits for TLS: reconnecting with SSL/TLS"
                        self.conn.close()
                        self.conn = None
                        self._reset_for_reconnect()
                        self.add(
                            make(
                                "tls.mode_detected",
                                f"Port {s.port} stays silent until SSL/TLS starts: it "
                                "uses SSL/TLS from the first byte (security “ssl”).",
                                fix=IMPLICIT_TLS_ADVICE,
                            )
                        )
                        self.security_used = Security.SSL.value
                        self._reopen_implicit(addresses)
                        return
                    stage.detail = "no greeting: the port expects SSL/TLS from the first byte"
                    raise self.stop(
                        make(
                            "tls.expects_implicit",
                            f"Port {s.port} said nothing to a plain connection for "
                            f"{GREETING_SNIFF_AFTER:g} s, but answered a TLS hello at once: it "
                            "expects SSL/TLS from the first byte (the port 465 style).",
                        )
                    )
                if sniff.kind == "plain" and not sniff.sample.startswith("220"):
                    raise self.stop(self._not_smtp_finding(sniff.sample))
                reply = self._finish_greeting(stage, s.timeout - GREETING_SNIFF_AFTER)
            self._judge_greeting(stage, reply)

    def _reset_for_reconnect(self) -> None:
        for name in ("connect", "greeting"):
            stage = self.stage(name)
            if stage.status != "skipped":
                stage.status = "pending"

    def _reopen_implicit(self, addresses: list[Address]) -> None:
        self.conn, _address = self._connect(addresses)
        with self.running("tls") as stage:
            error = self._handshake(stage, after_starttls=False)
            if error is not None:
                raise self.stop(self._tls_error_finding(error, implicit=True))
        self._greeting()

    def _greeting(self) -> None:
        with self.running("greeting") as stage:
            reply = self._finish_greeting(stage, self.settings.timeout)
            self._judge_greeting(stage, reply)

    @overload
    def _finish_greeting(self, stage: Stage, timeout: float) -> Reply: ...
    @overload
    def _finish_greeting(self, stage: Stage, timeout: float, *, sniffing: bool) -> Reply | None: ...

    def _finish_greeting(
        self, stage: Stage, timeout: float, *, sniffing: bool = False
    ) -> Reply | None:
        """Read the greeting. While `sniffing`, a timeout returns None (the caller looks at
        what the port speaks, then waits on); otherwise it is the finding."""
        assert self.conn is not None
        s = self.settings
        try:
            return self.conn.read_reply(timeout=max(timeout, 0.05))
        except ReplyTimeout as exc:
            if sniffing:
                return None
            got = f" It sent only: “{_sample(exc.partial)}”." if exc.partial else ""
            stage.detail = "no greeting"
            raise self.stop(
                make(
                    "smtp.no_greeting",
                    f"The server accepted the connection on port {s.port} but sent no greeting "
                    f"within {s.timeout:g} seconds.{got}",
                )
            ) from None
        except ProtocolError as exc:
            raise self.stop(self._not_smtp_finding(exc.sample, exc.reason)) from None
        except ServerClosed as exc:
            got = f" after sending “{_sample(exc.partial)}”" if exc.partial else ""
            raise self.stop(
                make(
                    "smtp.disconnected",
                    f"The server closed the connection before greeting{got}.",
                )
            ) from None
        except OSError as exc:
            raise self.stop(self._disconnected("greeting", exc)) from None

    def _judge_greeting(self, stage: Stage, reply: Reply) -> None:
        s = self.settings
        stage.detail = reply.as_line()
        if reply.code != 220:
            raise self.stop(classify_reply("greeting", reply, self.context))
        self.add(
            make(
                "connect.ok",
                f"{s.host} port {s.port} answered: {reply.as_line()}",
            )
        )

    def _plain_greeting_sample(self, address: Address) -> str:
        """After a TLS start failed: connect plainly and read what the server says first."""
        s = self.settings
        self.transcript.info("checking what the port says without TLS")
        try:
            sock, _ = netprobe.connect([address], s.port, s.timeout, self.cancel)
        except netprobe.ConnectError:
            return ""
        conn = SmtpConnection(
            sock,
            server_name=s.host,
            transcript=self.transcript,
            cancel=self.cancel,
            timeout=min(s.timeout, 5.0),
        )
        try:
            return conn.read_reply().as_line()
        except ProtocolError as exc:
            return exc.sample
        except (ReplyTimeout, ServerClosed, OSError):
            return ""
        finally:
            conn.close()

    def _not_smtp_finding(self, sample: str, reason: str = "") -> Finding:
        s = self.settings
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

    # --- EHLO and TLS ---------------------------------------------------------------------

    def _ehlo(self) -> None:
        with self.running("ehlo") as stage:
            reply = self._exchange("ehlo", _ehlo)
            if reply.code != 250:
                helo = self._exchange("ehlo", _helo)
                if helo.code != 250:
                    raise self.stop(classify_reply("ehlo", reply, self.context))
                stage.detail = "the server only understands HELO (no extensions)"
                return
            stage.detail = self._features()

    def _features(self) -> str:
        assert self.conn is not None
        features = self.conn.esmtp_features
        shown = [
            name.upper() + (f" {value.strip()}" if value.strip() else "")
            for name, value in features.items()
        ]
        return "offers: " + (", ".join(shown) if shown else "no extensions")

    def _secure(self) -> None:
        assert self.conn is not None
        s = self.settings
        if self.conn.encrypted:
            return  # implicit TLS, done before the greeting
        offered = self.conn.has_extn("starttls")
        if s.security is Security.NONE or (s.security is Security.AUTO and not offered):
            why = (
                "security “none” chosen"
                if s.security is Security.NONE
                else ("the server does not offer STARTTLS")
            )
            self.skip("tls", why)
            if s.security is Security.AUTO:
                self.security_used = Security.NONE.value
            self.add(
                make(
                    "tls.unencrypted",
                    f"The connection to {s.host} port {s.port} stays unencrypted ({why}).",
                    severity=Severity.WARNING,
                )
            )
            return
        if not offered:
            self.skip("tls", "STARTTLS not offered")
            raise self.stop(
                make(
                    "tls.starttls_unavailable",
                    f"The server on port {s.port} does not list STARTTLS among its extensions "
                    f"({self._features()}).",
                )
            )
        with self.running("tls") as stage:
            reply = self._exchange("tls", lambda conn: conn.command("STARTTLS"))
            if reply.code != 220:
                raise self.stop(classify_reply("tls", reply, self.context))
            error = self._handshake(stage, after_starttls=True)
            if error is not None:
                raise self.stop(self._tls_error_finding(error, implicit=False))
            if s.security is Security.AUTO:
                self.security_used = Security.STARTTLS.value
                self.add(
                    make(
                        "tls.mode_detected",
                        f"Port {s.port} starts plain and offers STARTTLS; it was used "
                        "(security “starttls”, OnTime's SSL box ticked).",
                    )
                )
            reply = self._exchange("tls", _ehlo)
            if reply.code != 250:
                raise self.stop(classify_reply("ehlo", reply, self.context))
            stage.detail += f"; after TLS the server {self._features()}"

    def _handshake(self, stage: Stage, *, after_starttls: bool) -> ssl.SSLError | None:
        """Do the TLS handshake; record the session and certificate. Return the SSL error
        instead of raising it, so the caller can decide what it means in its mode."""
        assert self.conn is not None
        s = self.settings
        try:
            tls_sock = self.conn.start_tls(self.tls_context)
        except ssl.SSLError as exc:
            self.transcript.info(f"TLS handshake failed: {exc.reason or exc}")
            stage.detail = f"handshake failed: {exc.reason or exc}"
            return exc
        except HandshakeTimeout:
            stage.detail = "handshake timed out"
            raise self.stop(
                make(
                    "smtp.reply_timeout",
                    f"The TLS handshake with {s.host} did not finish within {s.timeout:g} seconds.",
                )
            ) from None
        except OSError as exc:
            raise self.stop(self._disconnected("tls", exc)) from None
        der = tls_sock.getpeercert(binary_form=True)
        if der:
            with contextlib.suppress(ValueError):
                self.certificate = cert_facts_from_der(der, tls_sock.getpeercert())
        session = describe_session(tls_sock)
        cert_text = f"; {self.certificate.describe()}" if self.certificate else ""
        self.transcript.info(f"TLS started: {session}{cert_text}")
        stage.detail = f"{session}{cert_text}"
        self.add(make("tls.ok", f"Encrypted with {session}{cert_text}; certificate verified."))
        return None

    def _tls_error_finding(self, error: ssl.SSLError, *, implicit: bool) -> Finding:
        s = self.settings
        if isinstance(error, ssl.SSLCertVerificationError):
            cert = self._fetch_failed_certificate(implicit=implicit)
            if cert is not None:
                self.certificate = cert
            verdict = judge_certificate_failure(error, cert, s.host)
            return make(verdict.finding_id, verdict.detail, extra_fix=verdict.extra_fix)
        if is_protocol_too_old(error):
            return make(
                "tls.protocol_too_old",
                f"This computer (TLS 1.2 or newer) and the server found no TLS version in "
                f"common ({error.reason or error}).",
            )
        if not implicit and is_not_tls(error):
            return make(
                "smtp.protocol_error",
                f"After agreeing to STARTTLS the server did not speak TLS ({error.reason}).",
            )
        return make("tls.handshake_failed", f"The TLS handshake failed: {error.reason or error}.")

    def _fetch_failed_certificate(self, *, implicit: bool) -> CertFacts | None:
        """Reconnect and read the refused certificate so we can say why it was refused."""
        s = self.settings
        try:
            addresses = netprobe.resolve(s.host, s.port, s.timeout, self.cancel)
            sock, _ = netprobe.connect(addresses, s.port, s.timeout, self.cancel)
        except (netprobe.ResolveError, netprobe.ConnectError):
            return None
        try:
            if not implicit:
                quiet = Transcript(self.redactor)
                conn = SmtpConnection(
                    sock,
                    server_name=s.host,
                    transcript=quiet,
                    cancel=self.cancel,
                    timeout=s.timeout,
                )
                try:
                    if conn.read_reply().code != 220:
                        return None
                    conn.ehlo()
                    if conn.command("STARTTLS").code != 220:
                        return None
                finally:
                    conn.release()
            return read_certificate(sock, s.host, s.timeout)
        except (ProtocolError, ReplyTimeout, ServerClosed, OSError, smtplib.SMTPException):
            return None
        finally:
            self.cancel.unregister(sock)
            sock.close()

    # --- AUTH, MAIL, RCPT, DATA -----------------------------------------------------------

    def _authenticate(self) -> None:
        assert self.conn is not None
        s = self.settings
        if not s.username:
            self.skip("auth", "no user name given: no login")
            return
        if self.password is None:
            self.skip("auth", "no password given: no login")
            return
        with self.running("auth") as stage:
            if not self.conn.encrypted and not s.allow_plaintext_auth:
                stage.detail = "password not sent over an unencrypted connection"
                raise self.stop(
                    make(
                        "auth.plaintext_refused",
                        f"The connection to {s.host} port {s.port} is not encrypted, so the "
                        "password was not sent.",
                    )
                )
            offered = self.conn.auth_mechanisms()
            if not offered:
                stage.detail = "the server offers no login (no AUTH)"
                if not self.conn.encrypted and self.conn.has_extn("starttls"):
                    raise self.stop(
                        make(
                            "auth.requires_tls",
                            "Before encryption the server offers no login (no AUTH), but it offers "
                            "STARTTLS: login comes after encryption.",
                        )
                    )
                raise self.stop(
                    make(
                        "auth.not_offered",
                        f"The server on port {s.port} lists no AUTH extension "
                        f"({self._features()}).",
                    )
                )
            mechanism = next((m for m in SUPPORTED_AUTH if m in offered), None)
            if mechanism is None:
                listed = " ".join(offered)
                if set(offered) <= WINDOWS_AUTH:
                    raise self.stop(
                        make(
                            "auth.windows_only",
                            f"The server offers only AUTH {listed}: Windows Authentication.",
                        )
                    )
                raise self.stop(
                    make(
                        "auth.no_common_mechanism",
                        f"The server offers AUTH {listed}; none of PLAIN, LOGIN or CRAM-MD5.",
                    )
                )
            reply = self._exchange(
                "auth", lambda conn: conn.authenticate(mechanism, s.username, self.password or "")
            )
            stage.detail = f"AUTH {mechanism}: {reply.as_line()}"
            if reply.code != 235:
                raise self.stop(classify_reply("auth", reply, self.context))
            self.add(make("auth.ok", f"Logged in as {s.username} with AUTH {mechanism}."))

    def _send_envelope(self) -> None:
        s = self.settings
        sender = s.sender
        if s.stop_after_auth or not sender:
            why = "sign-in test only" if s.stop_after_auth else "no From address given"
            for name in ("mail", "rcpt", "data"):
                self.skip(name, why)
            return
        with self.running("mail") as stage:
            reply = self._exchange("mail", lambda conn: _mail(conn, sender))
            stage.detail = reply.as_line()
            if reply.code != 250:
                raise self.stop(classify_reply("mail", reply, self.context))
        if not s.to_addr:
            self.skip("rcpt", "no test recipient given (--to)")
            self.skip("data", "no test recipient given")
            self._exchange("data", lambda conn: conn.command("RSET"))
            return
        with self.running("rcpt") as stage:
            reply = self._exchange("rcpt", lambda conn: _rcpt(conn, s.to_addr))
            stage.detail = reply.as_line()
            if reply.code not in (250, 251):
                raise self.stop(classify_reply("rcpt", reply, self.context))
        self.add(make("relay.ok", f"The server accepted mail from {sender} to {s.to_addr}."))
        if not s.send_message:
            self.skip("data", "no message sent (RSET instead; use --send to send one)")
            self._exchange("data", lambda conn: conn.command("RSET"))
            return
        with self.running("data") as stage:
            reply = self._exchange("data", lambda conn: conn.command("DATA"))
            if reply.code != 354:
                stage.detail = reply.as_line()
                raise self.stop(classify_reply("data", reply, self.context))
            reply = self._exchange("data", lambda conn: _send_body(conn, self._message()))
            stage.detail = reply.as_line()
            if reply.code != 250:
                raise self.stop(classify_reply("message", reply, self.context))
            self.add(make("send.ok", f"Test message accepted: {reply.as_line()}"))

    def _message(self) -> bytes:
        """A short plain-text message. Built by hand: the addresses are validated ASCII-safe
        input, and EmailMessage costs milliseconds for what is a fixed template."""
        s = self.settings
        domain = s.sender.rpartition("@")[2]
        lines = [
            f"From: {s.sender}",
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
            f"Server: {s.host} port {s.port} ({self.security_used})",
            f"From: {s.sender}",
            "",
            "If you received it, the account can send notifications.",
        ]
        return "\r\n".join(lines).encode("utf-8") + b"\r\n"

    def _quit(self) -> None:
        with self.running("quit") as stage:
            try:
                assert self.conn is not None
                stage.detail = self.conn.command("QUIT").as_line()
            except (ProtocolError, ReplyTimeout, ServerClosed, OSError):
                stage.detail = "the server closed without answering QUIT (harmless)"

    # --- helpers --------------------------------------------------------------------------

    def _exchange(self, stage_name: str, action: Callable[[SmtpConnection], Reply]) -> Reply:
        """Run one command/reply exchange; turn transport trouble into the right finding."""
        assert self.conn is not None
        s = self.settings
        try:
            return action(self.conn)
        except ReplyTimeout as exc:
            got = f" (it had sent only “{_sample(exc.partial)}”)" if exc.partial else ""
            raise self.stop(
                make(
                    "smtp.reply_timeout",
                    f"At the {stage_name} step the server gave no complete answer within "
                    f"{s.timeout:g} seconds{got}.",
                )
            ) from None
        except ProtocolError as exc:
            raise self.stop(
                make(
                    "smtp.protocol_error",
                    f"At the {stage_name} step the server sent {exc.reason}: “{exc.sample}”.",
                )
            ) from None
        except (ServerClosed, smtplib.SMTPServerDisconnected):
            raise self.stop(
                make(
                    "smtp.disconnected",
                    f"The server closed the connection at the {stage_name} step.",
                )
            ) from None
        except OSError as exc:
            raise self.stop(self._disconnected(stage_name, exc)) from None

    def _disconnected(self, stage_name: str, exc: OSError) -> Finding:
        self.cancel.raise_if_cancelled()
        return make(
            "smtp.disconnected",
            f"The connection broke at the {stage_name} step: {exc.strerror or exc}.",
        )


def _ehlo(conn: SmtpConnection) -> Reply:
    conn.ehlo()
    assert conn.last_reply is not None
    return conn.last_reply


def _helo(conn: SmtpConnection) -> Reply:
    conn.helo()
    assert conn.last_reply is not None
    return conn.last_reply


def _mail(conn: SmtpConnection, sender: str) -> Reply:
    conn.mail(sender)
    assert conn.last_reply is not None
    return conn.last_reply


def _rcpt(conn: SmtpConnection, recipient: str) -> Reply:
    conn.rcpt(recipient)
    assert conn.last_reply is not None
    return conn.last_reply


def _send_body(conn: SmtpConnection, body: bytes) -> Reply:
    """The message after a 354: CRLF line ends, dot-stuffed, ended by a lone dot."""
    lines = re.split(rb"\r\n|\r|\n", body.rstrip(b"\r\n"))
    stuffed = b"".join((b"." + line if line.startswith(b".") else line) + b"\r\n" for line in lines)
    conn.send(stuffed + b".\r\n")
    return conn.read_reply()


def _sample(data: bytes) -> str:
    from ontime_assist.engine.replies import printable_sample

    return printable_sample(data)


def _describe_sniff(sniff: netprobe.Sniff) -> str:
    if sniff.kind == "tls":
        return "a TLS answer"
    if sniff.kind == "plain":
        return f"plain text “{sniff.sample}”"
    return "nothing" if sniff.kind == "silent" else "the connection closed"


def _ssl_box_advice(port: int) -> str:
    if port == 465:
        return (
            "Your provider's port 465 does not use SSL from the first byte here; use "
            "port 587 with the SSL box ticked."
        )
    return f"Use port 587 with the SSL box ticked (port {port} expects STARTTLS)."


_FIELD_WORDS = {"host": "server name", "username": "user name", "from": "From address"}
