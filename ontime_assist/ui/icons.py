"""The app icon: PNG sizes in resources/icons, rendered from ontime-assist.svg there. Only
QIcon here: this module is loaded before the first window shows."""

from __future__ import annotations

import os

from PySide6.QtGui import QIcon

from ontime_assist.resource_files import resource_file

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        candidate = resource_file("icons", f"ontime-assist-{size}.png")
        if os.path.isfile(candidate):
            icon.addFile(candidate)
    return icon
