"""Screenshots of every page of the wizard, against the built-in practice server.

    QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py

Writes docs/screenshots/*.png (used by the README). Nothing leaves this computer.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "screenshots"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["ONTIME_ASSIST_HOME"] = tempfile.mkdtemp(prefix="ontime-shots-")
    sys.path.insert(0, str(HERE.parent))
    from PySide6.QtWidgets import QApplication

    from ontime_assist.demo import DemoServer, Situation
    from ontime_assist.session import OnTimeServerOutcome
    from ontime_assist.ui.page_ids import PageId
    from ontime_assist.ui.settings_store import SettingsStore
    from ontime_assist.ui.wizard import AssistantWizard

    app = QApplication(sys.argv[:1])
    OUT.mkdir(exist_ok=True)

    def pump(seconds: float = 0.2) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    def wait_for(page) -> None:  # type: ignore[no-untyped-def]
        for _ in range(400):
            pump(0.025)
            if not page.panel.running:
                return

    def shot(wizard: AssistantWizard, name: str) -> None:
        pump()
        wizard.grab().save(str(OUT / f"{name}.png"))
        print("wrote", OUT / f"{name}.png")

    server = DemoServer()
    server.start()
    try:
        wizard = AssistantWizard(settings_store=SettingsStore(), demo=server)
        wizard.resize(860, 720)
        wizard.show()
        welcome = wizard.page(PageId.WELCOME)
        welcome.pasted.setPlainText(
            "The SMTP server requires a secure connection or the client was not authenticated. "
            "The server response was: 5.7.57 Client not authenticated to send mail."
        )
        welcome.explain_pasted()
        shot(wizard, "1-welcome")
        welcome.jump_to = None
        welcome.situation.setCurrentIndex(welcome.situation.findData(Situation.PORT_MIXUP.value))
        wizard.next()
        ontime = wizard.page(PageId.ONTIME_SERVER)
        ontime.begin_wait()
        ontime.worked.setChecked(True)
        shot(wizard, "2-ontime-mail-server")
        wizard.next()
        credentials = wizard.page(PageId.CREDENTIALS)
        credentials.mfa.setChecked(True)
        credentials.test_sign_in()
        wait_for(credentials)
        shot(wizard, "3-credentials")
        wizard.next()
        settings = wizard.page(PageId.SERVER_SETTINGS)
        settings.test_connection()
        wait_for(settings)
        shot(wizard, "4-server-settings-mixup")
        settings.find_settings()
        wait_for(settings)
        shot(wizard, "4b-server-settings-found")
        wizard.next()
        relay = wizard.page(PageId.RELAY)
        server.situation = Situation.RELAY_DENIED
        relay.send_test()
        wait_for(relay)
        shot(wizard, "5-relay-denied")
        wizard.next()
        shot(wizard, "6-summary")
        wizard.shutdown()

        branch = AssistantWizard(settings_store=SettingsStore())
        branch.resize(860, 720)
        branch.show()
        branch.next()
        branch.session.ontime_server = OnTimeServerOutcome.FAILED
        branch.page(PageId.ONTIME_SERVER).failed.setChecked(True)
        branch.next()
        shot(branch, "2b-notifications-branch")
        branch.shutdown()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
