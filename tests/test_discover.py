"""Finding the settings from the address alone, as it runs for real: a DNS server on loopback
with the domains' MX and A records, and mail servers on 127.0.0.x at ports 25, 465 and 587."""

from __future__ import annotations

from xml.sax.saxutils import escape

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ontime_assist.engine.check.settings import Security, is_host_name
from ontime_assist.engine.discovery.autoconfig import parse_document
from ontime_assist.engine.discovery.dns_lookup import Dns, Nameserver, parse_nameserver
from ontime_assist.engine.discovery.outcome import Discovery
from ontime_assist.engine.discovery.search import discover
from tests.discovery_world import World, world
from tests.servers import Script

FAST = 3.0  # the whole search's time limit in these tests


@pytest.fixture
def net(certs):  # type: ignore[no-untyped-def]
    with world(certs.ca, certs.cafile) as made:
        yield made


def search(net: World, address: str, timeout: float = FAST) -> Discovery:
    nameserver = net.dns.address if net.dns else net.start_dns()
    return discover(
        address, dns=Dns(parse_nameserver(nameserver)), cafile=net.cafile, timeout=timeout
    )


def m365_script(net: World) -> Script:
    return Script(
        greeting="220 BN0PR04CA0150.outlook.office365.com Microsoft ESMTP MAIL Service ready",
        tls_context=net.context("smtp.office365.com"),
        ehlo=["AUTH LOGIN XOAUTH2", "SIZE 157286400"],
    )


def test_microsoft_365_is_recognised_by_its_mx_record(net: World) -> None:
    net.zone.add("contoso-courier.test", "MX", "0 contoso-courier-test.mail.protection.outlook.com")
    net.host("smtp.office365.com", "127.0.0.11")
    net.smtp("127.0.0.11", 587, m365_script(net))
    net.smtp("127.0.0.11", 25, m365_script(net))
    found = search(net, "dispatch@contoso-courier.test")
    assert found.provider is not None
    assert (found.provider.id, found.provider.source) == ("microsoft365", "mx")
    assert found.provider.described == (
        "Microsoft 365 (Exchange Online), found from your domain's mail records"
    )
    best = found.recommended
    assert best is not None, found.probes
    assert (best.host, best.port, best.security) == ("smtp.office365.com", 587, Security.STARTTLS)
    ids = [f.id for f in found.findings]
    assert "auth.basic_auth_retiring" in ids  # the provider's facts follow the MX, not the name
    assert {(p.port, p.outcome) for p in found.probes} == {(587, "ok"), (25, "ok")}


def test_google_workspace_by_mx_prefers_587_to_465(net: World) -> None:
    net.zone.add("courier-g.test", "MX", "1 aspmx.l.google.com", "5 alt1.aspmx.l.google.com")
    net.host("smtp.gmail.com", "127.0.0.12")
    net.implicit("127.0.0.12", 465, "smtp.gmail.com")
    net.starttls("127.0.0.12", 587, "smtp.gmail.com")
    found = search(net, "dispatch@courier-g.test")
    assert found.provider is not None and found.provider.id == "google"
    assert found.recommended is not None and found.recommended.port == 587
    assert {p.port: p.security for p in found.probes} == {587: Security.STARTTLS, 465: Security.SSL}


def test_godaddy_by_mx_with_port_25_closed(net: World) -> None:
    net.zone.add("courier-gd.test", "MX", "0 mailstore1.secureserver.net")
    net.host("smtpout.secureserver.net", "127.0.0.13")
    net.implicit("127.0.0.13", 465, "smtpout.secureserver.net")
    net.starttls("127.0.0.13", 587, "smtpout.secureserver.net")
    found = search(net, "dispatch@courier-gd.test")
    assert found.provider is not None and found.provider.id == "godaddy"
    assert found.recommended is not None
    assert (found.recommended.host, found.recommended.port) == ("smtpout.secureserver.net", 587)
    closed = found.probe("smtpout.secureserver.net", 25)
    assert closed is not None and closed.outcome == "net.refused"


def test_own_server_with_587_465_and_25(net: World) -> None:
    net.zone.add("own-courier.test", "MX", "10 mail.own-courier.test")
    names = ("smtp.own-courier.test", "mail.own-courier.test")
    for name in names:
        net.host(name, "127.0.0.14")
    net.starttls("127.0.0.14", 587, *names)
    net.implicit("127.0.0.14", 465, *names)
    net.starttls("127.0.0.14", 25, *names)
    found = search(net, "dispatch@own-courier.test")
    assert found.provider is None
    assert found.recommended is not None
    assert (found.recommended.host, found.recommended.port) == ("smtp.own-courier.test", 587)
    assert {(p.host, p.port) for p in found.probes} == {
        (n, port) for n in names for port in (587, 465, 25)
    }
    assert all(p.outcome == "ok" and p.certificate == "verified" for p in found.probes)


def test_a_host_with_only_465_is_recommended_with_the_plain_truth(net: World) -> None:
    net.zone.add("only465.test", "MX", "10 mail.only465.test")
    net.host("smtp.only465.test", "127.0.0.15")
    net.implicit("127.0.0.15", 465, "smtp.only465.test")
    found = search(net, "dispatch@only465.test")
    best = found.recommended
    assert best is not None and (best.port, best.security) == (465, Security.SSL)
    assert "OnTime probably cannot use" in best.why
    warning = next(f for f in found.findings if f.id == "discover.only_implicit_tls")
    assert "OnTime Mail Server" in warning.fix and "587" in warning.fix
    missing = found.probe("mail.only465.test", 587)
    assert missing is not None and missing.outcome == "dns.not_found"


@pytest.mark.timeout(20)
def test_a_silent_587_next_to_a_working_465(net: World) -> None:
    net.zone.add("silent587.test", "MX", "10 smtp.silent587.test")
    net.host("smtp.silent587.test", "127.0.0.16")
    net.mute("127.0.0.16", 587)
    net.implicit("127.0.0.16", 465, "smtp.silent587.test")
    found = search(net, "dispatch@silent587.test", timeout=2.5)
    best = found.recommended
    assert best is not None and best.port == 465
    silent = found.probe("smtp.silent587.test", 587)
    assert silent is not None and silent.outcome == "smtp.no_greeting"
    assert "587 did not work here" in best.why


def test_a_domain_without_mx_is_tried_by_its_usual_names(net: World) -> None:
    net.zone.add("nomx.test", "A", "127.0.0.17")
    net.host("smtp.nomx.test", "127.0.0.17")
    net.starttls("127.0.0.17", 587, "smtp.nomx.test")
    found = search(net, "dispatch@nomx.test")
    assert "discover.no_mail_records" in [f.id for f in found.findings]
    assert found.recommended is not None and found.recommended.host == "smtp.nomx.test"


def test_a_domain_that_does_not_exist(net: World, run_cli) -> None:
    address = net.start_dns()
    done = run_cli("discover", "dispatch@no-such-courier.test", "--nameserver", address, "--json")
    assert done.code == 1
    data = done.json
    assert data["recommended"] is None and data["candidates"] == []
    assert data["findings"][0]["id"] == "dns.not_found"


@pytest.mark.timeout(20)
def test_a_dns_server_that_never_answers(net: World, run_cli) -> None:
    address = net.start_dns(silent=True)
    args = ("discover", "dispatch@courier.test", "--nameserver", address, "--timeout", "1")
    done = run_cli(*args, "--json")
    assert done.code == 1
    assert done.json["findings"][0]["id"] == "dns.failed"
    assert "no answer within 1.0 s" in done.json["findings"][0]["detail"]
    text = run_cli(*args).out
    assert "the search ended before any could be tried" in text and "[dns.failed]" in text


def test_the_domains_own_autoconfig_document(net: World) -> None:
    net.zone.add("autoconf.test", "MX", "10 mx.filter-service.test")
    net.host("autoconfig.autoconf.test", "127.0.0.18")
    net.https(
        "127.0.0.18",
        "autoconfig.autoconf.test",
        "/mail/config-v1.1.xml",
        b"""<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="hostingco.test">
<domain>autoconf.test</domain><displayName>HostingCo Mail</displayName>
<outgoingServer type="smtp"><hostname>mail.hostingco.test</hostname><port>465</port>
<socketType>SSL</socketType><username>%EMAILADDRESS%</username></outgoingServer>
</emailProvider></clientConfig>""",
    )
    net.host("mail.hostingco.test", "127.0.0.19")
    net.implicit("127.0.0.19", 465, "mail.hostingco.test")
    net.starttls("127.0.0.19", 587, "mail.hostingco.test")
    found = search(net, "dispatch@autoconf.test")
    assert found.provider is not None
    assert (found.provider.name, found.provider.source) == ("HostingCo Mail", "autoconfig")
    best = found.recommended
    assert best is not None and (best.host, best.port) == ("mail.hostingco.test", 587)


def test_discover_json_follows_the_contract(net: World, run_cli) -> None:
    net.zone.add("contoso-json.test", "MX", "0 contoso-json-test.mail.protection.outlook.com")
    net.host("smtp.office365.com", "127.0.0.20")
    net.smtp("127.0.0.20", 587, m365_script(net))
    address = net.start_dns()
    done = run_cli(
        "discover",
        "dispatch@contoso-json.test",
        "--nameserver",
        address,
        "--cafile",
        net.cafile,
        "--timeout",
        str(FAST),
        "--json",
    )
    assert done.code == 0, done.out
    data = done.json
    assert set(data) >= {
        "tool",
        "address",
        "domain",
        "provider",
        "recommended",
        "candidates",
        "findings",
    }
    assert data["provider"] == {
        "id": "microsoft365",
        "name": "Microsoft 365 (Exchange Online)",
        "source": "mx",
    }
    assert set(data["recommended"]) == {"host", "port", "security", "why"}
    for candidate in data["candidates"]:
        assert set(candidate) >= {
            "host",
            "port",
            "security",
            "outcome",
            "ms",
            "auth",
            "certificate",
        }
    assert "XOAUTH2" in data["candidates"][0]["auth"]


def test_check_resolves_through_the_nameserver_given(net: World, run_cli) -> None:
    net.host("smtp.resolved-here.test", "127.0.0.21")
    net.starttls("127.0.0.21", 587, "smtp.resolved-here.test")
    address = net.start_dns()
    done = run_cli(
        "check",
        "--host",
        "smtp.resolved-here.test",
        "--port",
        "587",
        "--nameserver",
        address,
        "--cafile",
        net.cafile,
        "--json",
    )
    assert done.code == 0, done.out
    assert done.json["stages"][0]["detail"] == "127.0.0.21"
    assert net.dns is not None and ("smtp.resolved-here.test", "A") in net.dns.questions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("192.0.2.53", Nameserver("192.0.2.53", 53)),
        ("127.0.0.1:5353", Nameserver("127.0.0.1", 5353)),
        ("2001:db8::53", Nameserver("2001:db8::53", 53)),
        ("[2001:db8::53]:5353", Nameserver("2001:db8::53", 5353)),
    ],
)
def test_nameserver_forms(text: str, expected: Nameserver) -> None:
    assert parse_nameserver(text) == expected


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["discover", "not-an-address"], "not an email address"),
        (["discover", "a@b.test", "--nameserver", "dns.example.com"], "--nameserver"),
        (["discover", "a@b.test", "--nameserver", "127.0.0.1:99999"], "--nameserver"),
        (["discover", "a@b.test", "--timeout", "soon"], "timeout"),
        (["check", "--host", "x.test", "--port", "25", "--nameserver", "1.2.3"], "--nameserver"),
    ],
)
def test_bad_input_exits_2_with_one_line(run_cli, args: list[str], words: str) -> None:
    done = run_cli(*args)
    assert done.code == 2 and done.out == ""
    assert words in done.err and len(done.err.strip().splitlines()) == 1


# --- names read from outside are checked where they are read (#20.4) ------------------------

LONG = 60.0  # a search that waited out this deadline would outlive the test's own time limit


@pytest.mark.timeout(20)
def test_an_mx_name_with_an_underscore_is_said_and_the_search_ends_with_the_others(
    net: World,
) -> None:
    net.zone.add("badmx.test", "MX", "10 mx_1.badmx.test", "20 mail.badmx.test")
    net.host("mx_1.badmx.test", "127.0.0.22")
    net.host("mail.badmx.test", "127.0.0.22")
    net.starttls("127.0.0.22", 587, "mail.badmx.test")
    found = search(net, "dispatch@badmx.test", timeout=LONG)
    assert not found.cancelled
    best = found.recommended
    assert best is not None and (best.host, best.port) == ("mail.badmx.test", 587)
    said = [f for f in found.findings if f.id == "discover.invalid_host"]
    assert len(said) == 1 and "“mx_1.badmx.test”" in said[0].detail, found.findings
    assert "mx_1.badmx.test" not in {p.host for p in found.probes}
    assert found.mx_hosts == ("mail.badmx.test",)


AUTOCONFIG_WITH_BAD_HOSTS = b"""<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="badhosting.test">
<domain>badauto.test</domain><displayName>BadHosting Mail</displayName>
<outgoingServer type="smtp"><hostname>smtp_out.badhosting.test</hostname><port>587</port>
<socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username></outgoingServer>
<outgoingServer type="smtp"><hostname>relay.badhosting.test</hostname><port>99999</port>
<socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username></outgoingServer>
<outgoingServer type="smtp"><hostname>mail.badhosting.test</hostname><port>587</port>
<socketType>STARTTLS</socketType><username>%EMAILADDRESS%</username></outgoingServer>
</emailProvider></clientConfig>"""


@pytest.mark.timeout(20)
def test_an_autoconfig_document_naming_bad_hosts_is_said_and_the_good_one_is_used(
    net: World, run_cli
) -> None:
    net.zone.add("badauto.test", "MX", "10 mx.filter-service.test")
    net.host("autoconfig.badauto.test", "127.0.0.23")
    net.https("127.0.0.23", "autoconfig.badauto.test", "/mail/config-v1.1.xml",
              AUTOCONFIG_WITH_BAD_HOSTS)  # fmt: skip
    net.host("mail.badhosting.test", "127.0.0.24")
    net.starttls("127.0.0.24", 587, "mail.badhosting.test")
    address = net.start_dns()
    done = run_cli(
        "discover", "dispatch@badauto.test", "--nameserver", address, "--cafile", net.cafile,
        "--timeout", str(LONG), "--json",
    )  # fmt: skip
    assert done.code == 0, done.out + done.err
    data = done.json
    assert data["recommended"]["host"] == "mail.badhosting.test"
    said = [f["detail"] for f in data["findings"] if f["id"] == "discover.invalid_host"]
    assert len(said) == 2, data["findings"]
    assert any("smtp_out.badhosting.test port 587" in line for line in said)
    assert any("relay.badhosting.test port 99999" in line for line in said)
    tried = {c["host"] for c in data["candidates"]}
    assert "smtp_out.badhosting.test" not in tried and "relay.badhosting.test" not in tried


def test_an_address_on_an_international_domain(net: World) -> None:
    """dispatch@straße.test: DNS is asked for the A-labels (IDNA 2008, not IDNA 2003's
    strasse), the guessed server's certificate names its A-label, and people see letters."""
    net.zone.add("xn--strae-oqa.test", "MX", "10 mx.filter-service.test")
    net.host("smtp.xn--strae-oqa.test", "127.0.0.25")
    net.starttls("127.0.0.25", 587, "smtp.xn--strae-oqa.test")
    found = search(net, "dispatch@Straße.test")
    assert found.domain == "straße.test"
    best = found.recommended
    assert best is not None, found.probes
    assert (best.host, best.port) == ("smtp.straße.test", 587)
    probe = found.probe("smtp.straße.test", 587)
    assert probe is not None and probe.certificate == "verified"
    assert net.dns is not None
    asked = {name for name, _ in net.dns.questions}
    assert "xn--strae-oqa.test" in asked and not any("strasse" in name for name in asked)


# --- what an autoconfig document names is checked where it is read (#20.4) ------------------

_XML_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40
)  # what XML can carry


@settings(max_examples=200, deadline=None)
@given(host=_XML_TEXT, port=_XML_TEXT)
@example(host="smtp_out.example.test", port="587")
@example(host="mail.example.test", port="²")
@example(host="mail.example.test", port="9" * 5000)
@example(host="mail.example.test", port="99999")
def test_an_autoconfig_document_never_hands_on_a_server_that_cannot_be_tried(
    host: str, port: str
) -> None:
    body = (
        '<clientConfig version="1.1"><emailProvider id="x.test">'
        f'<outgoingServer type="smtp"><hostname>{escape(host)}</hostname><port>{escape(port)}'
        "</port><socketType>STARTTLS</socketType></outgoingServer></emailProvider></clientConfig>"
    ).encode()
    document = parse_document(body, "example.test", "dispatch@example.test")
    for server in document.servers if document else ():
        assert is_host_name(server.host) and 1 <= server.port <= 65535
