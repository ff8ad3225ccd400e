"""What waits for the first window to be painted, so that it appears sooner (README, Speed):
Qt's enum namespace (PySide6 builds all of it on its first use, about 45 ms) and the log.
Neither is lost: once the window is painted the first page has its focus and the log exists.
Run as the app runs, in a process of its own (the test process has long since built `Qt`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

PROBE = r"""
import json, logging, sys
from PySide6 import QtCore
from PySide6.QtWidgets import QApplication

if "Qt" in QtCore.__dict__:
    print(json.dumps({"eager": True}))
    sys.exit(0)

from ontime_assist.ui import app as app_module
from ontime_assist.ui.wizard import AssistantWizard

seen = {}
painted = AssistantWizard.paintEvent


def paint(self, event):
    if not seen:
        QtCore.QTimer.singleShot(10000, QApplication.instance().quit)  # never a hung test
        seen["qt_at_paint"] = "Qt" in QtCore.__dict__
        seen["log_at_paint"] = any(
            type(h).__name__ == "RotatingFileHandler"
            for h in logging.getLogger("ontime_assist").handlers
        )
        try:
            self.first_painted.connect(lambda: QtCore.QTimer.singleShot(0, lambda: after(self)))
        except AttributeError as error:  # a wizard without the signal: say so, end the run
            seen["error"] = str(error)
            QApplication.instance().quit()
    painted(self, event)


def after(wizard):
    from ontime_assist.logs import active_log

    focus = QApplication.focusWidget()
    next_button = wizard.button(wizard.WizardButton.NextButton)
    seen["focus_on_next"] = focus is next_button
    seen["log_after"] = active_log() is not None and active_log().exists()
    seen["scroll_sideways_off"] = (
        wizard.welcome._scroll_area.horizontalScrollBarPolicy()
        == QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    )
    QApplication.instance().quit()


AssistantWizard.paintEvent = paint
app_module.run_gui()
print(json.dumps(seen))
"""


def test_the_first_window_is_painted_before_qts_enums_and_the_log_load(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ONTIME_ASSIST_HOME": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    if seen.get("eager"):
        pytest.skip("this PySide6 builds Qt's namespace on import: nothing to keep off the path")
    assert seen == {
        "qt_at_paint": False,
        "log_at_paint": False,
        "focus_on_next": True,
        "log_after": True,
        "scroll_sideways_off": True,
    }
