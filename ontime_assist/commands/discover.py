"""`ontime-assist discover ADDRESS`: the provider and the settings, from the address alone;
and whether receivers would trust mail from the address's domain sent the recommended way."""

from __future__ import annotations

import argparse
from typing import TextIO

from ontime_assist.commands.common import dns_for, print_output
from ontime_assist.commands.text_output import render_discovery
from ontime_assist.engine.check.settings import validate_timeout
from ontime_assist.engine.discovery.dns_lookup import Dns
from ontime_assist.engine.discovery.search import discover
from ontime_assist.engine.sender.runs import SenderAlongside
from ontime_assist.engine.tls.context import verifying_context


def run(args: argparse.Namespace, _stdin: TextIO, stdout: TextIO) -> int:
    timeout = validate_timeout(args.timeout)
    dns = dns_for(args.nameserver)
    if args.cafile:
        verifying_context(args.cafile)  # an unreadable CA file is bad input: say so now
    # The sender checks (SPF, DKIM, DMARC) ask their questions while the search probes, through
    # the same DNS, within the same time limit.
    sender = SenderAlongside(dns or Dns(), timeout)
    try:
        found = discover(
            args.address, dns=dns, cafile=args.cafile, timeout=timeout, on_recognised=sender.start
        )
        found.findings.extend(sender.finish(found))
    finally:
        sender.stop()  # Ctrl+C, or a wait still open: no question outlives the run
    print_output(stdout, found.to_json() if args.json else render_discovery(found))
    return found.exit_code
