"""`ontime-assist explain`: diagnose a pasted error message, offline."""

from __future__ import annotations

import argparse
from typing import TextIO

from ontime_assist.commands.common import UsageError, print_output
from ontime_assist.commands.text_output import render_explanation
from ontime_assist.engine.diagnosis.explain import explain


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    text = args.text if args.text is not None else stdin.read()
    if not text.strip():
        raise UsageError("nothing to explain: give the message as an argument or on stdin")
    explanation = explain(text)
    print_output(stdout, explanation.to_json() if args.json else render_explanation(explanation))
    return explanation.exit_code
