"""The printable summary as a PDF through Qt (the wizard's Save as… PDF)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from ontime_assist.report_files import write_atomically


def write_pdf(report_html: str, target: Path) -> None:
    temporary = target.with_name(f".{target.name}.qt")
    writer = QPdfWriter(str(temporary))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle("OnTime Assist summary")
    document = QTextDocument()
    document.setHtml(report_html)
    document.print_(writer)
    del writer  # finishes the file
    try:
        write_atomically(target, temporary.read_bytes())
    finally:
        temporary.unlink(missing_ok=True)
