"""Will receivers trust the notifications, as the commands say it: `check --send` and `discover`
report the sender checks (SPF, DKIM, DMARC) for the From / given address's domain, in their
JSON and text, through the DNS server --nameserver names. Everything on loopback: a scripted
mail server (or discovery's small internet on 127.0.0.x) and a DNS server holding the domains'
TXT, CNAME and MX records."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_helpers import assert_no_password
from tests.conftest import CliRun
from tests.discovery_world import World, world
from tests.dns_server import DnsServer, Zone, dns_server
from tests.helpers import PASSWORD
from tests.servers import Script, scripted_smtp
from tests.test_sender_world import m365_dkim, provider_records

ROOT = Path(__file__).resolve().parents[1]
# The greeting of Microsoft 365's submission servers: the provider is recognised from it, as
# for a real server reached by another name.
M365_GREETING = "220 BN0PR04CA0150.outlook.office365.com Microsoft ESMTP MAIL Service ready"
ADD_INCLUDE = (
    'm365-bad.test. TXT "v=spf1 include:_spf.other-host.test '
    'include:spf.protection.outlook.com -all"'
)


def sender_zone() -> Zone:
    """The three From domains: one that authorises Microsoft 365 (SPF include and DKIM) under
    p=reject; one whose SPF lacks the include, also under p=reject; one with neither SPF nor
    DMARC."""
    zone = provider_records(Zone())
    zone.add("m365-ok.test", "TXT", "v=spf1 include:spf.protection.outlook.com -all")
    m365_dkim(zone, "m365-ok.test")
    zone.add("_dmarc.m365-ok.test", "TXT", "v=DMARC1; p=reject; rua=mailto:d@m365-ok.test")
    zone.add("m365-bad.test", "TXT", "v=spf1 include:_spf.other-host.test -all")
    zone.add("_dmarc.m365-bad.test", "TXT", "v=DMARC1; p=reject")
    zone.add("bare.test", "A", "127.0.0.40")
    return zone


@pytest.fixture
def dns() -> Iterator[DnsServer]:
    with dns_server(sender_zone()) as running:
        yield running


def send(run_cli, certs, dns: DnsServer, sender: str, *extra: str, script: Script | None = None):  # type: ignore[no-untyped-def]
    """`check --send` from `sender` through a Microsoft 365-like server on loopback, names
    resolved by `dns`; (the run, the server's log)."""
    script = script or Script(greeting=M365_GREETING, tls_context=certs.good)
    with scripted_smtp(script) as (server, log):
        args = [
            "check", "--host", "127.0.0.1", "--port", str(server.port), "--cafile", certs.cafile,
            "--timeout", "3", "--username", "office@example.com", "--password-stdin",
            "--from", sender, "--to", "client@example.org", "--send",
            "--nameserver", dns.address, *extra,
        ]  # fmt: skip
        result: CliRun = run_cli(*args, stdin=PASSWORD + "\n")
    assert_no_password(result)
    assert not result.err, result.err
    return result, log


def by_id(findings: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {str(f["id"]): f for f in findings}


# --- check --send -------------------------------------------------------------------------


def test_check_send_for_a_domain_that_authorises_the_path(run_cli, certs, dns) -> None:
    with scripted_smtp(Script(greeting=M365_GREETING, tls_context=certs.good)) as (server, _):
        without_send = run_cli(
            "check", "--host", "127.0.0.1", "--port", str(server.port), "--cafile", certs.cafile,
            "--from", "dispatch@m365-ok.test", "--to", "client@example.org",
            "--nameserver", dns.address, "--json",
        )  # fmt: skip
    assert without_send.code == 0, without_send.out
    assert not [i for i in without_send.finding_ids if i.startswith("sender.")]
    assert dns.questions == []  # only --send asks whether receivers will trust the domain

    result, log = send(run_cli, certs, dns, "dispatch@m365-ok.test", "--json")
    assert "DATA" in log
    assert result.code == 0, result.out
    found = by_id(result.json["findings"])  # type: ignore[arg-type]
    ok = found["sender.ok"]
    assert ok["severity"] == "ok" and ok["step"] == "provider"
    assert "includes spf.protection.outlook.com" in str(ok["detail"])
    assert "p=reject at _dmarc.m365-ok.test" in str(ok["detail"])
    assert not [i for i in found if i.startswith("sender.") and i != "sender.ok"]
    assert ("selector1._domainkey.m365-ok.test", "CNAME") in dns.questions
    assert ("_dmarc.m365-ok.test", "TXT") in dns.questions

    text, _ = send(run_cli, certs, dns, "dispatch@m365-ok.test")
    assert text.code == 0
    assert "✓ OK  Receivers can trust the sending domain  [sender.ok]" in text.out
    assert "Result: no problem found" in text.out


def test_check_send_under_reject_without_the_include_says_sending_worked_but_receivers_refuse(
    run_cli, certs, dns
) -> None:
    result, log = send(run_cli, certs, dns, "dispatch@m365-bad.test", "--json")
    assert "DATA" in log
    assert result.code == 1, result.out  # the contract: a finding of severity error
    data = result.json
    assert {s["name"]: s["status"] for s in data["stages"]}["data"] == "ok"  # type: ignore[index, union-attr]
    findings = data["findings"]
    root = findings[0]  # type: ignore[index]
    assert root["id"] == "sender.dmarc_unaligned" and root["severity"] == "error"
    assert root["title"] == (
        "Receivers will refuse the notifications: neither SPF nor DKIM passes for m365-bad.test"
    )
    assert ADD_INCLUDE in root["fix"]
    assert "refuse the notifications" in root["detail"]
    found = by_id(findings)  # type: ignore[arg-type]
    assert {"send.ok", "sender.spf_not_authorised", "sender.dkim_missing"} <= set(found)
    assert ADD_INCLUDE in str(found["sender.spf_not_authorised"]["fix"])
    assert "selector1._domainkey.m365-bad.test. CNAME" in str(found["sender.dkim_missing"]["fix"])

    text, _ = send(run_cli, certs, dns, "dispatch@m365-bad.test")
    assert text.code == 1
    assert (
        "Result: sending worked: the server accepted the test message. But receivers will "
        "refuse the notifications: neither SPF nor DKIM passes for m365-bad.test "
        "[sender.dmarc_unaligned]." in text.out
    )
    assert "✗ ERROR  Receivers will refuse the notifications" in text.out
    assert "include:spf.protection.outlook.com -all" in text.out  # the record, in the fix


def test_check_send_for_a_domain_without_spf_or_dmarc(run_cli, certs, dns) -> None:
    result, _ = send(run_cli, certs, dns, "dispatch@bare.test", "--json")
    assert result.code == 0, result.out  # warnings: receivers may junk, nothing refuses
    found = by_id(result.json["findings"])  # type: ignore[arg-type]
    assert found["sender.spf_missing"]["severity"] == "warning"
    assert 'bare.test. TXT "v=spf1 include:spf.protection.outlook.com -all"' in str(
        found["sender.spf_missing"]["fix"]
    )
    assert found["sender.dmarc_missing"]["severity"] == "info"
    assert '_dmarc.bare.test. TXT "v=DMARC1; p=none' in str(found["sender.dmarc_missing"]["fix"])
    assert "sender.ok" not in found and "sender.dmarc_unaligned" not in found

    text, _ = send(run_cli, certs, dns, "dispatch@bare.test")
    assert "! WARNING  The sending domain has no SPF record  [sender.spf_missing]" in text.out
    assert "i INFO  The sending domain publishes no DMARC policy  [sender.dmarc_missing]" in (
        text.out
    )


def test_check_send_from_a_domain_that_does_not_exist_says_so_not_add_spf(
    run_cli, certs, dns
) -> None:
    """DNS answers NXDOMAIN for the From domain: the one finding says the domain does not
    exist (receivers refuse such mail); no record to add to a domain that is not there."""
    result, log = send(run_cli, certs, dns, "dispatch@no-such-domain.test", "--json")
    assert "DATA" in log  # the server took the message: sending worked, receiving will not
    findings = result.json["findings"]  # type: ignore[index]
    sender = [f for f in findings if str(f["id"]).startswith("sender.")]  # type: ignore[index]
    assert [f["id"] for f in sender] == ["sender.domain_missing"]
    assert sender[0]["severity"] == "error"
    assert "no-such-domain.test was looked up now: the domain does not exist" in str(
        sender[0]["detail"]
    )
    assert "typo" in str(sender[0]["fix"]) and "v=spf1" not in result.out
    assert result.code == 1, result.out
    asked = [name for name, _kind in dns.questions]
    assert "_dmarc.no-such-domain.test" not in asked  # nothing more asked of a missing domain

    text, _ = send(run_cli, certs, dns, "dispatch@no-such-domain.test")
    assert "The sending domain does not exist  [sender.domain_missing]" in text.out
    assert "no SPF record" not in text.out


def test_a_failed_check_stays_the_root_cause_before_a_sender_error(run_cli, certs, dns) -> None:
    """The login fails: that is what to fix first; the domain's DMARC trouble follows it."""
    script = Script(
        greeting=M365_GREETING,
        tls_context=certs.good,
        auth="535 5.7.3 Authentication unsuccessful",
    )
    result, log = send(run_cli, certs, dns, "dispatch@m365-bad.test", "--json", script=script)
    assert "DATA" not in log
    assert result.code == 1
    ids = [f["id"] for f in result.json["findings"]]  # type: ignore[union-attr, index]
    assert ids[0].startswith("auth."), ids
    assert "sender.dmarc_unaligned" in ids

    text, _ = send(run_cli, certs, dns, "dispatch@m365-bad.test", script=script)
    assert "Result: problem found: " in text.out and "sending worked" not in text.out


def test_an_unknown_server_inside_this_network_is_said_as_not_tested(run_cli, certs, dns) -> None:
    """No provider recognised and only a loopback address seen: where the mail reaches
    receivers from is not known here, so nothing is claimed about SPF for it (adding the
    private address to SPF would be wrong advice); it is said as not tested."""
    plain = Script(tls_context=certs.good)  # "220 mail.example.test ESMTP ready"
    result, log = send(run_cli, certs, dns, "dispatch@m365-bad.test", "--json", script=plain)
    assert "DATA" in log
    assert result.code == 0, result.out
    found = by_id(result.json["findings"])  # type: ignore[arg-type]
    assert [i for i in found if i.startswith("sender.")] == ["sender.not_tested"]
    untested = found["sender.not_tested"]
    assert untested["severity"] == "info"
    assert "v=spf1 include:_spf.other-host.test -all" in str(untested["detail"])
    assert "Not tested" in str(untested["detail"])
    assert "receivers refuse mail that neither SPF nor DKIM passes" in str(untested["fix"])
    assert "ip4:" not in str(untested["fix"])  # no record naming the private address


@pytest.mark.timeout(30)
def test_a_dns_server_that_never_answers_is_said_as_not_tested(run_cli, certs) -> None:
    """The sender checks wait at most --timeout in all; the check's own verdict stands."""
    with dns_server(Zone(), silent=True) as silent:
        result, log = send(run_cli, certs, silent, "dispatch@m365-ok.test", "--json")
        assert silent.questions  # the checks did ask
    assert "DATA" in log
    assert result.code == 0, result.out
    failed = by_id(result.json["findings"])["sender.lookup_failed"]  # type: ignore[arg-type]
    assert failed["severity"] == "info"
    assert "Not tested" in str(failed["detail"]) and "m365-ok.test" in str(failed["detail"])
    assert ".." not in str(failed["detail"])


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child: POSIX")
@pytest.mark.timeout(60)
def test_ctrl_c_ends_a_wait_for_the_sender_checks(certs) -> None:
    """A DNS server that never answers and a long --timeout: Ctrl+C (SIGINT) ends the run at
    once, saying so, with the usual exit status for an interrupted command."""
    with (
        dns_server(Zone(), silent=True) as silent,
        scripted_smtp(Script(greeting=M365_GREETING, tls_context=certs.good)) as (server, log),
    ):
        child = subprocess.Popen(
            [
                sys.executable, "-m", "ontime_assist", "check", "--host", "127.0.0.1",
                "--port", str(server.port), "--cafile", certs.cafile, "--timeout", "60",
                "--from", "dispatch@m365-ok.test", "--to", "client@example.org", "--send",
                "--nameserver", silent.address, "--json",
            ],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        try:
            # Until the message went out and the sender checks (started beside the SMTP test)
            # wait on their first question: the SMTP log has no event to wait on.
            for _ in range(400):
                if (silent.questions and "DATA" in log) or child.poll() is not None:
                    break
                time.sleep(0.05)
            assert silent.questions, "the sender checks never asked"
            assert "DATA" in log  # the message went out first
            child.send_signal(signal.SIGINT)
            out, err = child.communicate(timeout=10)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
    assert child.returncode == 130, (out, err)
    assert "interrupted" in err and out == ""


# --- discover -----------------------------------------------------------------------------


FAST = "3"


@pytest.fixture
def net(certs):  # type: ignore[no-untyped-def]
    with world(certs.ca, certs.cafile) as made:
        made.zone = sender_zone()
        yield made


def m365_hosts(net: World, domain: str) -> str:
    """`domain` hosted by Microsoft 365 (its MX record), the submission server on 127.0.0.x
    port 587; the DNS server's address."""
    net.zone.add(domain, "MX", f"0 {domain.replace('.', '-')}.mail.protection.outlook.com")
    net.host("smtp.office365.com", "127.0.0.231")
    script = Script(
        greeting=M365_GREETING,
        tls_context=net.context("smtp.office365.com"),
        ehlo=["AUTH LOGIN XOAUTH2", "SIZE 157286400"],
    )
    net.smtp("127.0.0.231", 587, script)
    return net.start_dns()


def discover(net: World, run_cli, domain: str, *extra: str) -> CliRun:  # type: ignore[no-untyped-def]
    nameserver = net.dns.address if net.dns else m365_hosts(net, domain)
    result: CliRun = run_cli(
        "discover", f"dispatch@{domain}", "--nameserver", nameserver, "--cafile", net.cafile,
        "--timeout", FAST, *extra,
    )  # fmt: skip
    assert not result.err, result.err
    return result


def test_discover_for_a_domain_that_authorises_the_provider(net: World, run_cli) -> None:
    result = discover(net, run_cli, "m365-ok.test", "--json")
    assert result.code == 0, result.out
    data = result.json
    assert data["recommended"]["host"] == "smtp.office365.com"  # type: ignore[index]
    found = by_id(data["findings"])  # type: ignore[arg-type]
    assert found["sender.ok"]["severity"] == "ok"
    assert "DKIM selectors of Microsoft 365" in str(found["sender.ok"]["detail"])
    assert not [i for i in found if i.startswith("sender.") and i != "sender.ok"]
    assert net.dns is not None and ("_dmarc.m365-ok.test", "TXT") in net.dns.questions


def test_discover_under_reject_without_the_include(net: World, run_cli) -> None:
    result = discover(net, run_cli, "m365-bad.test", "--json")
    assert result.code == 0, result.out  # the contract: a recommendation was found
    data = result.json
    first = data["findings"][0]  # type: ignore[index]
    assert first["id"] == "sender.dmarc_unaligned" and first["severity"] == "error"
    assert ADD_INCLUDE in first["fix"]
    found = by_id(data["findings"])  # type: ignore[arg-type]
    assert {"sender.spf_not_authorised", "sender.dkim_missing"} <= set(found)
    assert "sender.ok" not in found


def test_discover_text_for_a_domain_without_spf_or_dmarc(net: World, run_cli) -> None:
    result = discover(net, run_cli, "bare.test")
    assert result.code == 0, result.out
    out = result.out
    heading = (
        "Will receivers trust mail from bare.test? (SPF, DKIM and DMARC, judged for sending "
        "through smtp.office365.com)"
    )
    assert heading in out
    sender_part = out[out.index(heading) :]
    assert "[sender.spf_missing]" in sender_part and "[sender.dmarc_missing]" in sender_part
    assert 'bare.test. TXT "v=spf1 include:spf.protection.outlook.com -all"' in sender_part
    assert "[sender.spf_missing]" not in out[: out.index(heading)]  # said once, in its place

    data = discover(net, run_cli, "bare.test", "--json").json
    found = by_id(data["findings"])  # type: ignore[arg-type]
    assert found["sender.spf_missing"]["severity"] == "warning"
    assert found["sender.dmarc_missing"]["severity"] == "info"


def test_discover_without_a_recommendation_still_judges_the_provider(net: World, run_cli) -> None:
    """Nothing answers at Microsoft 365's submission server here, but the MX record shows the
    provider: its include and selectors are what receivers check, and they are in place."""
    net.zone.add("m365-ok.test", "MX", "0 m365-ok-test.mail.protection.outlook.com")
    net.host("smtp.office365.com", "127.0.0.232")  # no server listens there
    nameserver = net.start_dns()
    args = ("discover", "dispatch@m365-ok.test", "--nameserver", nameserver, "--timeout", FAST)
    result = run_cli(*args, "--json")
    assert result.code == 1, result.out  # the contract: no recommendation
    assert result.json["recommended"] is None
    assert by_id(result.json["findings"])["sender.ok"]["severity"] == "ok"  # type: ignore[arg-type]
    text = run_cli(*args).out
    assert (
        "Will receivers trust mail from m365-ok.test? (SPF, DKIM and DMARC, judged for sending "
        "through Microsoft 365 (Exchange Online))" in text
    )
    assert "✓ OK  Receivers can trust the sending domain  [sender.ok]" in text
