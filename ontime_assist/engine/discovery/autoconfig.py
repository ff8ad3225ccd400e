"""The domain's own settings document, as Thunderbird reads it: `clientConfig` version 1.1 at
https://autoconfig.DOMAIN/mail/config-v1.1.xml or https://DOMAIN/.well-known/autoconfig/….

Only its outgoing servers are used, and only as candidates: every one is then probed like any
guess, with the certificate verified, so a wrong or hostile document can at worst add a host to
try. A document fetched over plain HTTP is believed only for hosts inside the domain itself.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import urllib.parse
from dataclasses import dataclass
from xml.etree import ElementTree

from ontime_assist.engine.cancel import CancelToken, Deadline, watchdog
from ontime_assist.engine.check.settings import Security, is_host_name
from ontime_assist.engine.connection import connect
from ontime_assist.engine.discovery.dns_lookup import Dns, printable_name
from ontime_assist.engine.providers.recognise import suffix_match

MAX_DOCUMENT_BYTES = 64 * 1024  # real documents are a few kilobytes
MAX_PORT = 65535
_SOCKET_TYPES = {"STARTTLS": Security.STARTTLS, "SSL": Security.SSL, "PLAIN": Security.NONE}


@dataclass(frozen=True)
class AutoconfigServer:
    host: str
    port: int
    security: Security


@dataclass(frozen=True)
class Autoconfig:
    provider_id: str
    name: str
    servers: tuple[AutoconfigServer, ...]
    url: str
    # Outgoing servers the document names that cannot be tried (not a server name, or no
    # such port), as "host port" quoted for people.
    rejected: tuple[str, ...] = ()


def document_urls(domain: str, address: str) -> list[str]:
    query = urllib.parse.urlencode({"emailaddress": address})
    return [
        f"https://autoconfig.{domain}/mail/config-v1.1.xml?{query}",
        f"https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml",
        f"http://autoconfig.{domain}/mail/config-v1.1.xml?{query}",
    ]


def find_autoconfig(
    domain: str,
    address: str,
    dns: Dns,
    context: ssl.SSLContext,
    deadline: Deadline,
    cancel: CancelToken,
) -> Autoconfig | None:
    """The first usable document, in Thunderbird's order; all addresses are asked at once."""
    urls = document_urls(domain, address)
    found: dict[str, Autoconfig | None] = {}
    threads = []
    for url in urls:

        def fetch_one(url: str = url) -> None:
            found[url] = _fetch(url, domain, address, dns, context, deadline, cancel)

        thread = threading.Thread(target=fetch_one, name="autoconfig", daemon=True)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(max(deadline.remaining(), 0))
    return next((found[url] for url in urls if found.get(url) is not None), None)


def _fetch(
    url: str,
    domain: str,
    address: str,
    dns: Dns,
    context: ssl.SSLContext,
    deadline: Deadline,
    cancel: CancelToken,
) -> Autoconfig | None:
    try:
        body = _get(url, dns, context, deadline, cancel)
        parsed = parse_document(body, domain, address) if body is not None else None
    except (OSError, ssl.SSLError, http.client.HTTPException, connect.NetworkError):
        return None
    except Exception:  # a broken document is a document we do not use
        return None
    if parsed is None:
        return None
    servers, rejected = parsed.servers, parsed.rejected
    if url.startswith("http:"):
        servers = tuple(s for s in servers if suffix_match(s.host, (domain,)))
        rejected = ()  # an unprotected document is believed only for good hosts in the domain
        if not servers:
            return None
    return Autoconfig(parsed.provider_id, parsed.name, servers, url, rejected)


def _get(
    url: str, dns: Dns, context: ssl.SSLContext, deadline: Deadline, cancel: CancelToken
) -> bytes | None:
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    addresses = dns.addresses(host, port, max(deadline.remaining(), 0.05), cancel)
    sock, _ = connect.connect(addresses, port, max(deadline.remaining(), 0.05), cancel)
    # A duplicate of the descriptor stays registered for cancel and the watchdog: the TLS wrap
    # detaches the original socket object.
    kill_switch = sock.dup()
    cancel.unregister(sock)
    stream: socket.socket = sock
    try:
        cancel.register(kill_switch)
        with watchdog(kill_switch, max(deadline.remaining(), 0.05)):
            sock.settimeout(max(deadline.remaining(), 0.05))
            if secure:
                stream = context.wrap_socket(sock, server_hostname=host)
            connection = http.client.HTTPConnection(host, port)
            connection.sock = stream
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            connection.request("GET", path, headers={"Accept": "application/xml, text/xml"})
            response = connection.getresponse()
            if response.status != 200:
                return None
            body = response.read(MAX_DOCUMENT_BYTES + 1)
            return body if len(body) <= MAX_DOCUMENT_BYTES else None
    finally:
        cancel.unregister(kill_switch)
        kill_switch.close()
        for open_socket in (stream, sock):  # the TLS wrap owns the descriptor once made
            with contextlib.suppress(OSError):
                open_socket.close()


def parse_document(body: bytes, domain: str, address: str) -> Autoconfig | None:
    """The outgoing servers of a clientConfig document; None when it is not one."""
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        return None  # no entity tricks: a real document never needs them
    try:
        # Safe here: no DTD or entity can reach the parser (refused above), the size is
        # bounded, and ElementTree never fetches anything external.
        root = ElementTree.fromstring(body)  # noqa: S314
    except ElementTree.ParseError:
        return None
    provider = root.find("emailProvider")
    if root.tag != "clientConfig" or provider is None:
        return None
    local = address.partition("@")[0]
    servers, rejected = [], []
    for server in provider.findall("outgoingServer"):
        if server.get("type", "smtp") != "smtp":
            continue
        host = (server.findtext("hostname") or "").strip()
        host = host.replace("%EMAILDOMAIN%", domain).replace("%EMAILLOCALPART%", local)
        port_text = (server.findtext("port") or "").strip()
        security = _SOCKET_TYPES.get((server.findtext("socketType") or "").strip().upper())
        if not host or "%" in host or security is None:
            continue  # not meant for us (an unknown placeholder, a socket type we do not know)
        # Checked here, where it is read: a bad entry is said, never handed to a probe.
        digits = port_text.isascii() and port_text.isdigit() and len(port_text) <= len("65535")
        port = int(port_text) if digits else 0
        if not is_host_name(host) or not 1 <= port <= MAX_PORT:
            rejected.append(f"{printable_name(host)} port {printable_name(port_text)}")
            continue
        servers.append(AutoconfigServer(host.lower().rstrip("."), port, security))
    if not servers and not rejected:
        return None
    name = (provider.findtext("displayName") or provider.get("id") or domain).strip()
    return Autoconfig(provider.get("id", domain), name, tuple(servers), "", tuple(rejected))
