"""The parts of the sender checks one by one: the policy walk, DMARC's reading and its
organisational domain, the records a fix writes, the findings' catalog entries, and that the
checks stay off `check`'s start-up path. DNS here is an in-memory zone (the real resolver
path is in test_sender_world.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ontime_assist.engine import findings
from ontime_assist.engine.sender import records
from ontime_assist.engine.sender.dmarc import aligned, find_policy, organisational_domain
from ontime_assist.engine.sender.judge import SendingPath, judge_sender, sender_domain
from ontime_assist.engine.sender.provider_auth import provider_auth
from ontime_assist.engine.sender.spf_eval import check_host
from ontime_assist.engine.sender.spf_macros import _transform
from ontime_assist.engine.sender.spf_policy import (
    BROKEN_INCLUDE,
    OK,
    SYNTAX,
    TOO_MANY_LOOKUPS,
    TOO_MANY_VOIDS,
    inspect_policy,
)
from ontime_assist.engine.sender.spf_syntax import SpfSyntaxError, parse_term

ROOT = Path(__file__).resolve().parents[1]


class Zone:
    """name → type → records, answering as DnsSource does."""

    def __init__(self) -> None:
        self.names: dict[str, dict[str, list[str]]] = {}
        self.asked: list[tuple[str, str]] = []

    def add(self, name: str, kind: str, *values: str) -> Zone:
        self.names.setdefault(name, {}).setdefault(kind, []).extend(values)
        return self

    def lookup(self, name: str, kind: str) -> tuple[str, ...]:
        self.asked.append((name, kind))
        return tuple(self.names.get(name.lower(), {}).get(kind, ()))

    def missing(self, name: str) -> bool:
        """As DNS answers: a name exists if it or a name below it has records."""
        name = name.lower().rstrip(".")
        return not any(known == name or known.endswith("." + name) for known in self.names)


def test_an_include_after_all_does_not_authorise() -> None:
    zone = Zone().add("d.test", "TXT", "v=spf1 -all include:spf.protection.outlook.com")
    zone.add("spf.protection.outlook.com", "TXT", "v=spf1 ip4:127.0.10.0/24 -all")
    policy = inspect_policy("d.test", zone)
    assert policy.state == OK
    assert not policy.authorises("spf.protection.outlook.com")
    assert ("spf.protection.outlook.com", "TXT") not in zone.asked  # never evaluated


def test_a_failing_include_does_not_authorise_but_a_nested_one_does() -> None:
    zone = Zone().add("d.test", "TXT", "v=spf1 -include:x.test include:y.test ~all")
    zone.add("x.test", "TXT", "v=spf1 include:_spf.google.com -all")
    zone.add("y.test", "TXT", "v=spf1 include:spf.protection.outlook.com -all")
    zone.add("_spf.google.com", "TXT", "v=spf1 ip4:127.0.11.0/24 ~all")
    zone.add("spf.protection.outlook.com", "TXT", "v=spf1 ip4:127.0.10.0/24 -all")
    policy = inspect_policy("d.test", zone)
    assert policy.authorises("spf.protection.outlook.com")
    assert not policy.authorises("_spf.google.com")
    assert policy.lookups == 4


def test_a_redirect_reaches_the_provider() -> None:
    zone = Zone().add("gmail-like.test", "TXT", "v=spf1 redirect=_spf.google.com")
    zone.add("_spf.google.com", "TXT", "v=spf1 ip4:127.0.11.0/24 ~all")
    assert inspect_policy("gmail-like.test", zone).authorises("_spf.google.com")


def test_an_include_loop_is_over_the_limit_and_ends() -> None:
    zone = Zone().add("a.test", "TXT", "v=spf1 include:b.test -all")
    zone.add("b.test", "TXT", "v=spf1 include:a.test -all")
    policy = inspect_policy("a.test", zone)
    assert policy.state == TOO_MANY_LOOKUPS


def test_void_lookups_over_two_are_invalid_whatever_the_address() -> None:
    zone = Zone().add("v.test", "TXT", "v=spf1 a:gone1.test mx:gone2.test exists:gone3.test -all")
    assert inspect_policy("v.test", zone).state == TOO_MANY_VOIDS
    # An address that matches nothing meets all three void look-ups: permerror too.
    assert check_host("127.0.0.9", "v.test", "x@v.test", zone).result == "permerror"


def test_an_include_without_a_record_is_broken() -> None:
    zone = Zone().add("b.test", "TXT", "v=spf1 include:nothing.test ~all")
    policy = inspect_policy("b.test", zone)
    assert (policy.state, policy.broken_target) == (BROKEN_INCLUDE, "nothing.test")


def test_organisational_domain_from_the_bundled_public_suffix_list() -> None:
    assert organisational_domain("mail.courier.co.uk") == "courier.co.uk"
    assert organisational_domain("a.b.courier.com.au") == "courier.com.au"
    assert organisational_domain("notify.courier.test") == "courier.test"
    assert organisational_domain("co.uk") == "co.uk"


def test_alignment_relaxed_and_strict() -> None:
    assert aligned("notify.courier.co.uk", "courier.co.uk", "r")
    assert not aligned("notify.courier.co.uk", "courier.co.uk", "s")
    assert not aligned("courier.co.uk", "other.co.uk", "r")


@pytest.mark.parametrize(
    ("record", "policy"),
    [
        ("v=DMARC1; p=reject", "reject"),
        ("v=DMARC1;p=Quarantine;pct=20", "quarantine"),
        ("v=DMARC1; p=bogus; rua=mailto:r@d.test", "none"),  # RFC 7489 §6.6.3
    ],
)
def test_dmarc_policy_reading(record: str, policy: str) -> None:
    found = find_policy("d.test", Zone().add("_dmarc.d.test", "TXT", record))
    assert found.policy is not None and found.policy.policy == policy


def test_dmarc_records_that_apply_no_policy() -> None:
    two = Zone().add("_dmarc.d.test", "TXT", "v=DMARC1; p=reject", "v=DMARC1; p=none")
    assert find_policy("d.test", two).policy is None
    assert "2 DMARC records" in find_policy("d.test", two).problem
    invalid = Zone().add("_dmarc.d.test", "TXT", "v=DMARC1; p=bogus")
    assert find_policy("d.test", invalid).policy is None
    other = Zone().add("_dmarc.d.test", "TXT", "google-site-verification=abc")
    assert find_policy("d.test", other).policy is None


def test_the_subdomain_policy_applies_below_the_organisation() -> None:
    zone = Zone().add("_dmarc.courier.test", "TXT", "v=DMARC1; p=reject; sp=none")
    found = find_policy("notify.courier.test", zone)
    assert found.policy is not None
    assert (found.policy.policy, found.policy.inherited) == ("none", True)
    assert not found.policy.strict


def test_new_terms_go_before_the_final_all_or_redirect() -> None:
    assert (
        records.with_terms("v=spf1 mx -all", ["include:spf.protection.outlook.com"])
        == "v=spf1 mx include:spf.protection.outlook.com -all"
    )
    assert (
        records.with_terms("v=spf1 a redirect=_spf.x.test", ["ip4:127.0.0.5"])
        == "v=spf1 a ip4:127.0.0.5 redirect=_spf.x.test"
    )
    assert records.with_terms("v=spf1 ip4:127.0.0.5 -all", ["ip4:127.0.0.5"]) == (
        "v=spf1 ip4:127.0.0.5 -all"
    )
    assert records.address_terms(("127.0.0.5", "::1")) == ["ip4:127.0.0.5", "ip6:::1"]


def test_provider_facts_name_their_sources() -> None:
    data = json.loads((ROOT / "resources" / "sender_auth.json").read_text("utf-8"))
    for provider_id in data["providers"]:
        auth = provider_auth(provider_id)
        assert auth is not None
        assert auth.spf_source.startswith("https://"), provider_id
        assert auth.spf_all in ("-all", "~all")
        if auth.dkim_selectors:
            assert auth.dkim_source.startswith("https://") and auth.dkim_where, provider_id
    known = {
        p["id"]
        for p in json.loads((ROOT / "resources" / "providers.json").read_text())["providers"]
    }
    assert set(data["providers"]) <= known
    assert provider_auth("not-a-provider") is None


SENDER_IDS = (
    "sender.spf_missing",
    "sender.spf_invalid",
    "sender.spf_not_authorised",
    "sender.dkim_missing",
    "sender.dmarc_missing",
    "sender.dmarc_unaligned",
    "sender.ok",
    # Added beside the contract's (which allows more ids): the OnTime Mail Server branch, DNS
    # that did not answer, a path that could not be judged, and a domain that does not exist.
    "sender.ontime_server_unconfirmed",
    "sender.lookup_failed",
    "sender.not_tested",
    "sender.domain_missing",
)


def test_the_sender_entries_are_in_the_catalog_and_documented() -> None:
    entries = findings.catalog()
    documented = (ROOT / "docs" / "findings.md").read_text("utf-8")
    for finding_id in SENDER_IDS:
        entry = entries[finding_id]
        assert entry.title and entry.explanation and entry.fix, finding_id
        assert f"### `{finding_id}` — {entry.title}" in documented
    assert {i for i in entries if i.startswith("sender.")} == set(SENDER_IDS)
    assert entries["sender.dmarc_unaligned"].severity.value == "error"
    assert entries["sender.ok"].severity.value == "ok"
    assert not (ROOT / "resources" / "sender_findings.json").exists()  # merged, not twice


def test_findings_serialise_as_the_commands_print_them() -> None:
    zone = Zone().add("_dmarc.d.test", "TXT", "v=DMARC1; p=reject")
    report = judge_sender(SendingPath("x@d.test", "microsoft365", "Microsoft 365"), zone)
    printed = [f.to_json() for f in report.findings]
    assert printed[0]["id"] == "sender.dmarc_unaligned" and printed[0]["severity"] == "error"
    assert printed[0]["title"] == (
        "Receivers will refuse the notifications: neither SPF nor DKIM passes for d.test"
    )
    assert {p["who"] for p in printed} == {"administrator"}
    assert {p["step"] for p in printed} == {"provider"}


def test_the_sender_checks_stay_off_the_start_up_path() -> None:
    """Loading the command line loads nothing of them, and loading their entry point loads
    neither dnspython nor the suffix list until a question is asked."""
    code = (
        "import sys, ontime_assist.cli\n"
        "assert not [m for m in sys.modules if m.startswith('ontime_assist.engine.sender')]\n"
        "import ontime_assist.engine.sender.check\n"
        "assert 'publicsuffixlist' not in sys.modules and 'dns.resolver' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=60)


@pytest.mark.parametrize(
    "address", ["", "dispatch", "dispatch@", "dispatch@localhost", "a@b..test"]
)
def test_an_address_without_a_domain_asks_nothing(address: str) -> None:
    zone = Zone()
    report = judge_sender(SendingPath(address, "microsoft365"), zone)
    assert (report.findings, zone.asked) == ([], [])


def test_a_broken_record_further_down_is_blamed_on_the_term_that_reaches_it() -> None:
    zone = Zone().add("n.test", "TXT", "v=spf1 include:ok.test include:vendor.test mx -all")
    zone.add("ok.test", "TXT", "v=spf1 ip4:127.0.0.1 -all")
    zone.add("vendor.test", "TXT", "v=spf1 include:sub.vendor.test -all")
    zone.add("sub.vendor.test", "TXT", "v=spf1 ip4:127.0.0.300 -all")
    policy = inspect_policy("n.test", zone)
    assert policy.state == SYNTAX and policy.broken_target == "vendor.test"
    assert "sub.vendor.test" in policy.problem and "include:vendor.test" in policy.problem
    report = judge_sender(SendingPath("x@n.test", "microsoft365"), zone)
    invalid = next(f for f in report.findings if f.id == "sender.spf_invalid")
    assert (
        'n.test. TXT "v=spf1 include:ok.test mx include:spf.protection.outlook.com -all"'
        in invalid.fix
    )


def test_too_many_mx_hosts_is_not_blamed_on_an_earlier_include() -> None:
    zone = Zone().add("m.test", "TXT", "v=spf1 include:ok.test mx -all")
    zone.add("ok.test", "TXT", "v=spf1 ip4:127.0.0.1 -all")
    zone.add("m.test", "MX", *(f"mx{n}.m.test" for n in range(11)))
    policy = inspect_policy("m.test", zone)
    assert (policy.state, policy.broken_target) == (SYNTAX, "")
    assert "11 MX records" in policy.problem


# --- found in review: hostile or odd DNS data, and advice that must never be given -------------


@pytest.mark.parametrize("pct", ["²", "٥٠", "9" * 5000, "-3", ""])
def test_a_strange_pct_is_the_default_not_a_traceback(pct: str) -> None:
    zone = Zone().add("_dmarc.d.test", "TXT", f"v=DMARC1; p=reject; pct={pct}")
    found = find_policy("d.test", zone)
    assert found.policy is not None and found.policy.pct == 100


@pytest.mark.parametrize(
    "term", ["ip4:127.0.0.1/" + "3" * 5000, "ip6:::1/" + "1" * 5000, "a:%{d" + "0" * 5000 + "}.x"]
)
def test_thousands_of_digits_in_a_term_are_a_syntax_error(term: str) -> None:
    with pytest.raises(SpfSyntaxError):
        parse_term(term)


def test_a_macro_asking_for_thousands_of_parts_keeps_them_all() -> None:
    assert _transform("a.b.c", "9" * 5000, "", "") == "a.b.c"


@pytest.mark.parametrize("ending", ["+all", "all"])
def test_a_merge_never_advises_letting_everyone_send(ending: str) -> None:
    merged = records.merged_spf(("v=spf1 mx " + ending, "v=spf1 a -all"), None)
    assert merged.split()[-1] == "-all"
    only_open = records.merged_spf(("v=spf1 mx " + ending, "v=spf1 a"), None)
    assert only_open.split()[-1] == "~all"
    assert "+all" not in only_open and " all" not in only_open


def test_a_merge_does_not_add_an_include_written_in_capitals() -> None:
    auth = provider_auth("microsoft365")
    assert auth is not None
    merged = records.merged_spf(
        ("v=spf1 INCLUDE:SPF.PROTECTION.OUTLOOK.COM -all", "v=spf1 a"), auth
    )
    assert merged.lower().count("spf.protection.outlook.com") == 1


def test_an_international_from_domain_is_looked_up_by_its_idna_2008_name() -> None:
    assert sender_domain("dispatch@straße.test") == "xn--strae-oqa.test"  # not strasse.test


def test_a_domain_that_does_not_exist_gets_one_finding_and_no_record_to_add() -> None:
    zone = Zone().add("elsewhere.test", "TXT", "v=spf1 -all")
    report = judge_sender(SendingPath("dispatch@nowhere.test", "microsoft365"), zone)
    assert [f.id for f in report.findings] == ["sender.domain_missing"]
    assert not report.exists
    assert "nowhere.test was looked up now: the domain does not exist (NXDOMAIN)" in (
        report.findings[0].detail
    )
    assert zone.asked == [("nowhere.test", "TXT")]  # nothing more asked


def test_a_domain_with_names_only_below_it_exists_and_gets_the_spf_advice() -> None:
    """An empty non-terminal (only _dmarc.d.test has records) exists: DNS says NODATA."""
    zone = Zone().add("_dmarc.below.test", "TXT", "v=DMARC1; p=none")
    report = judge_sender(SendingPath("dispatch@below.test", "microsoft365"), zone)
    assert report.exists
    assert "sender.spf_missing" in [f.id for f in report.findings]


def test_a_missing_name_under_an_existing_domain_is_added_in_its_dns_not_registered() -> None:
    """alerts.org.test does not exist but org.test does: nobody registers a subdomain, so the
    fix names the DNS to add it to, not a registration to finish."""
    zone = Zone().add("org.test", "TXT", "v=spf1 -all")
    report = judge_sender(SendingPath("dispatch@alerts.org.test", "microsoft365"), zone)
    [missing] = report.findings
    assert missing.id == "sender.domain_missing"
    assert "alerts.org.test is missing from the DNS of org.test" in missing.fix
    assert "registration" not in missing.fix
    apex = judge_sender(SendingPath("dispatch@nowhere.test", "microsoft365"), Zone())
    assert "registration may not be finished" in apex.findings[0].fix
