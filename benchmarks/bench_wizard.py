"""Speed of the wizard, as ratios against baselines measured in the same run.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_wizard.py [--rounds 7]

1. Start-up to the first page shown, versus a bare PySide6 QWizard with one page, each in a
   fresh process (goal: ratio ≤ 1.3).
2. The longest event-loop stall while a test runs against a slow server (one that drips its
   greeting), versus an idle event loop (goal: ≤ 50 ms).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = """
import time, sys
start = time.perf_counter()
from PySide6.QtWidgets import QApplication, QWizard, QWizardPage, QLabel, QVBoxLayout
app = QApplication(sys.argv[:1])
wizard = QWizard()
page = QWizardPage(); page.setTitle("Welcome"); QVBoxLayout(page).addWidget(QLabel("Hello"))
wizard.addPage(page)
wizard.show()
app.processEvents()
print(time.perf_counter() - start)
"""

OURS = """
import time, sys
start = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from ontime_assist.ui.settings_store import SettingsStore
from ontime_assist.ui.wizard import AssistantWizard
wizard = AssistantWizard(settings_store=SettingsStore())
wizard.show()
app.processEvents()
print(time.perf_counter() - start)
wizard.ensure_pages()  # what the window does right after its first page is on screen
print(time.perf_counter() - start)
wizard.shutdown()
"""


def time_process(code: str, env: dict[str, str]) -> float:
    """Seconds from process start to the first page on screen (the first number printed)."""
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return float(completed.stdout.strip().splitlines()[0])


def startup(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "ONTIME_ASSIST_HOME": home,
        }
        # An installed app has compiled bytecode; measure that, not compiling from source.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        time_process(BARE, env)
        time_process(OURS, env)  # warm the disk cache for both
        bare, ours = [], []
        for _ in range(rounds):
            bare.append(time_process(BARE, env))
            ours.append(time_process(OURS, env))
    b, o = statistics.median(bare), statistics.median(ours)
    print(
        f"1. start-up to first page: bare QWizard {b * 1000:.0f} ms, OnTime Assist "
        f"{o * 1000:.0f} ms (median of {rounds}) → ratio {o / b:.2f} (goal ≤ 1.30); "
        f"fastest runs {min(bare) * 1000:.0f} vs {min(ours) * 1000:.0f} ms → "
        f"{min(ours) / min(bare):.2f}"
    )


def drip_greeting(conn: socket.socket) -> None:
    """A slow server: its greeting arrives one byte every 100 ms."""
    for byte in b"220 slow.example ESMTP":
        conn.sendall(bytes([byte]))
        time.sleep(0.1)


def stalls() -> None:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from ontime_assist.engine.settings import build_settings
    from ontime_assist.ui.widgets import CheckPanel

    def longest_gap(seconds: float, during: object = None) -> float:
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
        if callable(during):
            during()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.001)
        timer.stop()
        return max(gaps) if gaps else 0.0

    from tests.servers import RawServer  # the suite's loopback server

    server = RawServer(drip_greeting)
    panel = CheckPanel()
    panel.show()
    settings = build_settings(host="127.0.0.1", port=server.port, timeout=3)
    idle, busy = [], []
    for _ in range(3):  # alternate, so a busy moment of the machine hits both alike
        idle.append(longest_gap(2.0))
        busy.append(longest_gap(3.5, during=lambda: panel.run(settings, None)))
        panel.runner.wait(5)
    server.close()
    print(
        f"2. longest event-loop stall (median of 3): idle {statistics.median(idle):.0f} ms, "
        f"while testing a dripping server {statistics.median(busy):.0f} ms (goal ≤ 50 ms); "
        f"each run: {', '.join(f'{b:.0f}' for b in busy)} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    startup(args.rounds)
    stalls()


if __name__ == "__main__":
    main()
