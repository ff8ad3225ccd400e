"""The staged SMTP check: dns → connect → greeting → ehlo → tls → auth → mail → rcpt → data → quit.

The check stops at the first stage that fails and names why; later stages are reported as
skipped. Every wait is bounded by the settings' timeout and wakes up on cancel.

Where each stage lives: connection/port_mode.py (connect, greeting, what the port speaks),
tls/stage.py (STARTTLS and TLS failures), sending/login.py (auth), sending/envelope.py (mail,
rcpt, data, quit); the bookkeeping they share is check/state.py.
"""

from __future__ import annotations

import contextlib

from ontime_assist import __version__
from ontime_assist.engine.cancel import Cancelled, CancelToken
from ontime_assist.engine.check.result import CheckResult
from ontime_assist.engine.check.settings import MailSettings
from ontime_assist.engine.check.state import CheckState, StageListener, StopCheck
from ontime_assist.engine.connection import connect
from ontime_assist.engine.connection.connect import Address
from ontime_assist.engine.connection.port_mode import open_session
from ontime_assist.engine.connection.smtp_client import SmtpConnection
from ontime_assist.engine.findings import make
from ontime_assist.engine.redaction.secret import Secret, as_secret
from ontime_assist.engine.sending.envelope import quit_stage, send_envelope
from ontime_assist.engine.sending.login import authenticate
from ontime_assist.engine.tls.stage import secure

TYPE_CHECKING = False  # mypy reads True; not importing typing saves check ~5 ms (records.py)

if TYPE_CHECKING:
    from ontime_assist.engine.connection.connect import Resolver

_FIELD_WORDS = {"host": "server name", "username": "user name", "from": "From address"}


def run_check(
    settings: MailSettings,
    password: Secret | str | None = None,
    *,
    cancel: CancelToken | None = None,
    on_stage: StageListener | None = None,
    resolver: Resolver | None = None,
) -> CheckResult:
    """Test the mail server in `settings`. Never raises for network trouble: the outcome,
    including cancellation, is in the result's findings."""
    state = CheckState(
        settings,
        as_secret(password),
        cancel or CancelToken(),
        on_stage,
        resolver or connect.SYSTEM_RESOLVER,
    )
    s = settings
    state.transcript.info(
        f"OnTime Assist {__version__} on {connect.system_name()}: "
        f"testing {s.host} port {s.port}, security {s.security.value}"
    )
    _note_stray_spaces(state)
    try:
        addresses = _resolve(state)
        open_session(state, addresses)
        _ehlo(state)
        secure(state)
        authenticate(state)
        send_envelope(state)
        quit_stage(state)
    except StopCheck:
        pass
    except Cancelled:
        state.transcript.info("cancelled")
        state.add(make("smtp.cancelled", "The test was stopped before it finished."))
    finally:
        if state.conn is not None:
            if state.stage("quit").status == "pending":
                state.conn.quit_politely()
            with contextlib.suppress(Exception):
                state.conn.close()
    return state.result()


def _note_stray_spaces(state: CheckState) -> None:
    for field_name in state.settings.stray_space_in:
        state.add(
            make(
                "input.stray_space",
                f"The {_FIELD_WORDS[field_name]} had a space at the start or end; it was "
                "removed for this test.",
            )
        )
    if state.password_has_stray_space:
        state.add(
            make(
                "input.stray_space",
                "The password starts or ends with a space. It was tested as typed; if the "
                "space was copied along by accident, remove it.",
            )
        )


def _resolve(state: CheckState) -> list[Address]:
    s = state.settings
    with state.running("dns") as stage:
        try:
            addresses = state.resolver.addresses(s.ascii_host, s.port, s.timeout, state.cancel)
        except connect.NetworkError as exc:
            detail = exc.detail.replace(s.ascii_host, s.host)  # the name as people know it
            stage.detail = detail
            state.transcript.info(detail)
            raise state.stop(make(exc.finding_id, detail)) from None
        stage.detail = ", ".join(connect.format_address(a) for a in addresses)
    return addresses


def _ehlo(state: CheckState) -> None:
    with state.running("ehlo") as stage:
        reply = state.exchange("ehlo", SmtpConnection.ehlo)
        if reply.code != 250:
            helo = state.exchange("ehlo", SmtpConnection.helo)
            if helo.code != 250:
                raise state.stop(state.classify("ehlo", reply))
            stage.detail = "the server only understands HELO (no extensions)"
            return
        stage.detail = state.features()
