"""A certificate authority the user chose to trust for one server (an office Exchange, a
hosting company's own authority). It is added to the trusted ones for that server's tests;
certificate checks are never turned off, and the summary says what was trusted."""

from __future__ import annotations

import re
import ssl
from pathlib import Path

from ontime_assist.case import TrustedAuthority

MAX_FILE_BYTES = 1024 * 1024  # a bundle of certificates, not a disk image
_PEM = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)


class TrustProblem(ValueError):
    """The file cannot be trusted as it is; the message says why, for the user."""


def load_authority(path: str, host: str) -> TrustedAuthority:
    file = Path(path)
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise TrustProblem(f"“{file.name}” is too large to be a certificate file.")
        text = file.read_text("ascii", errors="replace")
    except OSError as exc:
        raise TrustProblem(f"“{file.name}” could not be read ({exc.strerror}).") from None
    blocks = _PEM.findall(text)
    if not blocks:
        raise TrustProblem(
            f"“{file.name}” holds no certificate in PEM form (text starting with “-----BEGIN "
            "CERTIFICATE-----”). Ask for the authority's certificate as a .pem or .crt file."
        )
    context = ssl.create_default_context()
    try:
        context.load_verify_locations(cafile=str(file))
    except (ssl.SSLError, OSError):
        raise TrustProblem(f"“{file.name}” is not a certificate this computer can use.") from None
    # only for a file the user chose: the verifying context, not at start-up
    from ontime_assist.engine.tls.context import cert_facts_from_der

    facts = cert_facts_from_der(ssl.PEM_cert_to_DER_cert(blocks[0]))
    return TrustedAuthority(
        host=host.lower(),
        path=str(file.resolve()),
        subject=facts.subject,
        fingerprint=facts.sha256,
    )
