"""A file chosen as "the certificate authority to trust" that is the server's own certificate
instead: trusting it cannot work (a server certificate is checked against the authority that
issued it, and the test and OnTime both check that), so the page says what was chosen and what
to ask for, rather than accepting it and failing again on the next test."""

from __future__ import annotations

import re
import ssl
from pathlib import Path

from ontime_assist.engine.tls.context import CertFacts, cert_facts_from_der

_PEM = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)


def chosen_certificate(path: str) -> CertFacts | None:
    """The first certificate in the file, or None when it cannot be read (the authority
    loader says why)."""
    try:
        text = Path(path).read_text("ascii", errors="replace")
    except OSError:
        return None
    block = _PEM.search(text)
    if block is None:
        return None
    try:
        return cert_facts_from_der(ssl.PEM_cert_to_DER_cert(block.group(0)))
    except ValueError:
        return None


def server_certificate_chosen(path: str, host: str, server_cert: CertFacts | None) -> str | None:
    """Why the chosen file cannot work as the authority, or None when it may."""
    chosen = chosen_certificate(path)
    if chosen is None:
        return None
    name = Path(path).name
    ask_for = (
        f"Ask for the certificate of the authority that issued it ({chosen.issuer}), as a "
        ".pem or .crt file, and choose that one."
    )
    if server_cert is not None and chosen.sha256 == server_cert.sha256:
        return (
            f"“{name}” is the certificate of the server itself ({_names(chosen)}), the one the "
            "last test was shown, not the certificate of an authority. Trusting it cannot "
            "work: the server's certificate is checked against the authority that issued it. "
            + ask_for
        )
    own_name = host.lower() in (n.lower() for n in chosen.names)
    if own_name and chosen.subject != chosen.issuer:
        return (
            f"“{name}” looks like a server's own certificate ({_names(chosen)}, issued by "
            "another authority), not the certificate of an authority: it names the server, "
            "and authorities do not. Trusting it cannot work. " + ask_for
        )
    return None


def _names(facts: CertFacts) -> str:
    return "for " + ", ".join(facts.names) if facts.names else facts.subject
