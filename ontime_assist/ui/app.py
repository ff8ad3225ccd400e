"""Starting the desktop app: the wizard, `--demo`, `--self-test`, and the crash handler."""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

from ontime_assist import APP_NAME, __version__
from ontime_assist.engine.redact import Redactor
from ontime_assist.ui.settings_store import SettingsStore, app_home


def log_folder() -> Path:
    folder = app_home() / "logs"
    folder.mkdir(parents=True, exist_ok=True)  # OSError is handled by the caller
    return folder


def install_crash_handler(app: QApplication, secrets: Callable[[], list[str]]) -> None:
    """Unhandled exceptions: a redacted report in a log file and a dialog; never a silent exit.
    `secrets` gives what must not appear (the password in memory)."""

    def handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        redact = Redactor(secrets())
        report = redact("".join(traceback.format_exception(kind, value, tb)))
        try:
            path = log_folder() / f"crash-{time.strftime('%Y%m%d-%H%M%S')}.log"
            path.write_text(f"{APP_NAME} {__version__}\n{report}", encoding="utf-8")
            where = f"A report was saved to:\n{path}"
        except OSError:
            where = "The report could not be saved."
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Critical,
            APP_NAME,
            "Something went wrong inside OnTime Assist. Your entries are kept; "
            f"you can continue or close the window.\n\n{where}",
        )
        box.setDetailedText(report)
        box.exec()

    sys.excepthook = handle


def run_gui(*, demo: bool = False, self_test: bool = False) -> int:
    if self_test:
        from ontime_assist.ui.self_test import run_self_test

        return run_self_test()
    from ontime_assist.ui.wizard import AssistantWizard

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    from ontime_assist.ui.clipboard import hand_over_at_quit

    hand_over_at_quit(app)
    server = None
    if demo:
        from ontime_assist.demo import DemoServer  # a mail server: only for practice

        server = DemoServer()
        server.start()
    wizard = AssistantWizard(settings_store=SettingsStore(), demo=server)
    install_crash_handler(app, lambda: [wizard.session.password.reveal()])
    wizard.show()
    try:
        return app.exec()
    finally:
        wizard.shutdown()
