"""The command line: `ontime-assist` opens the wizard; `check` and `explain` run headless.

Nothing here imports Qt at module level: the headless commands run on servers without a display
(and without Qt's libraries), so the GUI is imported only when it is asked for.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from ontime_assist import __version__
from ontime_assist.engine.settings import DEFAULT_TIMEOUT, SettingsError

if TYPE_CHECKING:
    from ontime_assist.engine.result import CheckResult

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage or bad input: one line on standard error, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ontime-assist",
        description="Finds out why OnTime's notification emails are not going out.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the wizard against a built-in practice mail server",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="build the whole wizard, load every resource, report, exit 0 or 1",
    )
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    check = commands.add_parser("check", help="test one mail server headlessly")
    check.add_argument("--host", required=True, help="the mail server, e.g. smtp.gmail.com")
    check.add_argument("--port", required=True, help="e.g. 587 or 465")
    check.add_argument("--security", default="auto", help="auto | starttls | ssl | none")
    check.add_argument("--username", default="", help="the account's user name")
    check.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password as one line from standard input",
    )
    check.add_argument("--from", dest="from_addr", default="", help="MAIL FROM address")
    check.add_argument(
        "--to",
        dest="to_addr",
        default="",
        help="RCPT TO address; without it the relay stage is skipped",
    )
    check.add_argument("--send", action="store_true", help="also send a real test message")
    check.add_argument("--cafile", default=None, help="extra trusted CA certificates (PEM)")
    check.add_argument(
        "--timeout", default=str(DEFAULT_TIMEOUT), help="seconds per network wait (default 10)"
    )
    check.add_argument(
        "--allow-plaintext-auth",
        action="store_true",
        help="consent to send the password without TLS",
    )
    check.add_argument(
        "--report",
        default=None,
        help="also write the summary; format from the extension: .txt .md .html .pdf",
    )
    check.add_argument(
        "--use-saved-password",
        action="store_true",
        help="take the password from the OS keyring (saved by the wizard)",
    )
    check.add_argument("--json", action="store_true", help="print one JSON object")

    explain = commands.add_parser("explain", help="diagnose a pasted error message, offline")
    explain.add_argument(
        "text", nargs="?", default=None, help="the message; read from standard input when absent"
    )
    explain.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except UsageError as exc:
        print(f"ontime-assist: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SettingsError as exc:
        print(f"ontime-assist: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("ontime-assist: interrupted", file=sys.stderr)
        return 130


def _main(argv: list[str]) -> int:
    args = _build_parser().parse_args(argv)
    if args.version:
        print(f"ontime-assist {__version__}")
        return EXIT_OK
    if args.command == "check":
        return _run_check(args, sys.stdin, sys.stdout)
    if args.command == "explain":
        return _run_explain(args, sys.stdin, sys.stdout)
    if not _display_available():
        raise UsageError(
            "no display to open the wizard on; on a server use 'ontime-assist check …' or "
            "'ontime-assist explain …' (or set QT_QPA_PLATFORM=offscreen for --self-test)"
        )
    from ontime_assist.ui.app import run_gui  # Qt is loaded only from here on

    return run_gui(demo=args.demo, self_test=args.self_test)


def _display_available() -> bool:
    """Qt aborts the whole process when it finds no display; say so instead. Only X11 and
    Wayland desktops can lack one: Windows and macOS always have a session to draw on."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def gui_main() -> int:
    """The entry point without a console window (desktop shortcuts on Windows)."""
    from ontime_assist.ui.app import run_gui

    return run_gui(demo="--demo" in sys.argv, self_test=False)


def read_password_line(stream: TextIO) -> str:
    """One line from standard input, without its line end (spaces are kept: they may be real)."""
    if stream is None or stream.closed:
        raise UsageError("--password-stdin needs the password on standard input")
    line = stream.readline()
    if not line:
        raise UsageError("--password-stdin was given but standard input is empty")
    return line.removesuffix("\n").removesuffix("\r")


def _run_check(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from ontime_assist.engine.probe import run_check
    from ontime_assist.engine.settings import build_settings
    from ontime_assist.engine.tls import verifying_context

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
    password: str | None = None
    if args.password_stdin and args.use_saved_password:
        raise UsageError("use either --password-stdin or --use-saved-password, not both")
    if args.password_stdin:
        password = read_password_line(stdin)
        if not password:
            raise UsageError("the password read from standard input is empty")
    if args.use_saved_password:
        password = _saved_password(settings.host, settings.username)
    if password and not settings.username:
        raise UsageError("a password was given without --username")
    if settings.username and password is None:
        raise UsageError(
            f"--username {settings.username} needs a password: pipe it to --password-stdin"
        )
    if settings.cafile:
        verifying_context(settings.cafile)  # reject an unreadable CA file as bad input, now
    report_path = _report_target(args.report) if args.report else None
    result = run_check(settings, password)
    if report_path is not None:
        _write_check_report(result, report_path, password)
    from ontime_assist.engine.text_output import render_check

    _print(stdout, result.to_json() if args.json else render_check(result))
    return result.exit_code


def _print(stdout: TextIO, output: dict[str, object] | str) -> None:
    """One JSON object (--json), or the text for people."""
    if isinstance(output, dict):
        json.dump(output, stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    else:
        stdout.write(output)


def _report_target(raw: str) -> Path:
    from ontime_assist.report_files import RENDERERS

    target = Path(raw)
    if target.suffix.lower() not in (*RENDERERS, ".pdf"):
        raise UsageError(f"--report {raw}: the file name must end in .txt, .md, .html or .pdf")
    if not target.parent.is_dir():
        raise UsageError(f"--report {raw}: the folder {target.parent} does not exist")
    return target


def _write_check_report(result: CheckResult, target: Path, password: str | None) -> None:
    from ontime_assist.report import build_report
    from ontime_assist.report_files import write_report
    from ontime_assist.session import AssistantSession

    session = AssistantSession(password=password or "")
    session.results["server_settings"] = result
    try:
        write_report(build_report(session), target)
    except OSError as exc:
        print(
            f"ontime-assist: could not write the report {target}: {exc.strerror}", file=sys.stderr
        )


def _saved_password(host: str, username: str) -> str:
    from ontime_assist.credentials import CredentialError, CredentialStore

    if not username:
        raise UsageError("--use-saved-password needs --username")
    try:
        password = CredentialStore().load(host, username)
    except CredentialError as exc:
        raise UsageError(exc.message) from None
    if password is None:
        raise UsageError(f"no password is saved for {username} at {host}")
    return password


def _run_explain(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from ontime_assist.engine.explain import explain
    from ontime_assist.engine.text_output import render_explanation

    text = args.text if args.text is not None else stdin.read()
    if not text.strip():
        raise UsageError("nothing to explain: give the message as an argument or on stdin")
    explanation = explain(text)
    _print(stdout, explanation.to_json() if args.json else render_explanation(explanation))
    return explanation.exit_code
