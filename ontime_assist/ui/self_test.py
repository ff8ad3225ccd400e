"""`ontime-assist --self-test`: build the whole wizard, load every resource, report, exit 0/1.

Used to smoke-test installed and frozen builds (works with QT_QPA_PLATFORM=offscreen)."""

from __future__ import annotations

import sys
import tempfile
import time


def run_self_test() -> int:
    from PySide6.QtWidgets import QApplication

    from ontime_assist import __version__
    from ontime_assist.ui.qt_messages import collect_qt_warnings

    timings: list[tuple[str, float]] = []
    problems: list[str] = []
    start = time.perf_counter()

    def mark(name: str) -> None:
        timings.append((name, (time.perf_counter() - start) * 1000))

    warnings = collect_qt_warnings()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    mark("Qt application")

    from ontime_assist.engine.findings import catalog
    from ontime_assist.engine.providers.recognise import providers
    from ontime_assist.engine.tls.cert_verdict import load_interceptors
    from ontime_assist.engine.tls.context import verifying_context

    try:
        entries = catalog()
        known = providers()
        load_interceptors()
        verifying_context()
        # dnspython finds its record types at run time: a frozen build must have shipped them.
        import dns.message

        dns.message.make_query("example.com", "MX").to_wire()
        # International names need the idna package (dnspython falls back silently without it).
        import dns.name
        import idna

        idna.encode("straße.example", uts46=True)
        if not dns.name.have_idna_2008:
            problems.append("resources: dnspython does not see the idna package")
        # The Public Suffix List is a data file the sender checks read at run time.
        from ontime_assist.engine.sender.dmarc import organisational_domain

        if organisational_domain("mail.example.co.uk") != "example.co.uk":
            problems.append("resources: the Public Suffix List is not read")
        mark("resources")
    except Exception as exc:
        problems.append(f"resources: {type(exc).__name__}: {exc}")
        entries, known = {}, ()

    try:
        # What is loaded by name at run time (the commands, the case's parts): a frozen build
        # that missed one would fail only when a user ran it.
        from importlib import import_module

        from ontime_assist import case
        from ontime_assist.commands import HEADLESS_COMMANDS

        for command in HEADLESS_COMMANDS:
            import_module(f"ontime_assist.commands.{command}")
        for name in case.__all__:
            getattr(case, name)
        mark("headless commands and the case")
    except Exception as exc:
        problems.append(f"modules: {type(exc).__name__}: {exc}")

    from ontime_assist.credentials import CredentialStore

    status = CredentialStore().status()
    mark("keyring")

    try:
        from ontime_assist.steps import StepId
        from ontime_assist.ui.settings_store import SettingsStore
        from ontime_assist.ui.wizard import AssistantWizard

        with tempfile.TemporaryDirectory() as home:
            from pathlib import Path

            wizard = AssistantWizard(settings_store=SettingsStore(Path(home) / "s.ini"))
            wizard.show()
            wizard.ensure_pages()
            for step in StepId:
                wizard.page(int(step)).initializePage()
                app.processEvents()
            wizard.shutdown()
            wizard.close()
        mark("wizard built, every page initialised")
    except Exception as exc:
        problems.append(f"wizard: {type(exc).__name__}: {exc}")

    problems += [f"Qt warning: {w}" for w in warnings]
    print(f"ontime-assist {__version__} self-test")
    print(f"  findings in catalog: {len(entries)}; providers: {len(known)}")
    keyring_state = "usable" if status.usable else f"not usable ({status.reason})"
    print(f"  keyring backend: {status.backend} — {keyring_state}")
    print(f"  Qt platform: {app.platformName()}")
    for name, ms in timings:
        print(f"  {ms:8.1f} ms  {name}")
    for problem in problems:
        print(f"  PROBLEM: {problem}")
    print("  result: " + ("FAILED" if problems else "ok"))
    return 1 if problems else 0
