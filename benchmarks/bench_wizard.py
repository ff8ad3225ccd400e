"""Speed of the wizard as the user meets it, as ratios against baselines in the same run.

    python benchmarks/bench_wizard.py [--rounds 15] [--python PY ...] [--frozen BUNDLE_EXE ...]

1. Process start to the window mapped on a real X server (Xvfb with openbox, started here
   unless --display is given), versus a bare PySide6 QWizard with one page, each a fresh
   process, interleaved (goal: at most 1.25 times as long). The app runs as it is installed:
   the `ontime-assist` command beside each --python, or a frozen bundle's program (--frozen).
2. The longest event-loop stall while a test runs against a slow server (one that drips its
   greeting), versus an idle event loop (goal: ≤ 50 ms).

Needs python-xlib (pip install python-xlib) and Debian's xvfb and openbox for part 1.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TITLE = "OnTime Assist"
BARE_TITLE = "Bare QWizard"
BARE = f"""
import sys
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage
app = QApplication(sys.argv[:1])
wizard = QWizard()
wizard.setWindowTitle({BARE_TITLE!r})
page = QWizardPage()
page.setTitle("Welcome")
QVBoxLayout(page).addWidget(QLabel("Hello"))
wizard.addPage(page)
wizard.show()
app.exec()
"""
MAP_TIMEOUT = 30.0


@contextlib.contextmanager
def x_server(display: str | None) -> Iterator[str]:
    """A display to map windows on: the one given, or a fresh Xvfb with openbox."""
    if display:
        yield display
        return
    number = 90 + os.getpid() % 9
    name = f":{number}"
    xvfb = subprocess.Popen(
        ["Xvfb", name, "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    manager = None
    try:
        time.sleep(1.0)
        if shutil.which("openbox"):
            manager = subprocess.Popen(
                ["openbox"],
                env={**os.environ, "DISPLAY": name},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(1.0)
        yield name
    finally:
        for process in (manager, xvfb):
            if process is not None:
                process.terminate()
                process.wait(10)


def _named(window: object, title: str, depth: int = 3) -> bool:
    """Whether `window` (or, under a window manager's frame, a child of it) is titled `title`."""
    with contextlib.suppress(Exception):
        name = window.get_wm_name()  # type: ignore[attr-defined]
        if isinstance(name, str) and name.startswith(title):
            return True
    if depth == 0:
        return False
    with contextlib.suppress(Exception):
        for child in window.query_tree().children:  # type: ignore[attr-defined]
            if _named(child, title, depth - 1):
                return True
    return False


def time_to_map(argv: list[str], title: str, display: str, env: dict[str, str]) -> float:
    """Seconds from starting `argv` to a window titled `title` being mapped."""
    from Xlib import X
    from Xlib import display as xdisplay

    screen = xdisplay.Display(display)
    root = screen.screen().root
    root.change_attributes(event_mask=X.SubstructureNotifyMask)
    screen.sync()
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, env={**env, "DISPLAY": display}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        while time.perf_counter() - start < MAP_TIMEOUT:
            if not screen.pending_events():
                if process.poll() is not None:
                    raise SystemExit(f"{argv[0]} ended: {process.stderr.read().decode()[-500:]}")  # type: ignore[union-attr]
                time.sleep(0.0005)
                continue
            event = screen.next_event()
            if event.type == X.MapNotify and _named(event.window, title):
                return time.perf_counter() - start
        raise SystemExit(f"no window titled {title!r} within {MAP_TIMEOUT:g} s")
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(10)
        screen.close()


def app_command(python: str) -> list[str]:
    script = Path(python).with_name("ontime-assist")
    return [str(script)] if script.exists() else [python, "-m", "ontime_assist"]


def startup(rounds: int, pythons: list[str], frozen: list[str], display: str | None) -> None:
    with tempfile.TemporaryDirectory() as home, x_server(display) as shown_on:
        # As on a user's desktop: no PYTHON* or Qt platform settings, and OpenSSL's own defaults
        # (some build machines point SSL_CERT_FILE at the bundle: every start would parse it).
        dropped = ("PYTHON", "QT_QPA", "SSL_CERT_FILE", "SSL_CERT_DIR")
        env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
        env["ONTIME_ASSIST_HOME"] = home
        runs: dict[str, tuple[list[str], str]] = {
            "bare QWizard": ([pythons[0], "-c", BARE], BARE_TITLE)
        }
        for python in pythons:
            runs[f"OnTime Assist ({python})"] = (app_command(python), TITLE)
        for program in frozen:
            runs[f"OnTime Assist, frozen ({program})"] = ([program], TITLE)
        times: dict[str, list[float]] = {name: [] for name in runs}
        for argv, title in runs.values():  # warm the page cache and the bytecode
            time_to_map(argv, title, shown_on, env)
        for _ in range(rounds):
            for name, (argv, title) in runs.items():
                times[name].append(time_to_map(argv, title, shown_on, env))
    base = statistics.median(times["bare QWizard"])
    print(f"1. process start to the window mapped on X (median of {rounds}):")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"   {name:<62} {median * 1000:6.0f} ms  {median / base:5.2f}× (goal ≤ 1.25×)")


def drip_greeting(conn: socket.socket) -> None:
    """A slow server: its greeting arrives one byte every 100 ms."""
    for byte in b"220 slow.example ESMTP":
        conn.sendall(bytes([byte]))
        time.sleep(0.1)


def stalls() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from ontime_assist.engine.check.settings import build_settings
    from ontime_assist.engine.finding_kinds import Step
    from ontime_assist.engine.redaction.secret import Secret
    from ontime_assist.session import AssistantSession
    from ontime_assist.ui.check_panel import CheckPanel
    from ontime_assist.ui.controllers import CheckController
    from tests.servers import RawServer  # the suite's loopback server

    def longest_gap(seconds: float) -> float:
        clock = QElapsedTimer()
        clock.start()
        gaps: list[int] = []
        last = [clock.elapsed()]
        timer = QTimer()
        timer.setInterval(5)

        def tick() -> None:
            now = clock.elapsed()
            gaps.append(now - last[0])
            last[0] = now

        timer.timeout.connect(tick)
        timer.start()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.001)
        timer.stop()
        return max(gaps) if gaps else 0.0

    server = RawServer(drip_greeting)
    session = AssistantSession()
    tests = CheckController(session)
    panel = CheckPanel(Step.SERVER_SETTINGS, tests)
    panel.show()
    settings = build_settings(host="127.0.0.1", port=server.port, timeout=3)
    idle, busy = [], []
    for _ in range(3):  # alternate, so a busy moment of the machine hits both alike
        idle.append(longest_gap(2.0))
        tests.start(
            Step.SERVER_SETTINGS,
            settings,
            Secret(),
            session.inputs(Step.SERVER_SETTINGS),
        )
        busy.append(longest_gap(3.5))
        tests.task.close(5)
    server.close()
    print(
        f"2. longest event-loop stall (median of 3): idle {statistics.median(idle):.0f} ms, "
        f"while testing a dripping server {statistics.median(busy):.0f} ms (goal ≤ 50 ms); "
        f"each run: {', '.join(f'{b:.0f}' for b in busy)} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--python", action="append", help="interpreter with ontime_assist")
    parser.add_argument(
        "--frozen", action="append", default=[], help="a frozen bundle's ontime-assist program"
    )
    parser.add_argument("--display", default=None, help="an X display to use instead of Xvfb")
    parser.add_argument("--skip-stalls", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    startup(args.rounds, args.python or [sys.executable], args.frozen, args.display)
    if not args.skip_stalls:
        stalls()


if __name__ == "__main__":
    main()
