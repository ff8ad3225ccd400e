"""The sender checks as they run for real: dnspython asking a DNS server on loopback that holds
the domains' TXT, CNAME and A records, through discovery's resolver as --nameserver sets it up.
All record data stays in 127.0.0.0/8 too, though nothing connects to it."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from ontime_assist.engine.cancel import Cancelled, CancelToken
from ontime_assist.engine.discovery.dns_lookup import Dns, parse_nameserver
from ontime_assist.engine.findings import Finding, Severity
from ontime_assist.engine.sender.check import check_sender
from ontime_assist.engine.sender.judge import SenderReport, SendingPath
from tests.dns_server import DnsServer, Zone, dns_server

M365 = "microsoft365"
M365_NAME = "Microsoft 365 (Exchange Online)"


def provider_records(zone: Zone) -> Zone:
    """The providers' own SPF records, as their includes reach them."""
    zone.add("spf.protection.outlook.com", "TXT", "v=spf1 ip4:127.0.10.0/24 -all")
    zone.add("_spf.google.com", "TXT", "v=spf1 ip4:127.0.11.0/24 ~all")
    zone.add("_spf.other-host.test", "TXT", "v=spf1 ip4:127.0.20.0/24 -all")
    return zone


def m365_dkim(zone: Zone, domain: str) -> None:
    dashes = domain.replace(".", "-")
    for n in (1, 2):
        target = f"selector{n}-{dashes}._domainkey.contoso.onmicrosoft.com"
        zone.add(f"selector{n}._domainkey.{domain}", "CNAME", target)


@pytest.fixture
def zone() -> Zone:
    return provider_records(Zone())


@pytest.fixture
def server(zone: Zone) -> Iterator[DnsServer]:
    with dns_server(zone) as running:
        yield running


def judge(server: DnsServer, path: SendingPath, *, timeout: float = 5.0) -> SenderReport:
    dns = Dns(parse_nameserver(server.address))
    return check_sender(path, dns, CancelToken(), timeout=timeout, question_timeout=1.0)


def m365(address: str) -> SendingPath:
    return SendingPath(address, M365, M365_NAME, "smtp.office365.com", ("127.0.10.5",))


def by_id(report: SenderReport) -> dict[str, Finding]:
    return {f.id: f for f in report.findings}


def test_microsoft_365_authorised_with_dkim_and_reject_is_trusted(
    zone: Zone, server: DnsServer
) -> None:
    zone.add("m365-ok.test", "TXT", "v=spf1 include:spf.protection.outlook.com -all")
    zone.add("m365-ok.test", "TXT", "MS=ms12345678")  # other TXT records are not SPF's business
    m365_dkim(zone, "m365-ok.test")
    zone.add("_dmarc.m365-ok.test", "TXT", "v=DMARC1; p=reject; rua=mailto:d@m365-ok.test")
    report = judge(server, m365("dispatch@m365-ok.test"))
    assert [f.id for f in report.findings] == ["sender.ok"]
    ok = report.findings[0]
    assert ok.severity is Severity.OK
    assert "includes spf.protection.outlook.com" in ok.detail
    assert "DKIM selectors of Microsoft 365 (Exchange Online) are published" in ok.detail
    assert "p=reject at _dmarc.m365-ok.test" in ok.detail
    assert (report.spf_passes, report.dkim_passes) == (True, True)
    asked = set(server.questions)
    assert ("selector1._domainkey.m365-ok.test", "CNAME") in asked


def test_missing_include_under_reject_is_the_root_cause_with_the_record_to_change(
    zone: Zone, server: DnsServer
) -> None:
    zone.add("m365-bad.test", "TXT", "v=spf1 include:_spf.other-host.test -all")
    zone.add("_dmarc.m365-bad.test", "TXT", "v=DMARC1; p=reject")
    report = judge(server, m365("dispatch@m365-bad.test"))
    ids = [f.id for f in report.findings]
    assert ids[0] == "sender.dmarc_unaligned"
    assert set(ids) == {
        "sender.dmarc_unaligned",
        "sender.spf_not_authorised",
        "sender.dkim_missing",
    }
    found = by_id(report)
    assert found["sender.dmarc_unaligned"].severity is Severity.ERROR
    expected = (
        'm365-bad.test. TXT "v=spf1 include:_spf.other-host.test '
        'include:spf.protection.outlook.com -all"'
    )
    assert expected in found["sender.spf_not_authorised"].fix
    assert expected in found["sender.dmarc_unaligned"].fix
    assert "refuse the notifications" in found["sender.dmarc_unaligned"].detail
    dkim_fix = found["sender.dkim_missing"].fix
    assert "selector1._domainkey.m365-bad.test. CNAME" in dkim_fix
    assert "selector1-m365-bad-test._domainkey" in dkim_fix
    assert "Get-DkimSigningConfig -Identity m365-bad.test" in dkim_fix


def test_quarantine_with_a_warning_policy_of_none(zone: Zone, server: DnsServer) -> None:
    """The same failure under p=none is a warning: receivers are only asked for reports."""
    zone.add("m365-none.test", "TXT", "v=spf1 include:_spf.other-host.test -all")
    zone.add("_dmarc.m365-none.test", "TXT", "v=DMARC1; p=none")
    report = judge(server, m365("dispatch@m365-none.test"))
    assert by_id(report)["sender.dmarc_unaligned"].severity is Severity.WARNING
    assert not [f for f in report.findings if f.severity is Severity.ERROR]


def test_two_spf_records_are_invalid_and_the_fix_merges_them(zone: Zone, server: DnsServer) -> None:
    zone.add("two-spf.test", "TXT", "v=spf1 include:_spf.other-host.test -all")
    zone.add("two-spf.test", "TXT", "v=spf1 include:spf.protection.outlook.com ~all")
    m365_dkim(zone, "two-spf.test")
    zone.add("_dmarc.two-spf.test", "TXT", "v=DMARC1; p=quarantine")
    report = judge(server, m365("dispatch@two-spf.test"))
    found = by_id(report)
    assert "2 SPF records" in found["sender.spf_invalid"].detail
    merged = (
        'two-spf.test. TXT "v=spf1 include:_spf.other-host.test '
        'include:spf.protection.outlook.com ~all"'  # the milder ending of the two
    )
    assert merged in found["sender.spf_invalid"].fix
    assert "sender.spf_not_authorised" not in found  # said once, by spf_invalid
    # DKIM still passes aligned, so DMARC is met and the notifications are trusted.
    assert "sender.ok" in found
    assert "sender.dmarc_unaligned" not in found


def test_a_policy_over_the_lookup_limit_is_invalid(zone: Zone, server: DnsServer) -> None:
    includes = []
    for n in range(11):
        zone.add(f"s{n}.over.test", "TXT", f"v=spf1 ip4:127.0.30.{n} -all")
        includes.append(f"include:s{n}.over.test")
    record = "v=spf1 " + " ".join(includes) + " include:spf.protection.outlook.com -all"
    assert len(record) > 255  # goes over the wire as several strings, joined again
    zone.add("over-limit.test", "TXT", record)
    zone.add("_dmarc.over-limit.test", "TXT", "v=DMARC1; p=reject")
    report = judge(server, m365("dispatch@over-limit.test"))
    found = by_id(report)
    invalid = found["sender.spf_invalid"]
    assert "needs 12 DNS look-ups" in invalid.detail
    assert "include:s0.over.test (1)" in invalid.fix
    assert "Keep include:spf.protection.outlook.com" in invalid.fix
    assert report.spf is not None and report.spf.record is not None
    assert report.spf.record.text == record
    # A permerror never passes: with no DKIM either, p=reject refuses the mail.
    assert report.findings[0].id == "sender.dmarc_unaligned"
    assert report.findings[0].severity is Severity.ERROR


def test_no_spf_and_no_dmarc(zone: Zone, server: DnsServer) -> None:
    zone.add("bare.test", "A", "127.0.0.40")
    report = judge(server, m365("dispatch@bare.test"))
    found = by_id(report)
    assert set(found) == {"sender.spf_missing", "sender.dmarc_missing", "sender.dkim_missing"}
    assert (
        'bare.test. TXT "v=spf1 include:spf.protection.outlook.com -all"'
        in found["sender.spf_missing"].fix
    )
    assert "learn.microsoft.com" in found["sender.spf_missing"].fix
    assert (
        '_dmarc.bare.test. TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@bare.test"'
        in found["sender.dmarc_missing"].fix
    )
    assert found["sender.dmarc_missing"].severity is Severity.INFO


def test_a_subdomain_falls_under_its_organisations_policy(zone: Zone, server: DnsServer) -> None:
    """No provider recognised: SPF is evaluated for the submission server's own address (an
    inference, said so), and sp= of the organisational domain's policy applies."""
    zone.add("notify.courier-org.test", "TXT", "v=spf1 ip4:127.0.0.60 -all")
    zone.add("_dmarc.courier-org.test", "TXT", "v=DMARC1; p=none; sp=quarantine; adkim=s")
    path = SendingPath("dispatch@notify.courier-org.test", server="mail.courier-org.test",
                       server_addresses=("127.0.0.50",))  # fmt: skip
    report = judge(server, path)
    assert report.dmarc is not None and report.dmarc.policy is not None
    policy = report.dmarc.policy
    assert (policy.at, policy.policy, policy.inherited) == ("courier-org.test", "quarantine", True)
    found = by_id(report)
    not_authorised = found["sender.spf_not_authorised"]
    assert "127.0.0.50: fail" in not_authorised.detail
    assert "inference" in not_authorised.detail
    assert 'v=spf1 ip4:127.0.0.60 ip4:127.0.0.50 -all"' in not_authorised.fix
    unaligned = found["sender.dmarc_unaligned"]
    # DKIM could not be tested (no provider known): a warning that says so, not the root cause.
    assert unaligned.severity is Severity.WARNING
    assert "DKIM for notify.courier-org.test was not tested" in unaligned.detail
    assert "organisational domain's policy" in unaligned.detail
    assert ("_dmarc.notify.courier-org.test", "TXT") in server.questions


def test_unknown_provider_whose_server_address_passes(zone: Zone, server: DnsServer) -> None:
    zone.add("own-server.test", "TXT", "v=spf1 a:mail.own-server.test -all")
    zone.add("mail.own-server.test", "A", "127.0.0.70")
    zone.add("_dmarc.own-server.test", "TXT", "v=DMARC1; p=reject")
    path = SendingPath("dispatch@own-server.test", server="mail.own-server.test",
                       server_addresses=("127.0.0.70",))  # fmt: skip
    report = judge(server, path)
    assert [f.id for f in report.findings] == ["sender.ok"]
    assert "inference" in report.findings[0].detail
    assert report.spf_results["127.0.0.70"].result == "pass"


def test_google_with_its_dkim_key(zone: Zone, server: DnsServer) -> None:
    zone.add("g-ok.test", "TXT", "v=spf1 include:_spf.google.com ~all")
    zone.add("google._domainkey.g-ok.test", "TXT", "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0B")
    zone.add("_dmarc.g-ok.test", "TXT", "v=DMARC1; p=quarantine")
    report = judge(server, SendingPath("dispatch@g-ok.test", "google", "Google Workspace"))
    assert [f.id for f in report.findings] == ["sender.ok"]


def test_a_revoked_google_key_is_not_published(zone: Zone, server: DnsServer) -> None:
    zone.add("g-revoked.test", "TXT", "v=spf1 include:_spf.google.com ~all")
    zone.add("google._domainkey.g-revoked.test", "TXT", "v=DKIM1; k=rsa; p=")
    report = judge(server, SendingPath("dispatch@g-revoked.test", "google", "Google Workspace"))
    found = by_id(report)
    assert (
        'google._domainkey.g-revoked.test. TXT "v=DKIM1; k=rsa; p='
        in found["sender.dkim_missing"].fix
    )
    assert "sender.ok" in found  # SPF still passes aligned


def test_the_ontime_mail_server_branch_asks_vesigo(zone: Zone, server: DnsServer) -> None:
    zone.add("via-ontime.test", "TXT", "v=spf1 include:spf.protection.outlook.com -all")
    zone.add("_dmarc.via-ontime.test", "TXT", "v=DMARC1; p=reject")
    path = SendingPath("dispatch@via-ontime.test", M365, M365_NAME, via_ontime_server=True)
    report = judge(server, path)
    assert [f.id for f in report.findings] == ["sender.ontime_server_unconfirmed"]
    finding = report.findings[0]
    assert finding.severity is Severity.WARNING
    assert "not public" in finding.detail and "Not tested" in finding.detail
    assert finding.fix.startswith("Ask Vesigo (OnTime support)")
    assert "?" in finding.fix
    # Nothing is claimed about the path: no DKIM question for the provider was asked.
    assert not [q for q in server.questions if "_domainkey" in q[0]]


def test_a_dns_server_that_never_answers_means_not_tested() -> None:
    with dns_server(Zone(), silent=True) as silent:
        report = judge(silent, m365("dispatch@m365-ok.test"), timeout=1.0)
    assert [f.id for f in report.findings] == ["sender.lookup_failed"]
    assert "Not tested" in report.findings[0].detail


def test_cancelling_stops_a_wait_for_dns() -> None:
    with dns_server(Zone(), silent=True) as silent:
        cancel = CancelToken()
        raised: list[BaseException] = []
        dns = Dns(parse_nameserver(silent.address))

        def run() -> None:
            try:
                check_sender(m365("dispatch@m365-ok.test"), dns, cancel, timeout=30.0)
            except BaseException as error:
                raised.append(error)

        worker = threading.Thread(target=run)
        worker.start()
        assert silent.asked.wait(10), "the check never asked the DNS server"
        cancel.cancel()
        worker.join(timeout=5)
        assert not worker.is_alive()
    assert len(raised) == 1 and isinstance(raised[0], Cancelled)


def test_evaluation_over_real_dns_follows_mx_and_ipv6(zone: Zone, server: DnsServer) -> None:
    """check_host through dnspython: the MX hosts' addresses, and an IPv6 submission address."""
    zone.add("mx-sender.test", "TXT", "v=spf1 mx ip6:::1 -all")
    zone.add("mx-sender.test", "MX", "20 backup.mx-sender.test", "10 mail.mx-sender.test")
    zone.add("mail.mx-sender.test", "A", "127.0.0.80")
    zone.add("backup.mx-sender.test", "A", "127.0.0.81")
    zone.add("_dmarc.mx-sender.test", "TXT", "v=DMARC1; p=reject")
    path = SendingPath("dispatch@mx-sender.test", server="mail.mx-sender.test",
                       server_addresses=("127.0.0.81", "::1"))  # fmt: skip
    report = judge(server, path)
    assert {ip: o.result for ip, o in report.spf_results.items()} == {
        "127.0.0.81": "pass",
        "::1": "pass",
    }
    assert [f.id for f in report.findings] == ["sender.ok"]
    assert ("backup.mx-sender.test", "A") in server.questions
