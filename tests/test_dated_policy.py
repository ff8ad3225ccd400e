"""Provider policy as dated data: every sentence about a provider's dates says what is true on
the day it is read. The clock is set (ONTIME_ASSIST_TODAY, the test hook read by
engine/clock.py) on each side of each date, never taken from the machine; `check`, `explain`
and `discover` run against real servers on loopback, the summary from a real check."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from ontime_assist.case import Case, judge
from ontime_assist.engine.check.run import run_check
from ontime_assist.engine.check.settings import build_settings
from ontime_assist.engine.clock import TODAY_VARIABLE, today
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.providers import policy
from ontime_assist.engine.providers.recognise import (
    Milestone,
    facts_checked,
    provider_by_id,
    providers,
)
from ontime_assist.report.build import PROVIDER_FACTS, REQUESTS, build_report
from ontime_assist.report.text import render_text
from tests.cli_helpers import check
from tests.discovery_world import World, world
from tests.helpers import PASSWORD
from tests.servers import Script, scripted_smtp

ROOT = Path(__file__).resolve().parent.parent
M365 = provider_by_id("microsoft365")
assert M365 is not None
OFF = M365.milestone(policy.DEFAULT_OFF)
REMOVAL = M365.milestone(policy.REMOVAL)
assert OFF.date is not None
# A month before Microsoft's date (the day this was written), the day itself, and after it.
BEFORE, ON, AFTER = OFF.date - dt.timedelta(days=30), OFF.date, OFF.date + dt.timedelta(days=5)
SIDES = [
    pytest.param(BEFORE, id="before"),
    pytest.param(ON, id="on"),
    pytest.param(AFTER, id="after"),
]
M365_GREETING = "220 BN0PR04CA0150.outlook.office365.com Microsoft ESMTP MAIL Service ready"
REFUSED = "550 5.7.30 Basic authentication is not supported for Client Submission."
WAYS_FORWARD = ("relay service", "connector", "OnTime Mail Server")


@pytest.fixture
def on_day(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Sets today for everything the test runs, the command line included."""

    def set_day(day: dt.date) -> None:
        monkeypatch.setenv(TODAY_VARIABLE, day.isoformat())
        assert today() == day

    return set_day


def dated() -> list[Milestone]:
    return [m for p in providers() for m in p.policy if m.date is not None]


# --- the data --------------------------------------------------------------------------------


def test_the_table_holds_each_providers_dates_and_sources() -> None:
    by_id = {(p.id, m.id): m for p in providers() for m in p.policy}
    expected = {
        ("microsoft365", "default_off"): dt.date(2026, 12, 31),
        ("microsoft365", "removal"): None,  # to be announced in the second half of 2027
        ("outlook_consumer", "password_ended"): dt.date(2024, 9, 16),
        ("google", "personal_less_secure_apps"): dt.date(2022, 5, 30),
        ("google", "workspace_new_connections"): dt.date(2024, 6, 15),
        ("google", "workspace_all"): dt.date(2024, 9, 30),
    }
    assert {key: m.date for key, m in by_id.items()} == expected
    assert "MC786329" in OFF.source_title and OFF.source_url.startswith("https://")
    assert "second half of 2027" in REMOVAL.at
    assert all(m.source_title for m in by_id.values())


def _policy_words(milestone: Milestone) -> set[str]:
    """How a date can be written: its words without the preposition, its month and year, ISO."""
    words = {re.sub(r"^(at|on|by|from|in) (the )?", "", milestone.at)}
    if milestone.date is not None:
        words |= {milestone.date.isoformat(), milestone.date.strftime("%B %Y")}
    else:
        words |= set(re.findall(r"(?:first|second) half of \d{4}", milestone.at))
    return words


def _package_texts() -> dict[Path, str]:
    """Every text file of the package and its resources but the policy table itself and its
    generated copy (resource_tables.py, checked against it in test_catalog.py)."""
    skip = {ROOT / "resources" / "providers.json", ROOT / "ontime_assist" / "resource_tables.py"}
    texts = {}
    for folder in (ROOT / "ontime_assist", ROOT / "resources"):
        for path in folder.rglob("*"):
            if path.suffix in {".py", ".json", ".md", ".txt", ".html", ".xml"} and path not in skip:
                texts[path] = path.read_text("utf-8")
    return texts


def test_no_policy_date_is_written_twice() -> None:
    needles = {w for m in [*dated(), REMOVAL] for w in _policy_words(m)}
    assert {"end of December 2026", "December 2026", "2026-12-31", "16 September 2024"} <= needles
    table = (ROOT / "resources" / "providers.json").read_text("utf-8")
    assert all(n in table for n in needles), "the words are derived from the table itself"
    copies = [
        f"{path.relative_to(ROOT)}: {needle}"
        for path, text in _package_texts().items()
        for needle in needles
        if needle in text
    ]
    assert copies == [], "a policy date belongs in resources/providers.json only"


def test_no_dated_month_is_written_in_the_code() -> None:
    """Dates the table does not hold yet either ("the end of March 2027"): a new policy date
    goes into the table, not into a sentence."""
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    pattern = re.compile(rf"\b(?:{months}) 20\d\d\b|\bhalf of 20\d\d\b")
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path, text in _package_texts().items()
        for match in pattern.finditer(text)
    ]
    assert found == []


@pytest.mark.parametrize("milestone", dated(), ids=lambda m: m.id)
def test_each_date_is_said_in_the_tense_of_the_day(milestone: Milestone) -> None:
    assert milestone.date is not None
    day = dt.timedelta(days=1)
    assert policy.said(milestone, milestone.date - day) == f"{milestone.will} {milestone.at}"
    assert policy.said(milestone, milestone.date) == f"{milestone.doing} {milestone.at} (today)"
    assert policy.said(milestone, milestone.date + day) == f"{milestone.did} {milestone.at}"


def test_a_date_not_yet_announced_is_always_ahead() -> None:
    assert policy.said(REMOVAL, dt.date(2099, 1, 1)) == f"{REMOVAL.will} {REMOVAL.at}"


def test_the_clock_is_the_test_hook_or_the_machines_date(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(TODAY_VARIABLE, "2027-01-05")
    assert today() == dt.date(2027, 1, 5)
    monkeypatch.setenv(TODAY_VARIABLE, "not a date")
    _assert_the_machines_date()  # a bad hook value never breaks a run
    monkeypatch.delenv(TODAY_VARIABLE)
    _assert_the_machines_date()


def _assert_the_machines_date() -> None:
    before = dt.date.today()
    got = today()
    assert got in (before, dt.date.today())  # either side of a midnight


@pytest.mark.parametrize(
    ("day", "later"),
    [
        (dt.date(2026, 12, 1), dt.date(2027, 6, 1)),
        (dt.date(2026, 8, 31), dt.date(2027, 2, 28)),
        (dt.date(2027, 8, 31), dt.date(2028, 2, 29)),
    ],
)
def test_six_months_later(day: dt.date, later: dt.date) -> None:
    assert policy.months_later(day, 6) == later


# --- check: a password login to Microsoft 365 that works, and one refused -------------------


def _working_m365_login(run_cli, certs):  # type: ignore[no-untyped-def]
    script = Script(greeting=M365_GREETING, tls_context=certs.good, ehlo=["AUTH LOGIN XOAUTH2"])
    with scripted_smtp(script) as (server, _):
        done = check(run_cli, server.port, "--cafile", certs.cafile, user="dispatch@contoso.com")
    assert done.code == 0, done.out  # it works: a warning, not an error
    return next(f for f in done.json["findings"] if f["id"] == "auth.basic_auth_retiring")


@pytest.mark.parametrize("day", SIDES)
def test_check_says_what_a_working_m365_password_login_means_that_day(
    run_cli, certs, on_day, day: dt.date
) -> None:
    on_day(day)
    warning = _working_m365_login(run_cli, certs)
    detail, title = warning["detail"], warning["title"]
    assert warning["severity"] == "warning"
    assert OFF.at in detail and all(way in warning["fix"] for way in WAYS_FORWARD)
    if day == AFTER:
        assert f"{OFF.did} {OFF.at}" in detail
        assert "still works because an administrator kept SMTP AUTH turned on" in detail
        assert "still rolling out" in detail
        assert f"The next date: {REMOVAL.will} {REMOVAL.at}" in detail
        assert "switching it off" not in title and "keeps it on" in title
        assert OFF.will not in detail and "may stop" not in detail
    else:
        assert "may stop" in detail and "still works because" not in detail
        assert title == "The password login works today, but Microsoft is switching it off"
        expected = OFF.will if day == BEFORE else f"{OFF.doing} {OFF.at} (today)"
        assert expected in detail and OFF.did not in detail


def _refused_m365_login(run_cli, certs):  # type: ignore[no-untyped-def]
    script = Script(greeting=M365_GREETING, tls_context=certs.good, auth=REFUSED)
    with scripted_smtp(script) as (server, _):
        done = check(run_cli, server.port, "--cafile", certs.cafile, user="dispatch@contoso.com")
    return done.root_cause


def _assert_refusal_fix(fix: str, day: dt.date) -> None:
    assert "Set-CASMailbox" in fix  # what the administrator can do
    assert all(way in fix for way in WAYS_FORWARD)
    if day == AFTER:
        assert f"{OFF.did} {OFF.at}, so a refusal like this is now the default" in fix
        assert f"turn it back on (as above) until the final removal, {REMOVAL.at}" in fix
        assert OFF.will not in fix
    else:
        assert f"{OFF.will} {OFF.at}" in fix and OFF.did not in fix
        assert "now the default" not in fix


@pytest.mark.parametrize("day", [BEFORE, AFTER], ids=["before", "after"])
def test_check_says_what_a_5_7_30_refusal_means_that_day(
    run_cli, certs, on_day, day: dt.date
) -> None:
    on_day(day)
    cause = _refused_m365_login(run_cli, certs)
    assert cause["id"] == "auth.basic_auth_disabled"
    _assert_refusal_fix(cause["fix"], day)


# --- explain: the refusal pasted from OnTime --------------------------------------------------


@pytest.mark.parametrize("day", [BEFORE, AFTER], ids=["before", "after"])
def test_explain_says_what_a_5_7_30_refusal_means_that_day(run_cli, on_day, day: dt.date) -> None:
    on_day(day)
    done = run_cli("explain", "--json", stdin=REFUSED + "\n")
    assert done.code == 1
    finding = done.json["findings"][0]
    assert finding["id"] == "auth.basic_auth_disabled"
    _assert_refusal_fix(finding["fix"], day)


# --- discover: Microsoft 365 found from the domain's MX record --------------------------------


@pytest.fixture
def net(certs):  # type: ignore[no-untyped-def]
    with world(certs.ca, certs.cafile) as made:
        yield made


@pytest.mark.parametrize("day", [BEFORE, AFTER], ids=["before", "after"])
def test_discover_says_what_the_password_login_means_that_day(
    net: World, run_cli, on_day, day: dt.date
) -> None:
    on_day(day)
    net.zone.add("contoso-dated.test", "MX", "0 contoso-dated-test.mail.protection.outlook.com")
    net.host("smtp.office365.com", "127.0.0.21")
    script = Script(
        greeting=M365_GREETING,
        tls_context=net.context("smtp.office365.com"),
        ehlo=["AUTH LOGIN XOAUTH2"],
    )
    net.smtp("127.0.0.21", 587, script)
    address = net.start_dns()
    args = ("dispatch@contoso-dated.test", "--nameserver", address, "--cafile", net.cafile)
    done = run_cli("discover", *args, "--timeout", "3", "--json")
    assert done.code == 0, done.out
    warning = next(f for f in done.json["findings"] if f["id"] == "auth.basic_auth_retiring")
    detail = warning["detail"]
    assert "hosts dispatch@contoso-dated.test" in detail
    if day == AFTER:
        assert f"{OFF.did} {OFF.at}: a password login works there only where an administrator" in (
            detail
        )
        assert f"until the final removal, {REMOVAL.at}" in detail and OFF.will not in detail
    else:
        assert f"{OFF.will} {OFF.at}; administrators can turn it back on" in detail
        assert OFF.did not in detail


def test_discover_says_since_when_outlook_com_cannot_use_a_password(
    net: World, run_cli, on_day
) -> None:
    on_day(AFTER)
    net.zone.add("hotmail.co.uk", "MX", "0 eur.olc.protection.outlook.com")
    net.host("smtp-mail.outlook.com", "127.0.0.22")
    address = net.start_dns()
    args = ("office@hotmail.co.uk", "--nameserver", address, "--timeout", "2", "--json")
    done = run_cli("discover", *args)
    ended = provider_by_id("outlook_consumer")
    assert ended is not None
    finding = next(f for f in done.json["findings"] if f["id"] == "auth.oauth_only_account")
    assert f"{ended.policy[-1].did} {ended.policy[-1].at}." in finding["detail"]


# --- the summary: the request to the administrator, and how fresh the facts are ---------------


@pytest.mark.parametrize("day", [BEFORE, AFTER], ids=["before", "after"])
def test_the_summary_asks_the_administrator_what_is_true_that_day(
    certs, on_day, day: dt.date
) -> None:
    on_day(day)
    script = Script(greeting=M365_GREETING, tls_context=certs.good, ehlo=["AUTH LOGIN XOAUTH2"])
    with scripted_smtp(script) as (server, _):
        settings = build_settings(
            host="127.0.0.1",
            port=server.port,
            cafile=certs.cafile,
            username="dispatch@contoso.com",
            to_addr="customer@example.org",
            timeout=3,
        )
        relay = run_check(settings, PASSWORD)
    now = dt.datetime.combine(day, dt.time(9, 30), tzinfo=dt.UTC)
    report = build_report(judge(Case(results={Step.RELAY: relay})), now=now, system="Linux")
    requests = report.section(REQUESTS)
    assert requests is not None
    text = render_text(report)
    if day == AFTER:
        assert f"{OFF.did} {OFF.at}, and our password sign-in still works" in text
        assert "did you keep SMTP AUTH turned on (or turn it back on)" in text
        assert f"until the final removal, {REMOVAL.at}" in text
        assert f"{OFF.will} {OFF.at}" not in text
    else:
        assert f"{OFF.will} {OFF.at}. Which sending method" in text
        assert "still works" not in text


@pytest.mark.parametrize(
    ("months", "days", "stale"),
    [(0, 0, False), (6, 0, False), (6, 1, True), (13, 0, True)],
    ids=["the-day", "six-months", "six-months-and-a-day", "a-year-later"],
)
def test_the_summary_says_when_the_provider_facts_were_checked(
    months: int, days: int, stale: bool
) -> None:
    from tests.report_cases import CASES

    checked = facts_checked()
    day = policy.months_later(checked, months) + dt.timedelta(days=days)
    now = dt.datetime.combine(day, dt.time(9, 30), tzinfo=dt.UTC)
    text = render_text(build_report(CASES["passed"](), now=now, system="Linux"))
    assert f"{PROVIDER_FACTS}: {checked.isoformat()}" in text
    assert ("may be out of date" in text) is stale
