"""What the frozen bundle leaves out: Qt parts a mail-testing wizard does not use, by their
names on each system (Linux `libQt6Network.so.6`, Windows `Qt6Network.dll`, ...).

Read by ontime_assist.spec, and by the tests, which check these rules against the real names.
The self-test of every built bundle (Linux CI; Windows under Wine) proves nothing needed went.
"""

from __future__ import annotations

import re

# Python modules the app never imports. setuptools (with pkg_resources, whose runtime hook
# prints a DeprecationWarning at every start) comes only from the build environment.
EXCLUDED_MODULES = [
    "tkinter", "unittest", "pydoc", "test",
    "setuptools", "pkg_resources", "_distutils_hack", "distutils",
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtSql", "PySide6.QtTest",
    "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtMultimedia", "PySide6.QtSvgWidgets",
    "PySide6.QtXml", "PySide6.QtConcurrent", "PySide6.QtUiTools", "PySide6.Qt3DCore",
]  # fmt: skip

# Libraries and plugins (measured: about 40 MB on Linux, 24 MB on Windows). The GTK platform
# theme drags in GTK 3; X11 (xcb) serves Wayland desktops too, via XWayland; our icons are PNG,
# which Qt reads without a plugin (qico stays: Windows icons). Qt's networking, its TLS
# plugins and the network-information plugin serve QtNetwork, which the app does not use (its
# SMTP is the standard library's); Svg only feeds the SVG icon engine left out here. The
# software OpenGL renderer (opengl32sw.dll, 20 MB) is for Qt Quick and QOpenGLWidget, which
# the app does not use: widgets paint with the raster engine.
UNNEEDED_BINARIES = re.compile(
    r"platformthemes[/\\]libqgtk3|wayland|egldeviceintegrations|EglFs|iconengines"
    r"|imageformats[/\\](?!qico)|libgtk-3|libgdk-3"
    r"|(?:^|[/\\])(?:lib)?Qt6(?:Network|Svg|OpenGL|Pdf|Qml|Quick|VirtualKeyboard)"
    r"|(?:^|[/\\])opengl32sw\.dll$"
    r"|plugins[/\\](?:tls|networkinformation|qmltooling|qmllint|sqldrivers|designer)[/\\]",
    re.IGNORECASE,
)


def is_unneeded(destination: str) -> bool:
    """True for a binary (by its path in the bundle) that the bundle leaves out."""
    return UNNEEDED_BINARIES.search(destination) is not None
