"""The summary as a PDF, the same from the wizard and from `check --report` (no Qt needed).

A4, wrapped to the page, in DejaVu Sans Mono embedded whole (shipped in resources/fonts): the
PDF standard fonts only know Latin-1, and a report quotes what the user typed and the server
said, in any script (a Polish or Cyrillic password hint, a Japanese sender address). Text is set
with Identity-H (two-byte glyph codes) and each font carries a ToUnicode map, so the PDF's text
can be copied and searched, letter for letter. Letters the shipped font lacks (CJK) come from a
font the system has (pdf_font.py), embedded too; with none, they show as an empty box but still
copy as themselves. Headings are the same font drawn thicker (fill and stroke), which saves
embedding a second font. Written by hand rather than with a PDF library: the whole job is one
font, lines of text and a page tree, and `check --report` stays free of further dependencies.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
import zlib
from dataclasses import dataclass, field

from ontime_assist.report.model import Report
from ontime_assist.report.pdf_font import TrueTypeFont, fallback_fonts, report_font
from ontime_assist.report.render import render
from ontime_assist.report.text import PlainText

PAGE_W, PAGE_H, MARGIN = 595, 842, 50  # A4 in points
FONT_SIZE, LEADING = 9, 12
CHARS_PER_LINE = int((PAGE_W - 2 * MARGIN) / (0.6 * FONT_SIZE))  # DejaVu Sans Mono: 0.6 em
LINES_PER_PAGE = int((PAGE_H - 2 * MARGIN) / LEADING)
BOLD = "\x01"  # marks a line to set in bold; never part of the report's text

# Symbols no font at hand may draw: drawn with these glyphs, so the line still reads, while
# copying gives the symbol itself. Letters are never drawn as others: with no font they show
# as a box and copy as themselves.
_TRANSLITERATE = {
    "✓": "v",
    "✗": "x",
    "⏎": "|",
}


class _PdfLines(PlainText):
    """The plain-text layout, with the subject, the lead and the headings in bold."""

    def begin(self, report: Report) -> list[str]:
        return [BOLD + report.subject, "", *super().begin(report)]

    def heading(self, text: str) -> list[str]:
        return [BOLD + f"{text}:"]


def report_pdf(report: Report) -> bytes:
    return text_pdf(render(report, _PdfLines()), title=report.subject)


@dataclass
class _FontUse:
    """One embedded font and the characters this document draws with it."""

    font: TrueTypeFont
    resource: str
    codes: dict[str, int] = field(default_factory=dict)  # character -> its code (CID) here

    def encode(self, text: str) -> bytes:
        for char in text:
            self.codes.setdefault(char, len(self.codes) + 1)
        return b"<" + "".join(f"{self.codes[c]:04X}" for c in text).encode() + b">"

    def glyph(self, char: str) -> int:
        glyphs = self.font.glyphs
        return glyphs.get(ord(char)) or glyphs.get(ord(_TRANSLITERATE.get(char, char)), 0)


class _Fonts:
    """Picks the font for each character: the report's own, else the system's, else a box."""

    def __init__(self) -> None:
        self.uses = [_FontUse(report_font(), "/F1")]
        self._fallbacks: tuple[TrueTypeFont, ...] | None = None

    def _use_for(self, char: str) -> _FontUse:
        if self.uses[0].font.has(char) or char == " ":
            return self.uses[0]
        if self._fallbacks is None:
            self._fallbacks = fallback_fonts()
        for font in self._fallbacks:
            if font.has(char):
                for use in self.uses:
                    if use.font is font:
                        return use
                self.uses.append(_FontUse(font, f"/F{len(self.uses) + 1}"))
                return self.uses[-1]
        return self.uses[0]

    def show(self, line: str) -> list[bytes]:
        """Content-stream operators drawing `line`, switching fonts where a letter needs it."""
        ops: list[bytes] = []
        run, run_use = "", self.uses[0]
        for char in line:
            if char < " ":
                char = " "
            use = self._use_for(char)
            if use is not run_use and run:
                ops.append(
                    f"{run_use.resource} {FONT_SIZE} Tf ".encode() + run_use.encode(run) + b" Tj"
                )
                run = ""
            run, run_use = run + char, use
        if run:
            ops.append(
                f"{run_use.resource} {FONT_SIZE} Tf ".encode() + run_use.encode(run) + b" Tj"
            )
        return ops


def _wrap(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.splitlines() or [""]:
        bold = line.startswith(BOLD)
        line = line.removeprefix(BOLD)
        indent = len(line) - len(line.lstrip(" "))
        if any(_is_wide(char) for char in line):
            lines.extend(BOLD + w if bold else w for w in _wrap_wide(line, " " * (indent + 2)))
            continue
        wrapped = textwrap.wrap(
            line,
            CHARS_PER_LINE,
            subsequent_indent=" " * (indent + 2),
            break_long_words=True,
            drop_whitespace=False,
        ) or [""]
        lines.extend(BOLD + w if bold else w for w in wrapped)
    return lines


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _columns(text: str) -> int:
    return sum(2 if _is_wide(char) else 1 for char in text)


def _wrap_wide(line: str, indent: str) -> list[str]:
    """Wrapping for a line with CJK letters, which take two columns of the monospaced line
    (their font's letters are about 1.7 times as wide): at spaces, or between letters when a
    word is longer than half a line (CJK puts no spaces between words)."""
    lines, current = [], ""
    for piece in re.findall(r"\S+|\s+", line):
        parts = list(piece) if _columns(piece) > CHARS_PER_LINE // 2 else [piece]
        for part in parts:
            if current.strip() and _columns(current + part) > CHARS_PER_LINE:
                lines.append(current.rstrip())
                current = indent
                if part.isspace():
                    continue
            current += part
    return [*lines, current]


def _stream(data: bytes, extra: str = "") -> bytes:
    packed = zlib.compress(data)
    return (
        f"<< /Length {len(packed)} /Filter /FlateDecode{extra} >>\nstream\n".encode()
        + packed
        + b"\nendstream"
    )


def _to_unicode(use: _FontUse) -> bytes:
    pairs = [
        f"<{code:04X}> <{char.encode('utf-16-be').hex().upper()}>"
        for char, code in use.codes.items()
    ]
    chunks = [pairs[i : i + 100] for i in range(0, len(pairs), 100)]  # at most 100 a block
    body = "".join(
        f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n" for chunk in chunks
    )
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + body
        + "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode()


def _font_objects(use: _FontUse, first: int) -> list[bytes]:
    """The six objects of one embedded font, numbered from `first` (the Type0 font)."""
    font = use.font
    name = font.name.encode()
    glyphs = [0] + [use.glyph(char) for char in use.codes]  # by code; code 0 unused
    widths = " ".join(str(font.width(glyph)) for glyph in glyphs[1:])
    bbox = " ".join(str(font.scaled(v)) for v in font.bbox)
    ascent, descent = font.scaled(font.ascent), font.scaled(font.descent)
    return [
        b"<< /Type /Font /Subtype /Type0 /BaseFont /"
        + name
        + b" /Encoding /Identity-H "
        + f"/DescendantFonts [{first + 1} 0 R] /ToUnicode {first + 4} 0 R >>".encode(),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /"
        + name
        + b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        + f"/FontDescriptor {first + 2} 0 R /W [1 [{widths}]] ".encode()
        + f"/CIDToGIDMap {first + 5} 0 R >>".encode(),
        b"<< /Type /FontDescriptor /FontName /"
        + name
        + f" /Flags 32 /FontBBox [{bbox}] /ItalicAngle 0 /Ascent {ascent} /Descent {descent} "
        f"/CapHeight {ascent} /StemV 80 /FontFile2 {first + 3} 0 R >>".encode(),
        _stream(font.data, f" /Length1 {len(font.data)}"),
        _stream(_to_unicode(use)),
        _stream(b"".join(glyph.to_bytes(2, "big") for glyph in glyphs)),
    ]


def _text_string(text: str) -> bytes:
    """A PDF text string (the title) that keeps every letter: UTF-16 with its byte-order mark."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def text_pdf(text: str, title: str = "") -> bytes:
    """A PDF of `text`; lines starting with BOLD are set in bold."""
    lines = _wrap(text)
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    fonts = _Fonts()
    contents = []
    for page in pages:
        content = [b"BT", f"{LEADING} TL {MARGIN} {PAGE_H - MARGIN} Td 0.4 w".encode()]
        for line in page:
            content.append(b"2 Tr" if line.startswith(BOLD) else b"0 Tr")
            content += fonts.show(line.removeprefix(BOLD))
            content.append(b"T*")
        content.append(b"ET")
        contents.append(b"\n".join(content))
    first_font = 3  # after the catalog and the page tree
    font_ids = [first_font + 6 * i for i in range(len(fonts.uses))]
    first_page = first_font + 6 * len(fonts.uses)
    page_ids = [first_page + 2 * i for i in range(len(pages))]
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = b" ".join(f"{pid} 0 R".encode() for pid in page_ids)
    objects.append(
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(len(pages)).encode() + b" >>"
    )
    for use, font_id in zip(fonts.uses, font_ids, strict=True):
        objects += _font_objects(use, font_id)
    font_map = " ".join(f"{u.resource} {i} 0 R" for u, i in zip(fonts.uses, font_ids, strict=True))
    for page_id, stream in zip(page_ids, contents, strict=True):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
            f"/Resources << /Font << {font_map} >> >> /Contents {page_id + 1} 0 R >>".encode()
        )
        objects.append(_stream(stream))
    info_id = len(objects) + 1
    objects.append(b"<< /Title " + _text_string(title) + b" /Producer (OnTime Assist) >>")
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
