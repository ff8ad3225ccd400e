"""Server replies → findings, the way an experienced mail administrator reads them.

A reply is judged by its code, its RFC 3463 enhanced code and the provider's wording, in that
order of trust, and by the stage it answered. Rules are checked most specific first: the
Microsoft 365 "basic authentication is disabled" reply is a 535 like a wrong password, but it
means something else and needs someone else to act.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ontime_assist.engine.check.stages import STAGES
from ontime_assist.engine.connection.replies import Reply
from ontime_assist.engine.diagnosis.provider_fixes import smtp_auth_disabled, specific_fix
from ontime_assist.engine.diagnosis.reply_context import Context
from ontime_assist.engine.findings import Finding, make
from ontime_assist.engine.providers.recognise import domain_of, suffix_match

Predicate = Callable[[Reply, str], bool]


def _text(reply: Reply) -> str:
    return " ".join(reply.text.lower().split())


def _enh(*codes: str) -> Predicate:
    return lambda reply, _stage: reply.enhanced in codes


def _says(*phrases: str) -> Predicate:
    # Compiled on first use (the re module keeps them): a check that passes never needs them.
    return lambda reply, _stage: any(re.search(p, _text(reply)) for p in phrases)


def _code(*codes: int) -> Predicate:
    return lambda reply, _stage: reply.code in codes


def _at(*stages: str) -> Predicate:
    return lambda _reply, stage: stage in stages


def _all(*predicates: Predicate) -> Predicate:
    return lambda reply, stage: all(p(reply, stage) for p in predicates)


def _any(*predicates: Predicate) -> Predicate:
    return lambda reply, stage: any(p(reply, stage) for p in predicates)


_TEMPORARY: Predicate = lambda reply, _stage: 400 <= reply.code < 500  # noqa: E731

_RATE_WORDS = _says(
    r"too many",
    r"rate limit",
    r"throttl",
    r"slow down",
    r"try again later.*(busy|load)",
    r"too busy",
    r"concurrent connections",
    r"4\.7\.(0|28) .*(limit|rate)",
)
_QUOTA_WORDS = _any(
    _enh("5.4.5"),
    _says(
        r"sending limit",
        r"quota",
        r"daily (user )?(sending )?limit",
        r"limit exceeded",
        r"message limit",
        r"exceeded .*limit",
    ),
)
_SENDER_WORDS = _any(
    _enh("5.7.60", "5.2.252"),
    _says(
        r"sendasdenied",
        r"send ?as",
        r"sender address rejected",
        r"not owned by",
        r"sender is not allowed",
        r"not allowed to send as",
        r"sender not authori[sz]ed",
        r"does not have permissions? to send as",
        r"from address .*not (verified|allowed)",
        r"sender verify failed",
        r"mail from .* rejected",
    ),
)
_RELAY_WORDS = _any(
    _enh("5.7.54"),
    _says(
        r"relay(ing)? (access )?(denied|not permitted|prohibited|not allowed)",
        r"unable to relay",
        r"relaying denied",
        r"we do not relay",
        r"not permitted to relay",
        r"relay not allowed",
        r"no relaying",
    ),
)
_NOT_AUTHENTICATED = _any(
    _enh("5.7.57"),
    _says(
        r"not authenticated",
        r"authentication required",
        r"must authenticate",
        r"authentication is required",
        r"client was not authenticated",
        r"sender requires authentication",
        r"please authenticate",
    ),
)
_TLS_FIRST = _says(
    r"starttls",
    r"must issue a starttls",
    r"tls required",
    r"encryption required",
    r"requires? (a )?secure connection",
    r"must use tls",
)

_SMTP_AUTH_OFF = _says(
    r"smtpclientauthentication is disabled",
    r"smtp ?auth(entication)? is disabled",
    r"smtp auth(entication)? (has been )?(disabled|turned off)",
    r"authenticated smtp is disabled",
)
_BASIC_AUTH_OFF = _says(
    r"basic authentication is (disabled|not supported|blocked)",
    r"basic auth(entication)? (has been )?(disabled|blocked|deprecated)",
    r"security defaults",
)
_APP_PASSWORD = _says(
    r"application-specific password", r"app(lication)? password", r"app-specific password"
)
_WEB_LOGIN = _says(
    r"log ?in via your web browser",
    r"sign in via your web browser",
    r"web login required",
    r"please log in via",
)
_TLS_TOO_OLD = _says(
    r"tls 1\.[01] (and 1\.1 )?(are|is) not supported", r"tls version.*not supported"
)
# Wording that names the problem whatever code comes with it (or none): in a pasted message,
# "5.7.3 STARTTLS is required to send mail" is about encryption, not the password.
_STARTTLS_DEMANDED = _says(
    r"must issue a starttls",
    r"starttls (command )?(is )?required",
    r"starttls (command )?first",
    r"tls required",
    r"encryption required",
    r"must use tls",
)
# (predicate, finding id[, wording]). First match wins. A rule's wording, when it has one, names
# its finding by itself in a pasted message, whatever code comes with it (or none): a pasted
# message is read by those first, in this order, then by the whole rules.
_RULES: list[tuple[Predicate, str] | tuple[Predicate, str, Predicate]] = [
    (_any(_enh("4.7.66"), _TLS_TOO_OLD), "tls.protocol_too_old", _TLS_TOO_OLD),
    (_SMTP_AUTH_OFF, "auth.smtp_auth_disabled", _SMTP_AUTH_OFF),
    (_any(_enh("5.7.30"), _BASIC_AUTH_OFF), "auth.basic_auth_disabled", _BASIC_AUTH_OFF),
    (_any(_enh("5.7.9"), _APP_PASSWORD), "auth.app_password_required", _APP_PASSWORD),
    (_any(_enh("5.7.14"), _WEB_LOGIN), "auth.web_login_required", _WEB_LOGIN),
    (_all(_code(538), _any(_enh("5.7.11"), _TLS_FIRST)), "tls.required", _STARTTLS_DEMANDED),
    (_all(_any(_code(530), _enh("5.7.0", "5.7.11")), _TLS_FIRST), "tls.required"),
    (_all(_at("greeting"), _code(554, 550, 521)), "smtp.rejected_connection"),
    (_QUOTA_WORDS, "send.quota_exceeded", _QUOTA_WORDS),
    (_all(_TEMPORARY, _any(_RATE_WORDS, _all(_at("greeting"), _code(421)))), "server.rate_limited"),
    (
        _all(
            _at("auth"),
            _any(
                _code(504), _says(r"unrecognized authentication type", r"mechanism not supported")
            ),
        ),
        "auth.no_common_mechanism",
    ),
    (
        _all(_at("auth"), _any(_code(535, 534), _enh("5.7.8", "5.7.3", "5.7.1", "5.7.0"))),
        "auth.failed",
    ),
    (
        _all(_at("mail", "rcpt", "data", "message"), _SENDER_WORDS),
        "send.sender_rejected",
        _SENDER_WORDS,
    ),
    (
        _all(_at("mail", "rcpt", "data", "message"), _NOT_AUTHENTICATED),
        "relay.auth_required",
        _NOT_AUTHENTICATED,
    ),
    (_all(_at("mail", "rcpt"), _code(530)), "relay.auth_required"),
    (_all(_at("rcpt"), _RELAY_WORDS), "relay.denied", _RELAY_WORDS),
    (
        _all(
            _at("rcpt"),
            _any(
                _enh("5.1.1", "5.1.2", "5.1.3", "5.1.10"),
                _code(550, 551, 553),
                _says(r"user unknown", r"no such user", r"recipient"),
            ),
        ),
        "send.recipient_rejected",
    ),
    (_all(_at("data", "message"), lambda r, _s: r.code >= 500), "send.message_rejected"),
    (_TEMPORARY, "server.temporary_failure"),
    (_at("auth"), "auth.failed"),
]

_LIVE_RULES = [(rule[0], rule[1]) for rule in _RULES]
_PASTED_RULES = [*((rule[2], rule[1]) for rule in _RULES if len(rule) == 3), *_LIVE_RULES]


def classify_reply(stage: str, reply: Reply, context: Context | None = None) -> Finding:
    """The finding for a failing `reply` to `stage` (greeting, ehlo, auth, mail, rcpt, data,
    message — the end of DATA — or any other command)."""
    context = context or Context()
    finding_id = "server.rejected"
    # A pasted message is read by its wording first: the code may be missing, generic, or one
    # we had to guess the command for.
    for predicate, candidate in _LIVE_RULES if context.live else _PASTED_RULES:
        if predicate(reply, stage):
            finding_id = candidate
            break
    judged = ""
    if _refused_for_want_of_login(stage, reply, finding_id, context):
        if finding_id == "send.recipient_rejected":  # the words alone would blame it
            judged = (
                f" The server offers a login ({' '.join(context.auth_offered)}) and this test "
                "made none: such a server refuses mail for other domains until the client "
                "logs in, whatever words its refusal uses."
            )
        finding_id = "relay.auth_required"
    if context.live:
        detail = f"At the {_reply_point(stage)} step the server replied: {reply.as_line()}" + judged
    else:
        detail = f"The message contains: “{reply.as_line()}”"
    if finding_id == "relay.auth_required" and _login_was_possible_but_skipped(context):
        who = context.username or "the account"
        return make(
            finding_id,
            detail,
            fix=f"No password was entered for {who}, so this test did not log in. Enter the "
            "password on the Account credentials page and test again; in OnTime, fill in the "
            "User Name and Password and leave “Use Windows Authentication” unticked.",
            reply=reply,
        )
    if finding_id == "auth.smtp_auth_disabled":
        return smtp_auth_disabled(detail, reply, context)
    return make(finding_id, detail, extra_fix=specific_fix(finding_id, reply, context), reply=reply)


def _login_was_possible_but_skipped(context: Context) -> bool:
    return context.live and not context.logged_in and bool(context.username)


# Refusals that, from a client that did not log in to a server offering a login, mean "log in
# first": Postfix says "Relay access denied" or "Client host rejected: Access denied" to anyone
# not logged in, and "Sender address rejected: not logged in".
_LOGIN_WOULD_ANSWER = frozenset(
    {"relay.denied", "server.rejected", "send.sender_rejected", "relay.auth_required"}
)


def _refused_for_want_of_login(stage: str, reply: Reply, finding_id: str, context: Context) -> bool:
    """Judged from the whole check, not the words alone: the server offers a login, none was
    made, and it refuses. Some servers name no relay when they refuse an outside recipient to a
    client that did not log in (Haraka: "550 I cannot deliver mail for <x>"); a server does not
    host an outside domain, so the refusal is about the missing login, not the recipient."""
    if not (
        context.live
        and stage in ("mail", "rcpt")
        and reply.code >= 500
        and not context.logged_in
        and bool(context.auth_offered)
    ):
        return False
    if finding_id in _LOGIN_WOULD_ANSWER:
        return True
    return finding_id == "send.recipient_rejected" and stage == "rcpt" and _outside(context)


def _outside(context: Context) -> bool:
    """The recipient is in another domain than the account's (the From address's, the user
    name's), or, with neither known, than the server's own name."""
    recipient = domain_of(context.recipient)
    if not recipient:
        return False
    own = tuple(d for d in (domain_of(context.from_addr), domain_of(context.username)) if d)
    if own:
        return not suffix_match(recipient, own)
    return not suffix_match(context.host, (recipient,))


def _reply_point(stage: str) -> str:
    """The step a reply answered, in words; "message" is the end of DATA (not a stage)."""
    if stage == "message":
        return "end of the message"
    return STAGES[stage].replied_at if stage in STAGES else stage
