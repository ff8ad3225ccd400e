"""`check` as the user meets it: a whole process, from start to exit, for a verified STARTTLS +
login + send, against baselines run in the same invocation, interleaved.

    python benchmarks/bench_check_process.py [--rounds 40] [--python PY ...] [--postfix]
                                             [--no-send]

Runs, each as its own process, against one local server:
- bare smtplib: a minimal Python script doing the same verified send (the goal's baseline);
- swaks, if installed (the reference tool of mail administrators);
- `PY -m ontime_assist check …` for every --python given (default: this interpreter), so a
  build before a change and one after it can be measured in the same run.

The server is aiosmtpd in this process (default), or the test suite's real Postfix with
Dovecot SASL (--postfix, needs root). Reports the median of each and its ratio to bare smtplib.

`check --send` also judges the From domain's SPF, DKIM and DMARC (the sender checks): its DNS
questions go to a DNS server on loopback in this process (--nameserver), which publishes an SPF
record authorising 127.0.0.1 and a DMARC policy, so the benchmark asks no one outside this
machine. The baselines do no such look-ups: the ratio includes them.

--no-send measures `check` without --send (STARTTLS, login, MAIL FROM and RCPT TO, no message,
no sender checks) against a bare smtplib process that stops at the same point: the check the
≤ 1.2 times goal was set for.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_check import HOST, PASSWORD, USER, aiosmtpd_server  # noqa: E402

RECIPIENT = "client@example.org"
BARE = """
import smtplib, ssl, sys
host, port, cafile, user, password = sys.argv[1:6]
context = ssl.create_default_context(cafile=cafile)
with smtplib.SMTP(host, int(port), timeout=10, local_hostname="[127.0.0.1]") as smtp:
    smtp.starttls(context=context)
    smtp.login(user, password)
    smtp.sendmail(user, [sys.argv[6]], b"Subject: test\\r\\n\\r\\nhello\\r\\n")
"""
# What `check` without --send does: the same conversation up to the recipient, no message.
BARE_NO_SEND = """
import smtplib, ssl, sys
host, port, cafile, user, password = sys.argv[1:6]
context = ssl.create_default_context(cafile=cafile)
with smtplib.SMTP(host, int(port), timeout=10, local_hostname="[127.0.0.1]") as smtp:
    smtp.starttls(context=context)
    smtp.login(user, password)
    smtp.mail(user)
    assert smtp.rcpt(sys.argv[6])[0] == 250
"""


@contextlib.contextmanager
def server(postfix: bool, folder: Path) -> Iterator[tuple[int, str, str, str]]:
    """(port, cafile, user, password) of a STARTTLS + AUTH server on 127.0.0.1."""
    import ssl

    import trustme

    if postfix:
        from tests.mailserver import PASSWORD as PF_PASSWORD
        from tests.mailserver import USER as PF_USER
        from tests.mailserver import postfix_with_dovecot

        folder.chmod(0o755)
        with postfix_with_dovecot(folder) as mail:
            yield mail.submission, mail.cafile, PF_USER, PF_PASSWORD
        return
    ca = trustme.CA()
    cafile = str(folder / "ca.pem")
    ca.cert_pem.write_to_path(cafile)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(HOST, "localhost").configure_cert(context)
    with aiosmtpd_server(context) as port:
        yield port, cafile, USER, PASSWORD


@contextlib.contextmanager
def sender_dns(user: str) -> Iterator[str]:
    """A DNS server on loopback answering the sender checks' questions for `user`'s domain."""
    from tests.dns_server import DnsServer, Zone

    domain = user.rpartition("@")[2]
    zone = Zone().add(domain, "TXT", "v=spf1 ip4:127.0.0.1 -all")
    zone.add(f"_dmarc.{domain}", "TXT", "v=DMARC1; p=reject")
    dns = DnsServer(zone)
    try:
        yield dns.address
    finally:
        dns.close()


def commands(
    pythons: list[str],
    send: bool,
    found: tuple[int, str, str, str],
    nameserver: str,
) -> dict[str, tuple[list[str], str]]:
    """name → (argv, standard input). The baseline runs on the first interpreter given, so
    both pay the same for Python's own start (site-packages, .pth files)."""
    port, cafile, user, password = found
    bare = BARE if send else BARE_NO_SEND
    runs: dict[str, tuple[list[str], str]] = {
        "bare smtplib": (
            [pythons[0], "-c", bare, HOST, str(port), cafile, user, password, RECIPIENT],
            "",
        )
    }
    swaks = shutil.which("swaks")
    if swaks and send:
        runs["swaks"] = (
            [
                swaks, "--server", HOST, "--port", str(port), "--tls", "--tls-verify",
                "--tls-ca-path", cafile, "--auth", "LOGIN", "--auth-user", user,
                "--auth-password", password, "--from", user, "--to", RECIPIENT,
                "--suppress-data", "--silent", "2",
            ],
            "",
        )  # fmt: skip
    for python in pythons:
        # The installed command, as users run it (python -m adds runpy to every start).
        script = Path(python).with_name("ontime-assist")
        program = [str(script)] if script.exists() else [python, "-m", "ontime_assist"]
        runs[f"check ({python})"] = (
            [
                *program, "check", "--host", HOST, "--port", str(port),
                "--security", "starttls", "--cafile", cafile, "--username", user,
                "--password-stdin", "--from", user, "--to", RECIPIENT,
                *(["--send", "--nameserver", nameserver] if send else []),
            ],
            password + "\n",
        )  # fmt: skip
    return runs


def timed(argv: list[str], stdin: str, env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock seconds, and the CPU seconds the process used (user + system): on a shared
    machine the second shows what a change costs when others' work stretches the first."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, input=stdin, capture_output=True, text=True, env=env, timeout=60)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{argv[0]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed, after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--python", action="append", help="interpreter with ontime_assist")
    parser.add_argument("--postfix", action="store_true", help="a real Postfix (needs root)")
    parser.add_argument(
        "--no-send", action="store_true", help="check without --send, bare smtplib up to RCPT"
    )
    args = parser.parse_args()
    pythons = args.python or [sys.executable]
    # As on a user's desktop: no PYTHON* settings, and OpenSSL's own defaults (some build
    # machines point SSL_CERT_FILE at the bundle, which makes every start parse all of it).
    dropped = ("PYTHON", "SSL_CERT_FILE", "SSL_CERT_DIR")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    with (
        tempfile.TemporaryDirectory() as folder,
        server(args.postfix, Path(folder)) as found,
        sender_dns(found[2]) as nameserver,
    ):
        runs = commands(pythons, not args.no_send, found, nameserver)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        for argv, stdin in runs.values():  # warm the page cache and .pyc files
            for _ in range(3):
                timed(argv, stdin, env)
        for _ in range(args.rounds):  # interleaved, so drift hits all alike
            for name, (argv, stdin) in runs.items():
                times[name].append(timed(argv, stdin, env))
    base = statistics.median(wall for wall, _ in times["bare smtplib"])
    base_cpu = statistics.median(cpu for _, cpu in times["bare smtplib"])
    what = "send" if not args.no_send else "MAIL + RCPT, no send"
    print(f"whole process, verified STARTTLS + login + {what}, median of {args.rounds}:")
    for name, values in times.items():
        median = statistics.median(wall for wall, _ in values)
        cpu = statistics.median(cpu for _, cpu in values)
        print(
            f"  {name:<60} {median * 1000:7.1f} ms  {median / base:5.2f}× bare smtplib"
            f"  (CPU {cpu * 1000:5.1f} ms, {cpu / base_cpu:4.2f}×)"
        )


if __name__ == "__main__":
    main()
