"""Render resources/icons/ontime-assist.svg to the PNG sizes each OS needs, and a Windows .ico.

    QT_QPA_PLATFORM=offscreen python packaging/make_icons.py

macOS's .icns is made on the macOS runner with iconutil from these PNGs (release workflow).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "ontime-assist.svg"))
    if not renderer.isValid():
        print("the SVG could not be read", file=sys.stderr)
        return 1
    for size in SIZES:
        render(renderer, size).save(str(ICONS / f"ontime-assist-{size}.png"))
    # Qt's ICO writer stores one image per file; 256 px scales well in Explorer and the
    # installer, and Windows picks it for every size it needs.
    render(renderer, 256).save(str(ROOT / "packaging" / "windows" / "ontime-assist.ico"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
