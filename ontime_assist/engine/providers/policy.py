"""What a provider's dated sign-in policy means today, said in the tense that is true today.

The dates, what changes on each and the sources are in resources/providers.json (`policy`);
this module only compares today (engine/clock.py) with them — before, on, after — and says
what that means for a password login such as OnTime's. Every sentence about a provider's policy
comes from here, so when a provider moves a date, one line of the table changes.
"""

from __future__ import annotations

import datetime as dt

from ontime_assist.engine import clock
from ontime_assist.engine.providers.recognise import facts_checked

TYPE_CHECKING = False  # mypy reads True; not importing typing saves check ~5 ms (records.py)

if TYPE_CHECKING:
    from ontime_assist.engine.providers.recognise import Milestone, Provider

BEFORE, ON, AFTER = "before", "on", "after"
# A retiring provider's two steps (Microsoft 365): off by default, then removed for good.
DEFAULT_OFF, REMOVAL = "default_off", "removal"
# Facts older than six months may have moved: providers have moved these dates before.
FRESH_MONTHS = 6


def tense(milestone: Milestone, today: dt.date | None = None) -> str:
    """BEFORE, ON or AFTER the milestone's date; BEFORE while the provider has not named it."""
    if milestone.date is None:
        return BEFORE
    today = today or clock.today()
    if today < milestone.date:
        return BEFORE
    return ON if today == milestone.date else AFTER


def said(milestone: Milestone, today: dt.date | None = None) -> str:
    """The change and its date, in the tense true today (no full stop)."""
    now = tense(milestone, today)
    if now == BEFORE:
        return f"{milestone.will} {milestone.at}"
    if now == ON:
        return f"{milestone.doing} {milestone.at} (today)"
    return f"{milestone.did} {milestone.at}"


def ended(provider: Provider, today: dt.date | None = None) -> str:
    """Said of an account whose provider ended password sign-in (Outlook.com)."""
    return f"{said(provider.policy[-1], today)}." if provider.policy else ""


def retiring_title(provider: Provider, today: dt.date | None = None) -> str | None:
    """The title of a working password login's warning once the default has changed (the
    catalog's, which says the switch-off is coming, until then)."""
    if tense(provider.milestone(DEFAULT_OFF), today) == AFTER:
        return "The password login still works, but only while an administrator keeps it on"
    return None


def working_login(provider: Provider, today: dt.date | None = None) -> str:
    """Said of a password login to a retiring provider that worked (the check's warning)."""
    off, removal = provider.milestone(DEFAULT_OFF), provider.milestone(REMOVAL)
    now = tense(off, today)
    if now == AFTER:
        return (
            f"{said(off, today)}. This sign-in still works because an administrator kept SMTP "
            "AUTH turned on, or turned it back on, for the organisation or this mailbox (or "
            "because the change is still rolling out to this organisation). The next date: "
            f"{said(removal, today)}."
        )
    when = "then" if now == BEFORE else "any day now"
    return (
        f"{said(off, today)}, so this sign-in may stop {when}; administrators can turn it back "
        f"on until the final removal, {removal.at}."
    )


def password_sign_in(provider: Provider, today: dt.date | None = None) -> str:
    """Said where a retiring provider is found, before any login (discovery)."""
    off, removal = provider.milestone(DEFAULT_OFF), provider.milestone(REMOVAL)
    if tense(off, today) == AFTER:
        return (
            f"{said(off, today)}: a password login works there only where an administrator kept "
            "it on or turned it back on (or where the change is still rolling out), until the "
            f"final removal, {removal.at}."
        )
    return (
        f"{said(off, today)}; administrators can turn it back on until the final removal, "
        f"{removal.at}."
    )


def news(provider: Provider, today: dt.date | None = None) -> tuple[str, str]:
    """(headline, what it means for the password being typed), said where the provider is
    named before the password is tested (the wizard's credentials page)."""
    off, removal = provider.milestone(DEFAULT_OFF), provider.milestone(REMOVAL)
    now = tense(off, today)
    plan = "The summary lists what to plan with your administrator."
    if now == AFTER:
        meaning = (
            "A password works only if an administrator kept it on or turned it back on (or the "
            f"change has not reached you yet), until the final removal, {removal.at}. The "
            "summary says what to plan."
        )
    else:
        when = "then" if now == BEFORE else "any day now"
        meaning = f"A password (or app password) that works today may stop {when}. {plan}"
    return f"{said(off, today)}.", meaning


def refusal(provider: Provider, today: dt.date | None = None) -> str:
    """Said with a refused password login to a retiring provider (5.7.30, SMTP AUTH off),
    before the ways forward."""
    off, removal = provider.milestone(DEFAULT_OFF), provider.milestone(REMOVAL)
    if tense(off, today) == AFTER:
        return (
            f"{said(off, today)}, so a refusal like this is now the default. An administrator "
            f"can turn it back on (as above) until the final removal, {removal.at}; so plan "
            "what replaces it:"
        )
    return (
        f"{said(off, today)}; administrators can turn it back on until the final removal, "
        f"{removal.at}. So plan what replaces it:"
    )


def question(provider: Provider, today: dt.date | None = None) -> str:
    """What to ask the administrator about a working password login to a retiring provider."""
    off, removal = provider.milestone(DEFAULT_OFF), provider.milestone(REMOVAL)
    if tense(off, today) == AFTER:
        return (
            f"{said(off, today)}, and our password sign-in still works: did you keep SMTP AUTH "
            "turned on (or turn it back on) for us, and will it stay on until the final "
            f"removal, {removal.at}? Which sending method should our notifications use after "
            "that?"
        )
    return (
        f"{said(off, today)}. Which sending method should our notifications use after that, "
        "and will you keep SMTP AUTH turned on until then?"
    )


def facts_checked_words(today: dt.date | None = None) -> str:
    """When the provider facts were last checked, and whether they may be out of date."""
    checked = facts_checked()
    words = f"{checked.isoformat()} (the providers' sign-in policies and their dates)"
    if months_later(checked, FRESH_MONTHS) < (today or clock.today()):
        words += (
            "; that is more than six months ago, so they may be out of date: check the "
            "providers' own announcements"
        )
    return words


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or that month's last day (31 August + 6 → 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("every month has at least 28 days")
