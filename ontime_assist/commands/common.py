"""What the headless commands share: usage errors, printing, the DNS choice."""

from __future__ import annotations

TYPE_CHECKING = False  # mypy reads it as True; typing is not loaded (records.py)

if TYPE_CHECKING:
    from typing import TextIO

    from ontime_assist.engine.discovery.dns_lookup import Dns

EXIT_OK, EXIT_USAGE, EXIT_INTERRUPTED = 0, 2, 130


class UsageError(Exception):
    """Bad usage or bad input: one line on standard error, exit 2."""


def print_output(stdout: TextIO, output: dict[str, object] | str) -> None:
    """One JSON object (--json), or the text for people."""
    if isinstance(output, dict):
        import json

        json.dump(output, stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    else:
        stdout.write(output)


def dns_for(nameserver: str | None) -> Dns | None:
    """The DNS server every name of the run is resolved through (--nameserver), or None for the
    system's own resolver."""
    if nameserver is None:
        return None
    from ontime_assist.engine.discovery.dns_lookup import Dns, NameserverError, parse_nameserver

    try:
        return Dns(parse_nameserver(nameserver))
    except NameserverError as exc:
        raise UsageError(f"--nameserver: {exc}") from None
