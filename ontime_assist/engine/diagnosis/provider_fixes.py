"""Fixes made specific to the provider and the account: the provider's own steps (from what
was entered, or from its reply's own signature), the scope Microsoft names (a mailbox or the
whole organisation), and hints for a refused login. Loaded with the rules, on failure only."""

from __future__ import annotations

from ontime_assist.engine.connection.replies import Reply
from ontime_assist.engine.diagnosis.reply_context import Context
from ontime_assist.engine.findings import Finding, make
from ontime_assist.engine.providers import policy
from ontime_assist.engine.providers.recognise import domain_of, provider_for_reply, suffix_match

TYPE_CHECKING = False  # mypy reads True; not importing typing saves check ~5 ms (records.py)

if TYPE_CHECKING:
    from ontime_assist.engine.providers.recognise import Provider


def _text(reply: Reply) -> str:
    return " ".join(reply.text.lower().split())


# Microsoft's wording says where SMTP AUTH is off: "…is disabled for the Tenant" (the whole
# organisation) or "…for the Mailbox". Each has its own switch (field notes: a mailbox's own
# setting is $true, $false, or $null, which follows the organisation's).
_ORGANISATION_WIDE = (
    "The reply says SMTP AUTH is turned off for the whole organisation (tenant), not only for "
    "this mailbox. A Microsoft 365 administrator can turn it on for the organisation "
    "(Exchange Online PowerShell: Set-TransportConfig -SmtpClientAuthenticationDisabled $false), "
    "which every mailbox whose own setting is empty ($null) follows; or for this mailbox alone, "
    "which overrides the organisation's setting (Set-CASMailbox -Identity <mailbox> "
    "-SmtpClientAuthenticationDisabled $false, or Microsoft 365 admin center → Users → Active "
    "users → the user → Mail → Manage email apps → “Authenticated SMTP”). If Security Defaults "
    "are on (Microsoft Entra admin center → Identity → Overview → Properties → Manage security "
    "defaults), they block this sign-in whatever these settings say, as can a Conditional Access "
    "policy that blocks legacy authentication. It can take up to an hour to apply."
)
_TITLES = {
    "tenant": "Sending with a login (SMTP AUTH) is turned off for the whole organisation",
    "mailbox": "Sending with a login (SMTP AUTH) is turned off for this mailbox",
    "": "Sending with a login (SMTP AUTH) is turned off for this mailbox or the organisation",
}


def smtp_auth_disabled(detail: str, reply: Reply, context: Context) -> Finding:
    text = _text(reply)
    scope = "tenant" if "for the tenant" in text else "mailbox" if "for the mailbox" in text else ""
    if scope == "tenant":
        provider = _provider(context, reply)
        fix = _ORGANISATION_WIDE
        if provider is not None and provider.login_policy == "retiring":
            fix = f"{fix} {retiring_note(provider)}"
        return make("auth.smtp_auth_disabled", detail, fix=fix, reply=reply, title=_TITLES[scope])
    extra = specific_fix("auth.smtp_auth_disabled", reply, context)
    return make(
        "auth.smtp_auth_disabled", detail, extra_fix=extra, reply=reply, title=_TITLES[scope]
    )


def _provider(context: Context, reply: Reply | None) -> Provider | None:
    """The provider from what was entered (server name, address, greeting), else from the
    reply itself: Google's "gsmtp" signature names Google on a custom domain too."""
    provider = context.provider
    if provider is None and reply is not None:
        provider = provider_for_reply(reply.text)
    return provider


# What replaces a retiring password sign-in and fits OnTime (field notes, "Provider policy").
WAYS_FORWARD = (
    "an SMTP relay service that signs in with a user name and key (SMTP2GO, SendGrid, Mailgun, "
    "Brevo, Amazon SES), a connector accepting the addresses OnTime sends from (ask Vesigo for "
    "them), or the OnTime Mail Server."
)


def retiring_note(provider: Provider) -> str:
    """The provider's schedule in the tense true today (providers/policy.py), and the ways on."""
    return f"{policy.refusal(provider)} {WAYS_FORWARD}"


def specific_fix(finding_id: str, reply: Reply | None, context: Context) -> str:
    """Sentences that make the catalog's general fix specific to this provider and account."""
    provider = _provider(context, reply)
    hints: list[str] = []
    if finding_id == "auth.app_password_required" and provider and provider.app_password:
        hints.append(f"{_named(provider, context)}: {provider.app_password}")
        hints.extend(_on_own_domain(provider, context))
    elif finding_id == "auth.web_login_required" and provider and provider.web_login:
        hints.append(f"{provider.name}: {provider.web_login}")
    elif finding_id in ("auth.smtp_auth_disabled", "auth.basic_auth_disabled"):
        if provider and provider.smtp_auth:
            hints.append(f"{provider.name}: {provider.smtp_auth}")
        if reply is not None and "tenant" in reply.text.lower():
            hints.append("The reply says it is off for the whole organisation (tenant).")
        if provider and provider.login_policy == "retiring":
            hints.append(retiring_note(provider))
    elif finding_id == "auth.failed":
        hints.extend(_login_hints(reply, context))
    elif finding_id == "send.sender_rejected" and context.from_addr:
        mailbox = context.username if "@" in context.username else "the mailbox you log in with"
        hints.append(
            f"OnTime's From address is {context.from_addr}; set it to {mailbox}, or have the "
            f"administrator give {mailbox} permission to send as {context.from_addr}."
        )
    elif finding_id == "relay.auth_required" and context.live and not context.username:
        hints.append("No user name was entered, so this test did not log in: enter it.")
    return " ".join(hints)


def _named(provider: Provider, context: Context) -> str:
    """The provider's name, saying how it was known when only its reply told."""
    return provider.name if context.provider is not None else f"{provider.name} (its reply says so)"


def _on_own_domain(provider: Provider, context: Context) -> list[str]:
    """What differs for an account on the customer's own domain (Google Workspace)."""
    domain = domain_of(context.username or context.from_addr)
    if not provider.custom_domain or (domain and suffix_match(domain, provider.domains)):
        return []
    return [provider.custom_domain]


def _login_hints(reply: Reply | None, context: Context) -> list[str]:
    hints: list[str] = []
    provider = _provider(context, reply)
    if context.username and "@" not in context.username:
        hints.append(
            f"The user name “{context.username}” is not a full email address; most providers "
            "expect the whole address (name@example.com)."
        )
    if context.password_has_stray_space:
        hints.append(
            "The password starts or ends with a space: if that was copied along by accident, "
            "remove it."
        )
    if provider and provider.id == "microsoft365":
        hints.append(
            "Microsoft 365 gives this same reply when SMTP AUTH is turned off for the mailbox: "
            f"if the password is right, {provider.smtp_auth}"
        )
    elif provider and provider.app_password:
        hints.append(
            f"If this {_named(provider, context)} account has 2-step verification, the normal "
            f"password is refused: {provider.app_password}"
        )
    if reply is not None and reply.enhanced == "5.7.8" and "badcredentials" in _text(reply):
        hints.append("The provider says the user name and password do not match.")
    return hints
