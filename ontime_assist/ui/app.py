"""Starting the desktop app: the wizard, `--demo`, `--self-test`, and the crash handler."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from ontime_assist import APP_NAME, __version__
from ontime_assist.engine.redaction.redact import Redactor
from ontime_assist.engine.redaction.scrub import scrub_credentials
from ontime_assist.logs import add_secret_source, known_secrets, setup_logging
from ontime_assist.ui.clipboard import hand_over_at_quit
from ontime_assist.ui.settings_store import SettingsStore

if TYPE_CHECKING:
    from ontime_assist.demo import DemoServer
    from ontime_assist.ui.wizard import AssistantWizard

log = logging.getLogger(__name__)


def install_crash_handler(
    app: QApplication, secrets: Callable[[], Iterable[str]] | None = None
) -> None:
    """Unhandled exceptions on the UI thread: the traceback in the log (redacted: every secret
    the run knows, see ontime_assist.logs; `secrets` adds a source of them) and a dialog that
    says where it is; never a silent exit. Threads' exceptions are logged by the hook
    setup_logging installs."""
    if secrets is not None:
        add_secret_source(secrets)

    def handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        path = setup_logging()  # set up once the window is painted, or now if that was not yet
        log.critical("unhandled exception", exc_info=(kind, value, tb))
        if path is not None and path.exists():
            where = f"The details were written to the log:\n{path}"
        else:
            where = "The details could not be written to a log file."
        redact = Redactor(known_secrets())
        report = redact(scrub_credentials("".join(traceback.format_exception(kind, value, tb))))

        # PySide6 builds a class's enums when it is imported (QMessageBox: about 2.5 ms)
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Critical,
            APP_NAME,
            "Something went wrong inside OnTime Assist. Your entries are kept; "
            f"you can continue or close the window.\n\n{where}",
        )
        box.setDetailedText(f"{APP_NAME} {__version__}\n{report}")
        box.exec()

    sys.excepthook = handle


def open_wizard(app: QApplication, demo: DemoServer | None = None) -> AssistantWizard:
    """The window as the app opens it, its crash handler knowing every password the run has
    held (typed, replaced, remembered, practice), not only the one in the field now (#20.1)."""
    # Here, not at the top: `--self-test` imports this module first and must report a module
    # a frozen build lacks, not crash on it (it builds the wizard inside its own checks).
    from ontime_assist.ui.wizard import AssistantWizard

    wizard = AssistantWizard(settings_store=SettingsStore(), demo=demo)
    install_crash_handler(app, wizard.session.known_secrets)
    # The log (logging.handlers, the redaction filter, its first line: about 25 ms) waits for
    # the window; a crash before then sets it up in the handler.
    wizard.first_painted.connect(setup_logging)
    wizard.show()
    return wizard


def run_gui(*, demo: bool = False, self_test: bool = False) -> int:
    if self_test:
        from ontime_assist.ui.self_test import run_self_test  # --self-test only

        return run_self_test()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)

    hand_over_at_quit(app)
    server = None
    if demo:
        from ontime_assist.demo import DemoServer  # a mail server: only for practice

        server = DemoServer()
        server.start()
    wizard = open_wizard(app, server)
    try:
        return app.exec()
    finally:
        wizard.shutdown()
