"""The command line's grammar: every command and option, and nothing of the engine (a run
loads only what its command needs, after the arguments are read)."""

from __future__ import annotations

import argparse
import os
from functools import cache

from ontime_assist.commands.common import UsageError
from ontime_assist.engine.check.defaults import DEFAULT_SEARCH_SECONDS, DEFAULT_TIMEOUT

TYPE_CHECKING = False  # mypy reads True; not importing typing saves check ~5 ms (records.py)

if TYPE_CHECKING:
    from typing import Any, NoReturn

DEFAULT_WIDTH, MIN_WIDTH = 80, 40
NAMESERVER_HELP = "resolve every name of this run through that DNS server"
CAFILE_HELP = "extra trusted CA certificates (PEM)"


@cache
def _terminal_width() -> int:
    try:
        width = os.get_terminal_size().columns
    except OSError:
        width = DEFAULT_WIDTH
    return max(width, MIN_WIDTH) - 2


class _Formatter(argparse.HelpFormatter):
    """argparse's own, told the terminal's width: left to find out itself, it loads shutil
    (and with it the compression modules) on every start. argparse makes one for every
    argument added, so the width is asked once."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_terminal_width())


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole grammar; with `only`, the top level and that one command (a run of a named
    command never shows the others, and each costs a millisecond to build)."""
    parser = _Parser(
        prog="ontime-assist",
        description="Finds out why OnTime's notification emails are not going out.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--demo", action="store_true", help="open the wizard against a built-in practice server"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="build the whole wizard, load every resource, report, exit 0 or 1",
    )
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name, (summary, add_options) in _COMMANDS.items():
        if only in (None, name):
            add_options(commands.add_parser(name, help=summary))
    return parser


def _check(check: argparse.ArgumentParser) -> None:
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
    check.add_argument("--cafile", default=None, help=CAFILE_HELP)
    check.add_argument(
        "--timeout",
        default=str(DEFAULT_TIMEOUT),
        help=f"seconds per network wait (default {DEFAULT_TIMEOUT:g})",
    )
    check.add_argument(
        "--allow-plaintext-auth",
        action="store_true",
        help="consent to send the password without TLS",
    )
    check.add_argument(
        "--use-saved-password",
        action="store_true",
        help="take the password from the OS keyring (saved by the wizard)",
    )
    check.add_argument(
        "--report",
        default=None,
        help="also write the summary; format from the extension: .txt .md .html .pdf",
    )
    check.add_argument("--nameserver", default=None, metavar="IP[:PORT]", help=NAMESERVER_HELP)
    check.add_argument("--json", action="store_true", help="print one JSON object")


def _explain(explain: argparse.ArgumentParser) -> None:
    explain.add_argument(
        "text", nargs="?", default=None, help="the message; read from standard input when absent"
    )
    explain.add_argument("--json", action="store_true", help="print one JSON object")


def _discover(discover: argparse.ArgumentParser) -> None:
    discover.add_argument("address", help="the email address OnTime sends from")
    discover.add_argument("--nameserver", default=None, metavar="IP[:PORT]", help=NAMESERVER_HELP)
    discover.add_argument("--cafile", default=None, help=CAFILE_HELP)
    discover.add_argument(
        "--timeout",
        default=str(DEFAULT_SEARCH_SECONDS),
        help=f"seconds for the whole search (default {DEFAULT_SEARCH_SECONDS:g})",
    )
    discover.add_argument("--json", action="store_true", help="print one JSON object")


_COMMANDS = {
    "check": ("test one mail server headlessly", _check),
    "explain": ("diagnose a pasted error message, offline", _explain),
    "discover": ("find the provider and the outgoing-mail settings from an address", _discover),
}
