"""A refused certificate is read by the app's own DER reader (engine/tls/cert_der.py): it must say
what `ssl` says of the same certificate when it verifies it, over a real TLS handshake."""

from __future__ import annotations

import datetime as dt
import ssl

import pytest
import trustme

from ontime_assist.engine.tls.cert_der import CertificateFormatError, decode_certificate
from ontime_assist.engine.tls.context import cert_facts_from_der

_USED = ("subject", "issuer", "notBefore", "notAfter")


def _handshake(
    ca: trustme.CA, leaf: trustme.LeafCert, host: str
) -> tuple[dict[str, object], bytes]:
    """getpeercert() and the DER bytes of `leaf`, as a verifying client receives them (the two
    ends of a real TLS handshake, joined by memory buffers rather than a socket)."""
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    leaf.configure_cert(server_context)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    pipes = [ssl.MemoryBIO() for _ in range(4)]
    client = client_context.wrap_bio(pipes[0], pipes[1], server_hostname=host)
    server = server_context.wrap_bio(pipes[2], pipes[3], server_side=True)
    done = {client: False, server: False}
    for _ in range(10):  # a handshake takes two or three rounds
        for end, outbox, peer_inbox in ((client, pipes[1], pipes[2]), (server, pipes[3], pipes[0])):
            try:
                end.do_handshake()
                done[end] = True
            except ssl.SSLWantReadError:
                done[end] = False
            peer_inbox.write(outbox.read())
        if all(done.values()):
            break
    decoded = client.getpeercert()
    der = client.getpeercert(binary_form=True)
    assert decoded and der
    return dict(decoded), der


def _as_used(decoded: dict[str, object]) -> dict[str, object]:
    used = {key: decoded[key] for key in _USED}
    sans = decoded.get("subjectAltName", ())
    assert isinstance(sans, tuple)
    used["subjectAltName"] = tuple(n for n in sans if n[0] in ("DNS", "IP Address"))
    return used


@pytest.mark.parametrize(
    ("identities", "options"),
    [
        (("mail.courier.test", "127.0.0.1"), {}),
        (("*.courier.test", "smtp.courier.test", "::1"), {"common_name": "smtp.courier.test"}),
        (("xn--bcher-kva.test",), {"organization_name": "Łódź Poczta — 日本", "key_type": "rsa"}),
        (
            ("old.courier.test",),
            {
                "not_before": dt.datetime(1999, 1, 5, 9, 34, 43, tzinfo=dt.UTC),
                "not_after": dt.datetime(2051, 3, 1, tzinfo=dt.UTC),  # a GeneralizedTime
            },
        ),
    ],
)
def test_the_reader_says_what_ssl_says_of_a_verified_certificate(
    identities: tuple[str, ...], options: dict[str, object]
) -> None:
    ca = trustme.CA(organization_name="Courier Test Authority")
    if options.get("key_type") == "rsa":
        options = {**options, "key_type": trustme.KeyType.RSA}
    leaf = ca.issue_cert(*identities, **options)  # type: ignore[arg-type]
    host = next(name for name in identities if not name.startswith("*"))
    if host == "::1":
        host = "smtp.courier.test"
    decoded, der = _handshake(ca, leaf, host)
    assert _as_used(decode_certificate(der)) == _as_used(decoded)


def test_a_refused_certificate_is_read_without_private_ssl_functions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No `ssl._ssl._test_decode_cert` (it is private: a Python may drop it): the refused
    certificate still gives its names, issuer and dates."""
    monkeypatch.delattr(ssl._ssl, "_test_decode_cert", raising=False)  # type: ignore[attr-defined]
    stranger = trustme.CA(organization_name="Stranger Authority")
    leaf = stranger.issue_cert("mail.other.test", "127.0.0.1")
    facts = cert_facts_from_der(ssl.PEM_cert_to_DER_cert(leaf.cert_chain_pems[0].bytes().decode()))
    assert facts.names == ("mail.other.test", "127.0.0.1")
    assert facts.issuer_organization == "Stranger Authority"
    assert facts.not_before < dt.datetime.now(dt.UTC) < facts.not_after


@pytest.mark.parametrize("damage", [lambda d: d[:40], lambda d: b"\x30\x85" + d[2:], lambda d: b""])
def test_bytes_that_are_no_certificate_say_so(damage: object) -> None:
    leaf = trustme.CA().issue_cert("mail.courier.test")
    der = ssl.PEM_cert_to_DER_cert(leaf.cert_chain_pems[0].bytes().decode())
    with pytest.raises(CertificateFormatError):
        decode_certificate(damage(der))  # type: ignore[operator]
    facts = cert_facts_from_der(damage(der))  # type: ignore[operator]
    assert facts.names == () and facts.sha256
