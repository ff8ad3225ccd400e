"""What a user waits for when the port is wrong or the server says nothing: `check` as whole
processes, start to exit, against a baseline run in the same invocation, interleaved.

    python benchmarks/bench_waits.py [--rounds 15] [--silent-rounds 5] [--timeout 2]
                                     [--python PY ...]

For every --python given (default: this interpreter; give the build before a change and the one
after it to compare them in one run), each as its own process:
- baseline: `check` against a closed port (refused at once): start-up plus the quickest
  possible finding, what every other row pays anyway;
- mix-up: `check --security starttls --timeout 10` against a port that speaks TLS from the
  first byte (the 465 style), until it names tls.expects_implicit (goal: within 0.5 s);
- silent: `check --timeout T` against a server that accepts and never says a word, until it
  names smtp.no_greeting (goal: the time limit once, plus at most 0.5 s).

Reports medians, the mix-up's and the silent server's time over the baseline, and the silent
server's time over its limit. Talks only to servers it starts on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import RawServer  # noqa: E402

HOST = "127.0.0.1"
MIXUP_TIMEOUT = "10"


def implicit_tls_server(folder: Path) -> tuple[RawServer, str]:
    """A port that speaks TLS from the first byte (and greets inside it); its CA file."""
    import trustme

    ca = trustme.CA()
    cafile = str(folder / "ca.pem")
    ca.cert_pem.write_to_path(cafile)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(HOST).configure_cert(context)

    def handshake_then_greet(conn: socket.socket) -> None:
        conn.settimeout(30)
        with context.wrap_socket(conn, server_side=True) as tls:
            tls.sendall(b"220 implicit.example ESMTP\r\n")
            while tls.recv(1024):
                pass

    return RawServer(handshake_then_greet), cafile


def silent(conn: socket.socket) -> None:
    conn.settimeout(60)
    while conn.recv(1024):
        pass


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
    return port


def program(python: str) -> list[str]:
    """The installed command, as users run it (python -m adds runpy to every start)."""
    script = Path(python).with_name("ontime-assist")
    return [str(script)] if script.exists() else [python, "-m", "ontime_assist"]


def timed(argv: list[str], expected: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    elapsed = time.perf_counter() - start
    found = [f["id"] for f in json.loads(done.stdout)["findings"] if f["severity"] == "error"]
    if found[:1] != [expected]:
        raise SystemExit(f"{argv} named {found}, not {expected}:\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--silent-rounds", type=int, default=5)
    parser.add_argument("--timeout", default="2", help="the silent server's time limit")
    parser.add_argument("--python", action="append", help="interpreter with ontime_assist")
    args = parser.parse_args()
    pythons = args.python or [sys.executable]
    # As on a user's desktop: no PYTHON* settings, OpenSSL's own defaults.
    dropped = ("PYTHON", "SSL_CERT_FILE", "SSL_CERT_DIR")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    refused = closed_port()
    with tempfile.TemporaryDirectory() as folder:
        tls_server, cafile = implicit_tls_server(Path(folder))
        with tls_server, RawServer(silent) as quiet:
            runs: dict[str, dict[str, tuple[list[str], str]]] = {}
            for python in pythons:
                base = [*program(python), "check", "--host", HOST, "--json"]
                runs[python] = {
                    "baseline": ([*base, "--port", str(refused)], "net.refused"),
                    "mix-up": (
                        [
                            *base, "--port", str(tls_server.port), "--security", "starttls",
                            "--cafile", cafile, "--timeout", MIXUP_TIMEOUT,
                        ],
                        "tls.expects_implicit",
                    ),
                    "silent": (
                        [*base, "--port", str(quiet.port), "--timeout", args.timeout],
                        "smtp.no_greeting",
                    ),
                }  # fmt: skip
            times: dict[str, dict[str, list[float]]] = {
                p: {name: [] for name in kinds} for p, kinds in runs.items()
            }
            for kinds in runs.values():  # warm the page cache and .pyc files
                for name in ("baseline", "mix-up"):
                    timed(*kinds[name], env)
            for round_number in range(max(args.rounds, args.silent_rounds)):
                for python, kinds in runs.items():  # interleaved, so drift hits all alike
                    for name, (argv, expected) in kinds.items():
                        limit = args.silent_rounds if name == "silent" else args.rounds
                        if round_number < limit:
                            times[python][name].append(timed(argv, expected, env))
    limit = float(args.timeout)
    print(f"whole processes, medians ({args.rounds} rounds; silent: {args.silent_rounds})")
    for python, measured in times.items():
        baseline_s, mixup_s, quiet_s = (statistics.median(measured[k]) for k in runs[python])
        print(f"{python}:")
        print(f"  baseline (closed port)      {baseline_s * 1000:7.0f} ms")
        print(
            f"  mix-up (STARTTLS on TLS)    {mixup_s * 1000:7.0f} ms  "
            f"{(mixup_s - baseline_s) * 1000:+6.0f} ms over baseline  "
            f"{mixup_s / baseline_s:5.2f}× baseline"
        )
        print(
            f"  silent, --timeout {args.timeout:<8}  {quiet_s * 1000:7.0f} ms  "
            f"{(quiet_s - baseline_s - limit) * 1000:+6.0f} ms over baseline + limit  "
            f"{quiet_s / limit:5.2f}× the limit"
        )


if __name__ == "__main__":
    main()
