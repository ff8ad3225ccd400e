"""The words of the sender findings: what DNS showed (detail) and the record to add or change
(fix), written out for the domain and the provider. judge.py decides which findings apply."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ontime_assist.engine.sender import records
from ontime_assist.engine.sender.dmarc import DmarcLookup, organisational_domain
from ontime_assist.engine.sender.provider_auth import ProviderAuth, fill
from ontime_assist.engine.sender.spf_policy import (
    BROKEN_INCLUDE,
    SEVERAL,
    SYNTAX,
    TOO_MANY_LOOKUPS,
    TOO_MANY_VOIDS,
    SpfPolicy,
)

if TYPE_CHECKING:
    from ontime_assist.engine.sender.judge import SenderReport, SendingPath

INFERRED_ENVELOPE = (
    "This takes the envelope sender (what SPF checks) to be the From address, as mail "
    "programs such as OnTime send it (an inference)."
)
ASK_PROVIDER = "Your provider's setup page names the SPF include to use: prefer it."


def lookup_failed(domain: str, error: Exception) -> str:
    said = str(error).rstrip(".")  # a DNS error's own sentence ends with its full stop
    return f"Looking up the sender records of {domain} did not finish: {said}. Not tested."


def domain_missing(domain: str) -> tuple[str, str]:
    detail = f"The DNS of {domain} was looked up now: the domain does not exist (NXDOMAIN)."
    fix = (
        "Check the address for a typo, in OnTime too (the From address of its notifications): "
        "receivers refuse mail from a domain that does not exist."
    )
    organisation = organisational_domain(domain)
    if organisation != domain:  # a name under the company's domain: nobody registers it
        fix += (
            f" If the address is right, {domain} is missing from the DNS of {organisation}: "
            f"whoever manages that DNS adds it."
        )
    else:
        fix += f" If {domain} is new, its registration may not be finished yet."
    return detail, fix


def _who(path: SendingPath, auth: ProviderAuth | None) -> str:
    return path.provider_name or (auth.provider_id if auth else "") or "your mail provider"


def _server(path: SendingPath) -> str:
    addresses = ", ".join(path.server_addresses)
    name = path.server or "the server this account sends through"
    return f"{name} ({addresses})" if addresses else name


def _source(auth: ProviderAuth) -> str:
    return f"(source: {auth.spf_source})"


def spf_missing(domain: str, path: SendingPath, auth: ProviderAuth | None) -> tuple[str, str]:
    detail = f"The DNS of {domain} was looked up now: it holds no TXT record starting with v=spf1."
    record = records.txt(domain, records.new_spf(auth, path.server_addresses))
    if auth is not None:
        fix = f"Add this record for {_who(path, auth)} {_source(auth)}: {record}"
    elif path.server_addresses:
        fix = (
            f"Add this record, which allows {_server(path)}: {record}. That mail leaves from the "
            f"server you send through is an inference. {ASK_PROVIDER}"
        )
    else:
        fix = f"Add this record, with your provider's include in it: {record}"
    return detail, fix


def spf_invalid(spf: SpfPolicy, path: SendingPath, auth: ProviderAuth | None) -> tuple[str, str]:
    domain = spf.domain
    detail = f"The SPF policy of {domain} was looked up now: {spf.problem}."
    additions = [f"include:{auth.spf_include}"] if auth is not None else []
    if spf.state == SEVERAL:
        merged = records.merged_spf(spf.records, auth)
        shown = " and ".join(f"“{r}”" for r in spf.records)
        detail = f"{detail} They are {shown}."
        fix = (
            f"Replace them with one record that says what they said together: "
            f"{records.txt(domain, merged)}; then delete the others."
        )
    elif spf.state == SYNTAX and spf.record is None:
        kept, dropped = records.without_bad_terms(spf.records[0])
        kept = records.with_terms(kept, additions)
        fix = f"Change the record to: {records.txt(domain, kept)}"
        if dropped:
            fix += f" (this leaves out {', '.join(dropped)}: check that nothing needed it)."
    elif spf.state in (BROKEN_INCLUDE, SYNTAX) and spf.broken_target:
        changed = records.with_terms(
            records.without_term(spf.records[0], spf.broken_target), additions
        )
        fix = (
            f"Correct or remove the term naming {spf.broken_target}; without it the record reads: "
            f"{records.txt(domain, changed)}"
        )
    elif spf.state == TOO_MANY_LOOKUPS:
        costs = ", ".join(f"{term} ({n})" for term, n in spf.cost_by_term)
        fix = (
            f"Bring the record of {domain} down to 10 look-ups or fewer. What each part costs: "
            f"{costs}. Remove the includes of services that no longer send for {domain}, and "
            "replace a, mx and ptr terms by the ip4:/ip6: addresses they stand for."
        )
        if auth is not None:
            fix += f" Keep include:{auth.spf_include} ({_who(path, auth)})."
    elif spf.state == TOO_MANY_VOIDS:
        fix = (
            f"Remove from the record of {domain} the terms that name domains which do not exist "
            "or have no address (each costs a void look-up; 2 are allowed)."
        )
    else:
        fix = f"Correct the record of {domain} where the detail says, so receivers can evaluate it."
    return detail, fix


def spf_not_authorised(
    report: SenderReport, path: SendingPath, auth: ProviderAuth | None
) -> tuple[str, str]:
    spf = report.spf
    assert spf is not None and spf.record is not None
    domain = spf.domain
    if auth is not None:
        detail = (
            f"The SPF record of {domain}, looked up now, is “{spf.record.text}”. It does not "
            f"authorise the servers of {_who(path, auth)}: include:{auth.spf_include} is not "
            f"reached {_source(auth)}."
        )
        changed = records.with_terms(spf.record.text, [f"include:{auth.spf_include}"])
        return detail, f"Change the record to: {records.txt(domain, changed)}"
    outcomes = "; ".join(f"{ip}: {o.result} ({o.reason})" for ip, o in report.spf_results.items())
    detail = (
        f"The SPF policy of {domain} was evaluated for the addresses of {_server(path)}: "
        f"{outcomes}. That mail leaves from that server is an inference: your provider may send "
        f"from other servers. {INFERRED_ENVELOPE}"
    )
    changed = records.with_terms(spf.record.text, records.address_terms(path.server_addresses))
    fix = (
        f"Ask your provider which SPF include authorises its servers, and add it to the record "
        f"of {domain}. If mail does leave from the server you send through, this record "
        f"allows it: {records.txt(domain, changed)}"
    )
    return detail, fix


def dkim_missing(report: SenderReport, path: SendingPath, auth: ProviderAuth) -> tuple[str, str]:
    domain = report.domain
    seen = "; ".join(check.seen for check in report.dkim)
    detail = (
        f"{_who(path, auth)} signs with the DKIM selectors "
        f"{', '.join(c.selector.name for c in report.dkim)}. Looked up now: {seen}."
    )
    wanted = [fill(c.selector.record, domain) for c in report.dkim if not c.published]
    where = fill(auth.dkim_where, domain)
    fix = f"Publish: {'; '.join(wanted)}. {where} (source: {auth.dkim_source})"
    return detail, fix


def dmarc_missing(domain: str, dmarc: DmarcLookup) -> tuple[str, str]:
    where = dmarc.organisational_domain or organisational_domain(domain)
    names = f"_dmarc.{domain}" + (f" nor _dmarc.{where}" if where != domain else "")
    detail = f"Looked up now: neither {names} holds a usable DMARC record."
    if where == domain:
        detail = f"Looked up now: _dmarc.{domain} holds no usable DMARC record."
    if dmarc.problem:
        detail += f" {dmarc.problem[0].upper()}{dmarc.problem[1:]}."
    fix = (
        f"Add: {records.txt('_dmarc.' + where, records.new_dmarc(where))} (rua= is where "
        "receivers send daily reports: use a mailbox of yours that exists, or leave rua out). "
        "p=none only asks for reports; it changes nothing for delivery."
    )
    return detail, fix


def ontime_server(domain: str, spf: SpfPolicy, dmarc: DmarcLookup) -> tuple[str, str]:
    policy = dmarc.policy
    if policy is None:
        stance = f"{domain} publishes no DMARC policy, so receivers decide by themselves"
    elif policy.strict:
        verb = "refuse" if policy.policy == "reject" else "put in junk"
        stance = (
            f"{domain}'s DMARC policy is {policy.describe()}: receivers {verb} mail that "
            "neither SPF nor DKIM authorises for the domain"
        )
    else:
        stance = f"{domain}'s DMARC policy is {policy.describe()}: it only asks for reports"
    if spf.record is not None:
        spf_words = f"its SPF policy is “{spf.record.text}”"
    else:
        spf_words = "it has no valid SPF record"
    detail = (
        f"Looked up now: {stance}; {spf_words}. Whether Vesigo's servers are "
        "among those it authorises is not known: where the OnTime Mail Server sends from is "
        "not public. Not tested."
    )
    fix = (
        "Ask Vesigo (OnTime support): “We send notifications through the OnTime Mail Server "
        f"with our own address at {domain} as the sender. Which include or addresses should we "
        f"add to the SPF record of {domain}, and can you sign these messages with DKIM for "
        f"{domain}; which DNS records would that need?”"
    )
    if policy is not None and policy.strict:
        fix += (
            " Until their servers are authorised, send through your own mail server (Other Mail "
            "Server) or use a From address whose domain authorises them."
        )
    return detail, fix


def trusted(report: SenderReport, path: SendingPath, auth: ProviderAuth | None) -> str:
    parts = []
    if report.spf_passes:
        if auth is not None:
            parts.append(
                f"the SPF record of {report.domain} includes {auth.spf_include} "
                f"({_who(path, auth)}); {INFERRED_ENVELOPE}"
            )
        else:
            parts.append(
                f"SPF passes for the addresses of {_server(path)} (that mail leaves from there is "
                f"an inference); {INFERRED_ENVELOPE}"
            )
    if report.dkim_passes:
        parts.append(
            f"the DKIM selectors of {_who(path, auth)} are published for {report.domain} "
            "(whether signing is turned on is the provider's setting, which DNS cannot show)"
        )
    policy = report.dmarc.policy if report.dmarc else None
    stance = f" DMARC: {policy.describe()}." if policy else ""
    return f"Looked up now: {'; '.join(parts)}.{stance}"


def not_tested(report: SenderReport, path: SendingPath) -> tuple[str, str]:
    """SPF exists but could not be judged for this path: no provider whose include is known,
    and no public address of the server (or its evaluation met a temporary DNS error)."""
    spf, domain = report.spf, report.domain
    record = f"“{spf.record.text}”" if spf is not None and spf.record is not None else "unread"
    policy = report.dmarc.policy if report.dmarc else None
    stance = f"; its DMARC policy is {policy.describe()}" if policy else ""
    server = path.server or "the server this account sends through"
    temporary = [ip for ip, o in report.spf_results.items() if o.result == "temperror"]
    if temporary:
        why = f"evaluating it for {', '.join(temporary)} met a temporary DNS error"
    else:
        why = (
            f"no provider was recognised by {server}'s name or greeting, and no public address "
            f"of {server} was seen (a server inside this network reaches receivers from "
            "another, public address, which this computer cannot see)"
        )
    detail = (
        f"Looked up now: the SPF record of {domain} is {record}{stance}. Whether it authorises "
        f"mail sent this way was not tested: {why}. Not tested."
    )
    fix = (
        f"Ask whoever runs {server} which addresses (or SPF include) its mail leaves from and "
        f"whether it signs with DKIM for {domain}; check that the SPF record of {domain} names "
        "them."
    )
    if policy is not None and policy.strict:
        verb = "refuse" if policy.policy == "reject" else "put in junk"
        fix += f" Under {domain}'s policy, receivers {verb} mail that neither SPF nor DKIM passes."
    return detail, fix


def unaligned_title(report: SenderReport) -> str | None:
    """The title that says what receivers will do, when the policy is strict and neither SPF
    nor DKIM passes (None otherwise: the catalog's title then)."""
    policy = report.dmarc.policy if report.dmarc else None
    if policy is None or not policy.strict or report.aligned is not False:
        return None
    what = "the notifications" if policy.pct == 100 else "some of the notifications"
    done = f"refuse {what}" if policy.policy == "reject" else f"put {what} in junk"
    return f"Receivers will {done}: neither SPF nor DKIM passes for {report.domain}"


def unaligned(
    report: SenderReport, path: SendingPath, auth: ProviderAuth | None
) -> tuple[str, str]:
    assert report.dmarc is not None and report.dmarc.policy is not None
    policy = report.dmarc.policy
    spf_word = {True: "passes", False: "would not pass", None: "was not tested"}[report.spf_passes]
    dkim_word = {True: "is published", False: "is not published", None: "was not tested"}[
        report.dkim_passes
    ]
    if report.dkim_passes is None:
        dkim_word += " (the provider's DKIM selector is not known)" if auth is None else ""
    detail = (
        f"Looked up now: {report.domain}'s DMARC policy is {policy.describe()}. For mail sent "
        f"this way, SPF {spf_word} for {report.domain}, and DKIM for {report.domain} {dkim_word}."
    )
    if policy.note:
        detail += f" The record has {policy.note}."
    if policy.strict and report.aligned is False:
        verb = "refuse" if policy.policy == "reject" else "put in junk"
        detail += f" Receivers that apply DMARC {verb} the notifications."
    fixes = []
    if report.spf_passes is False and report.spf is not None:
        if report.spf.record is not None and auth is not None:
            changed = records.with_terms(report.spf.record.text, [f"include:{auth.spf_include}"])
            fixes.append(f"change the SPF record to {records.txt(report.domain, changed)}")
        else:
            fixes.append("correct the SPF record as the SPF finding says")
    if report.dkim_passes is False and auth is not None:
        fixes.append("publish the DKIM records as the DKIM finding says and turn signing on")
    elif report.dkim_passes is None:
        fixes.append(
            f"have your provider sign with DKIM for {report.domain} (ask it which DNS records "
            "that needs)"
        )
    if len(fixes) == 1:
        return detail, fixes[0][0].upper() + fixes[0][1:] + "."
    return detail, "Either " + ", or ".join(fixes) + "."
