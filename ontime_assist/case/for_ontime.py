"""What OnTime can use, as a conclusion of its own beside what works from this computer: the
settings to type into OnTime, from a test that passed, and never SSL from the first byte when a
STARTTLS setting is known to work (OnTime very probably cannot use it: an inference)."""

from __future__ import annotations

from collections.abc import Callable

from ontime_assist.case.model import Case, OnTimeSettings
from ontime_assist.case.record import TestRecord
from ontime_assist.engine.check.result import CheckResult
from ontime_assist.engine.check.settings import Security
from ontime_assist.engine.findings import Finding
from ontime_assist.engine.ontime_terms import IMPLICIT_TLS_ADVICE, ssl_box, ssl_setting


def latest(
    records: tuple[TestRecord, ...], wanted: Callable[[TestRecord], bool]
) -> TestRecord | None:
    return next((r for r in reversed(records) if wanted(r)), None)


def for_ontime(settings: OnTimeSettings | None) -> str:
    """What OnTime can use: a separate conclusion from what works here."""
    if settings is None:
        return ""
    where = (
        f"{settings.host} port {settings.port} with the SSL box "
        f"{ssl_box(settings.security)} ({_kind(settings.security)})"
    )
    if not settings.usable_by_ontime:
        return (
            f"{where} works from this computer (tested on {settings.source}), but OnTime "
            "probably cannot use SSL from the first byte (an inference, not confirmed); no "
            "setting with STARTTLS was tested or found for this account"
        )
    if settings.tested and settings.authority:
        return (
            f"use {where}, as tested on {settings.source}; but its certificate was trusted "
            f"there only through {settings.authority}, which you added: OnTime probably does "
            "not trust that authority (an inference, not confirmed)"
        )
    if settings.tested:
        return f"use {where}, as tested on {settings.source}"
    return (
        f"use {where}, as found by the search (without your password: the sign-in was not "
        "tested with it)"
    )


def _kind(security: Security) -> str:
    return {
        Security.STARTTLS: "STARTTLS",
        Security.SSL: "SSL from the first byte",
        Security.NONE: "no encryption",
    }.get(security, "encryption")


def ontime_settings(
    case: Case, tested: CheckResult | None, root: Finding | None
) -> OnTimeSettings | None:
    """What to type into OnTime, from a test that passed. Never SSL from the first byte when a
    STARTTLS setting is known to work (tested in this run, or found by the search): OnTime very
    probably cannot use it."""
    if root is not None or tested is None or tested.stage("greeting").status != "ok":
        return None
    s = tested.settings
    record = case.record_of(tested)
    source = record.source if record is not None else ""
    if tested.security_used is not Security.SSL:
        authority = record.authority if record is not None else ""
        return OnTimeSettings(
            s.host,
            s.port,
            tested.security_used,
            s.username,
            s.from_addr,
            True,
            source=source,
            authority=authority,
            note=f"The server's certificate was trusted only through {authority}, which you "
            "added for this server: see the warning under Findings."
            if authority
            else "",
        )
    earlier = latest(case.tests, lambda r: _starttls_alternative(r, tested))
    if earlier is not None:
        e = earlier.result.settings
        return OnTimeSettings(
            e.host,
            e.port,
            Security.STARTTLS,
            s.username,
            s.from_addr or e.from_addr,
            tested=True,
            source=earlier.source,
            note=(
                f"Tested on {earlier.source}: {earlier.settings_words}: it works"
                f"{', signed in' if earlier.signed_in else ''}. These are the settings above. "
                f"Port {s.port} with SSL from the first byte works from this computer too "
                f"(tested on {source}), but OnTime probably cannot use that kind (an inference, "
                "not confirmed)."
            ),
        )
    found = case.discovery.recommended if case.discovery else None
    if found is not None and found.security is Security.STARTTLS:
        return OnTimeSettings(
            found.host,
            found.port,
            Security.STARTTLS,
            s.username,
            s.from_addr,
            tested=False,
            source=source,
            note=(
                f"Port {s.port} worked here with SSL from the first byte (tested on {source}), "
                "but OnTime very probably cannot use that kind (an inference). "
                f"{found.host} port {found.port} with STARTTLS also answers (found by the "
                "search, without your password): use it, and test it here once to be sure."
            ),
        )
    return OnTimeSettings(
        s.host,
        s.port,
        Security.SSL,
        s.username,
        s.from_addr,
        tested=True,
        source=source,
        usable_by_ontime=False,
        note=(
            f"{IMPLICIT_TLS_ADVICE} No STARTTLS port was tested or found for this account. If "
            "OnTime times out with these settings, ask your provider for port 587 with "
            "STARTTLS, or use the OnTime Mail Server."
        ),
    )


def _starttls_alternative(record: TestRecord, tested: CheckResult) -> bool:
    """An earlier test of this run that passed with STARTTLS for the same account, having got
    as far as the SSL test did (signed in, when it signed in)."""
    r = record.result
    return (
        r is not tested
        and r.ok
        and r.security_used is Security.STARTTLS
        and record.passed("greeting")
        and r.settings.username.lower() == tested.settings.username.lower()
        and (record.signed_in or tested.stage("auth").status != "ok")
    )


def settings_rows(settings: OnTimeSettings) -> list[tuple[str, str]]:
    """The card, in OnTime's own field names."""
    return [
        ("Email Server", "Other Mail Server"),
        ("Server", settings.host),
        ("Port", str(settings.port)),
        ("SSL", ssl_setting(settings.security)),
        ("User Name", settings.username or "(leave empty: no login was needed)"),
        ("Password", "the password you tested here (never shown)"),
        ("Use Windows Authentication", "unticked"),
        ("From address", settings.from_addr or "the mailbox's own address"),
    ]
