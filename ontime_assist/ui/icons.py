"""Icons: the app icon (PNG sizes in resources/icons, rendered from ontime-assist.svg there),
and the eye of the show-password button, drawn here so it needs no image plugin."""

from __future__ import annotations

import os

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

from ontime_assist.resource_files import resource_file

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
EYE_SIZE = 32  # drawn at this size; Qt scales it to the field's height


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        candidate = resource_file("icons", f"ontime-assist-{size}.png")
        if os.path.isfile(candidate):
            icon.addFile(candidate)
    return icon


def eye_icon(*, crossed: bool) -> QIcon:
    """An eye (show the password), or an eye struck through (hide it)."""
    pixmap = QPixmap(EYE_SIZE, EYE_SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    color = QApplication.palette().color(QPalette.ColorRole.WindowText)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(color, 2.5))
    outline = QPainterPath()
    outline.moveTo(3, 16)
    outline.quadTo(16, 3, 29, 16)
    outline.quadTo(16, 29, 3, 16)
    painter.drawPath(outline)
    painter.setBrush(QColor(color))
    painter.drawEllipse(QRectF(11.5, 11.5, 9, 9))
    if crossed:
        painter.drawLine(QPointF(5, 27), QPointF(27, 5))
    painter.end()
    return QIcon(pixmap)
