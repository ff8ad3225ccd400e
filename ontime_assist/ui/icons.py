"""The app icon: PNG sizes in resources/icons, rendered from ontime-assist.svg there."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from ontime_assist.resource_files import resource

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    icon = QIcon()
    folder = resource("icons")
    for size in ICON_SIZES:
        candidate = folder.joinpath(f"ontime-assist-{size}.png")
        if candidate.is_file():
            icon.addFile(str(candidate))
    return icon
