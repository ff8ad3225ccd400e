"""The summary laid out from the verdict: for the provider (or administrator), or for OnTime
support when the OnTime Mail Server failed too.

Every string is passed through the redactor as it enters the document, before any rendering
escapes it: a password containing "<" or "&" is removed in its own form, not in an escaped one.
"""

from __future__ import annotations

import datetime as dt

from ontime_assist import __version__
from ontime_assist.case.for_ontime import settings_rows
from ontime_assist.case.model import Advice, Audience, Verdict
from ontime_assist.case.outcome import passed_words
from ontime_assist.case.practice import PRACTICE_NOTE
from ontime_assist.case.record import TestRecord
from ontime_assist.engine import clock
from ontime_assist.engine.check.result import CheckResult
from ontime_assist.engine.check.settings import looks_local
from ontime_assist.engine.check.stages import STAGES
from ontime_assist.engine.connection.connect import system_name
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.findings import Finding, Severity
from ontime_assist.engine.ontime_terms import OTHER_MAIL_SERVER_PATH, ssl_setting
from ontime_assist.engine.providers.policy import facts_checked_words
from ontime_assist.engine.redaction.redact import Redactor
from ontime_assist.report.arrival import arrival_section
from ontime_assist.report.model import (
    Block,
    Bullets,
    Code,
    FindingBlock,
    Item,
    Paragraph,
    Report,
    Section,
    Table,
)

SUBJECT_LIMIT = 140  # mail programs cut long subjects; the headline says it in fewer words
PLACEHOLDERS = (
    ("Company", "[your company name]"),
    ("OnTime account", "[your OnTime account or site name]"),
    ("Contact", "[your name and phone number]"),
)

# Section headings, shared with the tests and the wizard.
REQUESTS = "What we would like you to do or answer"
ONTIME_SETTINGS = "OnTime settings to enter"
NOT_FOR_ONTIME = "Settings that work from this computer (OnTime probably cannot use them)"
TESTS_RUN = "Tests run (in order)"
STILL_FAILING = "If OnTime still fails"
TRIED = "What was tried"
SETTINGS_USED = "Settings used"
FINDINGS = "Findings (most important first)"
WHEN_AND_WHERE = "When and where"
CONVERSATION = "Conversation with the server (password removed)"
PROVIDER_FACTS = "Provider facts last checked"


def build_report(
    verdict: Verdict, now: dt.datetime | None = None, system: str | None = None
) -> Report:
    clean = _Cleaner(verdict.redactor)
    today = now.date() if now else clock.today()  # the day the policy facts are judged on
    now = now or dt.datetime.now().astimezone()
    system = system or system_name()
    support = verdict.audience is Audience.ONTIME_SUPPORT
    sections: list[Section | None] = []
    if support:
        sections += _for_ontime_support(verdict)
    else:
        sections.append(_bullets(REQUESTS, verdict.requests))
    sections += [
        _ontime_settings(verdict),
        _bullets(STILL_FAILING, verdict.still_failing),
        _tried(verdict),
        arrival_section(verdict),
        _tests_run(verdict),
        _settings_used(verdict),
        _findings(verdict),
        _when_and_where(verdict, now, system, today),
        _conversation(verdict.tested),
    ]
    also = []
    if verdict.for_ontime:
        also.append(("For OnTime", clean(_sentence(verdict.for_ontime))))
    if verdict.case.practice:
        also.append(("Practice", _sentence(PRACTICE_NOTE)))
    subject = clean(_subject(verdict))
    if verdict.case.practice:
        subject = f"[Practice] {subject}"
    return Report(
        audience=verdict.audience,
        subject=subject[:SUBJECT_LIMIT],
        greeting="Hello OnTime support," if support else "Hello,",
        lead_label="Problem" if verdict.root is not None or support else "Result",
        lead=clean(_sentence(verdict.headline)),
        sections=tuple(clean.section(s) for s in sections if s is not None),
        also=tuple(also),
    )


def _sentence(text: str) -> str:
    text = text[0].upper() + text[1:] if text else text
    return text.rstrip(".") + "."


def _subject(verdict: Verdict) -> str:
    if verdict.audience is Audience.ONTIME_SUPPORT:
        return f"OnTime notifications: {verdict.headline}"
    settings = verdict.ontime_settings
    if verdict.root is None and settings is not None:
        relayed = any(r.relayed_to for r in verdict.case.current_tests)
        works = "Mail account works" if relayed else "Mail account signs in (sending not tested)"
        if not settings.usable_by_ontime:
            return f"{works} from this computer, but OnTime probably cannot use its settings"
        return f"{works}: the settings for OnTime"
    return f"Mail account problem: {verdict.headline}"


def _bullets(heading: str, items: tuple[str | Advice, ...]) -> Section | None:
    if not items:
        return None
    listed = tuple(Item(i.text, i.details) if isinstance(i, Advice) else Item(i) for i in items)
    return Section(heading, (Bullets(listed),))


def _for_ontime_support(verdict: Verdict) -> list[Section | None]:
    case = verdict.case
    done: list[tuple[str, str]] = []
    if case.switched_at is not None:
        done.append(("Switched to the OnTime Mail Server", _time(case.switched_at)))
    if case.test_notification_at is not None:
        done.append(("Test notification sent", _time(case.test_notification_at)))
    done.append(("Result", "the notification did not arrive"))
    checks = tuple((c.question.rstrip("."), c.answer) for c in case.notification_checks)
    return [
        Section("About us", (Table(PLACEHOLDERS),)),
        Section("What we did", (Table(tuple(done)),)),
        Section("Checks on the notifications in OnTime", (Table(checks),)) if checks else None,
    ]


def _ontime_settings(verdict: Verdict) -> Section | None:
    settings = verdict.ontime_settings
    if settings is None:
        return None
    blocks: list[Block] = [Paragraph(f"In OnTime: {OTHER_MAIL_SERVER_PATH}.")]
    blocks.append(Table(tuple(settings_rows(settings))))
    if settings.note:
        blocks.append(Paragraph(settings.note))
    heading = ONTIME_SETTINGS if settings.usable_by_ontime else NOT_FOR_ONTIME
    return Section(heading, tuple(blocks))


def _tried(verdict: Verdict) -> Section:
    rows = tuple((f"Step {o.step.number}, {o.step.title}", o.outcome) for o in verdict.steps)
    return Section(TRIED, (Table(rows),))


def _tests_run(verdict: Verdict) -> Section | None:
    """The record itself: every test of the run, in order, with what it used and showed."""
    tests = verdict.case.tests
    if not tests or all(r.at is None for r in tests):
        return None
    rows = tuple((f"{r.number}. On {r.source}", _test_line(r)) for r in tests)
    return Section(TESTS_RUN, (Table(rows),))


def _test_line(record: TestRecord) -> str:
    s = record.result.settings
    used = record.settings_words
    if s.to_addr:
        used += f", test message to {s.to_addr}"
    if record.authority:
        used += f", also trusting {record.authority}"
    root = record.root
    if root is None:
        showed = passed_words(record.result)
    else:
        where = STAGES[record.stopped_at].stopped_at if record.stopped_at else "the end"
        showed = f"stopped at {where}: {root.title}"
    later = "" if record.current else " (the settings have changed since)"
    return f"{used}: {showed}{later}."


def _settings_used(verdict: Verdict) -> Section | None:
    result = verdict.tested
    if result is None:
        return None
    s = result.settings
    record = verdict.case.record_of(result)
    recipient = s.to_addr or "(none)"
    if not s.to_addr and record is not None and record.step is not Step.RELAY:
        recipient = f"(none: the test on {record.source} sends no message)"
    rows = [
        ("Server", s.host),
        ("Port", str(s.port)),
        ("SSL", ssl_setting(result.security_used)),
        ("User name", s.username or "(none)"),
        ("From address", s.from_addr or "(none)"),
        ("Test recipient", recipient),
        (
            "“Use Windows Authentication” in OnTime",
            "ticked" if verdict.case.windows_auth else "unticked",
        ),
    ]
    authority = verdict.case.trusted_authority
    if authority is not None and authority.host == s.host.lower():
        rows.append(
            (
                "Also trusted for this server",
                f"{authority.subject} (from {authority.path}; SHA-256 {authority.fingerprint})",
            )
        )
    heading = SETTINGS_USED
    if record is not None and record.at is not None:
        heading = f"{SETTINGS_USED} (test {record.number}, on {record.source})"
    return Section(heading, (Table(tuple(rows)),))


def _findings(verdict: Verdict) -> Section | None:
    if not verdict.findings:
        return None
    return Section(FINDINGS, tuple(_finding_block(f) for f in verdict.findings))


def _finding_block(finding: Finding) -> FindingBlock:
    return FindingBlock(
        title=finding.title,
        severity=finding.severity,
        reference=finding.id,
        seen=finding.detail,
        reply=finding.reply.as_line() if finding.reply is not None else "",
        fix=finding.fix if finding.severity is not Severity.OK else "",
    )


def _when_and_where(verdict: Verdict, now: dt.datetime, system: str, today: dt.date) -> Section:
    rows = [
        ("Written", now.strftime("%Y-%m-%d %H:%M:%S %Z (UTC%z)")),
        ("Tested from", f"this computer ({system}), OnTime Assist {__version__}"),
        (PROVIDER_FACTS, facts_checked_words(today)),
    ]
    if verdict.tested is not None:
        rows.append(("Server's address", _server_address(verdict.tested)))
    if verdict.case.log_file:  # where support finds what went wrong inside the assistant
        rows.append(("Log of this run (for support)", verdict.case.log_file))
    return Section(WHEN_AND_WHERE, (Table(tuple(rows)),))


def _server_address(result: CheckResult) -> str:
    kind = result.address_kind
    if kind is None:
        guess = " (by its name, on this network)" if looks_local(result.settings.host) else ""
        return f"not reached{guess}"
    if kind == "public":
        return f"{result.peer_address} (public)"
    return f"{result.peer_address} ({kind}: reachable only inside this network)"


def _conversation(result: CheckResult | None) -> Section | None:
    if result is None:
        return None
    return Section(CONVERSATION, (Code(result.transcript.render()),))


def _time(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip()


class _Cleaner:
    """Applies the redactor to every string of a section, as it enters the document."""

    def __init__(self, redactor: Redactor) -> None:
        self.redact = redactor

    def __call__(self, text: str) -> str:
        return self.redact(text)

    def section(self, section: Section) -> Section:
        return Section(self(section.heading), tuple(self.block(b) for b in section.blocks))

    def block(self, block: Block) -> Block:
        r = self
        if isinstance(block, Paragraph):
            return Paragraph(r(block.text))
        if isinstance(block, Table):
            return Table(tuple((r(k), r(v)) for k, v in block.rows))
        if isinstance(block, Bullets):
            return Bullets(
                tuple(Item(r(i.text), tuple(r(d) for d in i.details)) for i in block.items)
            )
        if isinstance(block, Code):
            return Code(r(block.text))
        return FindingBlock(
            r(block.title),
            block.severity,
            block.reference,
            r(block.seen),
            r(block.reply),
            r(block.fix),
        )
