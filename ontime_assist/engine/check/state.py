"""What one check knows while it runs, and the bookkeeping every stage shares.

The stages (run.py, port_mode.py, tls/stage.py, login.py, envelope.py) all work on one
`CheckState`: it marks stages running/ok/failed/skipped, records findings with any echo of the
password removed, and turns transport trouble into the finding that names it. A stage that
cannot go on raises `StopCheck` through `state.stop(finding)`.
"""

from __future__ import annotations

import contextlib
import ssl
import time
from collections.abc import Callable, Iterator

from ontime_assist.engine.cancel import CancelToken
from ontime_assist.engine.check.result import CheckResult, Stage
from ontime_assist.engine.check.settings import MailSettings, Security
from ontime_assist.engine.check.stages import STAGE_NAMES
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
from ontime_assist.engine.connection.transcript import Transcript
from ontime_assist.engine.findings import Finding, make
from ontime_assist.engine.redaction.redact import Redactor
from ontime_assist.engine.redaction.secret import Secret
from ontime_assist.engine.tls.context import CertFacts, verifying_context

TYPE_CHECKING = False  # mypy reads True; not importing typing saves check ~5 ms (records.py)

if TYPE_CHECKING:
    from ontime_assist.engine.connection.connect import Resolver
    from ontime_assist.engine.diagnosis.reply_context import Context

StageListener = Callable[[Stage], None]


class StopCheck(Exception):
    """Ends the check: a finding explains why it could not go on."""


class CheckState:
    def __init__(
        self,
        settings: MailSettings,
        password: Secret,
        cancel: CancelToken,
        on_stage: StageListener | None,
        resolver: Resolver,
    ) -> None:
        self.settings = settings
        self.password = password
        self.cancel = cancel
        self.resolver = resolver
        self._on_stage = on_stage
        self.redactor = Redactor([password.reveal()] if password else [])
        self.transcript = Transcript(self.redactor)
        self.stages = [Stage(name) for name in STAGE_NAMES]
        self.findings: list[Finding] = []
        self.security_used: Security = settings.security
        self.certificate: CertFacts | None = None
        self.conn: SmtpConnection | None = None
        self.peer_address = ""
        self.address: Address | None = None  # where the check connected, to connect again
        self.greeting = ""  # the server's first words, as it sent them
        self.auth_offered: tuple[str, ...] = ()  # login methods offered where login would happen
        # A space at either end is often copied along by accident; the test uses the password
        # as typed, and says so if it fails.
        revealed = password.reveal()
        self.password_has_stray_space = revealed != revealed.strip()
        self._tls_context: ssl.SSLContext | None = None

    # --- stages ---------------------------------------------------------------------------

    def stage(self, name: str) -> Stage:
        return next(s for s in self.stages if s.name == name)

    def notify(self, stage: Stage) -> None:
        stage.detail = self.redactor(stage.detail)  # details quote server replies
        if self._on_stage is not None:
            self._on_stage(stage)

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

    # --- findings -------------------------------------------------------------------------

    def add(self, finding: Finding) -> None:
        """Record a finding, with any echo of the password removed from what it quotes."""
        if self.redactor.active:
            reply = finding.reply
            if reply is not None:
                lines = tuple(self.redactor(line) for line in reply.lines)
                reply = Reply(reply.code, "\n".join(lines), lines)
            finding = finding._replace(
                detail=self.redactor(finding.detail),
                fix=self.redactor(finding.fix),
                reply=reply,
            )
        self.findings.append(finding)

    def stop(self, finding: Finding) -> StopCheck:
        self.add(finding)
        return StopCheck(finding.id)

    @property
    def context(self) -> Context:
        """What the diagnosis rules read besides the reply (loaded, like them, on failure)."""
        from ontime_assist.engine.diagnosis.reply_context import Context

        s = self.settings
        return Context(
            host=s.host,
            port=s.port,
            username=s.username,
            from_addr=s.from_addr,
            recipient=s.to_addr,
            encrypted=bool(self.conn and self.conn.encrypted),
            password_has_stray_space=self.password_has_stray_space,
            logged_in=self.stage("auth").status == "ok",
            auth_offered=self.auth_offered,
            greeting=self.greeting,
            provider_hint=s.provider_hint,
        )

    def classify(self, stage_name: str, reply: Reply) -> Finding:
        """The finding for a failing reply. The rules load only when something fails. They
        read the reply with any echo of the password taken out: a password that happens to
        say "sending limit" must not make a wrong password look like a quota."""
        from ontime_assist.engine.diagnosis.diagnose import classify_reply

        if self.redactor.active:
            lines = tuple(self.redactor(line) for line in reply.lines)
            reply = Reply(reply.code, "\n".join(lines), lines)
        return classify_reply(stage_name, reply, self.context)

    @property
    def tls_context(self) -> ssl.SSLContext:
        if self._tls_context is None:
            self._tls_context = verifying_context(self.settings.cafile)
        return self._tls_context

    # --- the connection -------------------------------------------------------------------

    def open_connection(self, addresses: list[Address]) -> tuple[SmtpConnection, Address]:
        """The connect stage: the first address that accepts, as an SMTP connection."""
        s = self.settings
        with self.running("connect") as stage:
            try:
                sock, address = connect.connect(addresses, s.port, s.timeout, self.cancel)
            except connect.NetworkError as exc:
                stage.detail = exc.detail
                self.transcript.info(exc.detail)
                extra = ""
                if exc.finding_id == "net.timeout" and s.port == 25:
                    extra = "Port 25 is blocked by most internet providers for this reason."
                raise self.stop(make(exc.finding_id, exc.detail, extra_fix=extra)) from None
            self.peer_address = str(address[1][0])
            self.address = address
            where = f"{connect.format_address(address)} port {s.port}"
            stage.detail = f"connected to {where}"
            self.transcript.info(f"connected to {where}")
        conn = SmtpConnection(
            sock,
            server_name=s.ascii_host,
            transcript=self.transcript,
            cancel=self.cancel,
            timeout=s.timeout,
        )
        return conn, address

    def exchange(self, stage_name: str, action: Callable[[SmtpConnection], Reply]) -> Reply:
        """Run one command/reply exchange; turn transport trouble into the right finding."""
        assert self.conn is not None
        s = self.settings
        try:
            return action(self.conn)
        except ReplyTimeout as exc:
            got = f" (it had sent only “{printable_sample(exc.partial)}”)" if exc.partial else ""
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
        except ServerClosed:
            raise self.stop(
                make(
                    "smtp.disconnected",
                    f"The server closed the connection at the {stage_name} step.",
                )
            ) from None
        except OSError as exc:
            raise self.stop(self.disconnected(stage_name, exc)) from None

    def disconnected(self, stage_name: str, exc: OSError) -> Finding:
        self.cancel.raise_if_cancelled()
        return make(
            "smtp.disconnected",
            f"The connection broke at the {stage_name} step: {exc.strerror or exc}.",
        )

    def features(self) -> str:
        """The server's EHLO extensions, as a mail administrator would list them."""
        assert self.conn is not None
        shown = [
            name.upper() + (f" {value.strip()}" if value.strip() else "")
            for name, value in self.conn.esmtp_features.items()
        ]
        return "offers: " + (", ".join(shown) if shown else "no extensions")

    # --- the outcome ----------------------------------------------------------------------

    def result(self) -> CheckResult:
        for stage in self.stages:
            if stage.status in ("pending", "running"):
                stage.status = "skipped"
                stage.detail = stage.detail or "not reached"
        return CheckResult(
            settings=self.settings,
            security_used=self.security_used,
            stages=self.stages,
            findings=self.findings,
            transcript=self.transcript,
            certificate=self.certificate,
            peer_address=self.peer_address,
            greeting=self.greeting,
            auth_offered=self.auth_offered,
            redactor=self.redactor,
        )
