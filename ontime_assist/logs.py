"""A trace of every failure: a rotated log file in a per-user folder, written through a filter
that removes every secret the run knows (and anything shaped like a credential) from the
message and the traceback alike. No Qt here: the command line logs its crashes too.

The folder is the one the settings live in, `logs` beside them: $ONTIME_ASSIST_HOME (tests,
portable use) or the platform's per-user configuration folder, as the wizard's settings store
finds it. `log_path()` is the file to name to the user and to support (the crash dialog, the
summary's part for support).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from ontime_assist import APP_NAME, __version__
from ontime_assist.engine.redaction.redact import Redactor
from ontime_assist.engine.redaction.scrub import scrub_credentials

LOG_NAME = "ontime-assist.log"
MAX_BYTES = 1_000_000  # then rotated: ontime-assist.log.1 … .3, the oldest dropped
BACKUPS = 3
LOGGER = "ontime_assist"

log = logging.getLogger(LOGGER)
# What must never be written: each source gives the secrets it knows now (the typed or
# remembered password), asked at each record, so a password typed later is covered too.
_secret_sources: list[Callable[[], Iterable[str]]] = []
_handler: logging.Handler | None = None
_hook_before: Callable[[threading.ExceptHookArgs], object] | None = None


def log_folder() -> Path:
    override = os.environ.get("ONTIME_ASSIST_HOME")
    if override:
        return Path(override) / "logs"
    if sys.platform == "win32":  # where Qt's GenericConfigLocation is: AppData\Local
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Preferences"
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / APP_NAME / "logs"


def log_path() -> Path:
    """The log file (it may not exist yet: nothing has been logged)."""
    return log_folder() / LOG_NAME


def active_log() -> Path | None:
    """The log file this process writes, or None when it logs nowhere (logging not set up,
    or its folder could not be made): what to name to the user and to support."""
    return log_path() if _handler is not None else None


def add_secret_source(source: Callable[[], Iterable[str]]) -> None:
    _secret_sources.append(source)


def known_secrets() -> list[str]:
    found: list[str] = []
    for source in _secret_sources:
        try:
            found.extend(s for s in source() if s)
        except Exception:  # noqa: S112 - a source gone (its window closed) knows nothing now
            continue
    return found


class RedactingFilter(logging.Filter):
    """Rewrites each record before any handler formats it: the message with its arguments
    filled in, the traceback and the stack, each without the run's secrets and without
    credential-shaped text (AUTH lines, password=…, URLs with a password)."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact = Redactor(known_secrets())

        def clean(text: str) -> str:
            return redact(scrub_credentials(text))

        record.msg = clean(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = clean(record.exc_text)
        if record.stack_info:
            record.stack_info = clean(record.stack_info)
        return True


def setup_logging() -> Path | None:
    """Log to the per-user file from now on; the file's path, or None when the folder cannot
    be made (a read-only profile costs the log, never the app). Once per process."""
    global _handler
    if _handler is not None:
        return log_path()
    # only when logging starts (after the first paint, or a crash): about 19 ms
    from logging.handlers import RotatingFileHandler

    try:
        log_folder().mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            log_path(), maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        return None
    handler.addFilter(RedactingFilter())
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s")
    )
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    _handler = handler
    _install_thread_hook()
    python = sys.version.split()[0]
    log.info("%s %s started (Python %s, %s)", APP_NAME, __version__, python, sys.platform)
    return log_path()


def stop_logging() -> None:
    """Close the file (tests; the end of a process closes it anyway)."""
    global _handler, _hook_before
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
        _handler = None
    if _hook_before is not None:
        threading.excepthook = _hook_before
        _hook_before = None


def _install_thread_hook() -> None:
    """An exception that ends a thread of ours is logged with its traceback; whatever hook
    was there before (the default prints it) still runs."""
    global _hook_before
    previous = _hook_before = threading.excepthook

    def hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is not SystemExit and args.exc_value is not None:
            name = args.thread.name if args.thread is not None else "?"
            log.error(
                "unhandled exception in thread %s",
                name,
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )
        previous(args)

    threading.excepthook = hook
