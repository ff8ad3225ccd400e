"""Qt's own warnings, collected (the self-test fails on them)."""

from __future__ import annotations

from PySide6.QtCore import QtMsgType, qInstallMessageHandler


def collect_qt_warnings() -> list[str]:
    """Install a Qt message handler that records warnings."""
    seen: list[str] = []

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            seen.append(message)

    qInstallMessageHandler(handler)
    return seen
