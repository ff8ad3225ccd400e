"""A plain-text PDF without Qt, for `check --report FILE.pdf` on machines with no display.

Courier (a PDF standard font, so nothing is embedded), A4, wrapped to the page. Characters
outside Latin-1 are transliterated where common (quotes, arrows, dashes) and otherwise shown
as "?": the report's content is ASCII-safe in practice (replies, names, addresses).
"""

from __future__ import annotations

import textwrap

PAGE_W, PAGE_H, MARGIN = 595, 842, 50
FONT_SIZE, LEADING = 9, 12
CHARS_PER_LINE = int((PAGE_W - 2 * MARGIN) / (0.6 * FONT_SIZE))
LINES_PER_PAGE = int((PAGE_H - 2 * MARGIN) / LEADING)

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


def _pdf_string(text: str) -> bytes:
    raw = text.translate(_TRANSLITERATE).encode("latin-1", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _wrap(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.splitlines() or [""]:
        indent = len(line) - len(line.lstrip(" "))
        lines.extend(
            textwrap.wrap(
                line,
                CHARS_PER_LINE,
                subsequent_indent=" " * (indent + 2),
                break_long_words=True,
                drop_whitespace=False,
            )
            or [""]
        )
    return lines


def text_pdf(text: str, title: str = "") -> bytes:
    lines = _wrap(text)
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    objects: list[bytes] = []
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(f"{pid} 0 R".encode() for pid in page_ids)
    objects.append(
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(len(pages)).encode() + b" >>"
    )
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>"
    )
    for number, page in enumerate(pages):
        content = [b"BT", f"/F1 {FONT_SIZE} Tf {LEADING} TL {MARGIN} {PAGE_H - MARGIN} Td".encode()]
        for line in page:
            content.append(_pdf_string(line) + b" Tj T*")
        content.append(b"ET")
        stream = b"\n".join(content)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
            f"/Resources << /Font << /F1 3 0 R >> >> "
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
