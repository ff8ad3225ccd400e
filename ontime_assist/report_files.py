"""Writing a report to disk: format from the extension, atomic (no half-written file ever
replaces a good one)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ontime_assist.report import Report, render_html, render_markdown, render_text


class ReportWriteError(Exception):
    pass


RENDERERS = {".txt": render_text, ".md": render_markdown, ".html": render_html, ".htm": render_html}


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
    suffix = target.suffix.lower()
    if suffix == ".pdf":
        from ontime_assist.pdf_text import text_pdf

        write_atomically(target, text_pdf(render_text(report), title=report.subject))
        return
    renderer = RENDERERS.get(suffix)
    if renderer is None:
        raise ReportWriteError(
            f"unknown format “{suffix or '(none)'}”: use .txt, .md, .html or .pdf"
        )
    write_atomically(target, renderer(report).encode("utf-8"))
