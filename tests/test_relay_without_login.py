"""No login, and an outside recipient refused in words that name no relay (#20.11).

Haraka, a real MTA, answers a client that has not logged in "550 I cannot deliver mail for
<x>" when the recipient is in a domain it does not host. The words name neither a relay nor a
login, but the whole check does: the server offers AUTH, no login was made, and the recipient
is outside the account's domain. The cause is the missing login, not the recipient."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from ontime_assist.engine.check.run import run_check
from ontime_assist.engine.check.settings import build_settings
from ontime_assist.engine.redaction.secret import Secret
from tests.cli_helpers import LOOPBACK
from tests.servers import Script, scripted_smtp

OUTSIDE = "client@example.org"
SENDER = "dispatch@courier.example"
HARAKA_REFUSAL = "550 I cannot deliver mail for <client@example.org>"


@contextlib.contextmanager
def haraka_like(certs, *, auth: bool = True, local: str = "courier.example") -> Iterator[int]:  # type: ignore[no-untyped-def]
    """aiosmtpd answering RCPT as Haraka does when no plugin accepts the recipient: anything
    outside `local` is refused unless the client logged in."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    from tests.test_check_network import closed_port

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
            if address.rpartition("@")[2] != local and not session.authenticated:
                return f"550 I cannot deliver mail for <{address}>"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    def authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        return AuthResult(success=True)

    port = closed_port()
    controller = Controller(
        Handler(),
        hostname=LOOPBACK,
        port=port,
        tls_context=certs.good,
        authenticator=authenticator if auth else None,
        auth_require_tls=True,
    )
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def _check(run_cli, port: int, certs, to: str = OUTSIDE):  # type: ignore[no-untyped-def]
    return run_cli(
        "check", "--host", LOOPBACK, "--port", str(port), "--security", "starttls",
        "--cafile", certs.cafile, "--from", SENDER, "--to", to, "--timeout", "5", "--json",
    )  # fmt: skip


def test_an_outside_recipient_refused_without_a_login_is_the_missing_login(run_cli, certs) -> None:
    with haraka_like(certs) as port:
        done = _check(run_cli, port, certs)
    assert done.code == 1, done.out
    cause = done.root_cause
    assert cause["id"] == "relay.auth_required", cause
    assert cause["reply"]["code"] == 550 and "I cannot deliver mail for" in cause["reply"]["text"]
    assert "offers a login" in cause["detail"] and "made none" in cause["detail"]
    assert "No user name was entered" in cause["fix"]


def test_the_same_with_a_scripted_server(run_cli, certs) -> None:
    with scripted_smtp(Script(tls_context=certs.good, rcpt=HARAKA_REFUSAL)) as (server, _):
        done = _check(run_cli, server.port, certs)
    assert done.root_cause["id"] == "relay.auth_required", done.root_cause


def test_a_user_name_without_a_password_is_told_to_enter_the_password(certs) -> None:
    with scripted_smtp(Script(tls_context=certs.good, rcpt=HARAKA_REFUSAL)) as (server, _):
        settings = build_settings(
            host=LOOPBACK, port=server.port, username=SENDER, to_addr=OUTSIDE,
            cafile=certs.cafile, timeout="5",
        )  # fmt: skip
        result = run_check(settings, Secret())
    root = result.root_cause
    assert root is not None and root.id == "relay.auth_required", result.findings
    assert f"No password was entered for {SENDER}" in root.fix


def test_a_recipient_in_the_accounts_own_domain_is_still_the_recipient(run_cli, certs) -> None:
    with scripted_smtp(
        Script(
            tls_context=certs.good, rcpt="550 I cannot deliver mail for <nobody@courier.example>"
        )
    ) as (server, _):
        done = _check(run_cli, server.port, certs, to="nobody@courier.example")
    assert done.root_cause["id"] == "send.recipient_rejected", done.root_cause


@pytest.mark.parametrize("ehlo", [["SIZE 1000"]], ids=["no AUTH offered"])
def test_without_a_login_offered_the_refusal_is_the_recipients(run_cli, certs, ehlo) -> None:
    script = Script(tls_context=certs.good, ehlo=ehlo, rcpt=HARAKA_REFUSAL)
    with scripted_smtp(script) as (server, _):
        done = _check(run_cli, server.port, certs)
    assert done.root_cause["id"] == "send.recipient_rejected", done.root_cause
