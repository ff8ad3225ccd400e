"""The command line: `ontime-assist` opens the wizard; `check`, `explain` and `discover` run
headless.

Nothing here imports Qt at module level: the headless commands run on servers without a display
(and without Qt's libraries), so the GUI is imported only when it is asked for.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from ontime_assist import __version__
from ontime_assist.commands import check, discover, explain
from ontime_assist.commands.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError
from ontime_assist.engine.settings import SettingsError

COMMANDS = {"check": check.run, "explain": explain.run, "discover": discover.run}


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
    check.add_parser(commands)
    explain.add_parser(commands)
    discover.add_parser(commands)
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
        return EXIT_INTERRUPTED


def _main(argv: list[str]) -> int:
    args = _build_parser().parse_args(argv)
    if args.version:
        print(f"ontime-assist {__version__}")
        return EXIT_OK
    if args.command in COMMANDS:
        return COMMANDS[args.command](args, sys.stdin, sys.stdout)
    if not _display_available():
        raise UsageError(
            "no display to open the wizard on; on a server use 'ontime-assist check …', "
            "'ontime-assist discover …' or 'ontime-assist explain …' (or set "
            "QT_QPA_PLATFORM=offscreen for --self-test)"
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
