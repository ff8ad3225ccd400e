"""TrueType fonts for the PDF: which glyph draws a character, how wide it is, and the font file
to embed (a font out of a .ttc collection is rebuilt as a file of its own, as PDF wants).

Only fonts with TrueType outlines (a `glyf` table) are used: PDF embeds them as FontFile2 with
no conversion. The report's font is DejaVu Sans Mono, shipped in resources/fonts (its licence
allows that, see the file beside it); letters it lacks (Chinese, Japanese, Korean) come from a
font the system has, looked for when a report needs one.
"""

from __future__ import annotations

import os
import struct
import sys
from dataclasses import dataclass, field
from functools import cache

from ontime_assist.resource_files import resource_file

REPORT_FONT = ("fonts", "DejaVuSansMono.ttf")

# Fonts with TrueType outlines that carry CJK letters, where each system keeps them.
_WINDOWS_FALLBACKS = ("msyh.ttc", "msgothic.ttc", "malgun.ttf", "simsun.ttc", "meiryo.ttc")
_OTHER_FALLBACKS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
)


class FontError(ValueError):
    """A font file this reader cannot use."""


@dataclass
class TrueTypeFont:
    name: str
    data: bytes  # one font's file (never a collection)
    units_per_em: int
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    advances: list[int] = field(repr=False)
    glyphs: dict[int, int] = field(repr=False)  # code point -> glyph id

    def has(self, char: str) -> bool:
        return ord(char) in self.glyphs

    def width(self, glyph: int) -> int:
        """The advance of `glyph` in PDF text units (thousandths of the font size)."""
        advance = self.advances[min(glyph, len(self.advances) - 1)]
        return round(advance * 1000 / self.units_per_em)

    def scaled(self, value: int) -> int:
        return round(value * 1000 / self.units_per_em)


_Tables = dict[bytes, tuple[int, int, int]]  # tag -> (checksum, offset, length)


def _tables(data: bytes, start: int) -> _Tables:
    (count,) = struct.unpack_from(">H", data, start + 4)
    tables = {}
    for index in range(count):
        tag, checksum, offset, length = struct.unpack_from(">4sLLL", data, start + 12 + 16 * index)
        tables[tag] = (checksum, offset, length)
    return tables


def _single_font(data: bytes, start: int, tables: _Tables) -> bytes:
    """A font file holding only the font whose directory is at `start` (for collections)."""
    header = bytearray(data[start : start + 12])
    directory, body = bytearray(), bytearray()
    offset = 12 + 16 * len(tables)
    for tag, (checksum, table_offset, length) in sorted(tables.items()):
        table = data[table_offset : table_offset + length]
        directory += struct.pack(">4sLLL", tag, checksum, offset + len(body), length)
        body += table + b"\0" * (-len(table) % 4)
    return bytes(header + directory + body)


def _cmap(data: bytes, offset: int) -> dict[int, int]:
    (count,) = struct.unpack_from(">H", data, offset + 2)
    subtables = {}
    for index in range(count):
        platform, encoding, sub = struct.unpack_from(">HHL", data, offset + 4 + 8 * index)
        subtables[(platform, encoding)] = offset + sub
    for key in ((3, 10), (0, 4), (3, 1), (0, 3)):
        if key in subtables:
            start = subtables[key]
            (kind,) = struct.unpack_from(">H", data, start)
            if kind == 12:
                return _cmap_format_12(data, start)
            if kind == 4:
                return _cmap_format_4(data, start)
    raise FontError("no Unicode character map")


def _cmap_format_4(data: bytes, start: int) -> dict[int, int]:
    segments = struct.unpack_from(">H", data, start + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, start + 14)
    starts = struct.unpack_from(f">{segments}H", data, start + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, start + 16 + 4 * segments)
    range_at = start + 16 + 6 * segments
    ranges = struct.unpack_from(f">{segments}H", data, range_at)
    glyphs: dict[int, int] = {}
    for index in range(segments):
        for code in range(starts[index], min(ends[index], 0xFFFE) + 1):
            if ranges[index] == 0:
                glyph = (code + deltas[index]) & 0xFFFF
            else:
                at = range_at + 2 * index + ranges[index] + 2 * (code - starts[index])
                (glyph,) = struct.unpack_from(">H", data, at)
                glyph = (glyph + deltas[index]) & 0xFFFF if glyph else 0
            if glyph:
                glyphs[code] = glyph
    return glyphs


def _cmap_format_12(data: bytes, start: int) -> dict[int, int]:
    (groups,) = struct.unpack_from(">L", data, start + 12)
    glyphs: dict[int, int] = {}
    for index in range(groups):
        first, last, glyph = struct.unpack_from(">LLL", data, start + 16 + 12 * index)
        for code in range(first, last + 1):
            glyphs[code] = glyph + code - first
    return glyphs


def read_font(path: str, name: str) -> TrueTypeFont:
    with open(path, "rb") as file:
        data = file.read()
    start = 0
    if data[:4] == b"ttcf":  # a collection: its first font
        (start,) = struct.unpack_from(">L", data, 12)
    tables = _tables(data, start)
    if b"glyf" not in tables:
        raise FontError(f"{path}: no TrueType outlines")
    try:
        head, hhea, hmtx = (tables[tag][1] for tag in (b"head", b"hhea", b"hmtx"))
        units = struct.unpack_from(">H", data, head + 18)[0]
        bbox = struct.unpack_from(">4h", data, head + 36)
        ascent, descent = struct.unpack_from(">hh", data, hhea + 4)
        (metrics,) = struct.unpack_from(">H", data, hhea + 34)
        advances = [struct.unpack_from(">H", data, hmtx + 4 * i)[0] for i in range(metrics)]
        glyphs = _cmap(data, tables[b"cmap"][1])
    except (KeyError, struct.error) as error:
        raise FontError(f"{path}: {error}") from error
    own = _single_font(data, start, tables) if start else data
    return TrueTypeFont(name, own, units, bbox, ascent, descent, advances, glyphs)


@cache
def report_font() -> TrueTypeFont:
    return read_font(resource_file(*REPORT_FONT), "DejaVuSansMono")


def _fallback_paths() -> list[str]:
    if sys.platform == "win32":
        fonts = os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts")
        return [os.path.join(fonts, name) for name in _WINDOWS_FALLBACKS]
    return list(_OTHER_FALLBACKS)


@cache
def fallback_fonts() -> tuple[TrueTypeFont, ...]:
    """The system's fonts for letters the report font lacks, best first (maybe none)."""
    found = []
    for number, path in enumerate(_fallback_paths()):
        if os.path.isfile(path):
            try:
                found.append(read_font(path, f"OnTimeFallback{number}"))
            except (OSError, FontError):
                continue  # a damaged or unusual font: the next one may serve
    return tuple(found)
