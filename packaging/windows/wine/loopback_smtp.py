"""Loopback SMTP servers for the Windows app under Wine, run by the Linux side of
build_and_test_under_wine.sh: STARTTLS with a test authority's certificate for "localhost"
(Wine's TLS cannot verify IP-address hosts), a login that succeeds only with the given
password, and a second server whose certificate is for another name.

    python loopback_smtp.py FOLDER PASSWORD_FILE SECONDS

Writes FOLDER/ca.pem and then FOLDER/servers.json ({"good": port, "wrong_name": port}); serves
until FOLDER/stop exists or SECONDS have passed. Nothing here leaves 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import ssl
import sys
import time
from pathlib import Path

import trustme

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from tests.servers import Script, scripted_smtp


def server_context(leaf: trustme.LeafCert) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    leaf.configure_cert(context)
    return context


def main() -> int:
    folder, password_file, seconds = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
    password = password_file.read_text(encoding="utf-8").strip()
    authority = trustme.CA()
    authority.cert_pem.write_to_path(str(folder / "ca.pem"))
    good = Script(
        tls_context=server_context(authority.issue_cert("localhost")),
        expected_password=password,
    )
    wrong_name = Script(tls_context=server_context(authority.issue_cert("mail.other.test")))
    with contextlib.ExitStack() as stack:
        good_server, _ = stack.enter_context(scripted_smtp(good))
        other_server, _ = stack.enter_context(scripted_smtp(wrong_name))
        ports = {"good": good_server.port, "wrong_name": other_server.port}
        (folder / "servers.json").write_text(json.dumps(ports), encoding="utf-8")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not (folder / "stop").exists():
            time.sleep(0.2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
