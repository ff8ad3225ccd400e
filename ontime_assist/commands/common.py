"""What the headless commands share: usage errors, printing, the DNS choice."""

from __future__ import annotations

import codecs

TYPE_CHECKING = False  # mypy reads True; not importing typing saves check ~5 ms (records.py)

if TYPE_CHECKING:
    from typing import TextIO

    from ontime_assist.engine.discovery.dns_lookup import Dns

EXIT_OK, EXIT_USAGE, EXIT_INTERRUPTED = 0, 2, 130


class UsageError(Exception):
    """Bad usage or bad input: one line on standard error, exit 2."""


# Stand-ins for the marks and punctuation of the text output where the output's encoding lacks
# them: a Windows console's code page (cp437, cp850) or a file redirected in the ANSI code page.
_STAND_INS = {"✓": "+", "✗": "x", "–": "-", "—": "-", "“": '"', "”": '"', "’": "'", "…": "..."}


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    """Only what the encoding lacks is replaced; a server's words in another script become ?."""
    assert isinstance(error, UnicodeEncodeError)
    missing = error.object[error.start : error.end]
    return "".join(_STAND_INS.get(char, "?") for char in missing), error.end


def print_output(stdout: TextIO, output: dict[str, object] | str) -> None:
    """One JSON object (--json), or the text for people, in whatever encoding the output has."""
    encoding = getattr(stdout, "encoding", None) or "utf-8"
    if isinstance(output, dict):
        import json  # only for --json: json compiles its patterns, about 3 ms

        text = json.dumps(output, ensure_ascii=False, indent=2)
        if not _fits(text, encoding):
            text = json.dumps(output, ensure_ascii=True, indent=2)  # the same JSON, escaped
        stdout.write(text + "\n")
        return
    if not _fits(output, encoding):
        codecs.register_error("ontime_assist.stand_in", _stand_in)
        output = output.encode(encoding, "ontime_assist.stand_in").decode(encoding)
    stdout.write(output)


def _fits(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def dns_for(nameserver: str | None) -> Dns | None:
    """The DNS server every name of the run is resolved through (--nameserver), or None for the
    system's own resolver."""
    if nameserver is None:
        return None
    # only with --nameserver: dnspython (about 200 ms under -X importtime)
    from ontime_assist.engine.discovery.dns_lookup import Dns, NameserverError, parse_nameserver

    try:
        return Dns(parse_nameserver(nameserver))
    except NameserverError as exc:
        raise UsageError(f"--nameserver: {exc}") from None
