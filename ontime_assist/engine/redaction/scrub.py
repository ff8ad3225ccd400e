"""Removing credentials from text someone pasted (a log, an error dialog, a config excerpt)
before it is shown, stored or reported. We never know the password here, so this works by
shape: what follows AUTH, the answers to a server's "334" prompts, `password=…`, URLs with a
password, bearer tokens."""

from __future__ import annotations

import re

from ontime_assist.engine.redaction.redact import REDACTED

_B64 = r"[A-Za-z0-9+/]{4,}={0,2}"
_AUTH_INITIAL = re.compile(
    rf"(?i)\b(AUTH\s+(?:PLAIN|LOGIN|XOAUTH2|OAUTHBEARER|CRAM-MD5)\s+)({_B64})"
)
_KEY_VALUE = re.compile(
    r"(?i)\b((?:smtp[_-]?)?(?:password|passwd|pwd|pass|secret|app[_ -]?password|api[_-]?key)"
    r"\s*[=:]\s*)(\"[^\"]*\"|'[^']*'|[^\s;,&]+)"
)
_URL_PASSWORD = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]+:)([^@\s/]+)(@)")
_BEARER = re.compile(r"(?i)\b(bearer\s+)([A-Za-z0-9._~+/-]{8,}=*)")
# A server's "334" prompt: the client's next line is a credential (user, password, response).
_PROMPT = re.compile(r"\b334\b")
_LINE_PREFIX = re.compile(r"^(\s*(?:[CS]:|->|<-|~>|<~|>+|<+|\d[\d:.,\- ]*)?\s*)")
_ONLY_B64 = re.compile(rf"^{_B64}$")


def scrub_credentials(text: str) -> str:
    text = _AUTH_INITIAL.sub(lambda m: m.group(1) + REDACTED, text)
    text = _KEY_VALUE.sub(lambda m: m.group(1) + REDACTED, text)
    text = _URL_PASSWORD.sub(lambda m: m.group(1) + REDACTED + m.group(3), text)
    text = _BEARER.sub(lambda m: m.group(1) + REDACTED, text)
    return _after_prompts(text)


def _after_prompts(text: str) -> str:
    lines = text.split("\n")
    prompted = False
    for index, line in enumerate(lines):
        prefix = _LINE_PREFIX.match(line)
        head = prefix.group(1) if prefix else ""
        body = line[len(head) :].strip()
        if prompted and _ONLY_B64.match(body):
            lines[index] = head + REDACTED
        prompted = bool(_PROMPT.search(line)) and not line.lstrip().startswith(("C:", "->", "~>"))
    return "\n".join(lines)
