"""A real Postfix with Dovecot SASL on loopback, configured like a provider's submission service.

Listeners (ports picked at start):
- submission: STARTTLS required before AUTH, login required to relay, sender must be owned by
  the login (reject_sender_login_mismatch);
- smtps: TLS from the first byte, same rules;
- relay: no login offered, mail to other domains refused.
Accepted mail is discarded (never delivered anywhere). Everything lives in a temporary folder;
nothing of the machine's own mail setup is touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import trustme

USER = "dispatch@courier.test"
PASSWORD = "right-password-42"


@dataclass
class MailServer:
    submission: int
    smtps: int
    relay: int
    cafile: str
    folder: Path


class Unavailable(Exception):
    """Postfix or Dovecot cannot run here; the message says why."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_for_port(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return True
        time.sleep(0.1)
    return False


def program(tool: str) -> str | None:
    """The daemon's path: Debian puts them in /usr/sbin, which a user's PATH may lack."""
    found = shutil.which(tool)
    if found is not None:
        return found
    in_sbin = Path("/usr/sbin") / tool
    return str(in_sbin) if in_sbin.exists() else None


def why_unavailable() -> str | None:
    for tool in ("postfix", "dovecot", "postconf"):
        if program(tool) is None:
            return f"{tool} is not installed (Debian packages: postfix dovecot-core)"
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        return "Postfix's master process must start as root: run the tests as root"
    return None


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.write_text(text)
    path.chmod(mode)


@contextlib.contextmanager
def postfix_with_dovecot(folder: Path):  # type: ignore[no-untyped-def]
    reason = why_unavailable()
    if reason:
        raise Unavailable(reason)
    folder.chmod(0o755)
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost", "mail.courier.test")
    cafile, certfile, keyfile = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    ca.cert_pem.write_to_path(str(cafile))
    cert.cert_chain_pems[0].write_to_path(str(certfile))
    cert.private_key_pem.write_to_path(str(keyfile))
    keyfile.chmod(0o600)

    # Dovecot: only the authentication service, on a socket Postfix asks.
    dove = folder / "dovecot"
    (dove / "run").mkdir(parents=True)
    _write(dove / "users", f"{USER}:{{PLAIN}}{PASSWORD}\n")
    auth_socket = dove / "run" / "auth-postfix"
    _write(
        dove / "dovecot.conf",
        f"""
base_dir = {dove / "run"}
state_dir = {dove / "run"}
log_path = {dove / "dovecot.log"}
protocols = none
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {dove / "users"}
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home=/nonexistent
}}
service auth {{
  unix_listener auth-postfix {{
    mode = 0666
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
""",
    )
    dovecot = subprocess.Popen(
        [program("dovecot") or "dovecot", "-F", "-c", str(dove / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )

    # Postfix: its own configuration directory, queue and log.
    conf = folder / "postfix"
    conf.mkdir()
    queue, data = folder / "queue", folder / "data"
    queue.mkdir()
    data.mkdir()
    shutil.chown(data, "postfix")  # master's lock file lives here
    submission, smtps, relay = _free_port(), _free_port(), _free_port()
    _write(
        conf / "main.cf",
        f"""
compatibility_level = 3.6
queue_directory = {queue}
data_directory = {data}
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.courier.test
mydomain = courier.test
myorigin = courier.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 192.0.2.0/24
relay_domains =
maillog_file = {folder / "postfix.log"}
maillog_file_prefixes = {folder}
default_transport = discard:
relay_transport = discard:
local_transport = discard:
smtputf8_enable = no
smtpd_banner = $myhostname ESMTP test submission service
smtpd_tls_cert_file = {certfile}
smtpd_tls_key_file = {keyfile}
smtpd_tls_security_level = may
smtpd_sasl_type = dovecot
smtpd_sasl_path = {auth_socket}
smtpd_sasl_auth_enable = no
smtpd_sender_login_maps = inline:{{ {USER}={USER} }}
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
""",
    )
    provider_rules = (
        " -o smtpd_sasl_auth_enable=yes"
        " -o smtpd_relay_restrictions=permit_sasl_authenticated,reject"
        " -o smtpd_sender_restrictions=reject_sender_login_mismatch"
    )
    _write(
        conf / "master.cf",
        f"""
127.0.0.1:{submission} inet n - n - - smtpd -o smtpd_tls_security_level=encrypt -o smtpd_tls_auth_only=yes{provider_rules}
127.0.0.1:{smtps} inet n - n - - smtpd -o smtpd_tls_wrappermode=yes{provider_rules}
127.0.0.1:{relay} inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
""",
    )
    env = {**os.environ, "MAIL_CONFIG": str(conf)}
    started = subprocess.run(
        [program("postfix") or "postfix", "-c", str(conf), "start"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    try:
        if started.returncode != 0:
            log_path = folder / "postfix.log"
            log = log_path.read_text() if log_path.exists() else started.stderr
            raise Unavailable(f"postfix did not start: {log.strip()[-400:]}")
        for port in (submission, smtps, relay):
            if not _wait_for_port(port, 15):
                log = (
                    (folder / "postfix.log").read_text()
                    if (folder / "postfix.log").exists()
                    else ""
                )
                raise Unavailable(f"postfix is not listening on {port}: {log[-400:]}")
        deadline = time.monotonic() + 10
        while not auth_socket.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        if not auth_socket.exists():
            raise Unavailable("dovecot's auth socket did not appear")
        yield MailServer(submission, smtps, relay, str(cafile), folder)
    finally:
        subprocess.run(
            [program("postfix") or "postfix", "-c", str(conf), "stop"],
            env=env,
            capture_output=True,
            timeout=60,
        )
        dovecot.terminate()
        try:
            dovecot.wait(10)
        except subprocess.TimeoutExpired:
            dovecot.kill()
            dovecot.wait(5)
        if dovecot.stderr is not None:
            dovecot.stderr.close()


# --- IMAP: Dovecot with a mailbox, for looking for the test message ---------------------------


@dataclass
class ImapServer:
    imaps: int  # TLS from the first byte
    imap: int  # STARTTLS
    cafile: str
    maildir: Path
    user: str
    password: str

    def deliver(self, message: bytes, folder: str = "") -> None:
        """Put a message into INBOX ("") or another folder ("Junk"), as local delivery would."""
        target = self.maildir / (f".{folder}" if folder else "") / "new"
        target.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns()}.{os.getpid()}.test"
        path = target / name
        path.write_bytes(message)
        for part in (target.parent, target, path):
            shutil.chown(part, "nobody", "nogroup")


def why_no_imap() -> str | None:
    if program("dovecot") is None:
        return "dovecot is not installed (Debian packages: dovecot-core dovecot-imapd)"
    if not Path("/usr/lib/dovecot/imap").exists():
        return "Dovecot's IMAP server is not installed (Debian package: dovecot-imapd)"
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        return "Dovecot must start as root (it switches to the mailbox user): run as root"
    return None


@contextlib.contextmanager
def dovecot_imap(junk: str = "Junk"):  # type: ignore[no-untyped-def]
    """Dovecot serving one mailbox (USER, PASSWORD) over IMAP on loopback: TLS on one port,
    STARTTLS required before LOGIN on another; INBOX and a junk folder named `junk`, marked
    \\Junk (RFC 6154)."""
    reason = why_no_imap()
    if reason:
        raise Unavailable(reason)
    # The mailbox user (nobody) must reach the Maildir: pytest's own folders are private to
    # root, so everything lives in a folder of its own, open to read, removed at the end.
    tmp = tempfile.mkdtemp(prefix="ontime-imap-")
    try:
        with _dovecot_imap(Path(tmp), junk) as server:
            yield server
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def _dovecot_imap(folder: Path, junk: str):  # type: ignore[no-untyped-def]
    folder.chmod(0o755)
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost", "imap.courier.test")
    cafile, certfile, keyfile = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    ca.cert_pem.write_to_path(str(cafile))
    cert.cert_chain_pems[0].write_to_path(str(certfile))
    cert.private_key_pem.write_to_path(str(keyfile))
    keyfile.chmod(0o600)
    dove = folder / "imap-dovecot"
    (dove / "run").mkdir(parents=True)
    maildir = folder / "Maildir"
    for part in (maildir, maildir / "new", maildir / "cur", maildir / "tmp"):
        part.mkdir(parents=True, exist_ok=True)
        shutil.chown(part, "nobody", "nogroup")
    _write(dove / "users", f"{USER}:{{PLAIN}}{PASSWORD}\n")
    imaps, imap = _free_port(), _free_port()
    _write(
        dove / "dovecot.conf",
        f"""
base_dir = {dove / "run"}
state_dir = {dove / "run"}
log_path = {dove / "dovecot.log"}
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{certfile}
ssl_key = <{keyfile}
disable_plaintext_auth = yes
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:{maildir}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {dove / "users"}
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={folder / "home"}
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox {junk} {{
    special_use = \\Junk
    auto = create
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
""",
    )
    dovecot = subprocess.Popen(
        [program("dovecot") or "dovecot", "-F", "-c", str(dove / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for port in (imaps, imap):
            if not _wait_for_port(port, 15):
                log = dove / "dovecot.log"
                said = log.read_text() if log.exists() else ""
                raise Unavailable(f"dovecot is not listening on {port}: {said[-400:]}")
        yield ImapServer(imaps, imap, str(cafile), maildir, USER, PASSWORD)
    finally:
        dovecot.terminate()
        try:
            dovecot.wait(10)
        except subprocess.TimeoutExpired:
            dovecot.kill()
            dovecot.wait(5)
        if dovecot.stderr is not None:
            dovecot.stderr.close()
