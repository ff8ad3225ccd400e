"""Against a real Postfix with Dovecot SASL on loopback: scripted replies only prove what we
already believe; this proves it against the software most hosting providers run."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_helpers import sender_dns
from tests.helpers import service_missing
from tests.mailserver import PASSWORD, USER, MailServer, Unavailable, postfix_with_dovecot

pytestmark = pytest.mark.integration

LOGIN = ("--username", USER, "--password-stdin")


@pytest.fixture(scope="module")
def postfix() -> Iterator[MailServer]:
    # Not pytest's tmp_path: its parents are private to root, and Postfix's daemons run as
    # the postfix user and must reach their folders.
    folder = Path(tempfile.mkdtemp(prefix="ontime-postfix-"))
    try:
        with postfix_with_dovecot(folder) as server:
            yield server
    except Unavailable as exc:
        service_missing(f"Postfix suite: {exc}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check(run_cli, server: MailServer, port: int, *args: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    with sender_dns(list(args)) as more:
        result = run_cli(
            "check",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--json",
            "--timeout",
            "5",
            "--cafile",
            server.cafile,
            *args,
            *more,
            stdin=password + "\n",
        )
    assert password not in result.out and password not in result.err
    return result


def test_good_login_and_send(run_cli, postfix: MailServer) -> None:
    result = check(
        run_cli,
        postfix,
        postfix.submission,
        *LOGIN,
        "--from",
        USER,
        "--to",
        "client@example.org",
        "--send",
    )
    assert result.code == 0, result.out
    assert {"connect.ok", "tls.ok", "auth.ok", "relay.ok", "send.ok"} <= set(result.finding_ids)
    log = (postfix.folder / "postfix.log").read_text()
    assert "sasl_username=dispatch@courier.test" in log


def test_good_login_over_implicit_tls(run_cli, postfix: MailServer) -> None:
    result = check(
        run_cli,
        postfix,
        postfix.smtps,
        "--security",
        "ssl",
        *LOGIN,
        "--from",
        USER,
        "--to",
        "client@example.org",
    )
    assert result.code == 0, result.out
    assert "auth.ok" in result.finding_ids


def test_wrong_password(run_cli, postfix: MailServer) -> None:
    result = check(
        run_cli,
        postfix,
        postfix.submission,
        *LOGIN,
        password="wrong-password-7",
    )
    assert result.root_cause["id"] == "auth.failed"
    assert result.root_cause["reply"]["code"] == 535


def test_ssl_on_the_starttls_port(run_cli, postfix: MailServer) -> None:
    result = check(run_cli, postfix, postfix.submission, "--security", "ssl")
    assert result.root_cause["id"] == "tls.not_implicit"
    assert "mail.courier.test" in result.root_cause["detail"]


def test_starttls_on_the_implicit_tls_port(run_cli, postfix: MailServer) -> None:
    result = check(run_cli, postfix, postfix.smtps, "--security", "starttls")
    assert result.root_cause["id"] == "tls.expects_implicit"


def test_auto_finds_both_ports(run_cli, postfix: MailServer) -> None:
    assert check(run_cli, postfix, postfix.smtps).json["settings"]["security"] == "ssl"
    assert check(run_cli, postfix, postfix.submission).json["settings"]["security"] == "starttls"


def test_login_before_encryption_is_not_offered(run_cli, postfix: MailServer) -> None:
    result = check(
        run_cli,
        postfix,
        postfix.submission,
        "--security",
        "none",
        "--allow-plaintext-auth",
        *LOGIN,
    )
    assert result.root_cause["id"] in ("auth.requires_tls", "tls.required")


def test_relay_denied(run_cli, postfix: MailServer) -> None:
    result = check(
        run_cli,
        postfix,
        postfix.relay,
        "--from",
        "someone@example.net",
        "--to",
        "client@example.org",
    )
    assert result.root_cause["id"] == "relay.denied"
    assert "Relay access denied" in result.root_cause["reply"]["text"]


def test_from_address_not_owned_by_the_login(run_cli, postfix: MailServer) -> None:
    result = check(
        run_cli,
        postfix,
        postfix.submission,
        *LOGIN,
        "--from",
        "boss@courier.test",
        "--to",
        "client@example.org",
    )
    cause = result.root_cause
    assert cause["id"] == "send.sender_rejected"
    assert "not owned by user" in cause["reply"]["text"]
    assert "boss@courier.test" in cause["fix"]


def test_no_login_on_the_submission_port_is_the_missing_login(run_cli, postfix: MailServer) -> None:
    """Postfix refuses a client that did not log in (at MAIL or RCPT); the cause to name is the
    missing login, not a refusal for the provider to look into."""
    result = check(
        run_cli,
        postfix,
        postfix.submission,
        "--from",
        USER,
        "--to",
        "client@example.org",
    )
    cause = result.root_cause
    assert cause["id"] == "relay.auth_required", cause
    assert "No user name was entered" in cause["fix"]
    assert cause["who"] == "user"
