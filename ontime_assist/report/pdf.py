"""The summary as a PDF, the same from the wizard and from `check --report` (no Qt needed).

A4, Courier (a PDF standard font, so nothing is embedded), headings in Courier-Bold, wrapped to
the page. Characters outside Latin-1 are transliterated where common (quotes, arrows, dashes)
and otherwise shown as "?": the report's content is ASCII-safe in practice.
"""

from __future__ import annotations

import textwrap

from ontime_assist.report.model import Report
from ontime_assist.report.render import render
from ontime_assist.report.text import PlainText

PAGE_W, PAGE_H, MARGIN = 595, 842, 50  # A4 in points
FONT_SIZE, LEADING = 9, 12
CHARS_PER_LINE = int((PAGE_W - 2 * MARGIN) / (0.6 * FONT_SIZE))  # Courier is 0.6 em wide
LINES_PER_PAGE = int((PAGE_H - 2 * MARGIN) / LEADING)
BOLD = "\x01"  # marks a line to set in bold; never part of the report's text

_TRANSLITERATE = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "→": "->",
        "←": "<-",
        "—": "-",
        "–": "-",
        "…": "...",
        "✓": "v",
        "✗": "x",
        "⏎": "|",
    }
)


class _PdfLines(PlainText):
    """The plain-text layout, with the subject, the lead and the headings in bold."""

    def begin(self, report: Report) -> list[str]:
        return [BOLD + report.subject, "", *super().begin(report)]

    def heading(self, text: str) -> list[str]:
        return [BOLD + f"{text}:"]


def report_pdf(report: Report) -> bytes:
    return text_pdf(render(report, _PdfLines()), title=report.subject)


def _pdf_string(text: str) -> bytes:
    raw = text.translate(_TRANSLITERATE).encode("latin-1", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _wrap(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.splitlines() or [""]:
        bold = line.startswith(BOLD)
        line = line.removeprefix(BOLD)
        indent = len(line) - len(line.lstrip(" "))
        wrapped = textwrap.wrap(
            line,
            CHARS_PER_LINE,
            subsequent_indent=" " * (indent + 2),
            break_long_words=True,
            drop_whitespace=False,
        ) or [""]
        lines.extend(BOLD + w if bold else w for w in wrapped)
    return lines


def text_pdf(text: str, title: str = "") -> bytes:
    """A PDF of `text`; lines starting with BOLD are set in bold."""
    lines = _wrap(text)
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    objects: list[bytes] = []
    first_page = 5  # catalog, page tree, two fonts, then page/content pairs
    page_ids = [first_page + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(f"{pid} 0 R".encode() for pid in page_ids)
    objects.append(
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(len(pages)).encode() + b" >>"
    )
    for font_name in (b"Courier", b"Courier-Bold"):
        objects.append(
            b"<< /Type /Font /Subtype /Type1 /BaseFont /"
            + font_name
            + b" /Encoding /WinAnsiEncoding >>"
        )
    for number, page in enumerate(pages):
        content = [b"BT", f"{LEADING} TL {MARGIN} {PAGE_H - MARGIN} Td".encode()]
        current = ""
        for line in page:
            font = "/F2" if line.startswith(BOLD) else "/F1"
            if font != current:
                content.append(f"{font} {FONT_SIZE} Tf".encode())
                current = font
            content.append(_pdf_string(line.removeprefix(BOLD)) + b" Tj T*")
        content.append(b"ET")
        stream = b"\n".join(content)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
            f"/Contents {page_ids[number] + 1} 0 R >>".encode()
        )
        objects.append(
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"
        )
    info_id = len(objects) + 1
    objects.append(b"<< /Title " + _pdf_string(title) + b" /Producer (OnTime Assist) >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for index, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{index} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {info_id} 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
