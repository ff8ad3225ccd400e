"""Start-up of the frozen app versus the source install, as a ratio in one run.

    packaging/build_bundle.sh /tmp/bundle
    python benchmarks/bench_frozen.py "/tmp/bundle/OnTime Assist/ontime-assist" [--rounds 5]

Times `--self-test` (which builds the whole wizard offscreen and exits) end to end, for the
bundle and for `python -m ontime_assist`. The first run of each after the build is reported
apart ("cold": files not yet in the page cache of this run), then the median of the rest.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("frozen", help="path of the bundle's ontime-assist program")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ONTIME_ASSIST_HOME": home}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        frozen = [args.frozen, "--self-test"]
        source = [sys.executable, "-m", "ontime_assist", "--self-test"]
        cold_frozen, cold_source = timed(frozen, env), timed(source, env)
        warm_frozen, warm_source = [], []
        for _ in range(args.rounds):
            warm_frozen.append(timed(frozen, env))
            warm_source.append(timed(source, env))
    f, s = statistics.median(warm_frozen), statistics.median(warm_source)
    print(
        f"first run: frozen {cold_frozen:.2f} s, source {cold_source:.2f} s → ratio "
        f"{cold_frozen / cold_source:.2f}"
    )
    print(f"median of {args.rounds}: frozen {f:.2f} s, source {s:.2f} s → ratio {f / s:.2f}")


if __name__ == "__main__":
    main()
