"""The live list of a test's stages: one row per stage as it is reached, its result in words
(and an icon: never colour alone), its time, and a plain note. The row being tested or the one
that failed is always in view; the technical detail is in the row's tooltip and in the
conversation with the server."""

from __future__ import annotations

import time

from PySide6.QtCore import QSize, Qt, QTimer, Slot
from PySide6.QtGui import QIcon, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QStyle, QTreeWidget, QTreeWidgetItem, QWidget

from ontime_assist.engine.check.result import Stage
from ontime_assist.engine.check.stages import STAGES, STATUS_WORDS

TICK_MS = 200  # how often the running stage's time is updated
MIN_VISIBLE_ROWS = 4


def _status_icon(status: str) -> QStyle.StandardPixmap | None:
    # Looked up when needed: touching a Qt enum class builds it (tens of milliseconds for
    # QStyle's), which the first page should not pay for.
    return {
        "ok": QStyle.StandardPixmap.SP_DialogApplyButton,
        "failed": QStyle.StandardPixmap.SP_MessageBoxCritical,
        "running": QStyle.StandardPixmap.SP_BrowserReload,
        "skipped": QStyle.StandardPixmap.SP_ArrowRight,
    }.get(status)


def plain_note(stage: Stage) -> str:
    if stage.status == "ok":
        return STAGES[stage.name].done if stage.name in STAGES else ""
    if stage.status == "failed":
        return "see the explanation below"
    if stage.status == "running":
        return ""
    return stage.detail  # skipped: the reason is already plain ("no password given: no login")


class StagesView(QTreeWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(4)
        self.setHeaderLabels(["Step", "Result", "Time", "Note"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAccessibleName("Test steps")
        header = self.header()
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._running: tuple[QTreeWidgetItem, float] | None = None
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._tick)
        # Room for a few rows at least: with two, the failing row scrolls out of sight.
        row = max(self.fontMetrics().height(), self.iconSize().height(), 16) + 4
        frame = 2 * self.frameWidth()
        self.setMinimumHeight(header.sizeHint().height() + MIN_VISIBLE_ROWS * row + frame)

    def reset_stages(self) -> None:
        self.clear()
        self._items = {}
        self._running = None
        self._ticker.stop()

    @Slot(object)
    def show_stage(self, stage: Stage) -> None:
        if stage.status == "pending" or stage.name not in STAGES:
            return
        item = self._items.get(stage.name)
        if item is None:
            item = QTreeWidgetItem([STAGES[stage.name].label, "", "", ""])
            self._items[stage.name] = item
            self.addTopLevelItem(item)
        status = STATUS_WORDS.get(stage.status, stage.status)
        item.setText(1, status)
        item.setText(2, f"{stage.ms:.0f} ms" if stage.status in ("ok", "failed") else "")
        item.setText(3, plain_note(stage))
        item.setToolTip(3, stage.detail)
        item.setToolTip(0, stage.detail)
        icon = _status_icon(stage.status)
        item.setIcon(1, self.style().standardIcon(icon) if icon is not None else QIcon())
        item.setData(1, Qt.ItemDataRole.AccessibleTextRole, status)
        if stage.status == "running":
            self._running = (item, time.monotonic())
            self._ticker.start()
        elif self._running is not None and self._running[0] is item:
            self._running = None
            self._ticker.stop()
        if stage.status in ("running", "failed"):
            self.scrollToItem(item)
            self.setCurrentItem(item)

    def show_stages(self, stages: list[Stage]) -> None:
        self.reset_stages()
        for stage in stages:
            if stage.detail == "not reached":
                continue  # stages after the one that failed: nothing to say about them
            self.show_stage(stage)
        failed = next((s for s in stages if s.status == "failed"), None)
        if failed is not None:
            self.setCurrentItem(self._items[failed.name])
            self.scrollToItem(self._items[failed.name])
        else:  # all passed: from the first row (not left where the live test last scrolled)
            self.scrollToTop()

    def sizeHint(self) -> QSize:
        # Asks for no more than its minimum: the page gives it its share of the room there
        # is. A larger wish would make the page's scroll area scroll at once.
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The row being tested or the one that failed stays in view as the window changes.
        current = self.currentItem()
        if current is not None:
            self.scrollToItem(current)

    @Slot()
    def _tick(self) -> None:
        if self._running is None:
            return
        item, since = self._running
        item.setText(2, f"{time.monotonic() - since:.1f} s")
