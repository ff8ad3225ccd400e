"""`ontime-assist discover ADDRESS`: the provider and the settings, from the address alone."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from ontime_assist.commands.common import dns_for, print_output

if TYPE_CHECKING:
    from ontime_assist.commands.common import Subcommands


def add_parser(commands: Subcommands) -> None:
    from ontime_assist.engine.discovery import DEFAULT_SEARCH_SECONDS

    discover = commands.add_parser(
        "discover", help="find the provider and the outgoing-mail settings from an address"
    )
    discover.add_argument("address", help="the email address OnTime sends from")
    discover.add_argument(
        "--nameserver",
        default=None,
        metavar="IP[:PORT]",
        help="resolve every name of this run through that DNS server",
    )
    discover.add_argument("--cafile", default=None, help="extra trusted CA certificates (PEM)")
    discover.add_argument(
        "--timeout",
        default=str(DEFAULT_SEARCH_SECONDS),
        help=f"seconds for the whole search (default {DEFAULT_SEARCH_SECONDS:g})",
    )
    discover.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace, _stdin: TextIO, stdout: TextIO) -> int:
    from ontime_assist.engine.discovery.search import discover
    from ontime_assist.engine.settings import validate_timeout
    from ontime_assist.engine.text_output import render_discovery
    from ontime_assist.engine.tls import verifying_context

    timeout = validate_timeout(args.timeout)
    dns = dns_for(args.nameserver)
    if args.cafile:
        verifying_context(args.cafile)  # an unreadable CA file is bad input: say so now
    found = discover(args.address, dns=dns, cafile=args.cafile, timeout=timeout)
    print_output(stdout, found.to_json() if args.json else render_discovery(found))
    return found.exit_code
