"""The auth stage: sign in the way OnTime would, or say why we could not or did not."""

from __future__ import annotations

from ontime_assist.engine.check.state import CheckState
from ontime_assist.engine.connection.smtp_client import ONTIME_AUTH, SUPPORTED_AUTH, WINDOWS_AUTH
from ontime_assist.engine.findings import make


def authenticate(state: CheckState) -> None:
    assert state.conn is not None
    s = state.settings
    conn = state.conn
    state.auth_offered = tuple(conn.auth_mechanisms())
    if not s.username:
        state.skip("auth", "no user name given: no login")
        return
    if not state.password:
        state.skip("auth", "no password given: no login")
        return
    with state.running("auth") as stage:
        if not conn.encrypted and not s.allow_plaintext_auth:
            stage.detail = "password not sent over an unencrypted connection"
            raise state.stop(
                make(
                    "auth.plaintext_refused",
                    f"The connection to {s.host} port {s.port} is not encrypted, so the "
                    "password was not sent.",
                )
            )
        offered = list(state.auth_offered)
        if not offered:
            stage.detail = "the server offers no login (no AUTH)"
            if not conn.encrypted and conn.has_extn("starttls"):
                raise state.stop(
                    make(
                        "auth.requires_tls",
                        "Before encryption the server offers no login (no AUTH), but it offers "
                        "STARTTLS: login comes after encryption.",
                    )
                )
            raise state.stop(
                make(
                    "auth.not_offered",
                    f"The server on port {s.port} lists no AUTH extension ({state.features()}).",
                )
            )
        mechanism = next((m for m in SUPPORTED_AUTH if m in offered), None)
        if mechanism is None:
            listed = " ".join(offered)
            if set(offered) <= WINDOWS_AUTH:
                raise state.stop(
                    make(
                        "auth.windows_only",
                        f"The server offers only AUTH {listed}: Windows Authentication.",
                    )
                )
            raise state.stop(
                make(
                    "auth.no_common_mechanism",
                    f"The server offers AUTH {listed}; none of PLAIN, LOGIN or CRAM-MD5.",
                )
            )
        reply = state.exchange(
            "auth",
            lambda c: c.authenticate(mechanism, s.username, state.password.reveal()),
        )
        stage.detail = f"AUTH {mechanism}: {reply.as_line()}"
        if reply.code != 235:
            raise state.stop(state.classify("auth", reply))
        state.add(make("auth.ok", f"Logged in as {s.username} with AUTH {mechanism}."))
        if mechanism not in ONTIME_AUTH:
            state.add(
                make(
                    "auth.login_not_offered",
                    f"The server offers AUTH {' '.join(offered)}, but not AUTH LOGIN; the "
                    f"password was tested with AUTH {mechanism}.",
                )
            )
