"""International server names, one way (#20.5): the name people type and see keeps its letters;
DNS, the connection, SNI and the certificate check use its A-label (UTS 46, IDNA 2008), where
the standard library's IDNA 2003 would turn "straße" into "strasse" and ask for another name."""

from __future__ import annotations

import ssl

import pytest
import trustme

from ontime_assist.engine.check.settings import build_settings, validate_host
from tests.dns_server import Zone, dns_server
from tests.servers import Script, scripted_smtp

UNICODE_HOST = "smtp.straße.test"
A_LABEL_HOST = "smtp.xn--strae-oqa.test"  # IDNA 2008; IDNA 2003 would say smtp.strasse.test


def _context(ca: trustme.CA, *names: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(*names).configure_cert(context)
    return context


def _check(run_cli, context: ssl.SSLContext, cafile: str, host: str = UNICODE_HOST):  # type: ignore[no-untyped-def]
    zone = Zone().add(A_LABEL_HOST, "A", "127.0.0.1")
    with dns_server(zone) as dns, scripted_smtp(Script(tls_context=context)) as (server, _):
        done = run_cli(
            "check", "--host", host, "--port", str(server.port), "--security", "starttls",
            "--nameserver", dns.address, "--cafile", cafile, "--timeout", "3", "--json",
        )  # fmt: skip
    return done, dns.questions


def test_names_are_kept_in_letters_for_people_and_in_a_labels_for_the_network() -> None:
    assert validate_host("SMTP.Straße.TEST").value == UNICODE_HOST
    # typed as an A-label: shown in letters
    assert validate_host(A_LABEL_HOST).value == UNICODE_HOST
    settings = build_settings(host=UNICODE_HOST, port="587")
    assert (settings.host, settings.ascii_host) == (UNICODE_HOST, A_LABEL_HOST)
    assert build_settings(host="smtp.example.com", port="587").ascii_host == "smtp.example.com"


@pytest.mark.parametrize("host", ["mail.shopxn--1.example", "abc--xn--d.example"])
def test_xn_inside_a_label_is_an_ordinary_name(host: str) -> None:
    # Only a label that starts with "xn--" is an A-label; elsewhere they are letters and hyphens.
    assert validate_host(host).value == host


def test_a_certificate_for_the_a_label_verifies_end_to_end(run_cli, certs) -> None:
    done, questions = _check(run_cli, _context(certs.ca, A_LABEL_HOST), certs.cafile)
    assert done.code == 0, done.out + done.err
    assert "tls.ok" in done.finding_ids
    assert done.json["settings"]["host"] == UNICODE_HOST  # people see the letters
    assert (A_LABEL_HOST, "A") in questions
    assert not any("strasse" in name for name, _ in questions)


def test_typing_the_a_label_reaches_the_same_server(run_cli, certs) -> None:
    done, _ = _check(run_cli, _context(certs.ca, A_LABEL_HOST), certs.cafile, host=A_LABEL_HOST)
    assert done.code == 0 and "tls.ok" in done.finding_ids, done.out


def test_an_untrusted_certificate_on_an_idn_host_is_not_called_for_another_name(
    run_cli, certs
) -> None:
    stranger = trustme.CA()
    done, _ = _check(run_cli, _context(stranger, A_LABEL_HOST), certs.cafile)
    assert done.code == 1
    assert done.root_cause["id"] == "tls.cert_untrusted", done.root_cause
    assert "tls.cert_hostname_mismatch" not in done.finding_ids


@pytest.mark.parametrize("other", ["smtp.strasse.test", "mail.xn--strae-oqa.test"])
def test_a_certificate_for_another_name_is_still_called_so(run_cli, certs, other: str) -> None:
    done, _ = _check(run_cli, _context(certs.ca, other), certs.cafile)
    assert done.root_cause["id"] == "tls.cert_hostname_mismatch", done.root_cause
    assert UNICODE_HOST in done.root_cause["detail"]  # the name as the user typed it


def test_a_name_that_does_not_exist_is_said_in_letters(run_cli) -> None:
    with dns_server(Zone()) as dns:
        done = run_cli(
            "check", "--host", "smtp.müller.test", "--port", "587", "--nameserver", dns.address,
            "--timeout", "2", "--json",
        )  # fmt: skip
    cause = done.root_cause
    assert cause["id"] == "dns.not_found"
    assert "smtp.müller.test" in cause["detail"] and "xn--" not in cause["detail"]
    assert ("smtp.xn--mller-kva.test", "A") in dns.questions
