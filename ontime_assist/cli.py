"""The command line: `ontime-assist` opens the wizard; `check`, `explain` and `discover` run
headless.

Nothing here imports Qt, or the engine, at module level: a headless command runs on servers
without a display (and without Qt's libraries), and each command loads only what it uses, after
its arguments are read (arguments.py holds the grammar).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from ontime_assist import __version__
from ontime_assist.arguments import build_parser
from ontime_assist.commands import HEADLESS_COMMANDS
from ontime_assist.commands.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError
from ontime_assist.engine.check.settings_error import SettingsError


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
    except Exception:
        _log_crash()
        raise


def _log_crash() -> None:
    """A bug: its traceback goes to the log too (redacted, as every record), for support.
    Logging is set up only now: a command that works never loads it."""
    from ontime_assist.logs import log, setup_logging

    path = setup_logging()
    if path is not None:
        log.critical("unhandled exception", exc_info=True)
        print(f"ontime-assist: internal error; the details are in {path}", file=sys.stderr)


def _main(argv: list[str]) -> int:
    if not argv:  # the desktop launch: straight to the window, no grammar built
        return _open_wizard(demo=False, self_test=False)

    only = argv[0] if argv[0] in HEADLESS_COMMANDS else None
    args = build_parser(only).parse_args(argv)
    if args.version:
        print(f"ontime-assist {__version__}")
        return EXIT_OK
    if args.command == "check":
        from ontime_assist.commands import check

        return check.run(args, sys.stdin, sys.stdout)
    if args.command == "explain":
        from ontime_assist.commands import explain

        return explain.run(args, sys.stdin, sys.stdout)
    if args.command == "discover":
        from ontime_assist.commands import discover

        return discover.run(args, sys.stdin, sys.stdout)
    return _open_wizard(demo=args.demo, self_test=args.self_test)


def _open_wizard(*, demo: bool, self_test: bool) -> int:
    if not _display_available():
        raise UsageError(
            "no display to open the wizard on; on a server use 'ontime-assist check …', "
            "'ontime-assist discover …' or 'ontime-assist explain …' (or set "
            "QT_QPA_PLATFORM=offscreen for --self-test)"
        )
    from ontime_assist.ui.app import run_gui  # Qt is loaded only from here on

    return run_gui(demo=demo, self_test=self_test)


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
