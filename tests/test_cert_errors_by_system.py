"""Certificate failures as each system's verifier reports them, against real TLS servers.

On Windows and macOS the certificate is checked by truststore, which asks the operating system
after the handshake and raises an `ssl.SSLCertVerificationError` made in Python: the system's
words and code, and no OpenSSL `reason`. These tests give the check a context that does exactly
that (a real handshake, then the error as truststore builds it on that system), so the
Windows and macOS paths run on any machine. Linux's own OpenSSL errors are tested in
test_check_network.py; the same test file runs under Windows Python in Wine in CI.
"""

from __future__ import annotations

import datetime as dt
import errno
import ssl
from typing import Any

import pytest
import trustme

from ontime_assist.engine.tls.cert_verdict import judge_certificate_failure
from tests.cli_helpers import check
from tests.conftest import CliRun
from tests.servers import Script, scripted_smtp

# What truststore passes on (truststore/_windows.py: FormatMessageW of the chain policy's
# dwError; truststore/_macos.py: the CFError's description and code).
WINDOWS = {
    "expired": (
        0x800B0101,
        "A required certificate is not within its validity period when verifying against "
        "the current system clock or the timestamp in the signed file.",
    ),
    "untrusted": (
        0x800B0109,
        "A certificate chain processed, but terminated in a root certificate which is not "
        "trusted by the trust provider.",
    ),
    "wrong_name": (0x800B010F, "The certificate's CN name does not match the passed value."),
}
MACOS = {
    "expired": (-67818, "“127.0.0.1” certificate is expired"),
    "untrusted": (-67843, "“127.0.0.1” certificate is not trusted"),
    "wrong_name": (-67602, "“127.0.0.1” certificate name does not match input"),
}
EXPECTED = {
    "expired": "tls.cert_expired",
    "untrusted": "tls.cert_untrusted",
    "wrong_name": "tls.cert_hostname_mismatch",
}
SERVER_CERT = {"expired": "expired", "untrusted": "unknown_ca", "wrong_name": "wrong_host"}


def truststore_error(code: int, words: str) -> ssl.SSLCertVerificationError:
    """The error exactly as truststore raises it on Windows and macOS."""
    err = ssl.SSLCertVerificationError(words)
    err.verify_message = words
    err.verify_code = code
    return err


class SystemVerifiedContext(ssl.SSLContext):
    """Like truststore.SSLContext: OpenSSL only carries the bytes, then the system judges."""

    fail_with: BaseException

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:  # type: ignore[override]
        tls_sock = super().wrap_socket(*args, **kwargs)
        tls_sock.close()  # as truststore does before raising
        raise self.fail_with


def system_context(fail_with: BaseException) -> SystemVerifiedContext:
    context = SystemVerifiedContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False  # truststore does this too: the OS checks the name
    context.verify_mode = ssl.CERT_NONE  # ...and the chain, after the handshake
    context.fail_with = fail_with
    return context


def check_with_context(
    run_cli, monkeypatch, server_context: ssl.SSLContext, client: ssl.SSLContext, *extra: str
) -> CliRun:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        "ontime_assist.engine.check.state.verifying_context", lambda cafile=None: client
    )
    with scripted_smtp(Script(tls_context=server_context)) as (server, log):
        result = check(run_cli, server.port, "--security", "starttls", *extra)
    assert not any(line.upper().startswith("AUTH") for line in log)
    return result


@pytest.mark.parametrize("system", [WINDOWS, MACOS], ids=["windows", "macos"])
@pytest.mark.parametrize("fault", ["expired", "untrusted", "wrong_name"])
def test_each_certificate_fault_is_named_as_the_system_reports_it(
    run_cli, monkeypatch, certs, system, fault
) -> None:
    code, words = system[fault]
    client = system_context(truststore_error(code, words))
    result = check_with_context(run_cli, monkeypatch, getattr(certs, SERVER_CERT[fault]), client)
    assert result.code == 1, result.err
    assert result.err == ""  # no traceback, no internal error
    cause = result.root_cause
    assert cause["id"] == EXPECTED[fault]
    assert words.rstrip(".") in str(cause["detail"])  # the system's own words are quoted
    assert "server showed" in str(cause["detail"])  # the refused certificate was read


@pytest.mark.parametrize("system", [WINDOWS, MACOS], ids=["windows", "macos"])
@pytest.mark.parametrize("fault", ["expired", "untrusted", "wrong_name"])
def test_the_code_alone_names_the_fault_when_the_certificate_cannot_be_read(system, fault) -> None:
    code, words = system[fault]
    verdicts = judge_certificate_failure(truststore_error(code, words), None, "127.0.0.1")
    assert [v.finding_id for v in verdicts] == [EXPECTED[fault]]
    assert words.rstrip(".") in verdicts[0].detail


def test_a_failure_on_this_computer_is_not_blamed_on_the_server(
    run_cli, monkeypatch, certs
) -> None:
    # truststore on Windows raises WinError (an OSError) when the system's certificate store
    # itself fails: nothing the server did.
    local = OSError(errno.EINVAL, "The parameter is incorrect")
    result = check_with_context(run_cli, monkeypatch, certs.good, system_context(local))
    assert result.err == ""
    cause = result.root_cause
    assert cause["id"] == "tls.handshake_failed"
    assert "on this computer" in str(cause["detail"])
    assert "The parameter is incorrect" in str(cause["detail"])
    assert "smtp.disconnected" not in result.finding_ids


@pytest.mark.parametrize("code", [errno.ENETUNREACH, errno.ENETDOWN], ids=["unreachable", "down"])
def test_a_network_lost_in_the_handshake_is_not_blamed_on_this_computer(
    run_cli, monkeypatch, certs, code: int
) -> None:
    # Codes Python gives no ConnectionError of its own: still the network, not the TLS code.
    lost = OSError(code, "the network went away")
    result = check_with_context(run_cli, monkeypatch, certs.good, system_context(lost))
    assert result.err == ""
    cause = result.root_cause
    assert cause["id"] == "smtp.disconnected", cause
    assert "on this computer" not in str(cause["detail"])


def test_an_expired_certificate_for_another_name_gets_both_faults_and_both_fixes(
    run_cli, certs
) -> None:
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    leaf = certs.ca.issue_cert(
        "mail.other.test", not_before=long_ago, not_after=long_ago + dt.timedelta(days=90)
    )
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    leaf.configure_cert(server_context)
    with scripted_smtp(Script(tls_context=server_context)) as (server, _):
        result = check(run_cli, server.port, "--security", "starttls", "--cafile", certs.cafile)
    errors = [f for f in result.json["findings"] if f["severity"] == "error"]  # type: ignore[union-attr]
    assert [f["id"] for f in errors] == ["tls.cert_expired", "tls.cert_hostname_mismatch"]
    expired, wrong_name = errors
    assert "2020-" in expired["detail"]
    assert "renew" in expired["fix"]
    assert "mail.other.test" in wrong_name["detail"]
    assert "127.0.0.1" in wrong_name["detail"]
    assert "Server field" in wrong_name["fix"]


def test_an_untrusted_self_signed_certificate_for_another_name_says_both(certs) -> None:
    stranger = trustme.CA()
    leaf = stranger.issue_cert("mail.other.test")
    from ontime_assist.engine.tls.context import cert_facts_from_der

    der = ssl.PEM_cert_to_DER_cert(leaf.cert_chain_pems[0].bytes().decode())
    facts = cert_facts_from_der(der)
    error = ssl.SSLCertVerificationError("certificate verify failed")
    error.verify_code, error.verify_message = 20, "unable to get local issuer certificate"
    verdicts = judge_certificate_failure(error, facts, "127.0.0.1")
    assert [v.finding_id for v in verdicts] == ["tls.cert_hostname_mismatch", "tls.cert_untrusted"]


def test_the_verifiers_own_full_stop_is_not_doubled() -> None:
    error = truststore_error(
        0x800B010F, "The certificate's CN name does not match the passed value."
    )
    (verdict,) = judge_certificate_failure(error, None, "127.0.0.1")
    assert "value.)" not in verdict.detail
    assert "(The certificate's CN name does not match the passed value)." in verdict.detail
