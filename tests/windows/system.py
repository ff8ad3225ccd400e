"""Which Windows the Windows-path tests are on: real Windows, Wine (CI runs this folder under
Windows Python in Wine: packaging/windows/build_and_test_under_wine.sh), or none."""

from __future__ import annotations

import sys

import pytest

ON_WINDOWS = sys.platform == "win32"


def _under_wine() -> bool:
    if not ON_WINDOWS:
        return False
    import ctypes

    # Wine's ntdll exports wine_get_version; Windows' does not.
    return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")  # type: ignore[attr-defined,unused-ignore]


UNDER_WINE = _under_wine()

windows_only = pytest.mark.skipif(
    not ON_WINDOWS, reason="a Windows code path: runs under Windows Python (CI: in Wine)"
)


def not_under_wine(reason: str) -> pytest.MarkDecorator:
    """What Wine does otherwise than Windows: such a test runs on real Windows and Linux only."""
    return pytest.mark.skipif(UNDER_WINE, reason=f"Wine cannot stand in for Windows: {reason}")
