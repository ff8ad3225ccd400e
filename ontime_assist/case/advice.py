"""What the verdict says: what works from this computer (the headline, naming the tests it rests
on), the next steps, what to ask the provider, and what to check when this computer passes but
OnTime still fails. What OnTime can use is a conclusion of its own (case/for_ontime.py).

Where OnTime sends from is not known: a hosted OnTime very likely sends from Vesigo's servers,
but that is not confirmed. Every sentence that depends on it says so, and none assumes mail
leaves from this computer.
"""

from __future__ import annotations

from ontime_assist.case.for_ontime import latest
from ontime_assist.case.model import Advice, Audience, Case, OnTimeServerOutcome, OnTimeSettings
from ontime_assist.case.notification_checks import advice_for_answers
from ontime_assist.case.outcome import lower_first
from ontime_assist.case.step_outcomes import before_words, earlier_answer, showed
from ontime_assist.engine.check.result import CheckResult
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.findings import Actor, Finding
from ontime_assist.engine.ontime_terms import (
    ONTIME_APPLY_MINUTES,
    OTHER_MAIL_SERVER_PATH,
)
from ontime_assist.engine.providers import policy
from ontime_assist.engine.providers.recognise import provider_for, providers

WHERE_ONTIME_SENDS_FROM = (
    "OnTime may send its notifications from Vesigo's servers rather than from this computer "
    "(likely for a hosted service, but we could not confirm it)."
)


def headline(case: Case, root: Finding | None, tested: CheckResult | None) -> str:
    """What works, or fails, from this computer; each part names the test it rests on."""
    if case.ontime_server is OnTimeServerOutcome.FAILED:
        if root is None and tested is not None:
            return (
                "OnTime's notifications are not sent through the OnTime Mail Server either, "
                "while our own mail account works when tested from this computer"
            )
        return (
            "OnTime's notifications are not sent, neither through our own mail server nor "
            "through the OnTime Mail Server"
        )
    if root is not None:
        return root.title
    if tested is None:
        return "OnTime's notification emails are not going out"
    return works_here(case)


def works_here(case: Case) -> str:
    """How far the account was proven to work from this computer, and what was not tested."""
    current = case.current_tests
    relayed = latest(current, lambda r: bool(r.relayed_to) and r.result.ok)
    signed = latest(current, lambda r: r.signed_in)
    reached = latest(current, lambda r: r.passed("greeting"))
    if relayed is not None:
        login = " signed in and" if relayed.signed_in else ""
        return (
            f"The mail account works from this computer: it{login} accepted a test message "
            f"to {relayed.relayed_to} (tested on {relayed.source})"
        )
    if signed is not None:
        before = earlier_answer(case, Step.RELAY)
        return (
            f"The sign-in works from this computer (tested on {signed.source}); sending to an "
            "outside address was not tested"
            + (
                f" with these settings (earlier, on {before.source}, with other settings: "
                f"{lower_first(showed(before, Step.RELAY))})"
                if before
                else ""
            )
        )
    if reached is not None:
        return (
            f"The mail server answers from this computer (tested on {reached.source}); the "
            "sign-in and sending to an outside address were not tested"
        )
    return "No test reached the mail server"


def next_steps(
    case: Case,
    root: Finding | None,
    who: Actor,
    tested: CheckResult | None,
    settings: OnTimeSettings | None,
) -> list[str]:
    apply = (
        f"OnTime uses changed mail settings within {ONTIME_APPLY_MINUTES} minutes: then send a "
        "test notification."
    )
    if who is Actor.ONTIME_SUPPORT:
        return _ontime_support_steps(case)
    if root is not None and who is Actor.USER:
        return [root.fix, "Then test again here to confirm.", apply]
    if root is not None:
        whom = "your email administrator" if who is Actor.ADMINISTRATOR else "your email provider"
        return [
            f"Send this summary to {whom} (Copy, Save or Email below): the fix is on their side.",
            root.fix,
            f"When they say it is done, test again here; then OnTime uses the changed mail "
            f"settings within {ONTIME_APPLY_MINUTES} minutes: send a test notification.",
        ]
    if settings is None or tested is None:
        return ["Test the mail server on the steps before this one, or paste OnTime's error."]
    steps: list[str] = []
    if not any(r.relayed_to for r in case.current_tests):
        before = earlier_answer(case, Step.RELAY)
        if before is None:
            steps.append(
                "Sending to an outside address was not tested: on step 4, send a test message "
                "to an address of your own, to see whether the server passes mail on."
            )
        else:  # tested with other settings: what it showed then is evidence too
            steps.append(
                "Sending to an outside address was not tested with these settings. "
                f"{before_words(before, Step.RELAY)} On step 4, send a test message again "
                "to see whether the server passes mail on with these."
            )
    if settings.usable_by_ontime:
        steps.append(
            f"Enter exactly these settings in OnTime ({OTHER_MAIL_SERVER_PATH}), with the same "
            "password, and leave “Use Windows Authentication” unticked."
        )
    else:
        steps.append(
            "These settings work from this computer, but OnTime probably cannot use SSL from "
            "the first byte (an inference, not confirmed): ask your provider for port 587 with "
            "STARTTLS, or switch OnTime to the OnTime Mail Server."
        )
    if case.ontime_server is OnTimeServerOutcome.WORKED:
        steps.append(
            "You switched OnTime to the OnTime Mail Server in step 1: switch it back to Other "
            "Mail Server to send from your own account again."
        )
    steps += [
        f"Wait up to {ONTIME_APPLY_MINUTES} minutes, then send a test notification.",
        "If it still does not arrive, read “If OnTime still fails” below.",
    ]
    return steps


def _ontime_support_steps(case: Case) -> list[str]:
    answers = {c.question: c.answer for c in case.notification_checks}
    first, all_hold = advice_for_answers(answers)
    send = (
        "Send this summary to OnTime support (Copy, Save or Email below): notifications fail "
        "through the OnTime Mail Server too, so the cause is in OnTime's notification set-up, "
        "which only they can see."
    )
    fill = "Fill in your company name and OnTime account where the summary has brackets."
    if all_hold:
        return [send, fill]
    return [
        *first,
        "If the test notification still does not arrive after that, " + send[0].lower() + send[1:],
        fill,
    ]


def summary_title(audience: Audience) -> str:
    """Who the summary is for, as the summary page's title says it."""
    if audience is Audience.ONTIME_SUPPORT:
        return "Summary for OnTime support"
    return "Summary for your provider"


def still_failing(case: Case, root: Finding | None, tested: CheckResult | None) -> list[Advice]:
    """What a pass from this computer does not prove, worded with the certainty we have."""
    if root is not None or tested is None or case.ontime_server is OnTimeServerOutcome.FAILED:
        return []
    depends = [
        "an allow-list of sending addresses, or a relay connector, that admits this office's "
        "address but not the addresses OnTime sends from (ask Vesigo for those);",
        "sign-in rules by location (Microsoft 365 Conditional Access, Google's suspicious "
        "sign-in protection) that allow this office but block a sign-in from a data centre;",
        "a firewall that admits only this office.",
    ]
    if tested.address_kind in ("private", "loopback", "link-local"):
        depends.append(
            f"this server ({server_and_address(tested)}) is reachable only inside this "
            "network: a sender outside it cannot reach it at all."
        )
    return [
        Advice(
            "Check that OnTime has exactly the settings above, the password included (a "
            "password copied with a space, or an old one, is the most common difference)."
        ),
        Advice(
            f"Wait the full {ONTIME_APPLY_MINUTES} minutes after saving before sending a test "
            "notification."
        ),
        Advice(
            f"{WHERE_ONTIME_SENDS_FROM} If it does, a test from here proves the account and "
            "the settings, but not what depends on where the connection comes from. Ask your "
            "mail administrator about:",
            tuple(depends),
        ),
        Advice(
            "If OnTime shows an error, paste it on the assistant's first page: it says which "
            "of these it is."
        ),
    ]


def provider_requests(
    findings: tuple[Finding, ...], root: Finding | None, tested: CheckResult | None
) -> list[str]:
    """What to ask the provider or administrator; nothing about causes the user fixes."""
    s = tested.settings if tested else None
    mailbox = s.username if s and s.username else "our mailbox"
    sender = s.from_addr if s else ""
    off_for_tenant = any(
        f.id == "auth.smtp_auth_disabled" and f.reply and "tenant" in f.reply.text.lower()
        for f in findings
    )
    wanted: dict[str, str] = {
        "auth.smtp_auth_disabled": (
            "Please enable SMTP AUTH (authenticated SMTP): it is turned off for our whole "
            "organisation (tenant). Either for the organisation (Set-TransportConfig "
            f"-SmtpClientAuthenticationDisabled $false) or for the mailbox {mailbox} "
            "(Set-CASMailbox -SmtpClientAuthenticationDisabled $false); and please check that "
            "Security Defaults do not block it."
            if off_for_tenant
            else f"Please enable SMTP AUTH (authenticated SMTP) for the mailbox {mailbox}."
        ),
        "auth.basic_auth_disabled": f"Please allow password-based SMTP AUTH for {mailbox}, or "
        "tell us which sending method you support for a program that sends notifications "
        "with a user name and password.",
        "relay.denied": f"Is {mailbox} allowed to send to outside addresses? Please allow it "
        "for our notifications.",
        "relay.auth_required": "Which login does this server need to accept our mail?",
        "send.sender_rejected": f"Please allow {mailbox} to send as "
        f"{sender or 'our From address'} (Send As), or tell us which From address to use.",
        "send.quota_exceeded": "What is our sending limit, and can it be raised?",
        "smtp.rejected_connection": "Our internet address is refused when connecting. Please "
        "tell us why and lift the block.",
        "server.rate_limited": "We are being rate-limited. What are the limits?",
        "server.temporary_failure": "The server answers with a temporary failure. Is there a "
        "known problem?",
        "tls.cert_expired": "Your server's certificate appears expired. Please renew it.",
        "auth.failed": f"Please confirm the correct user name for {mailbox} and whether SMTP "
        "login is enabled for it.",
        "auth.basic_auth_retiring": _retiring_question(tested),
        "net.private_address": "Can this server be reached from the internet under a public "
        "name? OnTime may send from outside our network.",
    }
    # The user fixes these themselves; the provider is asked nothing about them, except the
    # rejected login, which only the provider can confirm when the password is right.
    user_fixes = root is not None and root.who is Actor.USER and root.id != "auth.failed"
    out: list[str] = []
    if root is not None:
        # Where OnTime sends from matters once everything else works; asked earlier, it
        # distracts from the cause.
        wanted.pop("net.private_address")
    for finding in findings:
        if user_fixes and finding is root:
            continue
        text = wanted.get(finding.id)
        if text and text not in out:
            out.append(text)
    if not out and root is not None and root.who is not Actor.USER:
        out.append(
            "Could you look at your logs for the time of this test and tell us why the server "
            "refused?"
        )
    return out


def _retiring_question(tested: CheckResult | None) -> str:
    """The question about a working password login the provider is retiring, in the tense
    true today: the tested server's provider, else the table's retiring one (Microsoft 365)."""
    provider = None
    if tested is not None:
        s = tested.settings
        provider = provider_for(s.host, s.username, greeting=tested.greeting, hint=s.provider_hint)
    if provider is None or provider.login_policy != "retiring":
        provider = next(p for p in providers() if p.login_policy == "retiring")
    return policy.question(provider)


def server_and_address(result: CheckResult) -> str:
    """ "mail.x (192.168.1.20)", or just "127.0.0.1" when the name is the address."""
    host, address = result.settings.host, result.peer_address
    if not address or host.strip("[]").lower() == address.lower():
        return host
    return f"{host}, {address}"
