"""Writing the summary to disk: the format from the extension, atomically (a half-written file
never replaces a good one)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ontime_assist.report.html import render_html
from ontime_assist.report.markdown import render_markdown
from ontime_assist.report.model import Report
from ontime_assist.report.pdf import report_pdf
from ontime_assist.report.text import render_text


class ReportWriteError(Exception):
    pass


FORMATS: dict[str, Callable[[Report], bytes]] = {
    ".txt": lambda report: render_text(report).encode("utf-8"),
    ".md": lambda report: render_markdown(report).encode("utf-8"),
    ".html": lambda report: render_html(report).encode("utf-8"),
    ".htm": lambda report: render_html(report).encode("utf-8"),
    ".pdf": report_pdf,
}


def write_atomically(target: Path, data: bytes) -> None:
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_report(report: Report, target: Path) -> None:
    render = FORMATS.get(target.suffix.lower())
    if render is None:
        raise ReportWriteError(
            f"unknown format “{target.suffix or '(none)'}”: use .txt, .md, .html or .pdf"
        )
    write_atomically(target, render(report))
