"""`ontime-assist check`: test one mail server headlessly."""

from __future__ import annotations

import argparse
import sys
import threading

from ontime_assist.case.evidence import judged_findings
from ontime_assist.commands.common import UsageError, dns_for, print_output
from ontime_assist.commands.text_output import render_check
from ontime_assist.engine.check.run import run_check
from ontime_assist.engine.check.settings import build_settings
from ontime_assist.engine.finding_kinds import Step
from ontime_assist.engine.findings import exit_status
from ontime_assist.engine.redaction.secret import Secret
from ontime_assist.engine.tls.context import verifying_context

TYPE_CHECKING = False  # mypy reads it as True; typing is not loaded (records.py)

if TYPE_CHECKING:
    from pathlib import Path
    from typing import TextIO

    from ontime_assist.engine.check.result import CheckResult
    from ontime_assist.engine.check.settings import MailSettings
    from ontime_assist.engine.discovery.dns_lookup import Dns
    from ontime_assist.engine.findings import Finding
    from ontime_assist.engine.sender.runs import SenderAlongside


def read_password_line(stream: TextIO | None) -> str:
    """One line from standard input, without its line end (spaces are kept: they may be real)."""
    if stream is None or stream.closed:
        raise UsageError("--password-stdin needs the password on standard input")
    line = stream.readline()
    if not line:
        raise UsageError("--password-stdin was given but standard input is empty")
    return line.removesuffix("\n").removesuffix("\r")


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    settings = build_settings(
        host=args.host,
        port=args.port,
        security=args.security,
        username=args.username,
        from_addr=args.from_addr,
        to_addr=args.to_addr,
        send_message=args.send,
        cafile=args.cafile,
        timeout=args.timeout,
        allow_plaintext_auth=args.allow_plaintext_auth,
    )
    password = _password(args, stdin, settings.host, settings.username)
    if settings.cafile:
        verifying_context(settings.cafile)  # reject an unreadable CA file as bad input, now
    report_path = _report_target(args.report) if args.report else None
    dns = dns_for(args.nameserver)
    sender = _SenderChecks(settings, dns) if settings.send_message else None
    try:
        result = run_check(settings, password, resolver=dns)
        # The check judged as a case: what the test alone cannot say (the server is reachable
        # only inside this network; Microsoft is retiring this sign-in) joins its findings.
        findings = judged_findings([result])
        if sender is not None:
            findings = sender.combined_with(result, findings)
    finally:
        if sender is not None:
            sender.stop()  # Ctrl+C, or a wait still open: no question outlives the run
    report_written = report_path is None or _write_report(result, report_path)
    if args.json:
        print_output(stdout, result.to_json(findings))
    else:
        print_output(stdout, render_check(result, findings))
    if not report_written:
        return 2  # the report asked for is missing: a script must not take it as done
    return exit_status(findings)


class _SenderChecks:
    """Will receivers trust what is sent? SPF, DKIM and DMARC of the From address's domain
    (engine/sender), started on a thread before the SMTP test: loading them and dnspython, and
    their DNS questions, take about as long as the test itself, so they run beside it. A check
    without --send never loads them."""

    def __init__(self, settings: MailSettings, dns: Dns | None) -> None:
        self._ready = threading.Event()
        self._alongside: SenderAlongside | None = None
        self._error: BaseException | None = None
        self._stopped = False
        threading.Thread(
            target=self._begin, args=(settings, dns), name="sender-start", daemon=True
        ).start()

    def _begin(self, settings: MailSettings, dns: Dns | None) -> None:
        try:
            # only with --send: dnspython and the sender checks (about 200 ms under -X importtime)
            from ontime_assist.engine.discovery.dns_lookup import Dns
            from ontime_assist.engine.sender.runs import SenderAlongside, path_before_check

            alongside = SenderAlongside(dns or Dns(), settings.timeout)
            path = path_before_check(settings)
            if path is not None and not self._stopped:
                alongside.start_path(path)
            self._alongside = alongside
        except BaseException as error:  # raised again on the command's thread
            self._error = error
        finally:
            self._ready.set()

    def combined_with(self, result: CheckResult, findings: list[Finding]) -> list[Finding]:
        self._ready.wait()  # imports only: no network wait before this is set
        if self._error is not None:
            raise self._error
        # only with --send (see _begin)
        from ontime_assist.engine.sender.runs import combined, path_for_check

        assert self._alongside is not None
        return combined(findings, self._alongside.finish_path(path_for_check(result)))

    def stop(self) -> None:
        self._stopped = True
        if self._alongside is not None:
            self._alongside.stop()


def _password(args: argparse.Namespace, stdin: TextIO, host: str, username: str) -> Secret:
    if args.password_stdin and args.use_saved_password:
        raise UsageError("use either --password-stdin or --use-saved-password, not both")
    password = Secret()
    if args.password_stdin:
        password = Secret(read_password_line(stdin))
        if not password:
            raise UsageError("the password read from standard input is empty")
    if args.use_saved_password:
        password = _saved_password(host, username)
    if password and not username:
        raise UsageError("a password was given without --username")
    if username and not password:
        raise UsageError(f"--username {username} needs a password: pipe it to --password-stdin")
    return password


def _saved_password(host: str, username: str) -> Secret:
    # not on check's path unless --saved-password: keyring and its backends
    from ontime_assist.credentials import CredentialError, CredentialStore

    if not username:
        raise UsageError("--use-saved-password needs --username")
    try:
        password = CredentialStore().load(host, username)
    except CredentialError as exc:
        raise UsageError(exc.message) from None
    if not password:
        raise UsageError(f"no password is saved for {username} at {host}")
    return password


def _report_target(raw: str) -> Path:
    from pathlib import Path  # only with --report: pathlib loads urllib.parse, about 5 ms

    # only with --report: the report's formats (about 75 ms with what they load)
    from ontime_assist.report.files import FORMATS

    target = Path(raw)
    if target.suffix.lower() not in FORMATS:
        raise UsageError(f"--report {raw}: the file name must end in .txt, .md, .html or .pdf")
    if not target.parent.is_dir():
        raise UsageError(f"--report {raw}: the folder {target.parent} does not exist")
    return target


def _write_report(result: CheckResult, target: Path) -> bool:
    # only with --report: the case, its verdict and the report (about 75 ms and typing)
    from ontime_assist.case import Case, judge
    from ontime_assist.case.record import TestRecord
    from ontime_assist.report.build import build_report
    from ontime_assist.report.files import write_report

    # Named in the summary as the command-line check, not as a step of the wizard.
    test = TestRecord(1, Step.SERVER_SETTINGS, result, command_line=True)
    verdict = judge(Case(tests=(test,)))
    try:
        write_report(build_report(verdict), target)
    except OSError as exc:
        print(
            f"ontime-assist: could not write the report {target}: {exc.strerror}", file=sys.stderr
        )
        return False
    return True
