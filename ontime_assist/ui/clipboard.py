"""Putting the summary on the clipboard, as text and as HTML, so it can still be pasted after
the assistant is closed.

A QMimeData made from Python must never outlive Python: Qt deletes the clipboard's data when
the process exits, after the interpreter has gone, and deleting a Python-made object then
crashes the process. So when the application quits, what we put there is handed over to data
Qt made itself (setText), the HTML added to it: the paste still works, without the crash.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QMimeData
from PySide6.QtGui import QGuiApplication

_placed: list[QMimeData] = []  # what we put on the clipboard last, if anything


def copy_text_and_html(text: str, html: str) -> None:
    data = QMimeData()
    data.setText(text)
    data.setHtml(html)
    QGuiApplication.clipboard().setMimeData(data)
    _placed[:] = [data]


def hand_over_at_quit(app: QCoreApplication) -> None:
    app.aboutToQuit.connect(hand_over)


def hand_over() -> None:
    if not _placed:
        return
    ours = _placed.pop()
    clipboard = QGuiApplication.clipboard()
    if clipboard.mimeData() is not ours:
        return  # something else was copied since; Qt has already let ours go
    text, html = ours.text(), ours.html()
    clipboard.setText(text)  # data Qt makes itself; ours is deleted now, while Python lives
    if html:
        clipboard.mimeData().setHtml(html)
