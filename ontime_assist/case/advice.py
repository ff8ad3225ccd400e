"""What the verdict says to do: the headline, the next steps, what to type into OnTime, what to
ask the provider, and what to check when this computer passes but OnTime still fails.

Where OnTime sends from is not known: a hosted OnTime very likely sends from Vesigo's servers,
but that is not confirmed. Every sentence that depends on it says so, and none assumes mail
leaves from this computer.
"""

from __future__ import annotations

from ontime_assist.case.model import Advice, Case, OnTimeServerOutcome, OnTimeSettings
from ontime_assist.engine.findings import Actor, Finding
from ontime_assist.engine.ontime_terms import (
    IMPLICIT_TLS_ADVICE,
    ONTIME_APPLY_MINUTES,
    OTHER_MAIL_SERVER_PATH,
    ssl_setting,
)
from ontime_assist.engine.result import CheckResult
from ontime_assist.engine.settings import Security

WHERE_ONTIME_SENDS_FROM = (
    "OnTime may send its notifications from Vesigo's servers rather than from this computer "
    "(likely for a hosted service, but we could not confirm it)."
)


def headline(case: Case, root: Finding | None, tested: CheckResult | None) -> str:
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
    if tested is not None:
        return "The mail account works from this computer with the settings below"
    return "OnTime's notification emails are not going out"


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
        return [
            "Send this summary to OnTime support (Copy, Save or Email below): notifications "
            "fail through the OnTime Mail Server too, so the cause is in OnTime's notification "
            "set-up, which only they can see.",
            "Fill in your company name and OnTime account where the summary has brackets.",
        ]
    if root is not None and who is Actor.USER:
        return [root.fix, "Then test again here to confirm.", apply]
    if root is not None:
        whom = "your email administrator" if who is Actor.ADMINISTRATOR else "your email provider"
        return [
            f"Send this summary to {whom} (Copy, Save or Email below): the fix is on their side.",
            root.fix,
            "When they say it is done, test again here; then " + apply[0].lower() + apply[1:],
        ]
    if settings is None or tested is None:
        return ["Test the mail server on the steps before this one, or paste OnTime's error."]
    steps = [
        f"Enter exactly these settings in OnTime ({OTHER_MAIL_SERVER_PATH}), with the same "
        "password, and leave “Use Windows Authentication” unticked."
    ]
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


def ontime_settings(
    case: Case, tested: CheckResult | None, root: Finding | None
) -> OnTimeSettings | None:
    """What to type into OnTime, from a test that passed. Never SSL from the first byte when a
    STARTTLS setting that works is known: OnTime very probably cannot use it."""
    if root is not None or tested is None or tested.stage("greeting").status != "ok":
        return None
    s = tested.settings
    if tested.security_used is not Security.SSL:
        return OnTimeSettings(s.host, s.port, tested.security_used, s.username, s.from_addr, True)
    found = case.discovery.recommended if case.discovery else None
    if found is not None and found.security is Security.STARTTLS:
        return OnTimeSettings(
            found.host,
            found.port,
            Security.STARTTLS,
            s.username,
            s.from_addr,
            tested=False,
            note=(
                f"Port {s.port} worked here with SSL from the first byte, but OnTime very "
                f"probably cannot use that kind (an inference). {found.host} port {found.port} "
                "with STARTTLS also works (found by the search, without your password): use "
                "it, and test it here once to be sure."
            ),
        )
    return OnTimeSettings(
        s.host,
        s.port,
        Security.SSL,
        s.username,
        s.from_addr,
        tested=True,
        note=(
            f"{IMPLICIT_TLS_ADVICE} No STARTTLS port was found for this account. If OnTime "
            "times out with these settings, ask your provider for port 587 with STARTTLS, or "
            "use the OnTime Mail Server."
        ),
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
            f"this server ({tested.settings.host}, {tested.peer_address}) is reachable only "
            "inside this network: a sender outside it cannot reach it at all."
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
        "auth.basic_auth_retiring": "Microsoft switches password sign-in for SMTP off by "
        "default at the end of December 2026. Which sending method should our notifications "
        "use after that, and will you keep SMTP AUTH turned on until then?",
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
