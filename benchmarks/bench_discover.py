"""The address search as the user meets it: `ontime-assist discover` as a whole process, against
the test suite's loopback internet (a DNS server, and mail servers on 127.0.0.x at the real port
numbers: needs root).

    python benchmarks/bench_discover.py [--rounds 9] [--python PY]

1. Healthy servers that take their time to greet (as real ones across the internet do): the
   whole search, versus the slowest of the single probes it makes, each measured alone as a
   whole `ontime-assist check` process of that host and port (goal: at most 1.5 times).
2. A domain whose port 587 accepts and then never speaks: the whole search with --timeout T
   must end within T + 1 s, whatever the silent port does.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.discovery_world import World, world  # noqa: E402
from tests.servers import RawServer, Script, scripted_handler  # noqa: E402

HEALTHY = "healthy-courier.test"
HEALTHY_HOST = f"smtp.{HEALTHY}"
HEALTHY_IP = "127.0.0.41"
GREETING_DELAYS = {587: 0.30, 25: 0.20, 465: 0.25}  # seconds before each port says hello
SILENT = "silent-courier.test"
SILENT_IP = "127.0.0.42"
SILENT_TIMEOUT = 3.0


Handler = Callable[[socket.socket], None]


def delayed(handler: Handler, seconds: float) -> Handler:
    def handle(conn: socket.socket) -> None:
        time.sleep(seconds)
        handler(conn)

    return handle


def silent(conn: socket.socket) -> None:
    conn.settimeout(30)
    with contextlib.suppress(OSError):
        while conn.recv(1024):
            pass


def build(net: World) -> None:
    net.zone.add(HEALTHY, "MX", f"10 {HEALTHY_HOST}")
    net.host(HEALTHY_HOST, HEALTHY_IP)
    for port, seconds in GREETING_DELAYS.items():
        script = Script(
            greeting=f"220 {HEALTHY_HOST} ESMTP",
            tls_context=net.context(HEALTHY_HOST),
            implicit_tls=port == 465,
            ehlo=["AUTH PLAIN LOGIN", "SIZE 10240000"],
        )
        handler = delayed(scripted_handler(script, []), seconds)
        net.stack.enter_context(RawServer(handler, host=HEALTHY_IP, port=port))
    silent_host = f"smtp.{SILENT}"
    net.zone.add(SILENT, "MX", f"10 {silent_host}")
    net.host(silent_host, SILENT_IP)
    net.stack.enter_context(RawServer(silent, host=SILENT_IP, port=587))
    net.starttls(SILENT_IP, 25, silent_host)


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: a finding; 2 and above: the run itself failed
        raise SystemExit(f"{argv} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed


def program(python: str) -> list[str]:
    script = Path(python).with_name("ontime-assist")
    return [str(script)] if script.exists() else [python, "-m", "ontime_assist"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--python", default=sys.executable, help="interpreter with ontime_assist")
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("needs root: the mail servers listen on ports 25, 465 and 587")
    import trustme

    dropped = ("PYTHON", "SSL_CERT_FILE", "SSL_CERT_DIR")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    run = program(args.python)
    with tempfile.TemporaryDirectory() as folder:
        ca = trustme.CA()
        cafile = str(Path(folder) / "ca.pem")
        ca.cert_pem.write_to_path(cafile)
        with world(ca, cafile) as net:
            build(net)
            nameserver = net.start_dns()
            common = ["--nameserver", nameserver, "--cafile", cafile]
            search = [*run, "discover", f"dispatch@{HEALTHY}", *common]
            probes = {
                port: [*run, "check", "--host", HEALTHY_HOST, "--port", str(port), *common]
                for port in GREETING_DELAYS
            }
            silent_search = [
                *run, "discover", f"dispatch@{SILENT}", *common,
                "--timeout", str(SILENT_TIMEOUT),
            ]  # fmt: skip
            timed(search, env)  # warm the page cache and .pyc files
            whole: list[float] = []
            single: dict[int, list[float]] = {port: [] for port in probes}
            stalled: list[float] = []
            for _ in range(args.rounds):  # interleaved, so drift hits all alike
                whole.append(timed(search, env))
                for port, argv in probes.items():
                    single[port].append(timed(argv, env))
                stalled.append(timed(silent_search, env))
    slowest_port, slowest = max(
        ((port, statistics.median(values)) for port, values in single.items()),
        key=lambda item: item[1],
    )
    search_time = statistics.median(whole)
    print(f"1. healthy servers (greeting delays {GREETING_DELAYS}), median of {args.rounds}:")
    for port, values in single.items():
        print(f"   one probe alone, port {port:<3} {statistics.median(values) * 1000:7.0f} ms")
    print(
        f"   whole search            {search_time * 1000:7.0f} ms  "
        f"{search_time / slowest:4.2f}× the slowest probe (port {slowest_port}; goal ≤ 1.5×)"
    )
    middle, worst = statistics.median(stalled), max(stalled)
    print(
        f"2. a silent port 587, --timeout {SILENT_TIMEOUT:g}: median {middle:.2f} s, "
        f"worst {worst:.2f} s (goal ≤ {SILENT_TIMEOUT + 1:g} s)"
    )


if __name__ == "__main__":
    main()
