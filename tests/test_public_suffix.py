"""The organisational domain against the Public Suffix List's own test vectors (test_psl.txt,
shipped with the publicsuffixlist package) and against that package's matcher."""

from __future__ import annotations

import re
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from publicsuffixlist import PublicSuffixList

from ontime_assist.engine.idn import InvalidName, ascii_name
from ontime_assist.engine.sender.public_suffix import organisational_domain

_SPEC = find_spec("publicsuffixlist")
assert _SPEC is not None and _SPEC.origin is not None
VECTORS = Path(_SPEC.origin).with_name("test_psl.txt")
_CASE = re.compile(r"^checkPublicSuffix\((null|'[^']*'), (null|'[^']*')\);", re.MULTILINE)


def _vectors() -> list[tuple[str, str | None]]:
    cases = []
    for given_text, expected_text in _CASE.findall(VECTORS.read_text(encoding="utf-8")):
        if given_text == "null":
            continue
        name = given_text.strip("'")
        expected = None if expected_text == "null" else expected_text.strip("'")
        try:  # the vectors write some names in Unicode: the engine asks in A-labels
            name = ascii_name(name)
            expected = ascii_name(expected) if expected else None
        except InvalidName:
            continue
        cases.append((name, expected))
    return cases


@pytest.mark.parametrize(("name", "expected"), _vectors())
def test_the_lists_own_test_vectors(name: str, expected: str | None) -> None:
    assert organisational_domain(name) == (expected.lower() if expected else None)


_LABEL = st.sampled_from(
    ["com", "uk", "co", "example", "mail", "ck", "www", "kawasaki", "jp", "city", "github", "io",
     "xn--strae-oqa", "de", "blogspot", "appspot", "zz", "notify"]
)  # fmt: skip


@cache
def _their_list() -> PublicSuffixList:
    return PublicSuffixList()


@given(st.lists(_LABEL, min_size=1, max_size=5))
def test_the_same_answers_as_the_packages_own_matcher(labels: list[str]) -> None:
    name = ".".join(labels)
    assert organisational_domain(name) == _their_list().privatesuffix(name)
