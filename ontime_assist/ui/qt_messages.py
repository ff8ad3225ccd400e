"""Qt's own warnings: collected (the self-test fails on them), or kept quiet where Qt would
print what the user's data is made of."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QtMsgType, qInstallMessageHandler


def collect_qt_warnings() -> list[str]:
    """Install a Qt message handler that records warnings."""
    seen: list[str] = []

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            seen.append(message)

    qInstallMessageHandler(handler)
    return seen


@contextlib.contextmanager
def qt_messages_dropped() -> Iterator[None]:
    """Qt's messages during the block are dropped; the previous handler is back afterwards."""

    def drop(_kind: QtMsgType, _context: object, _message: str) -> None:
        pass

    previous = qInstallMessageHandler(drop)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
