"""Certificate faults through the system's own verifier: on Windows truststore asks the
system (CertGetCertificateChain), elsewhere OpenSSL decides; the finding must be the same.

Wine's verifier differs from Windows' (measured, see the design's field notes): it fails every
handshake to an IP-address host; it accepts a chain to an unknown root; and it refuses the
exclusive-root chain engine truststore builds for a --cafile authority once the system's own
verdict was "no" (CertCreateCertificateChainEngine: "Invalid parameter"). So under Wine the
faults are met without --cafile (the unknown root passing, as Wine lets it), and the tests that
need Windows' own verdict on roots and addresses are skipped there with that reason: they run on
Linux and real Windows. The errors exactly as truststore raises them on Windows are tested on
every system by test_cert_errors_by_system.py.
"""

from __future__ import annotations

import datetime as dt
import ssl

import pytest
import trustme

from tests.cli_helpers import check
from tests.servers import Script, scripted_smtp
from tests.windows.system import UNDER_WINE, not_under_wine

NAME = "localhost"  # a name, not an address: Wine's TLS cannot verify IP-address hosts


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> tuple[trustme.CA, str]:
    ca = trustme.CA()
    cafile = tmp_path_factory.mktemp("windows-ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(cafile))
    return ca, str(cafile)


def _serving(leaf: trustme.LeafCert) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    leaf.configure_cert(context)
    return context


def _check(run_cli, leaf: trustme.LeafCert, cafile: str, host: str = NAME):  # type: ignore[no-untyped-def]
    # Under Wine only: no --cafile (see the module's docstring).
    trust = [] if UNDER_WINE else ["--cafile", cafile]
    with scripted_smtp(Script(tls_context=_serving(leaf))) as (server, log):
        result = check(
            run_cli, server.port, "--security", "starttls", *trust, "--timeout", "10", host=host
        )
    return result, log


def test_a_trusted_certificate_passes_and_the_login_goes_ahead(run_cli, authority) -> None:
    ca, cafile = authority
    result, log = _check(run_cli, ca.issue_cert(NAME), cafile)
    assert result.err == ""
    assert [f["id"] for f in result.json["findings"] if f["severity"] == "error"] == []
    assert any(line.upper().startswith("AUTH") for line in log)


def test_a_certificate_for_another_name_is_named(run_cli, authority) -> None:
    ca, cafile = authority
    result, log = _check(run_cli, ca.issue_cert("mail.other.test"), cafile)
    assert result.err == ""  # no traceback, no internal error
    assert result.root_cause["id"] == "tls.cert_hostname_mismatch"
    assert not any(line.upper().startswith("AUTH") for line in log)  # no password sent


def test_an_expired_certificate_is_named(run_cli, authority) -> None:
    ca, cafile = authority
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    leaf = ca.issue_cert(NAME, not_before=long_ago, not_after=long_ago + dt.timedelta(days=90))
    result, _ = _check(run_cli, leaf, cafile)
    assert result.err == ""
    assert "tls.cert_expired" in result.finding_ids


@not_under_wine("Wine 8 accepts a chain to an unknown root")
def test_a_certificate_from_an_unknown_authority_is_refused(run_cli, authority) -> None:
    _, cafile = authority
    stranger = trustme.CA()
    result, log = _check(run_cli, stranger.issue_cert(NAME), cafile)
    assert result.err == ""
    assert result.root_cause["id"] == "tls.cert_untrusted"
    assert not any(line.upper().startswith("AUTH") for line in log)


@not_under_wine("Wine 8's TLS fails every handshake to an IP-address host")
def test_a_certificate_for_an_ip_address_host_is_verified(run_cli, authority) -> None:
    ca, cafile = authority
    result, _ = _check(run_cli, ca.issue_cert("127.0.0.1"), cafile, host="127.0.0.1")
    assert result.err == ""
    assert [f["id"] for f in result.json["findings"] if f["severity"] == "error"] == []
