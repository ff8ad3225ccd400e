"""The organisational domain (RFC 7489 §3.2): one label more than the domain's public suffix,
by the Public Suffix List's algorithm (https://publicsuffix.org/list/).

The list is the copy the `publicsuffixlist` package bundles (maintained: a release follows each
change of the list; read offline, never updated from the network). Its own matcher is not
used: it converts all of the list's ~10,000 rules to ASCII when it loads (about 30 ms measured
here, for a check that takes about 50 ms in all). Here the file is read once as text, and each
question looks up only the few rules that could match it (one rule a line, as the list is
written), with the question's labels in Unicode as the list writes its rules.
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path


@cache
def _list_text() -> str:
    """The list, one rule a line, with a line break before the first and after the last."""
    # Only the file the package ships: found without running the package's own code.
    spec = find_spec("publicsuffixlist")
    if spec is None or spec.origin is None:
        return "\n"  # no list: every name falls back to the "*" rule (one label)
    path = Path(spec.origin).with_name("public_suffix_list.dat")
    # The list's rules are in lower case already (only its comments are not).
    return "\n" + path.read_text(encoding="utf-8").replace("\r", "") + "\n"


def _listed(rule: str) -> bool:
    return f"\n{rule}\n" in _list_text()


def _unicode_label(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    try:
        return label.encode("ascii").decode("idna")  # one label: IDNA 2003 and 2008 agree here
    except UnicodeError:
        return label


def suffix_length(labels: list[str]) -> int:
    """How many of `labels` (lower case, Unicode) form the public suffix: the longest matching
    rule, an exception rule ("!www.ck") winning, "*" (one label) when none matches."""
    for start in range(len(labels)):
        candidate = ".".join(labels[start:])
        if _listed("!" + candidate):
            return len(labels) - start - 1
        parent = ".".join(labels[start + 1 :])
        if _listed(candidate) or (start + 1 < len(labels) and _listed("*." + parent)):
            return len(labels) - start
    return 1


def organisational_domain(domain: str) -> str | None:
    """`domain`'s registered domain (mail.example.co.uk → example.co.uk), in the form it was
    given; None when the domain is itself a public suffix (or not a name)."""
    domain = domain.lower().rstrip(".")
    labels = domain.split(".")
    if not domain or "" in labels:
        return None
    length = suffix_length([_unicode_label(label) for label in labels])
    if len(labels) <= length:
        return None
    return ".".join(labels[-(length + 1) :])
